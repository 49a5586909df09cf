"""The web import: upload → preview with corrections → confirm (or discard), and who may do it."""

import re
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks.models import Assignment, Document, ImportDraft, Section, Task
from tests import factories, factories_importing
from tests.factories_importing import BAD_FILES, seed_bytes, synthetic_preview, task_table_xlsx
from units.models import Jurisdiction, Unit

module_registry = factories_importing.module_registry  # the module-scoped fixture, requested by name below

UPLOAD = reverse("importing:upload")


@pytest.fixture
def site(module_registry, db):
    """The registry's jurisdictions (loaded once per module) and one user per role around 薛城区."""
    j = Jurisdiction.objects.get(name="薛城区")
    guanxian = Jurisdiction.objects.get(name="冠县")
    unit = Unit.objects.get(jurisdiction=j, name="区财政局")
    other_unit = Unit.objects.get(jurisdiction=j, name="区司法局")
    return SimpleNamespace(
        j=j,
        guanxian=guanxian,
        unit=unit,
        other_unit=other_unit,
        office=factories.office(jurisdiction=j, username="office"),
        other_office=factories.office(jurisdiction=guanxian, username="office_guanxian"),
        supervisor=factories.supervisor(jurisdiction=j, username="leader"),
        liaison=factories.liaison(unit=unit, username="caizheng"),
        other_liaison=factories.liaison(unit=other_unit, username="sifa"),
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client, name: str, data: bytes, jurisdiction, language: str | None = None):
    if language:
        client.cookies["django_language"] = language
    return client.post(UPLOAD, {"jurisdiction": jurisdiction.pk, "file": SimpleUploadedFile(name, data)})


def nothing_imported() -> bool:
    return not (Document.objects.exists() or Section.objects.exists() or Task.objects.exists()
                or Assignment.objects.exists())


def unit_id(name: str, jurisdiction_name: str = "薛城区") -> int:
    return Unit.objects.get(jurisdiction__name=jurisdiction_name, name=name).pk


def task_index(draft: ImportDraft, fragment: str, doc: int = 0) -> int:
    return next(i for i, t in enumerate(draft.parsed["documents"][doc]["tasks"]) if fragment in t["text"])


def form_fields(html: str) -> dict[str, list[str]]:
    """What a browser would post from the confirm form as rendered (selected options, checked boxes)."""
    form = html[html.index('id="confirm-form"'):]
    data: dict[str, list[str]] = {}
    for match in re.finditer(r"<select([^>]*)>(.*?)</select>", form, re.S):
        name = re.search(r'name="([^"]+)"', match.group(1)).group(1)
        selected = re.findall(r'<option value="([^"]*)" selected>', match.group(2))
        if "multiple" not in match.group(1) and not selected:
            selected = re.findall(r'<option value="([^"]*)"', match.group(2))[:1]
        data.setdefault(name, []).extend(selected)
    for match in re.finditer(r'<input class="form-check-input" type="checkbox" name="([^"]+)" value="([^"]+)"[^>]*>',
                             form):
        if " checked" in match.group(0):
            data.setdefault(match.group(1), []).append(match.group(2))
    return {k: v for k, v in data.items() if v}


# -- upload → preview → confirm -------------------------------------------------------------------


def test_upload_shows_preview_and_saves_nothing_but_a_draft(site):
    client = client_for(site.office)
    response = upload(client, "000.txt", seed_bytes("000"), site.j)
    draft = ImportDraft.objects.get()
    assert response.status_code == 302 and response.url == reverse("importing:preview", args=[draft.pk])
    assert draft.created_by == site.office and draft.jurisdiction == site.j
    assert nothing_imported()

    page = client.get(response.url).content.decode()
    assert page.count('data-testid="task"') == 38
    assert "薛政办发〔2021〕14号" in page and "2021-06-23" in page
    assert "做好开发区体制机制改革进展情况公开" in page
    assert "1 tasks name no responsible unit." in page  # document warning, from its code
    assert 'data-flag="vague_units"' in page and 'data-flag="needs_units"' in page
    assert 'data-flag="more_units_implied"' in page
    assert "于7月15日前" in page and "2021-07-15" in page
    assert "区政府办公室〈区大数据局〉" in page
    assert "（二）推进经济循环领域政务公开" in page.replace("（二） ", "（二）")
    assert nothing_imported()


