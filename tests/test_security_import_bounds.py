"""Every import is bounded before parsing starts: bombs are refused by a named limit, early and cleanly.

Each hostile file is built here (tests/factories_bombs.py), a few kilobytes on disk. "Early" is
shown without timing anything: python-docx and openpyxl are replaced by functions that fail the
test if they are called. "Cleanly" means a message naming the limit, no server error, and no
draft, document, section, task or assignment row.
"""

import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tasks.models import Assignment, Document, ImportDraft, Section, Task
from tasks.parsing import parse_bytes
from tasks.parsing.limits import ImportLimitExceeded, ImportLimits
from tasks.services import import_drafts, importing
from tasks.services.errors import DocumentImportError, ImportLimitError, ServiceError
from tasks.services.import_preview import build_preview
from tests import factories, factories_importing
from tests.factories_bombs import (
    big_text,
    docx_dtd_bomb,
    docx_paragraph_bomb,
    many_lines_text,
    xlsx_merged_bomb,
    zip_ratio_bomb,
)
from tests.factories_importing import seed_bytes
from units.models import Jurisdiction

module_registry = factories_importing.module_registry

BOMBS = {
    "merged_whole_sheet.xlsx": (lambda: xlsx_merged_bomb("A1:XFD1048576"), "sheet_rows"),
    "merged_200000_rows.xlsx": (lambda: xlsx_merged_bomb("A1:Z200000"), "sheet_rows"),
    "merged_too_wide.xlsx": (lambda: xlsx_merged_bomb("A1:ZZ10"), "sheet_columns"),
    "merged_area.xlsx": (lambda: xlsx_merged_bomb("A1:CV2500"), "merged_cells"),
    "dimension.xlsx": (lambda: xlsx_merged_bomb("A1:B2", dimension="A1:XFD1048576"), "sheet_rows"),
    "paragraphs.docx": (docx_paragraph_bomb, "paragraphs"),
    "laughs.docx": (docx_dtd_bomb, "xml_dtd"),
    "zeros.docx": (zip_ratio_bomb, "compression_ratio"),
    "big.txt": (big_text, "text_bytes"),
    "lines.txt": (many_lines_text, "text_lines"),
}


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (ImportDraft, Document, Section, Task, Assignment))


@pytest.fixture
def no_heavy_libraries(monkeypatch):
    """python-docx and openpyxl must not even be called for a file beyond the limits."""
    import docx
    import openpyxl

    def forbidden(*args, **kwargs):
        raise AssertionError("the Office library was called before the limits refused the file")

    monkeypatch.setattr(docx, "Document", forbidden)
    monkeypatch.setattr(openpyxl, "load_workbook", forbidden)


@pytest.fixture
def site(module_registry, db):
    j = Jurisdiction.objects.get(name="薛城区")
    return SimpleNamespace(j=j, office=factories.office(jurisdiction=j, username="office"))


# -- the parser: named limits, before the libraries ---------------------------------------------------


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_each_bomb_is_refused_by_its_named_limit_before_the_office_libraries(no_heavy_libraries, name):
    build, limit = BOMBS[name]
    data = build()
    assert len(data) < 11 * 1024 * 1024
    with pytest.raises(ImportLimitExceeded) as refused:
        parse_bytes(name, data)
    assert refused.value.limit_name == limit
    assert "import limit" in str(refused.value) or limit == "xml_dtd"


def test_the_task_limit_is_checked_after_parsing():
    with pytest.raises(ImportLimitExceeded) as refused:
        parse_bytes("000.txt", seed_bytes("000"), ImportLimits(tasks=5))
    assert refused.value.limit_name == "tasks" and refused.value.found > 5


