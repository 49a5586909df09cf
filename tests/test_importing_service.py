"""Importing the seed documents through the import service and the import_document command."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tasks.models import Assignment, Document, ImportDraft, Section, Task
from tasks.services.import_preview import DocumentImportError, build_preview
from tasks.services.importing import document_import
from tests import factories, factories_importing
from tests.factories_importing import BAD_FILES, SEED_JURISDICTION, seed_bytes, seed_path, synthetic_preview
from units.models import Jurisdiction, Unit

module_registry = factories_importing.module_registry  # the module-scoped fixture, requested by name below


@pytest.fixture
def registry(module_registry, db):
    """fixtures/registry.json (load_registry) and the official calendars of 2019–2021 and 2023 (sync_holidays)."""


def run_import(*paths, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_document", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def import_seed(number: str, **options) -> list[Document]:
    before = set(Document.objects.values_list("pk", flat=True))
    run_import(seed_path(number), jurisdiction=SEED_JURISDICTION[number], **options)
    return list(Document.objects.exclude(pk__in=before).order_by("pk"))


def units_of(task: Task) -> dict[str, str]:
    return dict(task.assignments.values_list("unit__name", "role"))


def db_counts() -> tuple[int, ...]:
    return (Document.objects.count(), Section.objects.count(), Task.objects.count(), Assignment.objects.count(),
            Unit.objects.count(), ImportDraft.objects.count())


# -- the five seeds -----------------------------------------------------------------------------


def test_seed_000_gives_37_tasks_with_units_and_the_key_projects_task_nine_units(registry):
    [document] = import_seed("000")
    assert document.doc_number == "薛政办发〔2021〕14号"
    assert document.issued_on.isoformat() == "2021-06-23"
    tasks = list(document.tasks.all())
    # 37 （责任单位：…） annotations + the closing paragraph that names no unit (units only suggested).
    assert len(tasks) == 38
    unannotated = [t for t in tasks if "needs_units" in t.flags]
    assert len(unannotated) == 1 and not unannotated[0].assignments.exists()
    assert unannotated[0].suggestions  # 各镇街、各部门 read from the sentence, kept as a suggestion only
    # Of the 37 annotated tasks one names only 区政府有关部门 (vague): a person picks those units.
    with_units = [t for t in tasks if t.assignments.exists()]
    assert len(with_units) == 36
    vague_only = [t for t in tasks if t not in with_units and t not in unannotated]
    assert len(vague_only) == 1 and "vague_units" in vague_only[0].flags
    key_projects = document.tasks.get(text__contains="重点项目建设和产业政策")
    units = units_of(key_projects)
    assert len(units) == 9
    assert {"区大数据局", "区发展和改革局", "区地方金融监督管理局"} <= set(units)
    assert set(units.values()) == {"responsible"}
    assert key_projects.section.label == "（二）"
    assert key_projects.section.parent.label == "一"
    assert key_projects.due_on is None  # no deadline written: continuous / none


def test_seed_000_deadline_of_closing_task_is_july_15(registry):
    [document] = import_seed("000")
    task = document.tasks.get(text__contains="于7月15日前")
    assert task.due_on.isoformat() == "2021-07-15"
    assert task.deadline_kind == "fixed"


def test_seed_001_gives_27_tasks_with_units(registry):
    [document] = import_seed("001")
    assert document.doc_number == "台政办发〔2023〕6号"
    tasks = list(document.tasks.all())
    assert len(tasks) == 27
    assert all(t.units_named for t in _annotate_units_named(tasks))
    towns = set(Unit.objects.filter(jurisdiction__name="台儿庄区", kind=Unit.Kind.TOWN).values_list("name", flat=True))
    # 各镇〈街〉 expands to every town and sub-district.
    expanded = [t for t in tasks if towns <= set(units_of(t))]
    assert expanded
    # The one task naming only 区政府有关部门单位 waits for a person.
    assert sum(1 for t in tasks if t.assignments.exists()) == 26


def _annotate_units_named(tasks):
    for t in tasks:
        t.units_named = t.assignments.exists() or "vague_units" in t.flags
    return tasks


def test_seed_002_annex_rows_have_units(registry):
    [document] = import_seed("002")
    tasks = list(document.tasks.all())
    assert len(tasks) == 25
    assert all("from_annex" in t.flags for t in tasks)
    assert all(t.assignments.exists() or "vague_units" in t.flags for t in tasks)
    assert sum(1 for t in tasks if t.assignments.exists()) == 23
    finance = Assignment.objects.filter(task__document=document, unit__name="区财政金融局")
    assert finance.count() >= 3
    budget = document.tasks.get(text__contains="稳步扩大预决算公开范围")
    assert units_of(budget) == {"区财政金融局": "responsible"}


def test_seed_003_tasks_all_need_units_and_get_no_assignments(registry):
    [document] = import_seed("003")
    tasks = list(document.tasks.all())
    assert len(tasks) == 21
    assert all("needs_units" in t.flags for t in tasks)
    assert not Assignment.objects.filter(task__document=document).exists()
    # Suggestions are kept for the person who assigns the units, never turned into assignments.
    assert any("各级各部门" in t.suggestions for t in tasks)


def test_seed_004_gives_three_documents_and_lead_responsible_roles(registry):
    documents = import_seed("004")
    numbers = [d.doc_number for d in documents]
    assert numbers == ["薛政办发〔2019〕18号", "薛政办发〔2019〕19号", "薛政办字〔2019〕13号"]
    annex, procedure, plan = documents
    assert annex.tasks.count() == 27
    assert all(t.assignments.exists() for t in annex.tasks.all())
    assert procedure.kind == "procedure" and procedure.tasks.count() == 0
    assert plan.kind == "implementation_plan"
    roles = set(Assignment.objects.filter(task__document=plan).values_list("role", flat=True))
    assert roles == {"lead", "responsible"}
    both = [t for t in plan.tasks.all() if set(units_of(t).values()) == {"lead", "responsible"}]
    assert both
    lead = Assignment.objects.filter(task__document=plan, role="lead").values_list("unit__name", flat=True)
    assert "区人民政府办公室" in set(lead)
    # One stored copy of the source file for the three documents it holds.
    assert len({d.source_file.name for d in documents}) == 1 and documents[0].source_file.name
    assert {d.source_name for d in documents} == {seed_path("004").name}


def test_seed_004_plan_deadline_year_end_2019(registry):
    documents = import_seed("004")
    plan = documents[2]
    task = plan.tasks.filter(text__startswith="2019年12月底前").first()
    assert task is not None and task.due_on.isoformat() == "2019-12-31"


# -- refusing, replacing, dry runs --------------------------------------------------------------


def test_second_import_of_same_number_is_refused_and_changes_nothing(registry):
    import_seed("000")
    before = db_counts()
    with pytest.raises(CommandError):
        out, err = run_import(seed_path("000"), jurisdiction="薛城区")
    assert db_counts() == before
    with pytest.raises(CommandError) as refused:
        call_command("import_document", str(seed_path("000")), jurisdiction="薛城区", stdout=io.StringIO(),
                     stderr=io.StringIO())
    message = str(refused.value)  # what manage.py prints on stderr, one line
    assert "薛政办发〔2021〕14号" in message and "\n" not in message
    assert "already exists" in message and "--replace" in message


def test_replace_reimports_when_there_are_no_reports(registry):
    [first] = import_seed("000")
    [second] = import_seed("000", replace=True)
    assert not Document.objects.filter(pk=first.pk).exists()
    assert second.tasks.count() == 38
    assert Document.objects.filter(doc_number="薛政办发〔2021〕14号").count() == 1


def test_replace_is_refused_when_units_have_reported(registry):
    [document] = import_seed("000")
    assignment = Assignment.objects.filter(task__document=document).first()
    factories.report(assignment=assignment, author=factories.user())
    before = db_counts()
    with pytest.raises(CommandError) as refused:
        call_command("import_document", str(seed_path("000")), jurisdiction="薛城区", replace=True,
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert "progress reports" in str(refused.value)
    assert db_counts() == before
    assert Document.objects.filter(pk=document.pk).exists()


def test_dry_run_saves_nothing(registry):
    before = db_counts()
    out, _ = run_import(seed_path("004"), jurisdiction="薛城区", dry_run=True)
    assert "27 tasks" in out and "dry run" in out
    assert db_counts() == before


def test_json_prints_the_documented_shape(registry):
    out, _ = run_import(seed_path("000"), jurisdiction="薛城区", dry_run=True, json=True)
    data = json.loads(out)
    assert set(data) == {"documents", "warnings"}
    [doc] = data["documents"]
    assert set(doc) == {"doc_number", "title", "issuer", "issued_on", "year", "tasks"}
    assert doc["doc_number"] == "薛政办发〔2021〕14号" and doc["issued_on"] == "2021-06-23" and doc["year"] == 2021
    assert isinstance(doc["title"], str) and isinstance(doc["issuer"], str)
    assert len(doc["tasks"]) == 38
    for task in doc["tasks"]:
        assert set(task) == {"number", "section", "text", "units", "deadline", "flags"}
        assert isinstance(task["number"], str) and isinstance(task["text"], str)
        assert isinstance(task["section"], list) and all(isinstance(s, str) for s in task["section"])
        assert isinstance(task["flags"], list)
        assert set(task["deadline"]) == {"phrase", "kind", "due", "provisional"}
        assert isinstance(task["deadline"]["provisional"], bool)
        for unit in task["units"]:
            assert set(unit) == {"name", "role", "unit", "collective"}
            assert unit["role"] in {"lead", "responsible", "cooperating"}
            assert unit["unit"] is None or isinstance(unit["unit"], str)
            assert isinstance(unit["collective"], bool)
    big_data = next(t for t in doc["tasks"] if "大数据创新应用" in t["text"])
    assert big_data["units"] == [{"name": "区政府办公室〈区大数据局〉", "role": "responsible", "unit": "区大数据局",
                                  "collective": False}]
    closing = next(t for t in doc["tasks"] if "于7月15日前" in t["text"])
    assert closing["deadline"] == {"phrase": "于7月15日前", "kind": "fixed", "due": "2021-07-15", "provisional": False}
    for warning in data["warnings"]:
        assert set(warning) == {"document", "task", "message"}
        assert isinstance(warning["document"], int) and isinstance(warning["message"], str)
    assert not Document.objects.exists()


def test_gbk_copy_imports_the_same_as_utf8(registry, tmp_path):
    gbk = tmp_path / "000_gbk.txt"
    gbk.write_bytes(seed_bytes("000").decode("utf-8").encode("gbk"))
    utf8_json = json.loads(run_import(seed_path("000"), jurisdiction="薛城区", dry_run=True, json=True)[0])
    gbk_json = json.loads(run_import(gbk, jurisdiction="薛城区", dry_run=True, json=True)[0])
    assert gbk_json == utf8_json
    [document] = import_seed_path(gbk)
    assert document.tasks.count() == 38
    assert Assignment.objects.filter(task__document=document).count() > 300


def import_seed_path(path):
    before = set(Document.objects.values_list("pk", flat=True))
    run_import(path, jurisdiction="薛城区")
    return list(Document.objects.exclude(pk__in=before))


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_exit_non_zero_with_a_one_line_message_and_save_nothing(registry, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    before = db_counts()
    with pytest.raises(CommandError) as refused:
        call_command("import_document", str(path), jurisdiction="薛城区", stdout=io.StringIO(), stderr=io.StringIO())
    message = str(refused.value)  # what manage.py prints on stderr
    assert name in message and " / " not in message  # one language (a command speaks English)
    assert db_counts() == before


# -- the service's own rules ----------------------------------------------------------------------


def _preview(number="000"):
    jurisdiction = Jurisdiction.objects.get(name=SEED_JURISDICTION[number])
    return jurisdiction, build_preview(filename=f"{number}.txt", data=seed_bytes(number), jurisdiction=jurisdiction)


def test_decisions_set_a_tasks_units_and_create_unknown_units(registry):
    jurisdiction, preview = _preview("000")
    index = next(i for i, t in enumerate(preview["documents"][0]["tasks"]) if "互联网+执法" in t["text"])
    justice = Unit.objects.get(jurisdiction=jurisdiction, name="区司法局")
    [document] = document_import(
        preview=preview, jurisdiction=jurisdiction,
        decisions={"tasks": {f"0:{index}": {"units": {str(justice.pk): "lead"}, "names": {"区新设局": "cooperating"}}},
                   "create_units": ["区新设局"]},
    )
    task = document.tasks.get(order=index + 1)
    assert units_of(task) == {"区司法局": "lead", "区新设局": "cooperating"}
    assert Unit.objects.filter(jurisdiction=jurisdiction, name="区新设局").exists()


def test_decisions_with_a_unit_of_another_jurisdiction_are_refused(registry):
    jurisdiction, preview = _preview("000")
    foreign = Unit.objects.filter(jurisdiction__name="冠县").first()
    before = db_counts()
    with translation.override("en"), pytest.raises(DocumentImportError, match="not a unit of 薛城区"):
        document_import(preview=preview, jurisdiction=jurisdiction,
                        decisions={"tasks": {"0:0": {"units": {str(foreign.pk): "lead"}}}})
    with translation.override("en"), pytest.raises(DocumentImportError, match="Invalid role"):
        document_import(preview=preview, jurisdiction=jurisdiction,
                        decisions={"tasks": {"0:0": {"units": {str(Unit.objects.filter(
                            jurisdiction=jurisdiction).first().pk): "boss"}}}})
    assert db_counts() == before


def test_replace_documents_replaces_only_the_listed_document(registry):
    jurisdiction, preview = _preview("004")
    document_import(preview=preview, jurisdiction=jurisdiction)
    before = db_counts()
    with pytest.raises(DocumentImportError, match="薛政办发〔2019〕19号"):
        document_import(preview=preview, jurisdiction=jurisdiction, decisions={"replace_documents": [0]})
    assert db_counts() == before
    saved = document_import(preview=preview, jurisdiction=jurisdiction,
                            decisions={"replace_documents": [0], "skip_documents": [1, 2]})
    assert [d.doc_number for d in saved] == ["薛政办发〔2019〕18号"]
    assert Document.objects.filter(jurisdiction=jurisdiction).count() == 3


def test_preview_for_another_jurisdiction_is_refused(registry):
    _, preview = _preview("000")
    with pytest.raises(DocumentImportError):
        document_import(preview=preview, jurisdiction=Jurisdiction.objects.get(name="冠县"))
    assert not Document.objects.exists()


def test_invalid_document_fields_are_refused_with_a_message(registry):
    jurisdiction = Jurisdiction.objects.get(name="薛城区")
    unit = Unit.objects.filter(jurisdiction=jurisdiction).first()
    preview = synthetic_preview(jurisdiction=jurisdiction, unit_ids=[unit.pk], tasks=1)
    preview["documents"][0]["kind"] = "memo"
    with pytest.raises(DocumentImportError, match="测试〔2021〕1号"):
        document_import(preview=preview, jurisdiction=jurisdiction)
    assert not Document.objects.exists()
