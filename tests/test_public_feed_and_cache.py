"""The JSON feed for the government website, and the page cache / HTTP revalidation."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tasks.models import Document, ProgressReport
from tasks.views import public as public_views
from tests import factories
from tests.factories_public import accepted_report, document_with_tasks

# Every key the JSON may hold; a new key must be added here on purpose (and must be public).
DOCUMENT_KEYS = {"id", "title", "doc_number", "issuer", "issued_on", "year", "jurisdiction", "published_at",
                 "last_updated", "url", "data_url"}
TASK_KEYS = {"id", "number", "heading", "text", "deadline", "due_on", "due_provisional", "status", "units",
             "evidence", "attachments"}
UNIT_KEYS = {"name", "role", "status", "due_on", "completed_on"}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def doc(world):
    document, _sections, tasks = document_with_tasks(jurisdiction=world.j, units=[world.unit, world.other_unit],
                                                     n_tasks=4)
    accepted_report(assignment=tasks[0].assignments.first(), author=world.liaison, reviewer=world.office,
                    evidence_urls=["https://www.xuecheng.gov.cn/a.html"])
    return document


def test_document_json_has_cors_and_only_public_keys(client, doc):
    response = client.get(reverse("public:document_data", args=[doc.pk]))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert set(data) == {"document", "summary", "completion_by_section", "sections", "status_labels"}
    assert set(data["document"]) == DOCUMENT_KEYS
    assert data["document"]["url"].startswith("http://testserver/public/")
    tasks = [task for section in data["sections"] for task in section["tasks"]]
    assert len(tasks) == 4
    for task in tasks:
        assert set(task) == TASK_KEYS
        for unit in task["units"]:
            assert set(unit) == UNIT_KEYS
    assert tasks[0]["evidence"] == [{"url": "https://www.xuecheng.gov.cn/a.html", "title": "", "unit": "区财政局"}]
    assert set(data["status_labels"]) == {"done", "in_progress", "overdue"}


def test_feed_lists_published_documents_with_links(client, world, doc):
    response = client.get(reverse("public:feed"))
    assert response["Access-Control-Allow-Origin"] == "*"
    documents = response.json()["documents"]
    assert [item["id"] for item in documents] == [doc.pk]
    assert documents[0]["data_url"] == f"http://testserver/public/{doc.pk}/data.json"
    assert documents[0]["summary"]["tasks"] == 4
    assert set(documents[0]) == DOCUMENT_KEYS | {"summary"}


def test_html_pages_have_no_cors_header(client, doc):
    for url in (reverse("public:index"), reverse("public:document", args=[doc.pk])):
        assert "Access-Control-Allow-Origin" not in client.get(url)


def test_page_body_is_cached_until_an_accepted_report_changes_it(client, world, doc, django_assert_num_queries):
    url = reverse("public:document", args=[doc.pk])
    client.get(url)
    task = doc.tasks.order_by("order")[1]
    # A change that bypasses every service is not seen: the cached body is served.
    task.__class__.objects.filter(pk=task.pk).update(text="偷偷改过的任务文本")
    assert "偷偷改过的任务文本" not in client.get(url).content.decode()
    # Accepting a report changes the version (reviewed_at and count), so the page is rendered again.
    accepted_report(assignment=task.assignments.first(), author=world.liaison)
    assert "偷偷改过的任务文本" in client.get(url).content.decode()


def test_body_is_rendered_once_per_language(client, doc):
    url = reverse("public:document", args=[doc.pk])
    with mock.patch("tasks.views.public.render_to_string", wraps=public_views.render_to_string) as render:
        for language in ("zh-hans", "en", "zh-hans", "en"):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the language switch's cookie
            page = client.get(url).content.decode()
            assert f'<html lang="{language}">' in page
    assert render.call_count == 2


def test_etag_answers_304_until_the_version_changes(client, world, doc):
    url = reverse("public:document", args=[doc.pk])
    first = client.get(url)
    etag = first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    Document.objects.filter(pk=doc.pk).update(content_changed_at=timezone.now() + timedelta(seconds=2))
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    data_url = reverse("public:document_data", args=[doc.pk])
    data_etag = client.get(data_url)["ETag"]
    assert client.get(data_url, HTTP_IF_NONE_MATCH=data_etag).status_code == 304


def test_etag_differs_per_viewer(client, world, doc):
    url = reverse("public:document", args=[doc.pk])
    anonymous = client.get(url)["ETag"]
    client.force_login(world.office)
    assert client.get(url, HTTP_IF_NONE_MATCH=anonymous).status_code == 200


def test_version_changes_when_an_accepted_report_is_removed(client, world, doc):
    url = reverse("public:document_data", args=[doc.pk])
    etag = client.get(url)["ETag"]
    ProgressReport.objects.filter(state=ProgressReport.State.ACCEPTED).update(state=ProgressReport.State.RETURNED)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_unpublished_json_is_404(client, world):
    document = factories.document(jurisdiction=world.j, is_published=False)
    assert client.get(reverse("public:document_data", args=[document.pk])).status_code == 404
    assert client.get(reverse("public:feed")).json()["documents"] == []
