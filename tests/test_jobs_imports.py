"""Large imports parsed in the background on the configured task backend, by its real worker in
this process (tests/jobs_worker.py: ``db_worker`` on the test database by default; RQ's worker
against Redis in ``make test-rq``). The threshold is lowered here so the seeds go to the worker."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tasks.models import Document, ImportDraft
from tasks.parsing.limits import MESSAGES as LIMIT_MESSAGES
from tasks.services import import_drafts
from tasks.services.errors import DocumentImportError
from tests import factories
from tests.factories_importing import module_registry, seed_bytes, task_table_xlsx  # noqa: F401 (the fixture)
from tests.jobs_worker import clear_queue, run_worker
from tests.test_importing_columns import UNKNOWN_HEADER_TABLE
from units.models import Jurisdiction

pytestmark = pytest.mark.django_db

UPLOAD = reverse("importing:upload")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.OPENSCHED_BACKGROUND_IMPORT_BYTES = 100  # every file below goes to the worker
    clear_queue()
    with translation.override("en"):
        yield


@pytest.fixture
def office(module_registry):  # noqa: F811
    return factories.office(jurisdiction=Jurisdiction.objects.get(name="薛城区"), username="office")


@pytest.fixture
def client(office):
    client = Client()
    client.force_login(office)
    return client


def upload(client, name: str, data: bytes, language: str = ""):
    if language:
        client.cookies["django_language"] = language
    j = Jurisdiction.objects.get(name="薛城区")
    return client.post(UPLOAD, {"jurisdiction": j.pk, "file": SimpleUploadedFile(name, data)})


def draft_from(response) -> ImportDraft:
    assert response.status_code == 302, response.status_code
    draft = ImportDraft.objects.get()
    assert response["Location"] == reverse("importing:preview", args=[draft.pk])
    return draft


def status(client, draft) -> dict:
    response = client.get(reverse("importing:draft_status", args=[draft.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    return response.json()


def test_a_small_upload_is_parsed_at_once(client, settings):
    settings.OPENSCHED_BACKGROUND_IMPORT_BYTES = 10 * 1024 * 1024
    draft = draft_from(upload(client, "000.txt", seed_bytes("000")))
    assert draft.parsed.get("documents") and "state" not in draft.parsed


def test_a_large_upload_is_parsed_by_the_worker_into_the_same_preview(client, office):
    j = Jurisdiction.objects.get(name="薛城区")
    immediate = import_drafts.import_draft_create(user=office, jurisdiction=j, filename="000.txt",
                                                  data=seed_bytes("000")).parsed
    ImportDraft.objects.all().delete()

    response = upload(client, "000.txt", seed_bytes("000"))
    draft = draft_from(response)
    assert draft.parsed["state"] == "parsing" and draft.parsed["stage"] == "queued"
    assert bytes(draft.content) == seed_bytes("000")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "<progress" in html and 'data-testid="parse-reload"' in html
    assert "Waiting for a worker" in html and "js/job-progress.js" in html and "<script>" not in html
    listed = client.get(UPLOAD).content.decode()
    assert 'data-testid="draft-parsing"' in listed and "Being read" in listed
    assert status(client, draft) == {"state": "queued", "finished": False, "percent": None,
                                     "label": "Waiting for a worker…", "error": "", "next_url": ""}
    # nothing to confirm, map or extend yet
    assert client.get(reverse("importing:columns", args=[draft.pk]))["Location"] == response["Location"]
    with pytest.raises(DocumentImportError, match="still being read"):
        import_drafts.import_draft_confirm(draft=draft, user=office, decisions={})

    run_worker()
    draft.refresh_from_db()
    assert draft.parsed["documents"] == immediate["documents"]
    assert status(client, draft)["state"] == "done"
    assert status(client, draft)["next_url"] == response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'id="confirm-form"' in page.content.decode()
    assert not Document.objects.exists()


def test_a_large_workbook_is_parsed_by_the_worker(client):
    draft = draft_from(upload(client, "任务分解表.xlsx", task_table_xlsx()))
    run_worker()
    draft.refresh_from_db()
    tasks = [t["text"] for doc in draft.parsed["documents"] for t in doc["tasks"]]
    assert "稳步扩大财政预决算公开范围。" in tasks and len(tasks) == 3
    html = client.get(reverse("importing:preview", args=[draft.pk])).content.decode()
    assert "稳步扩大财政预决算公开范围。" in html


def test_a_table_with_unknown_columns_ends_on_the_columns_page(client):
    draft = draft_from(upload(client, "表.txt", UNKNOWN_HEADER_TABLE))
    run_worker()
    draft.refresh_from_db()
    assert draft.parsed["state"] == "needs_columns"
    assert status(client, draft)["next_url"] == reverse("importing:columns", args=[draft.pk])
    assert client.get(reverse("importing:preview", args=[draft.pk]))["Location"] == \
        reverse("importing:columns", args=[draft.pk])


def test_a_file_beyond_a_limit_its_bytes_show_is_refused_before_any_draft(client, settings):
    settings.OPENSCHED_IMPORT_LIMITS = {"text_lines": 10}
    response = upload(client, "000.txt", seed_bytes("000"))
    assert response.status_code == 200 and "import limit: text lines" in response.content.decode()
    assert not ImportDraft.objects.exists()
    run_worker()  # nothing was queued
    assert not ImportDraft.objects.exists()


def test_a_zip_bomb_is_refused_by_its_streamed_count_before_any_draft(client):
    from tests.factories_bombs import docx_paragraph_bomb, xlsx_merged_bomb

    for name, data, words in (("bomb.docx", docx_paragraph_bomb(), "import limit: paragraphs"),
                              ("bomb.xlsx", xlsx_merged_bomb(), "import limit:")):
        response = upload(client, name, data)
        assert response.status_code == 200 and words in response.content.decode(), name
    assert not ImportDraft.objects.exists()


def test_an_unreadable_large_file_is_refused_before_any_draft(client):
    response = upload(client, "broken.docx", b"PK\x03\x04 this is not really a zip archive" * 10)
    assert response.status_code == 200 and 'data-testid="upload-error"' in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_a_refusal_found_by_the_parse_fails_the_draft_in_the_readers_language(client, settings):
    settings.OPENSCHED_IMPORT_LIMITS = {"tasks": 2}  # known only once the file is parsed
    draft = draft_from(upload(client, "000.txt", seed_bytes("000")))
    run_worker()
    draft.refresh_from_db()
    assert draft.parsed["state"] == "failed"
    assert draft.parsed["error"]["code"] == "limit" and draft.parsed["error"]["params"]["limit_name"] == "tasks"
    got = status(client, draft)
    assert got["state"] == "failed" and got["finished"] and "import limit: tasks" in got["error"]
    html = client.get(reverse("importing:preview", args=[draft.pk])).content.decode()
    assert "import limit: tasks" in html and 'data-testid="parse-failed"' in html

    client.cookies["django_language"] = "zh-hans"
    with translation.override("zh-hans"):
        chinese = translation.gettext(LIMIT_MESSAGES["tasks"]).split("%")[0]
    assert chinese and chinese != LIMIT_MESSAGES["tasks"].split("%")[0]
    assert chinese in client.get(reverse("importing:preview", args=[draft.pk])).content.decode()

    assert 'data-testid="draft-failed"' in client.get(UPLOAD).content.decode()
    response = client.post(reverse("importing:discard", args=[draft.pk]))
    assert response.status_code == 302 and not ImportDraft.objects.exists()


def test_a_file_without_tasks_fails_with_its_reason(client):
    draft = draft_from(upload(client, "notes.txt", "今天天气很好。\n我们去公园散步。\n".encode() * 20))
    run_worker()
    draft.refresh_from_db()
    assert draft.parsed["state"] == "failed" and draft.parsed["error"] == {"code": "parse_no_structure", "params": {}}
    assert status(client, draft)["error"].startswith("No document structure was recognised")


def test_a_queue_that_cannot_take_the_parse_fails_the_draft_at_once(client, monkeypatch):
    from tasks.jobs import tasks as job_tasks

    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(type(job_tasks.parse_import_draft), "enqueue", broken)
    draft = draft_from(upload(client, "000.txt", seed_bytes("000")))
    assert draft.parsed["state"] == "failed" and draft.parsed["error"]["code"] == "queue_unavailable"
    html = client.get(reverse("importing:preview", args=[draft.pk])).content.decode()
    assert "The background service is not available" in html


def test_a_draft_discarded_while_queued_is_skipped_by_the_worker(client):
    draft = draft_from(upload(client, "000.txt", seed_bytes("000")))
    client.post(reverse("importing:discard", args=[draft.pk]))
    run_worker()
    assert not ImportDraft.objects.exists()
    assert import_drafts.import_draft_parse(draft_id=draft.pk) == "skipped"


def test_a_parse_delivered_twice_runs_once(client):
    draft = draft_from(upload(client, "000.txt", seed_bytes("000")))
    run_worker()
    assert import_drafts.import_draft_parse(draft_id=draft.pk) == "skipped"
    draft.refresh_from_db()
    assert draft.parsed["documents"]


def test_a_person_may_have_a_few_parses_waiting_at_once(client, monkeypatch):
    monkeypatch.setattr(import_drafts, "MAX_PARSING_IMPORTS", 2)
    for _ in range(2):
        assert upload(client, "000.txt", seed_bytes("000")).status_code == 302
    response = upload(client, "000.txt", seed_bytes("000"))
    assert response.status_code == 200 and "large files being read" in response.content.decode()
    assert ImportDraft.objects.count() == 2


def test_a_parsing_draft_is_its_uploaders_alone(client, module_registry):  # noqa: F811
    draft = draft_from(upload(client, "000.txt", seed_bytes("000")))
    j = Jurisdiction.objects.get(name="薛城区")
    for user in (factories.office(jurisdiction=j, username="colleague"),
                 factories.office(jurisdiction=Jurisdiction.objects.get(name="冠县"), username="outsider"),
                 factories.supervisor(jurisdiction=j, username="leader")):
        other = Client()
        other.force_login(user)
        assert other.get(reverse("importing:draft_status", args=[draft.pk])).status_code == 404
        assert other.get(reverse("importing:preview", args=[draft.pk])).status_code == 404


def test_a_running_parse_shows_how_many_tasks_are_matched(client, monkeypatch):
    """The worker writes done/total as it matches the tasks; the page's status shows it as the bar."""
    monkeypatch.setattr(import_drafts, "PROGRESS_SECONDS", 0)  # every task, so the test sees each step
    draft = draft_from(upload(client, "000.txt", seed_bytes("000")))
    seen = []
    real = import_drafts.ParseProgress.__call__

    def watch(progress, done, total):
        real(progress, done, total)
        stored = ImportDraft.objects.get(pk=draft.pk)
        seen.append((done, total, status(client, stored)))

    monkeypatch.setattr(import_drafts.ParseProgress, "__call__", watch)
    run_worker()
    total = seen[0][1]
    assert total > 3 and [done for done, _total, _status in seen] == list(range(total + 1))
    middle = seen[total // 2][2]
    assert middle["state"] == "running" and middle["percent"] == round(100 * (total // 2) / total)
    assert middle["label"] == f"Matching the units of the tasks: {total // 2} of {total}"
    draft.refresh_from_db()
    assert draft.parsed["documents"] and "done" not in draft.parsed  # the preview replaced the progress


def test_progress_is_written_at_most_every_few_tenths_of_a_second(client, monkeypatch):
    draft = draft_from(upload(client, "000.txt", seed_bytes("000")))
    progress = import_drafts.ParseProgress(draft.pk, draft.parsed)
    progress(0, 100)
    progress(50, 100)  # within PROGRESS_SECONDS of the first write: not written
    draft.refresh_from_db()
    assert (draft.parsed["done"], draft.parsed["total"]) == (0, 100)
    progress(100, 100)  # the end is always written
    draft.refresh_from_db()
    assert draft.parsed["done"] == 100 and draft.parsed["state"] == "parsing"
    client.post(reverse("importing:discard", args=[draft.pk]))
    progress(100, 100)  # a discarded draft stays gone
    assert not ImportDraft.objects.filter(pk=draft.pk).exists()


def test_the_parsing_page_draws_the_bar_where_the_status_is(client):
    draft = draft_from(upload(client, "000.txt", seed_bytes("000")))
    ImportDraft.objects.filter(pk=draft.pk).update(parsed={**draft.parsed, "stage": "running", "done": 3, "total": 12})
    html = client.get(reverse("importing:preview", args=[draft.pk])).content.decode()
    assert 'value="25"' in html and "Matching the units of the tasks: 3 of 12" in html
    ImportDraft.objects.filter(pk=draft.pk).update(parsed={**draft.parsed, "stage": "running"})
    assert status(client, ImportDraft.objects.get(pk=draft.pk))["label"] == "Reading the file…"
    ImportDraft.objects.filter(pk=draft.pk).update(parsed={**draft.parsed, "stage": "running", "done": 9, "total": 2})
    assert status(client, ImportDraft.objects.get(pk=draft.pk))["percent"] is None  # nonsense is not drawn
