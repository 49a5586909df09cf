"""The Excel ledger: layout, section rows, lights, summary sheet and formula safety (loaded back)."""

import io
from datetime import date, datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tasks.exports import export_to_file
from tasks.exports.rows import HEADER, document_ledger, unit_ledger
from tasks.exports.scopes import FULL_ACCESS
from tasks.exports.xlsx import FIRST_DATA_ROW, LIGHT_FILLS, text_width
from tasks.models import Light, ProgressReport
from tasks.selectors.assignments import LightWindow
from tests import factories
from tests.factories_exports import INJECTIONS, TODAY, ledger_document

WINDOW = LightWindow(today=TODAY, soon_until=date(2021, 7, 19))


def workbook_of(ledger):
    out = io.BytesIO()
    export_to_file(ledger, "xlsx", out)
    out.seek(0)
    return load_workbook(out)


def data_rows(ws):
    return list(ws.iter_rows(min_row=FIRST_DATA_ROW))


@pytest.fixture
def data(world):
    return ledger_document(world)


@pytest.fixture
def sheet(data):
    return workbook_of(document_ledger(document=data.document, access=FULL_ACCESS, window=WINDOW))["工作台账"]


def test_title_date_and_header_rows(sheet):
    assert sheet["A1"].value == "2021年薛城区政务公开工作要点工作台账"
    assert "薛政办发〔2021〕14号" in sheet["A2"].value and "生成日期：2021年7月12日" in sheet["A2"].value
    assert tuple(c.value for c in sheet[3]) == HEADER
    assert {"A1:H1", "A2:H2"} <= {str(r) for r in sheet.merged_cells.ranges}


def test_one_row_per_task_with_units_lead_first(sheet, data):
    rows = [r for r in data_rows(sheet) if isinstance(r[0].value, int)]
    assert [r[0].value for r in rows] == [1, 2, 3, 4, 5, 6]  # the world's task and the five built ones
    first = rows[1]
    assert first[2].value == "主动公开我区“十四五”规划和专项规划。"
    assert first[3].value == "区发改局（牵头）\n区财政局"
    assert first[4].value == "2021年年底前\n2021-12-31"
    assert first[5].value == "区发改局：=cmd|' /C calc'!A0（2021-07-05）"  # latest accepted report, dated
    assert first[6].value == "区发改局：已完成\n区财政局：未开始"
    assert rows[5][4].value.endswith("2022-01-20（暂定）")


def test_section_rows_are_merged_bold_and_shaded(sheet):
    merged = {str(r) for r in sheet.merged_cells.ranges}
    sections = [r for r in data_rows(sheet) if isinstance(r[0].value, str)]
    assert [r[0].value for r in sections] == ["一、深化重点领域政府信息公开", "二、加强和改进政策发布解读回应"]
    for row in sections:
        assert f"A{row[0].row}:H{row[0].row}" in merged
        assert row[0].font.b and row[0].fill.fgColor.rgb.endswith("EDEDED")


def test_light_cells_are_filled_by_colour(sheet):
    lights = {r[0].value: r[7] for r in data_rows(sheet) if isinstance(r[0].value, int)}
    assert lights[5].value == "逾期" and lights[5].fill.fgColor.rgb.endswith(LIGHT_FILLS[Light.RED])
    assert lights[3].value == "即将到期" and lights[3].fill.fgColor.rgb.endswith(LIGHT_FILLS[Light.YELLOW])
    assert lights[2].value == "正常推进" and lights[2].fill.fgColor.rgb.endswith(LIGHT_FILLS[Light.GREEN])
    assert lights[4].value == "无完成时限" and lights[4].fill.fgColor.rgb.endswith(LIGHT_FILLS[Light.GREY])


def test_sheet_is_set_up_for_printing_and_filtering(sheet):
    assert sheet.freeze_panes == f"A{FIRST_DATA_ROW}"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.auto_filter.ref == f"A3:H{sheet.max_row}"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["C"].width >= 40
    assert all(c.alignment.wrap_text for c in sheet[FIRST_DATA_ROW + 2])


def test_rows_are_tall_enough_for_wrapped_chinese_text(sheet):
    row = next(r for r in data_rows(sheet) if r[0].value == 6)
    assert sheet.row_dimensions[row[0].row].height >= 4 * 15  # the deadline cell wraps to four lines