def test_confirm_with_corrections_saves_the_chosen_units(site):
    client = client_for(site.office)
    upload(client, "000.txt", seed_bytes("000"), site.j)
    draft = ImportDraft.objects.get()
    page = client.get(reverse("importing:preview", args=[draft.pk])).content.decode()
    data = form_fields(page)
    assert nothing_imported()

    vague = task_index(draft, "互联网+执法")  # （责任单位：区政府有关部门）
    corrected = task_index(draft, "加大实施质量强区和品牌战略")  # （责任单位：区市场监管局）
    # Pick the units behind 区政府有关部门 ...
    data[f"add-0-{vague}"] = [str(unit_id("区司法局")), str(unit_id("区市场监督管理局"))]
    data[f"addrole-0-{vague}"] = ["lead"]
    # ... and correct a match: drop 区市场监管局, add 区商务和投资促进局 as cooperating.
    data[f"ref-0-{corrected}-0"] = ["none"]
    data[f"add-0-{corrected}"] = [str(unit_id("区商务和投资促进局"))]
    data[f"addrole-0-{corrected}"] = ["cooperating"]
    data["confirm_open"] = ["1"]  # the other vague references stay pending
    response = client.post(reverse("importing:preview", args=[draft.pk]), data)

    document = Document.objects.get()
    assert response.status_code == 302 and response.url == reverse("portal:document_detail", args=[document.pk])
    assert not ImportDraft.objects.exists()
    assert document.created_by == site.office and document.source_name == "000.txt"
    assert document.tasks.count() == 38
    units = lambda index: dict(document.tasks.get(order=index + 1).assignments.values_list("unit__name", "role"))  # noqa: E731
    assert units(vague) == {"区司法局": "lead", "区市场监督管理局": "lead"}
    assert units(corrected) == {"区商务和投资促进局": "cooperating"}
    key_projects = task_index(draft, "重点项目建设和产业政策")
    assert len(units(key_projects)) == 9 and "区大数据局" in units(key_projects)
    follow = client.get(response.url)
    assert "38" in str(list(follow.context["messages"])[0])


def test_needs_units_suggestions_are_preselected_and_saved_only_when_posted(site):
    client = client_for(site.other_office)
    upload(client, "003.txt", seed_bytes("003"), site.guanxian)
    draft = ImportDraft.objects.get()
    page = client.get(reverse("importing:preview", args=[draft.pk])).content.decode()
    assert "Pre-selected from the task" in page
    data = form_fields(page)
    suggested = task_index(draft, "严格履行《中华人民共和国政府信息公开条例》")
    assert len(data[f"add-0-{suggested}"]) == 27  # 各级各部门
    unsure = task_index(draft, "持续多渠道公开")
    assert f"add-0-{unsure}" not in data  # no suggestion, nothing pre-selected
    # The person keeps one of the suggestions for this task and confirms the others as suggested.
    narrowed = task_index(draft, "认真落实政策解读方案")
    data[f"add-0-{narrowed}"] = [str(unit_id("县人民政府办公室", "冠县"))]
    client.post(reverse("importing:preview", args=[draft.pk]), data)
    document = Document.objects.get()
    assert document.tasks.get(order=suggested + 1).assignments.count() == 27
    assert list(document.tasks.get(order=narrowed + 1).assignments.values_list("unit__name", flat=True)) == [
        "县人民政府办公室"
    ]
    assert not document.tasks.get(order=unsure + 1).assignments.exists()


