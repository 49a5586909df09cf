"""manage.py export_ledger writes the same exports as the download buttons."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tasks.models import Document
from tests import factories
from tests.factories_exports import ledger_document


@pytest.fixture
def data(world):
    return ledger_document(world)


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_ledger", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("by", ["doc_number", "pk"])
def test_command_writes_the_workbook(data, tmp_path, by):
    path = tmp_path / "ledger.xlsx"
    run("--document", str(getattr(data.document, by)), "--format", "xlsx", "-o", str(path))
    ws = load_workbook(path)["工作台账"]
    assert ws["A1"].value == "2021年薛城区政务公开工作要点工作台账"
    assert sum(isinstance(row[0].value, int) for row in ws.iter_rows(min_row=4)) == 6


def test_command_writes_one_units_csv(world, data, tmp_path):
    path = tmp_path / "caizheng.csv"
    run("--document", data.document.doc_number, "--unit", "区财政局", "--format", "csv", "-o", str(path))
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    assert {row[3] for row in rows[1:] if row[0].isdigit()} == {"区财政局"}


def test_command_writes_the_report(data, tmp_path):
    path = tmp_path / "report.pdf"
    run("--document", str(data.document.pk), "--report", "-o", str(path))
    assert path.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    "args,message",
    [
        (["--document", "薛政办发〔2099〕1号"], "No document"),
        (["--document", "薛政办发〔2021〕14号", "--unit", "区不存在局"], "No unit named"),
    ],
)
def test_command_refuses_unknown_names(data, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args, "-o", str(tmp_path / "x.xlsx"))


def test_command_asks_to_disambiguate_a_shared_document_number(world, data, tmp_path):
    factories.document(jurisdiction=world.other_j, doc_number=data.document.doc_number)
    with pytest.raises(CommandError, match="several documents"):
        run("--document", data.document.doc_number, "-o", str(tmp_path / "x.xlsx"))
    run("--document", data.document.doc_number, "--jurisdiction", "薛城区", "-o", str(tmp_path / "x.xlsx"))
    assert (tmp_path / "x.xlsx").exists()


def test_imported_seed_000_exports(db, tmp_path):
    call_command("load_registry", str(Path(settings.BASE_DIR) / "fixtures/registry.json"), stdout=io.StringIO())
    manifest = json.loads((Path(settings.BASE_DIR) / "fixtures/documents/manifest.json").read_text("utf-8"))
    entry = next(e for e in manifest if e["file"].startswith("000_"))
    path = Path(settings.BASE_DIR) / "fixtures/documents" / entry["file"]
    call_command("import_document", str(path), jurisdiction=entry["jurisdiction"], stdout=io.StringIO())
    document = Document.objects.get(doc_number="薛政办发〔2021〕14号")
    out = tmp_path / "seed000.xlsx"
    run("--document", document.doc_number, "-o", str(out))
    ws = load_workbook(out)["工作台账"]
    assert "2021年薛城区政务公开工作要点" in ws["A1"].value
    tasks = [row for row in ws.iter_rows(min_row=4) if isinstance(row[0].value, int)]
    assert len(tasks) == document.tasks.count() >= 30
    assert any("区财政局" in (row[3].value or "") for row in tasks)
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