def test_no_cell_is_a_formula_even_for_hostile_text(world, data):
    for number, text in enumerate(INJECTIONS):
        task = factories.task(document=data.document, text=text, heading=text, order=100 + number)
        factories.assignment(task=task, unit=world.unit)
    ws = workbook_of(document_ledger(document=data.document, access=FULL_ACCESS, window=WINDOW))["工作台账"]
    texts = set()
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), cell.value
                texts.add(cell.value)
    for text in INJECTIONS:
        assert "'" + text in texts


def test_illegal_control_characters_are_removed(sheet):
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "做好开发区体制机制改革进展情况公开。" in values
    assert not any("\x01" in v or "\x0b" in v for v in values)


def test_summary_sheet_has_completion_by_unit(data):
    wb = workbook_of(document_ledger(document=data.document, access=FULL_ACCESS, window=WINDOW))
    ws = wb["按单位汇总"]
    rows = {r[1].value: [c.value for c in r] for r in ws.iter_rows(min_row=FIRST_DATA_ROW)}
    assert rows["区发改局"][2:] == [2, 1, 1, 0, 0, 0, "50%"]
    assert rows["区市场监管局"][6] == 1  # overdue
    assert rows["合计"][2] == 8 and rows["合计"][3] == 1


def test_unit_ledger_has_one_row_per_assignment_under_document_rows(world, data):
    ws = workbook_of(unit_ledger(unit=world.unit, access=FULL_ACCESS, window=WINDOW))["工作台账"]
    rows = data_rows(ws)
    assert rows[0][0].value == str(data.document)  # the document is the section row
    units = [r[3].value for r in rows[1:]]
    assert units == ["区财政局"] * 3
    assert rows[2][1].value == "一、深化重点领域政府信息公开\n（一）推进重大事项领域政务公开"


def test_text_width_counts_chinese_double():
    assert text_width("区财政局") == 8 and text_width("abc") == 3


def test_rows_take_a_fixed_number_of_queries(world, data, django_assert_num_queries):
    for n in range(5):
        factories.assignment(task=factories.task(document=data.document, order=200 + n), unit=world.other_unit)
    ledger = document_ledger(document=data.document, access=FULL_ACCESS, window=WINDOW)
    # Tasks, their assignments and those assignments' latest accepted reports (per chunk of 2,000).
    with django_assert_num_queries(3):
        assert sum(1 for _ in ledger.rows()) == 11 + 2
    with django_assert_num_queries(2):
        assert sum(1 for _ in unit_ledger(unit=world.unit, access=FULL_ACCESS, window=WINDOW).rows()) == 4


def test_nested_unit_is_named_as_in_the_documents(world, data):
    office = factories.unit(jurisdiction=world.j, name="区人民政府办公室", short_name="区政府办公室")
    bureau = factories.unit(jurisdiction=world.j, name="区大数据局", parent=office)
    factories.assignment(task=data.tasks[2], unit=bureau, role="lead")
    rows = list(document_ledger(document=data.document, access=FULL_ACCESS, window=WINDOW).rows())
    row = next(r for r in rows if not r.is_section and r.cells[2].startswith("=HYPERLINK"))
    assert bureau.display_name == "区政府办公室〈区大数据局〉"
    assert row.cells[3] == "区政府办公室〈区大数据局〉（牵头）\n区市场监管局"


def test_a_report_that_starts_with_a_formula_stays_text(data):
    ws = workbook_of(unit_ledger(unit=data.third, access=FULL_ACCESS, window=WINDOW))["工作台账"]
    progress = next(r[5] for r in data_rows(ws) if r[0].value == 1)
    assert progress.value == "'=cmd|' /C calc'!A0（2021-07-05）"
    assert progress.data_type == "s"


def _workbook_snapshot(data):
    """Every cell of both sheets: value, type, number format, font, fill, border, alignment; row
    heights and merged ranges."""
    from tasks.exports.xlsx import LEDGER_SHEET, SUMMARY_SHEET

    wb = workbook_of(document_ledger(document=data.document, access=FULL_ACCESS, window=WINDOW))
    sheets = {}
    for name in (LEDGER_SHEET, SUMMARY_SHEET):
        ws = wb[name]
        cells = [
            (c.coordinate, c.value, c.data_type, c.number_format,
             (c.font.name, c.font.sz, c.font.b, c.font.i, c.font.color and c.font.color.rgb),
             (c.fill.fill_type, c.fill.fgColor.rgb),
             tuple((side.style, side.color and side.color.rgb)
                   for side in (c.border.left, c.border.right, c.border.top, c.border.bottom)),
             (c.alignment.horizontal, c.alignment.vertical, c.alignment.wrap_text))
            for row in ws.iter_rows() for c in row
        ]
        heights = {i: ws.row_dimensions[i].height for i in range(1, ws.max_row + 1)}
        sheets[name] = cells, heights, {str(r) for r in ws.merged_cells.ranges}
    return sheets