def test_xlsx_task_table_gets_lead_and_cooperating_roles_and_year_end_due(site):
    client = client_for(site.office)
    response = upload(client, "任务分解表.xlsx", task_table_xlsx(), site.j)
    assert response.status_code == 302
    draft = ImportDraft.objects.get()
    page = client.get(response.url).content.decode()
    assert page.count('data-testid="task"') == 3
    assert "区审计局" in page and 'name="create" value="区审计局"' in page
    data = form_fields(page)
    data["create"] = ["区审计局"]
    client.post(reverse("importing:preview", args=[draft.pk]), data)
    document = Document.objects.get()
    assert document.kind == "task_table"
    rows = {
        t.text: dict(t.assignments.values_list("unit__name", "role")) for t in document.tasks.all()
    }
    assert rows["主动公开“十四五”规划和专项规划。"] == {"区发展和改革局": "lead", "区自然资源局": "cooperating"}
    # The merged 工作任务 cell covers the second row too.
    second = document.tasks.get(text="做好历史规划的归集整理和主动公开工作。")
    assert second.section_path == ["推进重大事项领域政务公开"]
    assert rows["做好历史规划的归集整理和主动公开工作。"] == {"区发展和改革局": "lead", "区财政局": "cooperating"}
    assert rows["稳步扩大财政预决算公开范围。"] == {"区财政局": "lead", "区审计局": "cooperating"}
    assert {t.due_on.isoformat() for t in document.tasks.all()} == {"2021-12-31"}
    assert Unit.objects.filter(jurisdiction=site.j, name="区审计局").exists()


def test_seed_002_preview_lists_the_annex_rows(site):
    client = client_for(factories.office(jurisdiction=Jurisdiction.objects.get(name="临沂临港经济开发区")))
    response = upload(client, "002.txt", seed_bytes("002"), Jurisdiction.objects.get(name="临沂临港经济开发区"))
    page = client.get(response.url).content.decode()
    assert page.count('data-testid="task"') == 25
    assert page.count('data-flag="from_annex"') == 25
    assert "区财政金融局" in page


def test_skip_document_and_discard(site):
    client = client_for(site.office)
    upload(client, "004.txt", seed_bytes("004"), site.j)
    draft = ImportDraft.objects.get()
    page = client.get(reverse("importing:preview", args=[draft.pk])).content.decode()
    assert page.count('data-testid="document"') == 3
    data = form_fields(page)
    data["skip"] = ["1"]  # the 19号 procedure
    data["confirm_open"] = ["1"]
    client.post(reverse("importing:preview", args=[draft.pk]), data)
    numbers = sorted(Document.objects.values_list("doc_number", flat=True))
    assert numbers == ["薛政办发〔2019〕18号", "薛政办字〔2019〕13号"]

    upload(client, "000.txt", seed_bytes("000"), site.j)
    draft = ImportDraft.objects.get()
    response = client.post(reverse("importing:discard", args=[draft.pk]))
    assert response.status_code == 302 and response.url == UPLOAD
    assert not ImportDraft.objects.exists()
    assert not Document.objects.filter(doc_number="薛政办发〔2021〕14号").exists()


def test_existing_number_needs_replace_and_is_refused_with_reports(site):
    client = client_for(site.office)
    upload(client, "000.txt", seed_bytes("000"), site.j)
    url = reverse("importing:preview", args=[ImportDraft.objects.get().pk])
    client.post(url, {**form_fields(client.get(url).content.decode()), "confirm_open": "1"})
    first = Document.objects.get()

    upload(client, "000.txt", seed_bytes("000"), site.j)
    draft = ImportDraft.objects.get()
    url = reverse("importing:preview", args=[draft.pk])
    page = client.get(url).content.decode()
    assert 'name="replace" value="0"' in page
    data = {**form_fields(page), "confirm_open": ["1"]}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "has already been imported" in response.content.decode()
    assert Document.objects.get() == first and ImportDraft.objects.filter(pk=draft.pk).exists()

    factories.report(assignment=Assignment.objects.filter(task__document=first).first(), author=site.liaison)
    page = client.get(url).content.decode()
    assert 'name="replace"' not in page and "cannot be replaced" in page
    response = client.post(url, {**data, "replace": ["0"]})  # forged: refused server-side
    assert response.status_code == 400 and "cannot be replaced" in response.content.decode()
    assert Document.objects.get() == first

    first.tasks.first().assignments.all().delete()
    from tasks.models import ProgressReport

    ProgressReport.objects.all().delete()
    response = client.post(url, {**data, "replace": ["0"]})
    assert response.status_code == 302
    assert Document.objects.get() != first and not ImportDraft.objects.exists()


