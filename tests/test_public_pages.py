"""Public progress pages: what the public sees, what it never sees, and 404 for the unpublished."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tasks.models import Assignment, Document, ProgressReport, Status
from tasks.selectors.public import DONE, IN_PROGRESS, NOT_STARTED, OVERDUE, safe_evidence_url, task_status
from tests import factories
from tests.factories_public import (
    accepted_report,
    attachment,
    days,
    document_with_tasks,
    plant_published,
    private_strings,
)
from tests.html import find, find_all


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(world):
    return plant_published(world)


@pytest.mark.parametrize(
    "units,done,overdue,started,expected",
    [(2, 2, 0, 0, DONE), (2, 1, 1, 0, OVERDUE), (2, 1, 0, 0, IN_PROGRESS), (2, 0, 0, 1, IN_PROGRESS),
     (2, 0, 0, 0, NOT_STARTED), (0, 0, 0, 0, NOT_STARTED), (3, 0, 3, 0, OVERDUE)],
)
def test_task_status_rule(units, done, overdue, started, expected):
    assert task_status(units=units, done=done, overdue=overdue, started=started) == expected


@pytest.mark.parametrize(
    "item,url",
    [
        ("https://www.gov.cn/a", "https://www.gov.cn/a"),
        ({"url": "http://x.gov.cn/b", "title": "公开"}, "http://x.gov.cn/b"),
        ("javascript:alert(1)", None),
        ("data:text/html,hi", None),
        ("//evil.example/x", None),
        (42, None),
    ],
)
def test_only_http_evidence_links_are_public(item, url):
    link = safe_evidence_url(item)
    assert (link["url"] if link else None) == url


def test_anonymous_index_lists_published_documents_only(client, published):
    response = client.get(reverse("public:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert published.document.title in html
    assert reverse("public:document", args=[published.document.pk]) in html
    assert published.foreign_document.title not in html  # never published


def test_document_page_shows_sections_tasks_units_status_and_evidence(client, published):
    response = client.get(reverse("public:document", args=[published.document.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "推进决策公开" in html and "做好决策预公开" in html
    assert '<h2 class="h4 mt-4 wrap-anywhere">一、 推进决策公开</h2>' in html
    assert '<h3 class="h5 mt-3 wrap-anywhere">（一） 做好决策预公开</h3>' in html
    assert "完成的任务。" in html and "逾期的任务。" in html and "于7月15日前" in html
    assert "区财政局" in html and "区市场监管局" in html
    for status in ("done", "overdue", "in_progress"):
        assert f'class="status status-{status}"' in html
    assert 'scope="col"' in html and 'scope="row"' in html
    assert "http://www.xuecheng.gov.cn/zwgk/2021/1.html" in html
    assert reverse("public:attachment", args=[published.public_file.pk]) in html
    assert "公开的证明.pdf" in html


def test_nothing_private_appears_on_any_public_page_or_json(client, published):
    urls = [
        reverse("public:index"),
        reverse("public:feed"),
        reverse("public:document", args=[published.document.pk]),
        reverse("public:document_data", args=[published.document.pk]),
    ]
    for url in urls:
        body = client.get(url).content.decode()
        for secret in private_strings(published):
            assert secret not in body, (url, secret)


def test_unpublished_document_is_404_everywhere_for_the_public(client, published):
    Document.objects.filter(pk=published.document.pk).update(is_published=False)
    for name in ("public:document", "public:document_data"):
        assert client.get(reverse(name, args=[published.document.pk])).status_code == 404
    assert client.get(reverse("public:attachment", args=[published.public_file.pk])).status_code == 404
    assert published.document.title not in client.get(reverse("public:index")).content.decode()
    assert client.get(reverse("public:document", args=[999999])).status_code == 404


def test_public_attachment_download_checks_public_accepted_and_published(client, published):
    ok = client.get(reverse("public:attachment", args=[published.public_file.pk]))
    assert ok.status_code == 200
    assert b"".join(ok.streaming_content) == b"%PDF-1.4 test file"
    assert "attachment" in ok["Content-Disposition"]
    for item in (published.private_file, published.returned_public_file):
        assert client.get(reverse("public:attachment", args=[item.pk])).status_code == 404


def test_staff_may_preview_an_unpublished_document_others_get_404(client, published):
    Document.objects.filter(pk=published.document.pk).update(is_published=False)
    url = reverse("public:document", args=[published.document.pk])
    client.force_login(published.supervisor)
    response = client.get(url)
    assert response.status_code == 200 and "Preview" in response.content.decode()
    for outsider in (published.liaison, published.other_office):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(published.office)
    assert client.get(reverse("public:document_data", args=[published.document.pk])).status_code == 404


def test_completion_by_section_and_overall(client, published):
    data = client.get(reverse("public:document_data", args=[published.document.pk])).json()
    assert data["summary"] == {"tasks": 3, "done": 1, "in_progress": 1, "not_started": 0, "overdue": 1, "percent": 33}
    rows = {row["title"]: row for row in data["completion_by_section"]}
    # Both the section's own tasks and its sub-section's count towards the top-level section.
    assert rows["推进决策公开"]["tasks"] == 3 and rows["推进决策公开"]["done"] == 1
    assert "做好决策预公开" not in rows


def test_last_updated_is_latest_of_content_change_and_accepted_review(client, published):
    later = timezone.now() + timedelta(hours=5)
    ProgressReport.objects.filter(state=ProgressReport.State.ACCEPTED).update(reviewed_at=later)
    data = client.get(reverse("public:document_data", args=[published.document.pk])).json()
    assert data["document"]["last_updated"].startswith(later.isoformat()[:19])
    ProgressReport.objects.filter(state=ProgressReport.State.ACCEPTED).delete()
    published.document.refresh_from_db()
    data = client.get(reverse("public:document_data", args=[published.document.pk])).json()
    assert data["document"]["last_updated"].startswith(published.document.content_changed_at.isoformat()[:19])


@pytest.mark.parametrize("n_tasks", [3, 24])
def test_document_page_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, n_tasks):
    document, _sections, tasks = document_with_tasks(
        jurisdiction=world.j, units=[world.unit, world.other_unit], n_tasks=n_tasks
    )
    for task in tasks:
        report = accepted_report(assignment=task.assignments.first(), author=world.liaison,
                                 evidence_urls=[f"http://gov.cn/{task.pk}"])
        attachment(report=report, is_public=True)
    with django_assert_num_queries(6):  # header + sections, tasks, assignments, reports, attachments
        response = client.get(reverse("public:document", args=[document.pk]))
    assert response.content.decode().count('class="public-task"') == n_tasks
    with django_assert_num_queries(1):  # cached body: only the version query
        client.get(reverse("public:document", args=[document.pk]))


@pytest.mark.parametrize("n_tasks", [2, 20])
def test_index_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, n_tasks):
    document_with_tasks(jurisdiction=world.j, units=[world.unit], n_tasks=n_tasks)
    document_with_tasks(jurisdiction=world.other_j, units=[world.foreign_unit], n_tasks=n_tasks)
    with django_assert_num_queries(2):
        assert client.get(reverse("public:index")).status_code == 200


def test_assignment_status_change_without_report_shows_after_content_change(client, published):
    """A service that changes the page bumps content_changed_at; the cached page follows it."""
    url = reverse("public:document", args=[published.document.pk])
    badge = 'class="status status-overdue"'
    assert badge in client.get(url).content.decode()
    Assignment.objects.filter(task=published.overdue_task).update(status=Status.COMPLETED, completed_on=days(0))
    Document.objects.filter(pk=published.document.pk).update(content_changed_at=timezone.now() + timedelta(seconds=1))
    assert badge not in client.get(url).content.decode()


def test_tasks_follow_document_order_and_annex_rows_group_by_section_path(client, world):
    document = factories.document(jurisdiction=world.j, is_published=True)
    one = factories.section(document=document, label="一", title="围绕政策落实扩大公开", order=1)
    one_one = factories.section(document=document, label="（一）", title="做好助推高质量发展信息公开", parent=one,
                                level=2, order=2)
    factories.section(document=document, label="二", title="没有任务的部分", order=3)
    factories.task(document=document, section=one_one, number="1", text="表内第一项。", order=1)
    factories.task(document=document, number="2", text="表内第二项。", order=2,
                   section_path=["深化重点领域信息公开", "推进行政执法信息公开"])
    factories.task(document=document, number="3", text="表内第三项。", order=3,
                   section_path=["深化重点领域信息公开", "推进国资国企信息公开"])
    factories.task(document=document, number="4", text="无处可归的任务。", order=4)
    # Tasks that jump back to earlier headings join them instead of repeating a heading.
    factories.task(document=document, section=one, number="5", text="部分直属任务。", order=5)
    factories.task(document=document, number="6", text="表内第六项。", order=6,
                   section_path=["深化重点领域信息公开", "推进行政执法信息公开"])
    data = client.get(reverse("public:document_data", args=[document.pk])).json()
    outline = [(group["depth"], group["title"], [task["number"] for task in group["tasks"]])
               for group in data["sections"]]
    assert outline == [
        (0, "围绕政策落实扩大公开", ["5"]),
        (1, "做好助推高质量发展信息公开", ["1"]),
        (0, "深化重点领域信息公开", []),
        (1, "推进行政执法信息公开", ["2", "6"]),
        (1, "推进国资国企信息公开", ["3"]),
        (0, "", ["4"]),
    ]
    assert [(row["title"], row["tasks"]) for row in data["completion_by_section"]] == [
        ("围绕政策落实扩大公开", 2), ("深化重点领域信息公开", 3), ("", 1),
    ]
    html = client.get(reverse("public:document", args=[document.pk])).content.decode()
    assert "没有任务的部分" not in html
    assert html.index("表内第一项") < html.index("表内第二项") < html.index("无处可归的任务")


def test_index_and_feed_summaries_agree_with_the_document_page(client, published):
    data = client.get(reverse("public:document_data", args=[published.document.pk])).json()
    [item] = client.get(reverse("public:feed")).json()["documents"]
    assert item["summary"] == data["summary"] == {"tasks": 3, "done": 1, "in_progress": 1, "not_started": 0,
                                                  "overdue": 1, "percent": 33}


def test_a_task_nobody_has_started_is_not_shown_as_in_progress(client, world):
    from tasks.models import Document

    Document.objects.filter(pk=world.document.pk).update(is_published=True)
    html = client.get(reverse("public:document", args=[world.document.pk])).content.decode()
    assert 'class="status status-not_started"' in html and "status-in_progress" not in html


def test_a_document_without_tasks_shows_no_progress_bar(client, world):
    from tasks.models import Document

    procedure = factories.document(jurisdiction=world.j, title="议题提报工作办法", doc_number="薛政办发〔2019〕19号")
    Document.objects.filter(pk=procedure.pk).update(is_published=True)
    html = client.get(reverse("public:index")).content.decode()
    block = find(html, '//li[contains(., "议题提报工作办法")][not(.//li)]')
    assert find_all(block, './/*[@data-testid="no-tasks"]') and not find_all(block, './/*[@role="progressbar"]')