def test_fast_and_public_openpyxl_paths_write_the_same_cells_and_styles(data, monkeypatch):
    from tasks.exports import xlsx

    assert xlsx.fast_path_available()  # the pinned openpyxl is a verified one
    fast = _workbook_snapshot(data)
    monkeypatch.setattr(xlsx, "FAST_PATH", False)
    public = _workbook_snapshot(data)
    assert public == fast
    ledger_cells = fast[xlsx.LEDGER_SHEET][0]
    assert any(cell[5] == ("solid", "00" + xlsx.HEADER_FILL) for cell in ledger_cells)  # styles were compared


def test_an_unverified_openpyxl_version_takes_the_public_path(data, monkeypatch):
    import openpyxl

    from tasks.exports import xlsx

    fast = _workbook_snapshot(data)
    monkeypatch.setattr(openpyxl, "__version__", "3.2.0")
    assert not xlsx.fast_path_available()

    def private_path(*args, **kwargs):
        raise AssertionError("the private-attribute path was used")

    monkeypatch.setattr(xlsx._SheetWriter, "_row_cells", private_path)
    assert _workbook_snapshot(data) == fast


def _mixed_row_sheet(fast: bool):
    """A sheet written by _SheetWriter with one row of every kind of value, loaded back."""
    from openpyxl import Workbook

    from tasks.exports import xlsx

    xlsx.FAST_PATH = fast
    try:
        wb = Workbook(write_only=True)
        sheet = xlsx._SheetWriter(wb.create_sheet("s"), (10,) * 7)
        styles = sheet.styles
        assert sheet.fast is fast
        sheet.append([date(2021, 7, 1), 1.5, True, "=1+1", None, 7, "文本"], [styles.text] * 6 + [styles.header])
        sheet.append(["second", date(2021, 8, 2), None, None, None, None, 3], [styles.centered] * 7)
        out = io.BytesIO()
        wb.save(out)
    finally:
        xlsx.FAST_PATH = True
    ws = load_workbook(io.BytesIO(out.getvalue())).active
    return [[(c.coordinate, c.value, c.data_type, c.number_format, c.border.left.style, c.fill.fgColor.rgb)
             for c in row] for row in ws.iter_rows()]


def test_the_fast_path_hands_dates_floats_and_bools_to_openpyxl_like_the_public_path():
    fast = _mixed_row_sheet(True)
    assert fast == _mixed_row_sheet(False)
    first = fast[0]
    assert first[0][1] == datetime(2021, 7, 1) and first[0][3] != "General"  # typed as a date
    assert first[1][1] == 1.5 and first[2][1] is True
    assert first[3][1] == "'=1+1" and first[3][2] == "s"  # never a formula
    assert fast[1][1][0] == "B2" and fast[1][1][1] == datetime(2021, 8, 2)


def test_the_fast_path_needs_its_private_attributes_too(monkeypatch):
    from tasks.exports import xlsx

    class Sheet:  # a verified version, but a worksheet without _values_to_row
        parent = None

    assert xlsx.fast_path_available(version="3.1.5")
    assert not xlsx.fast_path_available(Sheet(), version="3.1.5")
    assert not xlsx.fast_path_available(version="3.1.0")


def test_progress_is_the_latest_accepted_report_of_each_unit(world, data):
    def report(assignment, text, state, day):
        made = factories.report(assignment=assignment, author=world.office, text=text, state=state)
        ProgressReport.objects.filter(pk=made.pk).update(created_at=timezone.make_aware(datetime(2021, 7, day, 9)))

    accepted, returned = ProgressReport.State.ACCEPTED, ProgressReport.State.RETURNED
    report(data.responsible, "六月的进展", accepted, 1)
    report(data.responsible, "七月的进展", accepted, 8)
    report(data.responsible, "被退回的报告", returned, 9)
    rows = list(unit_ledger(unit=world.unit, access=FULL_ACCESS, window=WINDOW).rows())
    progress = [r.cells[5] for r in rows if not r.is_section]
    assert "七月的进展（2021-07-08）" in progress
    assert not any("六月" in p or "退回" in p for p in progress)