def test_tampered_unit_ids_and_roles_are_refused(site):
    client = client_for(site.office)
    upload(client, "000.txt", seed_bytes("000"), site.j)
    draft = ImportDraft.objects.get()
    url = reverse("importing:preview", args=[draft.pk])
    data = form_fields(client.get(url).content.decode())
    foreign = Unit.objects.filter(jurisdiction=site.guanxian).first()
    response = client.post(url, {**data, "add-0-0": [str(foreign.pk)]})
    assert response.status_code == 400 and nothing_imported()
    response = client.post(url, {**data, "ref-0-0-0": ["boss"]})
    assert response.status_code == 400 and nothing_imported()
    response = client.post(url, {**data, "create": ["区随便局"]})
    assert response.status_code == 400 and nothing_imported()


# -- bad uploads ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_upload_shows_the_message_and_keeps_nothing(site, name):
    documents = Document.objects.count()
    client = client_for(site.office)
    response = upload(client, name, BAD_FILES[name], site.j)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="upload-error"' in page
    errors = response.context["form"].errors["file"]
    assert errors and all(e.strip() for e in errors)
    assert not ImportDraft.objects.exists() and Document.objects.count() == documents


def test_parser_message_shows_in_one_language(site):
    response = upload(client_for(site.office), "broken.docx", BAD_FILES["broken.docx"], site.j)
    page = response.content.decode()
    assert "broken.docx: The file is damaged or is not really a .docx file." in page
    assert "文件已损坏" not in page  # the parser's Chinese half is not shown next to the English message


