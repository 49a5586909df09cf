"""A table whose header words are unknown: the upload asks for the columns, the mapping reads every
row and the draft remembers it."""

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from tasks.forms.importing import ColumnMapForm
from tasks.models import Assignment, ImportDraft, Task
from tasks.services.errors import ColumnMapError
from tasks.services.import_drafts import (
    check_column_map,
    draft_column_map,
    draft_needs_columns,
    import_draft_create,
    import_draft_map_columns,
)
from tests import factories, factories_importing
from units.models import Jurisdiction, Unit

module_registry = factories_importing.module_registry

UNKNOWN_HEADER_TABLE = (
    "项目 | 做什么 | 谁负责 | 什么时候\n"
    "1 | 推进政策解读，重要文件出台后同步发布解读材料。 | 区财政局 | 2023年6月30日前\n"
    "2 | 及时更新政务新媒体信息。 | 区司法局 | 2023年12月底前\n"
    "3 | 完善依申请公开办理流程。 | 区财政局 | 2023年9月30日前\n"
).encode()
MAPPING = {"col-0": "number", "col-1": "task", "col-2": "units", "col-3": "deadline"}
COLUMN_MAP = {0: "number", 1: "task", 2: "units", 3: "deadline"}


def unknown_header_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    for line in UNKNOWN_HEADER_TABLE.decode().splitlines():
        sheet.append([cell.strip() for cell in line.split("|")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def site(module_registry, db):
    j = Jurisdiction.objects.get(name="薛城区")
    return SimpleNamespace(j=j, office=factories.office(jurisdiction=j, username="office"),
                           finance=Unit.objects.get(jurisdiction=j, name="区财政局"),
                           justice=Unit.objects.get(jurisdiction=j, name="区司法局"))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client, site, name="任务表.txt", data=UNKNOWN_HEADER_TABLE):
    return client.post(reverse("importing:upload"), {"jurisdiction": site.j.pk, "file": SimpleUploadedFile(name, data)})


# -- the service ----------------------------------------------------------------------------------


def test_unknown_header_makes_a_draft_that_needs_columns_not_a_refusal(site):
    draft = import_draft_create(user=site.office, jurisdiction=site.j, filename="任务表.txt", data=UNKNOWN_HEADER_TABLE)
    assert draft_needs_columns(draft.parsed)
    table = draft.parsed["tables"][0]
    assert table["header"] == ["项目", "做什么", "谁负责", "什么时候"]
    assert table["width"] == 4 and table["needs_mapping"]
    assert table["rows"][1][1] == "及时更新政务新媒体信息。"
    assert "documents" not in draft.parsed and draft_column_map(draft.parsed) == {}


@pytest.mark.parametrize(("name", "data"), [("任务表.txt", UNKNOWN_HEADER_TABLE), ("任务表.xlsx", None)])
def test_mapping_gives_the_tasks_units_and_deadlines_of_every_row(site, name, data):
    data = data or unknown_header_xlsx()
    draft = import_draft_create(user=site.office, jurisdiction=site.j, filename=name, data=data)
    assert draft_needs_columns(draft.parsed)
    draft = import_draft_map_columns(draft=draft, column_map=COLUMN_MAP)
    stored = ImportDraft.objects.get(pk=draft.pk)
    assert not draft_needs_columns(stored.parsed)
    tasks = [t for doc in stored.parsed["documents"] for t in doc["tasks"]]
    assert [t["text"] for t in tasks] == ["推进政策解读，重要文件出台后同步发布解读材料。", "及时更新政务新媒体信息。",
                                          "完善依申请公开办理流程。"]
    assert [[u["unit_id"] for u in t["units"]] for t in tasks] == [[site.finance.pk], [site.justice.pk],
                                                                   [site.finance.pk]]
    assert [t["deadline"]["due"] for t in tasks] == ["2023-06-30", "2023-12-31", "2023-09-30"]


def test_draft_remembers_its_mapping(site):
    draft = import_draft_create(user=site.office, jurisdiction=site.j, filename="任务表.txt", data=UNKNOWN_HEADER_TABLE)
    import_draft_map_columns(draft=draft, column_map=COLUMN_MAP)
    stored = ImportDraft.objects.get(pk=draft.pk)
    assert draft_column_map(stored.parsed) == COLUMN_MAP
    assert stored.parsed["column_map"] == {"0": "number", "1": "task", "2": "units", "3": "deadline"}
    # the mapping page opens again with the remembered roles selected
    form = ColumnMapForm(table=stored.parsed["tables"][0], width=4, initial_map=draft_column_map(stored.parsed))
    assert [form[f"col-{i}"].value() for i in range(4)] == ["number", "task", "units", "deadline"]


@pytest.mark.parametrize("column_map", [
    {0: "number", 1: "units"},  # no task column
    {7: "task"},  # beyond the table
    {0: "task", 1: "boss"},  # not a role
    {0: "task", 1: "task"},  # two task columns
    {-1: "task"},
])
def test_a_mapping_beyond_the_table_or_without_a_task_is_refused_and_the_draft_kept(site, column_map):
    draft = import_draft_create(user=site.office, jurisdiction=site.j, filename="任务表.txt", data=UNKNOWN_HEADER_TABLE)
    with pytest.raises(ColumnMapError):
        import_draft_map_columns(draft=draft, column_map=column_map)
    assert draft_needs_columns(ImportDraft.objects.get(pk=draft.pk).parsed)


def test_check_column_map_says_which_column_is_missing():
    with pytest.raises(ColumnMapError, match="task"):
        check_column_map({0: "units"}, width=2)
    check_column_map({0: "task", 1: "units"}, width=2)


# -- the form -------------------------------------------------------------------------------------


def test_form_preselects_the_guess_and_refuses_a_mapping_without_task(site):
    draft = import_draft_create(user=site.office, jurisdiction=site.j, filename="任务表.txt", data=UNKNOWN_HEADER_TABLE)
    table = draft.parsed["tables"][0]
    form = ColumnMapForm(table=table, width=table["width"])
    assert [form[f"col-{i}"].value() for i in range(4)] == ["ignore"] * 4
    assert [c["header"] for c in form.columns] == ["项目", "做什么", "谁负责", "什么时候"]
    form = ColumnMapForm({f"col-{i}": "ignore" for i in range(4)}, table=table, width=4)
    assert not form.is_valid()
    # the message names the missing task column (Chinese once its msgid is translated; the
    # catalogue is compiled outside this branch)
    assert "the task" in " ".join(form.non_field_errors())
    form = ColumnMapForm({**MAPPING, "col-2": "chief"}, table=table, width=4)
    assert not form.is_valid() and "col-2" in form.errors
    form = ColumnMapForm({**MAPPING, "col-9": "task"}, table=table, width=4)
    assert form.is_valid() and form.cleaned_data["column_map"] == COLUMN_MAP  # a column beyond is never read


# -- the pages ------------------------------------------------------------------------------------


def test_upload_goes_to_the_columns_page_then_the_preview_and_confirms(site):
    client = client_for(site.office)
    response = upload(client, site)
    draft = ImportDraft.objects.get()
    columns_url = reverse("importing:columns", args=[draft.pk])
    assert response.status_code == 302 and response.url == columns_url
    # the preview of a draft without its columns sends the person back to them
    assert client.get(reverse("importing:preview", args=[draft.pk])).url == columns_url
    page = client.get(columns_url)
    html = page.content.decode()
    assert page.status_code == 200 and "做什么" in html and "及时更新政务新媒体信息。" in html
    assert html.count('data-testid="column-card"') == 4
    refused = client.post(columns_url, {f"col-{i}": "ignore" for i in range(4)})
    assert refused.status_code == 400 and 'data-testid="columns-errors"' in refused.content.decode()
    response = client.post(columns_url, MAPPING)
    assert response.status_code == 302 and response.url == reverse("importing:preview", args=[draft.pk])
    preview = client.get(response.url)
    html = preview.content.decode()
    assert "及时更新政务新媒体信息。" in html and 'data-testid="change-columns"' in html
    again = client.get(columns_url).content.decode()
    assert 'value="task" selected' in again


def test_preview_without_a_mapping_has_no_change_columns_link(site):
    client = client_for(site.office)
    upload(client, site, "000.txt", factories_importing.seed_bytes("000"))
    draft = ImportDraft.objects.get()
    assert not draft_needs_columns(draft.parsed)
    html = client.get(reverse("importing:preview", args=[draft.pk])).content.decode()
    assert 'data-testid="change-columns"' not in html


def test_confirmed_mapped_import_saves_tasks_with_their_units(site):
    client = client_for(site.office)
    upload(client, site)
    draft = ImportDraft.objects.get()
    client.post(reverse("importing:columns", args=[draft.pk]), MAPPING)
    response = client.post(reverse("importing:preview", args=[draft.pk]), {})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Task.objects.count() == 3 and not ImportDraft.objects.exists()
    assert set(Assignment.objects.values_list("unit_id", flat=True)) == {site.finance.pk, site.justice.pk}


def test_a_file_whose_tasks_were_found_goes_to_its_preview_which_offers_the_columns(site):
    """Real documents carry tables the parser does not understand next to the tasks it found
    (here a header in traditional characters): they import without a hand edit, and the preview
    offers the mapping."""
    data = (Path(settings.BASE_DIR) / "tests" / "corpus" / "county_bureau_trad_table.txt").read_bytes()
    client = client_for(site.office)
    response = upload(client, site, "county_bureau_trad_table.txt", data)
    draft = ImportDraft.objects.get()
    assert response.url == reverse("importing:preview", args=[draft.pk])
    assert not draft_needs_columns(draft.parsed) and draft.parsed["documents"][0]["tasks"]
    html = client.get(response.url).content.decode()
    assert 'data-testid="offer-columns"' in html
    assert client.get(reverse("importing:columns", args=[draft.pk])).status_code == 200
