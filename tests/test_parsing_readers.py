"""Reading uploads: encodings, junk, Word and Excel files (with merged cells), corrupt files."""

import io
import os
import zipfile

import docx
import openpyxl
import pytest

from tasks.parsing import ParseError, parse_bytes
from tasks.parsing.readers import decode_text, read_docx, read_xlsx

SAMPLE = (
    "某政办发〔2022〕3号\n\n关于印发2022年某区政务公开工作要点的通知\n\n各部门：\n\n"
    "2022年某区政务公开工作要点\n\n一、深化公开\n\n"
    "（一）推进重大事项公开。主动公开规划信息。（责任单位：区发改局、区财政局）\n"
)


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-8-sig"),
        SAMPLE.encode("utf-16"),
        SAMPLE.encode("gbk"),
        SAMPLE.encode("gb18030"),
    ],
)
def test_text_encodings(data):
    assert decode_text(data) == SAMPLE
    [document] = parse_bytes("要点.txt", data)
    assert document.doc_number == "某政办发〔2022〕3号"
    assert [u.name for u in document.tasks[0].units] == ["区发改局", "区财政局"]


@pytest.mark.parametrize("data", [b"", b"   \n\t ", "\ufeff".encode("utf-8")])
def test_empty_input(data):
    with pytest.raises(ParseError) as info:
        decode_text(data)
    assert info.value.code == "empty"
    assert str(info.value) == "empty"  # a code, no sentence: the words are chosen where it is shown


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03binary\x00junk",
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        os.urandom(0) + bytes([0x81, 0x30, 0x81]) * 10 + b"\x1b\x1c\x1d\x1e" * 30,
    ],
)
def test_binary_junk_is_rejected(data):
    with pytest.raises(ParseError) as info:
        decode_text(data)
    assert info.value.code == "binary"


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("某政办发〔2022〕5号")
    document.add_paragraph("关于印发2022年某区政务公开工作要点的通知")
    document.add_paragraph("各部门：")
    document.add_paragraph("2022年某区政务公开工作要点")
    document.add_paragraph("一、深化重点领域信息公开")
    document.add_paragraph("（一）推进重大事项公开。主动公开规划信息。做好开发区改革进展公开。")
    document.add_paragraph("附件：任务分解表")
    table = document.add_table(rows=4, cols=4)
    header = table.rows[0].cells
    header[0].merge(header[1]).text = "工作任务"
    header[2].text = "具体要求"
    header[3].text = "责任单位"
    category = table.cell(1, 0).merge(table.cell(3, 0))
    category.text = "深化重点领域信息公开"
    subtask = table.cell(1, 1).merge(table.cell(2, 1))
    subtask.text = "推进重大事项公开"
    table.cell(3, 1).text = "推进改革公开"
    table.cell(1, 2).text = "主动公开规划信息。"
    table.cell(1, 3).text = "区发改局、区财政局"
    table.cell(2, 2).text = "做好开发区改革进展公开。"
    table.cell(2, 3).text = "区政府办公室牵头，区司法局配合"
    table.cell(3, 2).text = "推进综合改革信息公开。"
    table.cell(3, 3).text = "各镇街"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_body_order_and_merged_cells():
    blocks = read_docx(_docx_bytes())
    kinds = [b.kind for b in blocks]
    assert kinds.index("table") == 7
    table = blocks[7]
    assert table.rows[0] == ["工作任务", "", "具体要求", "责任单位"]  # horizontal merge kept once
    assert [row[0] for row in table.rows[1:]] == ["深化重点领域信息公开"] * 3  # vertical merge carried down
    assert [row[1] for row in table.rows[1:]] == ["推进重大事项公开", "推进重大事项公开", "推进改革公开"]


def test_docx_document_uses_the_annex_table():
    [document] = parse_bytes("要点.docx", _docx_bytes())
    assert document.doc_number == "某政办发〔2022〕5号"
    assert len(document.tasks) == 3
    assert document.tasks[0].section_path == ["深化重点领域信息公开", "推进重大事项公开"]
    roles = [(u.name, u.role) for u in document.tasks[1].units]
    assert roles == [("区政府办公室", "lead"), ("区司法局", "cooperating")]


def _xlsx_bytes(with_header: bool = True) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["2022年某区政务公开工作任务分解表"])
    sheet.merge_cells("A1:E1")
    if with_header:
        sheet.append(["序号", "重点任务", "具体要求", "责任单位", "完成时限"])
    sheet.append([1, "深化信息公开", "主动公开规划信息。", "区发改局", "2022年6月底前"])
    sheet.append([2, None, "做好改革进展公开。", "办公室牵头，各科室配合", "持续"])
    sheet.append([3, None, "做好数据开放工作。", None, None])
    sheet.merge_cells("B3:B5")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_rows_with_merged_ranges_filled():
    rows = read_xlsx(_xlsx_bytes())
    assert rows[0][:2] == ["2022年某区政务公开工作任务分解表"] * 2
    assert [row[1] for row in rows[2:5]] == ["深化信息公开"] * 3


def test_xlsx_becomes_a_task_table_document():
    [document] = parse_bytes("分解表.xlsx", _xlsx_bytes())
    assert document.kind == "task_table"
    assert document.title == "2022年某区政务公开工作任务分解表"
    assert document.year == 2022
    assert [t.number for t in document.tasks] == ["1", "2", "3"]
    assert document.tasks[0].deadline_text == "2022年6月底前"
    roles = [(u.name, u.role) for u in document.tasks[1].units]
    assert roles == [("办公室", "lead"), ("各科室", "cooperating")]
    assert document.tasks[2].flags == ["needs_units", "from_annex"]


def test_xlsx_without_header():
    with pytest.raises(ParseError) as info:
        parse_bytes("表.xlsx", _xlsx_bytes(with_header=False))
    assert info.value.code == "no_header"


def test_corrupt_zip_files():
    broken = _docx_bytes()[:300]
    with pytest.raises(ParseError) as info:
        parse_bytes("要点.docx", broken)
    assert info.value.code == "corrupt"
    with pytest.raises(ParseError):
        parse_bytes("表.xlsx", b"PK\x03\x04 not really a zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not-xml")
    with pytest.raises(ParseError) as info:
        parse_bytes("要点.docx", buffer.getvalue())
    assert info.value.code == "corrupt"


def test_legacy_and_unsupported_files():
    with pytest.raises(ParseError) as info:
        parse_bytes("要点.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert info.value.code == "unsupported"
    with pytest.raises(ParseError) as info:
        parse_bytes("图片.png", SAMPLE.encode("utf-8"))
    assert info.value.code == "unsupported"


def test_content_decides_over_extension():
    [document] = parse_bytes("uploaded.txt", _docx_bytes())
    assert document.doc_number == "某政办发〔2022〕5号"