def test_too_large_upload_is_refused(site, settings):
    settings.OPENSCHED_MAX_UPLOAD_MB = 1
    data = seed_bytes("000") * (1024 * 1024 // len(seed_bytes("000")) + 1)
    response = upload(client_for(site.office), "big.txt", data, site.j)
    assert "larger than 1 MB" in response.content.decode()
    assert not ImportDraft.objects.exists()


# -- who may import -------------------------------------------------------------------------------


def test_upload_page_preselects_the_only_jurisdiction(site):
    response = client_for(site.office).get(UPLOAD)
    options = re.findall(r'<option value="(\d+)"( selected)?>', response.content.decode())
    assert options == [(str(site.j.pk), " selected")]


def _draft(site, *, user=None, tasks=1, unit_ids=None) -> ImportDraft:
    preview = synthetic_preview(jurisdiction=site.j, unit_ids=unit_ids or [site.unit.pk], tasks=tasks)
    return ImportDraft.objects.create(created_by=user or site.office, jurisdiction=site.j, filename="x.txt",
                                      content=b"x", parsed=preview)


def _counts() -> tuple[int, int, int]:
    return Document.objects.count(), Task.objects.count(), Assignment.objects.count()


@pytest.mark.parametrize("who", ["supervisor", "liaison", "other_liaison"])
def test_supervisors_and_liaisons_get_404(site, who):
    client = client_for(getattr(site, who))
    before = _counts()
    assert client.get(UPLOAD).status_code == 404
    assert upload(client, "000.txt", seed_bytes("000"), site.j).status_code == 404
    draft = _draft(site)
    assert client.get(reverse("importing:preview", args=[draft.pk])).status_code == 404
    assert client.post(reverse("importing:preview", args=[draft.pk]), {}).status_code == 404
    assert client.post(reverse("importing:discard", args=[draft.pk])).status_code == 404
    assert ImportDraft.objects.filter(pk=draft.pk).exists() and _counts() == before


def test_anonymous_is_sent_to_login(site):
    client = Client()
    draft = _draft(site)
    for method, url in (("get", UPLOAD), ("post", UPLOAD), ("get", reverse("importing:preview", args=[draft.pk])),
                        ("post", reverse("importing:preview", args=[draft.pk])),
                        ("post", reverse("importing:discard", args=[draft.pk]))):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert ImportDraft.objects.filter(pk=draft.pk).exists()


def test_other_jurisdictions_office_cannot_upload_for_it_or_see_its_drafts(site):
    client = client_for(site.other_office)
    response = upload(client, "000.txt", seed_bytes("000"), site.j)
    assert response.status_code == 200 and "jurisdiction" in response.context["form"].errors
    assert not ImportDraft.objects.exists()
    draft = _draft(site)
    before = _counts()
    assert client.get(reverse("importing:preview", args=[draft.pk])).status_code == 404
    assert client.post(reverse("importing:preview", args=[draft.pk]), {}).status_code == 404
    assert client.post(reverse("importing:discard", args=[draft.pk])).status_code == 404
    # Another office member of the same jurisdiction does not see the uploader's draft either.
    colleague = client_for(factories.office(jurisdiction=site.j))
    assert colleague.get(reverse("importing:preview", args=[draft.pk])).status_code == 404
    assert ImportDraft.objects.filter(pk=draft.pk).exists() and _counts() == before


def test_draft_of_an_uploader_who_lost_the_office_role_is_404(site):
    draft = _draft(site)
    site.office.jurisdiction_roles.all().delete()
    assert client_for(site.office).get(reverse("importing:preview", args=[draft.pk])).status_code == 404


def test_csrf_is_enforced(site):
    client = Client(enforce_csrf_checks=True)
    client.force_login(site.office)
    response = client.post(UPLOAD, {"jurisdiction": site.j.pk, "file": SimpleUploadedFile("a.txt", b"x")})
    assert response.status_code == 403
    draft = _draft(site)
    before = _counts()
    assert client.post(reverse("importing:preview", args=[draft.pk]), {}).status_code == 403
    assert client.post(reverse("importing:discard", args=[draft.pk])).status_code == 403
    assert ImportDraft.objects.count() == 1 and _counts() == before


def test_synthetic_draft_confirms_with_posted_choices(site):
    """The form contract without the parser: a vague reference resolved to a picked unit."""
    client = client_for(site.office)
    draft = _draft(site, tasks=2)
    url = reverse("importing:preview", args=[draft.pk])
    response = client.post(url, {"add-0-1": [str(site.other_unit.pk)], "addrole-0-1": "cooperating",
                                 "ref-0-0-0": "responsible", "pending-0-0": "1",
                                 "accept_mismatch": "1"})  # 测试〔2021〕1号 is no 文号 of 薛城区
    assert response.status_code == 302
    document = Document.objects.get(doc_number="测试〔2021〕1号")
    first, second = document.tasks.order_by("order")
    assert dict(first.assignments.values_list("unit_id", "role")) == {site.unit.pk: "responsible"}
    assert dict(second.assignments.values_list("unit_id", "role")) == {
        site.unit.pk: "lead", site.other_unit.pk: "cooperating",
    }


# -- performance ----------------------------------------------------------------------------------


def _preview_queries(client, draft) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("importing:preview", args=[draft.pk]))
    assert response.status_code == 200
    return len(queries)


def test_preview_queries_do_not_grow_with_tasks(site):
    unit_ids = list(Unit.objects.filter(jurisdiction=site.j).values_list("pk", flat=True))
    client = client_for(site.office)
    small = _draft(site, tasks=2, unit_ids=unit_ids)
    large = _draft(site, tasks=150, unit_ids=unit_ids)
    _preview_queries(client, small)  # warm the session
    assert _preview_queries(client, large) == _preview_queries(client, small)
    page = client.get(reverse("importing:preview", args=[large.pk])).content.decode()
    assert page.count('data-testid="task"') == 150