def test_the_seeds_are_far_below_every_limit():
    for number in ("000", "001", "002", "003", "004"):
        tight = ImportLimits(text_bytes=ImportLimits().text_bytes // 10, text_lines=ImportLimits().text_lines // 10,
                             tasks=ImportLimits().tasks // 10)
        assert parse_bytes(f"{number}.txt", seed_bytes(number), tight)


def test_limits_can_be_overridden_by_name_only():
    assert ImportLimits.from_overrides({"tasks": 10}).tasks == 10
    with pytest.raises(ValueError, match="unknown import limits: nope"):
        ImportLimits.from_overrides({"nope": 1})
    with pytest.raises(ValueError, match="positive"):
        ImportLimits.from_overrides({"tasks": 0})


# -- the services: a ServiceError, nothing saved ------------------------------------------------------


@pytest.mark.parametrize("name", ["merged_whole_sheet.xlsx", "paragraphs.docx", "big.txt"])
def test_the_draft_service_refuses_a_bomb_with_a_service_error_and_saves_nothing(site, no_heavy_libraries, name):
    before = counts()
    with pytest.raises(ImportLimitError) as refused:
        import_drafts.import_draft_create(user=site.office, jurisdiction=site.j, filename=name, data=BOMBS[name][0]())
    assert isinstance(refused.value, ServiceError) and isinstance(refused.value, DocumentImportError)
    assert refused.value.limit_name == BOMBS[name][1] and name in refused.value.message
    assert counts() == before


def test_settings_override_the_limits(site, settings):
    settings.OPENSCHED_IMPORT_LIMITS = {"tasks": 3}
    with pytest.raises(ImportLimitError) as refused:
        build_preview(filename="000.txt", data=seed_bytes("000"), jurisdiction=site.j)
    assert refused.value.limit_name == "tasks"


def test_a_draft_whose_preview_is_too_large_to_store_is_refused(site, settings):
    settings.OPENSCHED_IMPORT_LIMITS = {"draft_bytes": 10_000}
    with pytest.raises(ImportLimitError) as refused:
        import_drafts.import_draft_create(user=site.office, jurisdiction=site.j, filename="000.txt",
                                          data=seed_bytes("000"))
    assert refused.value.limit_name == "draft_bytes"
    assert not ImportDraft.objects.exists()


# -- the web page and the command ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["merged_whole_sheet.xlsx", "paragraphs.docx", "big.txt"])
def test_the_upload_page_shows_the_refusal_as_a_form_error(site, no_heavy_libraries, settings, name):
    settings.OPENSCHED_MAX_UPLOAD_MB = 20
    client = Client()
    client.force_login(site.office)
    before = counts()
    response = client.post(reverse("importing:upload"),
                           {"jurisdiction": site.j.pk, "file": SimpleUploadedFile(name, BOMBS[name][0]())})
    assert response.status_code == 200
    assert 'data-testid="upload-error"' in response.content.decode()
    assert "import limit" in response.content.decode()
    assert counts() == before


def test_the_command_refuses_a_bomb_in_one_line_and_saves_nothing(site, no_heavy_libraries, tmp_path):
    path = tmp_path / "merged.xlsx"
    path.write_bytes(xlsx_merged_bomb())
    before = counts()
    with pytest.raises(CommandError) as refused:
        call_command("import_document", str(path), jurisdiction="薛城区", stdout=io.StringIO(), stderr=io.StringIO())
    message = str(refused.value)
    assert "\n" not in message and str(path) in message and "sheet rows" in message
    assert counts() == before


def test_the_command_refuses_a_file_over_the_size_limit_before_reading_it(site, tmp_path, settings, monkeypatch):
    settings.OPENSCHED_IMPORT_LIMITS = {"file_bytes": 1000, "text_bytes": 1000}
    path = tmp_path / "000.txt"
    path.write_bytes(seed_bytes("000"))
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(CommandError, match="file size"):
        call_command("import_document", str(path), jurisdiction="薛城区", stdout=io.StringIO(), stderr=io.StringIO())
    assert not Document.objects.exists()


# -- the request body ---------------------------------------------------------------------------------


class UnreadableBody(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


@pytest.mark.django_db
def test_an_oversized_upload_gets_413_before_its_body_is_read(settings):
    settings.OPENSCHED_MAX_UPLOAD_MB = 20
    office = factories.office(jurisdiction=factories.jurisdiction(), username="office")
    client = Client()
    client.force_login(office)
    response = client.post(
        reverse("importing:upload"), data=b"x", content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(120 * 1024 * 1024), **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert [t.name for t in response.templates][:2] == ["413.html", "base.html"]
    page = response.content.decode()
    assert 'data-testid="upload-too-large"' in page and "20 MB" in page and "120.0 MB" in page
    assert not ImportDraft.objects.exists()


def test_the_file_inputs_carry_the_limit_for_the_script(site, settings):
    settings.OPENSCHED_MAX_UPLOAD_MB = 20
    client = Client()
    client.force_login(site.office)
    page = client.get(reverse("importing:upload")).content.decode()
    assert f'data-max-bytes="{20 * 1024 * 1024}"' in page and "js/upload-limit.js" in page
    assert "<script>" not in page  # no inline script (Content-Security-Policy)
    unit = site.j.units.get(name="区财政局")
    document = factories.document(jurisdiction=site.j, title="测试文件")
    assignment = factories.assignment(task=factories.task(document=document), unit=unit)
    client.force_login(factories.liaison(unit=unit, username="caizheng"))
    page = client.get(reverse("portal:assignment_detail", args=[assignment.pk])).content.decode()
    assert 'name="attachments"' in page and f'data-max-bytes="{20 * 1024 * 1024}"' in page
    assert "js/upload-limit.js" in page


# -- drafts: discard unread, expiry, double confirmation ----------------------------------------------


def test_a_draft_with_huge_garbage_content_is_discarded_without_reading_it(site, monkeypatch):
    draft = ImportDraft.objects.create(created_by=site.office, jurisdiction=site.j, filename="junk.txt",
                                       content=b"\xff" * (3 * 1024 * 1024), parsed=["not", "a", "preview"])
    monkeypatch.setattr("tasks.views.importing.ImportDecisionsForm", lambda **kw: pytest.fail("preview built"))
    client = Client()
    client.force_login(site.office)
    assert client.get(reverse("importing:preview", args=[draft.pk])).status_code == 302  # not a 500
    upload_page = client.get(reverse("importing:upload")).content.decode()
    assert reverse("importing:discard", args=[draft.pk]) in upload_page
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("importing:discard", args=[draft.pk]))
    assert response.status_code == 302
    assert not ImportDraft.objects.exists()
    drafts_sql = [q["sql"] for q in queries.captured_queries if "tasks_importdraft" in q["sql"]]
    assert drafts_sql and not any('"content"' in sql or '"parsed"' in sql for sql in drafts_sql)


def test_drafts_older_than_a_week_expire(site, settings):
    settings.OPENSCHED_IMPORT_DRAFT_DAYS = 7
    old = ImportDraft.objects.create(created_by=site.office, jurisdiction=site.j, filename="old.txt", content=b"x")
    fresh = ImportDraft.objects.create(created_by=site.office, jurisdiction=site.j, filename="new.txt", content=b"x")
    ImportDraft.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    assert import_drafts.import_drafts_expire() == 1
    assert list(ImportDraft.objects.all()) == [fresh]
    ImportDraft.objects.filter(pk=fresh.pk).update(created_at=timezone.now() - timedelta(days=8))
    client = Client()
    client.force_login(site.office)
    assert "new.txt" not in client.get(reverse("importing:upload")).content.decode()  # listing expires them
    assert not ImportDraft.objects.exists()


def _draft(site) -> ImportDraft:
    return import_drafts.import_draft_create(user=site.office, jurisdiction=site.j, filename="000.txt",
                                             data=seed_bytes("000"))


def test_confirming_the_same_draft_twice_gives_the_second_a_message(site):
    draft = _draft(site)
    stale = ImportDraft.objects.get(pk=draft.pk)  # the other request's copy, loaded before the first confirm
    [document] = import_drafts.import_draft_confirm(draft=draft, user=site.office, decisions={})
    with pytest.raises(DocumentImportError, match="already been confirmed"):
        import_drafts.import_draft_confirm(draft=stale, user=site.office, decisions={})
    assert list(Document.objects.all()) == [document]


def test_a_document_imported_meanwhile_gives_a_message_not_an_integrity_error(site, monkeypatch):
    draft = _draft(site)
    importing.document_import(preview=draft.parsed, jurisdiction=site.j, user=site.office)
    # both requests passed the "already exists" check before either saved: the constraint decides
    monkeypatch.setattr(importing, "_replace_existing", lambda *args: None)
    monkeypatch.setattr(Document, "validate_constraints", lambda self, exclude=None: None)
    with pytest.raises(DocumentImportError, match="just been imported by someone else"):
        import_drafts.import_draft_confirm(draft=draft, user=site.office, decisions={})
    assert Document.objects.count() == 1
    assert ImportDraft.objects.filter(pk=draft.pk).exists()  # left in place, as after any failed import
