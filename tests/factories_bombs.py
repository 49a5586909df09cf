"""Hostile uploads, built by hand with zipfile: kilobytes on disk, billions of cells or paragraphs inside.

Each is a minimal but well-formed Office package, so without the import limits python-docx and
openpyxl would open it and start building what it describes.
"""

import io
import random
import zipfile

_CONTENT_TYPES_XLSX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="{target}"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="{dimension}"/>'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>工作任务</t></is></c></row></sheetData>'
    '<mergeCells count="1"><mergeCell ref="{merged}"/></mergeCells>'
    "</worksheet>"
)


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def xlsx_merged_bomb(merged: str = "A1:XFD1048576", dimension: str = "A1") -> bytes:
    """A workbook whose one sheet has a single merged range (openpyxl makes an object per merged cell)."""
    return _zip({
        "[Content_Types].xml": _CONTENT_TYPES_XLSX,
        "_rels/.rels": _ROOT_RELS.format(target="xl/workbook.xml"),
        "xl/workbook.xml": _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": _SHEET.format(dimension=dimension, merged=merged),
    })


_CONTENT_TYPES_DOCX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


def docx_paragraph_bomb(paragraphs: int = 200_000) -> bytes:
    """A document of ``paragraphs`` short numbered paragraphs (each would become a task); the
    numbers vary, so it compresses like a real document and only the paragraph count refuses it."""
    rng = random.Random(paragraphs)
    body = "".join(f"<w:p><w:r><w:t>{i}. 做好{rng.randrange(10**9)}公开。</w:t></w:r></w:p>" for i in range(paragraphs))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    return _zip({
        "[Content_Types].xml": _CONTENT_TYPES_DOCX,
        "_rels/.rels": _ROOT_RELS.format(target="word/document.xml"),
        "word/document.xml": document,
    })


def docx_dtd_bomb() -> bytes:
    """Billion laughs in a document part."""
    entities = '<!ENTITY a "ha">' + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                                             for i in range(8))
    document = (
        f'<?xml version="1.0"?><!DOCTYPE d [{entities}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _zip({
        "[Content_Types].xml": _CONTENT_TYPES_DOCX,
        "_rels/.rels": _ROOT_RELS.format(target="word/document.xml"),
        "word/document.xml": document,
    })


def zip_ratio_bomb(megabytes: int = 50) -> bytes:
    """A .docx whose one extra member unpacks from ~50 KB to ``megabytes`` MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES_DOCX)
        archive.writestr("word/media/zeros.bin", b"\x00" * (megabytes * 1024 * 1024))
    return buffer.getvalue()


def big_text(megabytes: int = 10) -> bytes:
    """A work-point text repeated to ``megabytes`` MB."""
    line = "（一）深化重点领域政府信息公开，做好财政预决算公开。（责任单位：区财政局）\n".encode()
    return line * (megabytes * 1024 * 1024 // len(line) + 1)


def many_lines_text(lines: int = 60_000) -> bytes:
    """Under the size limit but over the line limit: one short line after another."""
    return "一、公开\n".encode() + b"x\n" * lines
