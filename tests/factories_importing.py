"""Builders for the import tests: the registry and calendar, seed files, task tables, previews."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tasks.models import CalendarDay, CalendarYear
from units.models import CollectiveReference, Jurisdiction, Unit, UnitAlias

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "documents"
SEED_JURISDICTION = {"000": "薛城区", "001": "台儿庄区", "002": "临沂临港经济开发区", "003": "冠县", "004": "薛城区"}


def registry_and_calendar() -> None:
    """The registry fixture and the official calendars of the seeds' years."""
    call_command("load_registry", str(Path(settings.BASE_DIR) / "fixtures" / "registry.json"), stdout=io.StringIO())
    call_command(
        "sync_holidays", "--year", "2019", "--year", "2020", "--year", "2021", "--year", "2023", stdout=io.StringIO()
    )


def registry_and_calendar_clear() -> None:
    """Remove what :func:`registry_and_calendar` wrote (and its history), children before parents."""
    CollectiveReference.objects.all().delete()
    UnitAlias.objects.all().delete()
    while Unit.objects.exists():
        Unit.objects.filter(children__isnull=True).delete()
    while Jurisdiction.objects.exists():
        Jurisdiction.objects.filter(children__isnull=True).delete()
    CalendarDay.objects.all().delete()
    CalendarYear.objects.all().delete()
    for model in (Unit, Jurisdiction, CalendarDay, CalendarYear):
        if hasattr(model, "history"):
            model.history.model.objects.all().delete()


@pytest.fixture(scope="module")
def module_registry(django_db_setup, django_db_blocker):
    """The registry and calendar loaded once for a whole test module (they take ~0.5 s to load).

    Tests still run in their own rolled-back transactions on top of it; the rows are removed
    when the module ends so that other modules start from an empty database.
    """
    with django_db_blocker.unblock():
        registry_and_calendar()
    yield
    with django_db_blocker.unblock():
        registry_and_calendar_clear()


def seed_path(number: str) -> Path:
    return next(SEEDS.glob(f"{number}_*.txt"))


def seed_bytes(number: str) -> bytes:
    return seed_path(number).read_bytes()


def task_table_xlsx() -> bytes:
    """A 任务分解表 as offices send it: a title row, merged 工作任务 cells, 牵头/配合 columns."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "任务分解表"
    ws.append(["2021年薛城区政务公开重点工作任务分解表"])
    ws.merge_cells("A1:E1")
    ws.append(["工作任务", "具体要求", "牵头单位", "配合单位", "完成时限"])
    ws.append(
        ["推进重大事项领域政务公开", "主动公开“十四五”规划和专项规划。", "区发改局", "区自然资源局", "2021年年底前"]
    )
    ws.append([None, "做好历史规划的归集整理和主动公开工作。", "区发改局", "区财政局", "2021年年底前"])
    ws.merge_cells("A3:A4")
    ws.append(["推进经济循环领域政务公开", "稳步扩大财政预决算公开范围。", "区财政局", "区审计局", "2021年年底前"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def synthetic_preview(*, jurisdiction, unit_ids: list[int], tasks: int, doc_number: str = "测试〔2021〕1号") -> dict:
    """A preview dict in the shape build_preview returns, with ``tasks`` tasks (no parser needed)."""
    task_list = []
    for i in range(tasks):
        unit_id = unit_ids[i % len(unit_ids)]
        task_list.append(
            {
                "number": str(i + 1),
                "section": ["一、测试", "（一）测试"],
                "section_key": "1.1",
                "heading": "",
                "text": f"第{i + 1}项测试任务。",
                "units": [
                    {"name": "区某局", "role": "lead", "unit": "区某局", "unit_id": unit_id, "collective": False,
                     "collective_id": None, "member_ids": [], "vague": False, "method": "exact"},
                    {"name": "区政府有关部门", "role": "responsible", "unit": None, "unit_id": None,
                     "collective": True, "collective_id": 1, "member_ids": [], "vague": True, "method": "collective"},
                ],
                "deadline": {"phrase": "2021年年底前", "kind": "fixed", "due": "2021-12-31", "provisional": False},
                "flags": ["vague_units"],
                "suggestions": [],
                "suggested_unit_ids": [],
            }
        )
    return {
        "jurisdiction": jurisdiction.name,
        "jurisdiction_id": jurisdiction.pk,
        "filename": "test.txt",
        "documents": [
            {
                "doc_number": doc_number,
                "title": "2021年测试政务公开工作要点",
                "issuer": "测试办公室",
                "issued_on": "2021-06-23",
                "year": 2021,
                "kind": "work_points",
                "addressees": [],
                "exists": False,
                "sections": [
                    {"key": "1", "label": "一", "title": "测试", "level": 1, "parent_key": None, "order": 1},
                    {"key": "1.1", "label": "（一）", "title": "测试", "level": 2, "parent_key": "1", "order": 2},
                ],
                "tasks": task_list,
            }
        ],
        "warnings": [{"document": 0, "task": 0, "message": "测试警告 / test warning"}],
        "unknown_units": [],
    }


def _corrupt_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><unclosed")
    return buffer.getvalue()


BAD_FILES = {
    "empty.txt": b"",
    "junk.txt": bytes(range(256)) * 40,
    "broken.docx": b"PK\x03\x04 this is not really a zip archive",
    "corrupt.docx": _corrupt_docx(),
    "notes.txt": "今天天气很好。\n我们去公园散步。\n".encode(),
    "table.pdf": b"%PDF-1.4 fake",
}
