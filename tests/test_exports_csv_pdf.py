"""CSV and PDF are built from the same rows as the workbook; PDFs carry Chinese text in an embedded font."""

import csv
import io
import re
import subprocess
from datetime import date

import pytest

from tasks.exports import export_to_file
from tasks.exports.pdf import _url_fetcher, font_context
from tasks.exports.report import DocumentReport
from tasks.exports.rows import HEADER, document_ledger
from tasks.exports.scopes import FULL_ACCESS
from tasks.selectors.assignments import LightWindow
from tests import factories
from tests.factories_exports import INJECTIONS, TODAY, ledger_document
from tests.test_exports_xlsx import FIRST_DATA_ROW, workbook_of

WINDOW = LightWindow(today=TODAY, soon_until=date(2021, 7, 19))


@pytest.fixture
def ledger(world):
    data = ledger_document(world)
    for number, text in enumerate(INJECTIONS):
        factories.assignment(task=factories.task(document=data.document, text=text, order=100 + number),
                             unit=world.unit)
    return document_ledger(document=data.document, access=FULL_ACCESS, window=WINDOW)


def csv_bytes(ledger) -> bytes:
    out = io.BytesIO()
    export_to_file(ledger, "csv", out)
    return out.getvalue()


def pdf_text_and_fonts(path) -> tuple[str, str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = "".join(text.split())  # pdftotext spaces CJK text unpredictably
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return text, fonts


def assert_fonts_embedded(fonts: str):
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows, fonts
    # columns: name type… encoding emb sub uni object ID; "emb" is the fifth field from the end
    assert all(row[-5] == "yes" for row in rows), fonts


def test_csv_has_a_bom_and_the_same_rows_as_the_workbook(ledger):
    raw = csv_bytes(ledger)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == HEADER
    ws = workbook_of(ledger)["工作台账"]
    sheet_rows = [
        ["" if c.value is None else str(c.value) for c in row] for row in ws.iter_rows(min_row=FIRST_DATA_ROW)
    ]
    assert rows[1:] == sheet_rows
    assert "2021年年底前\n2021-12-31" in rows[3]


def test_csv_is_formula_safe(ledger):
    rows = list(csv.reader(io.StringIO(csv_bytes(ledger).decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")) for cell in cells)
    for text in INJECTIONS:
        assert "'" + text in cells
    assert not any("\x01" in cell or "\x0b" in cell for cell in cells)


def test_ledger_pdf_has_chinese_text_in_an_embedded_font(ledger, tmp_path):
    path = tmp_path / "ledger.pdf"
    with path.open("wb") as out:
        export_to_file(ledger, "pdf", out)
    text, fonts = pdf_text_and_fonts(path)
    assert "2021年薛城区政务公开工作要点" in text
    assert "工作台账" in text and "具体要求" in text and "区发改局（牵头）" in text
    assert "一、深化重点领域政府信息公开" in text
    assert re.search(r"第1页/共\d+页", text) and "生成日期：2021年7月12日" in text
    assert_fonts_embedded(fonts)


def test_document_report_pdf(world, tmp_path):
    data = ledger_document(world)
    path = tmp_path / "report.pdf"
    with path.open("wb") as out:
        DocumentReport(document=data.document, access=FULL_ACCESS, window=WINDOW).write(out)
    text, fonts = pdf_text_and_fonts(path)
    assert "2021年薛城区政务公开工作要点落实情况报告" in text
    assert "按单位完成情况" in text and "按章节完成情况" in text
    assert "做好政策解读" in text  # the overdue task
    assert "http://www.xuecheng.gov.cn/gk/1.html" in text  # evidence of the recently completed task
    assert "javascript:" not in text
    assert "第1页/共" in text
    assert_fonts_embedded(fonts)


def test_pdf_rendering_may_fetch_only_the_font():
    fetcher = _url_fetcher({font_context()["font_url"]})
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
