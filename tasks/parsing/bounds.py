"""Check an upload against the import limits before any parser or Office library touches it.

Text is checked by size and line count. A .docx / .xlsx is a zip: its directory gives the
declared sizes (zipfile never inflates a member past its declared size, so these bound what
python-docx and openpyxl can unpack), then every XML part is streamed once through expat —
no tree is built — counting what the libraries would build: paragraphs, tables and cells of a
document; sheets, cells, the dimension, each cell address and each merged range of a workbook.
Counting stops at the first limit passed, so a bomb is refused after reading a few kilobytes.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from xml.parsers import expat

from .limits import MB, ImportLimitExceeded, ImportLimits
from .model import ParseError

_WORD_NS = {"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            "http://purl.oclc.org/ooxml/wordprocessingml/main"}
_SHEET_NS = {"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
             "http://purl.oclc.org/ooxml/spreadsheetml/main"}
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_CENTRAL_DIRECTORY = b"PK\x01\x02"
_CHUNK = 64 * 1024
_RATIO_FLOOR = MB  # members smaller than this unpacked are never a bomb, whatever their ratio
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})?\$?(\d+)?$")


def check_text(data: bytes, limits: ImportLimits) -> None:
    if len(data) > limits.text_bytes:
        raise ImportLimitExceeded("text_bytes", limits.text_bytes, len(data))


def check_text_lines(text: str, limits: ImportLimits) -> None:
    lines = text.count("\n") + 1
    if lines > limits.text_lines:
        raise ImportLimitExceeded("text_lines", limits.text_lines, lines)


def check_tasks(count: int, limits: ImportLimits) -> None:
    if count > limits.tasks:
        raise ImportLimitExceeded("tasks", limits.tasks, count)


def corrupt(kind: str) -> ParseError:
    return ParseError("corrupt", {"kind": f".{kind}"})


def check_zip_envelope(data: bytes, limits: ImportLimits) -> None:
    """File size and number of members, before zipfile lists them (each has a 46-byte directory
    entry: 20 MB could list 400,000 members, and zipfile builds an object for each)."""
    if len(data) > limits.file_bytes:
        raise ImportLimitExceeded("file_bytes", limits.file_bytes, len(data))
    if data.count(_CENTRAL_DIRECTORY) > limits.zip_members:
        raise ImportLimitExceeded("zip_members", limits.zip_members)


def check_office(data: bytes, kind: str, limits: ImportLimits) -> None:
    """Refuse a .docx / .xlsx beyond a limit (ImportLimitExceeded) or unreadable (ParseError)."""
    check_zip_envelope(data, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise corrupt(kind) from exc
    _check_directory(infos, len(data), limits)
    counter = _WordCounter(limits) if kind == "docx" else _SheetCounter(limits)
    for info in infos:
        if info.filename.lower().endswith(_XML_SUFFIXES) and not info.is_dir():
            try:
                _stream(archive, info, counter)
            except ImportLimitExceeded:
                raise
            except (expat.ExpatError, zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError,
                    ValueError, OSError, EOFError) as exc:
                raise corrupt(kind) from exc


def _check_directory(infos: list[zipfile.ZipInfo], packed: int, limits: ImportLimits) -> None:
    if len(infos) > limits.zip_members:
        raise ImportLimitExceeded("zip_members", limits.zip_members, len(infos))
    total = sum(info.file_size for info in infos)
    if total > limits.unzipped_bytes:
        raise ImportLimitExceeded("unzipped_bytes", limits.unzipped_bytes, total)
    xml = sum(info.file_size for info in infos if info.filename.lower().endswith(_XML_SUFFIXES))
    if xml > limits.xml_bytes:
        raise ImportLimitExceeded("xml_bytes", limits.xml_bytes, xml)
    for info in infos:
        if info.file_size > _RATIO_FLOOR and info.file_size > limits.compression_ratio * max(info.compress_size, 1):
            raise ImportLimitExceeded("compression_ratio", limits.compression_ratio,
                                      info.file_size // max(info.compress_size, 1))
    if total > _RATIO_FLOOR and total > limits.compression_ratio * max(packed, 1):
        raise ImportLimitExceeded("compression_ratio", limits.compression_ratio, total // max(packed, 1))


def _stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo, counter: _Counter) -> None:
    """Feed one member through expat in chunks; a DTD anywhere is refused (entity expansion)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = counter.start
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    counter.begin_part()
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)
    counter.end_part()


def _no_dtd(*_args) -> None:
    raise ImportLimitExceeded("xml_dtd")


class _Counter:
    def __init__(self, limits: ImportLimits) -> None:
        self.limits = limits
        self.elements = 0

    def begin_part(self) -> None:
        pass

    def end_part(self) -> None:
        pass

    def start(self, name: str, attrs: dict) -> None:
        self.elements += 1
        if self.elements > self.limits.xml_elements:
            raise ImportLimitExceeded("xml_elements", self.limits.xml_elements)
        namespace, _, local = name.rpartition(" ")
        self.element(namespace, local, attrs)

    def element(self, namespace: str, local: str, attrs: dict) -> None:
        raise NotImplementedError


def _bump(counts: dict[str, int], name: str, limit: int) -> None:
    counts[name] = counts.get(name, 0) + 1
    if counts[name] > limit:
        raise ImportLimitExceeded(name, limit)


class _WordCounter(_Counter):
    """Paragraphs, tables and table cells of every part (body, headers, footnotes …) together."""

    def __init__(self, limits: ImportLimits) -> None:
        super().__init__(limits)
        self.counts: dict[str, int] = {}
        self.bounds = {"p": ("paragraphs", limits.paragraphs), "tbl": ("tables", limits.tables),
                       "tc": ("table_cells", limits.table_cells)}

    def element(self, namespace: str, local: str, attrs: dict) -> None:
        if namespace in _WORD_NS and local in self.bounds:
            name, limit = self.bounds[local]
            _bump(self.counts, name, limit)


def _cell(ref: str) -> tuple[int, int]:
    """(row, column) of an A1 reference; 0 for a part that is missing ("A" or "12")."""
    match = _CELL.match(ref.strip())
    if not match:
        raise ValueError(f"bad cell reference {ref!r}")
    letters, digits = match.groups()
    column = 0
    for letter in (letters or "").upper():
        column = column * 26 + ord(letter) - 64
    return int(digits or 0), column


class _SheetCounter(_Counter):
    """Sheets of the workbook, and per sheet its reach (dimension, cells, merged ranges); cells,
    shared strings and merged ranges are counted for the whole workbook."""

    def __init__(self, limits: ImportLimits) -> None:
        super().__init__(limits)
        self.counts: dict[str, int] = {}
        self.merged_area = 0

    def _reach(self, row: int, column: int, ref: str) -> None:
        if row > self.limits.sheet_rows:
            raise ImportLimitExceeded("sheet_rows", self.limits.sheet_rows, ref)
        if column > self.limits.sheet_columns:
            raise ImportLimitExceeded("sheet_columns", self.limits.sheet_columns, ref)

    def _range(self, ref: str) -> tuple[int, int, int, int]:
        first, _, last = ref.partition(":")
        (r1, c1), (r2, c2) = _cell(first), _cell(last or first)
        r1, r2 = sorted((r1 or 1, r2 or self.limits.sheet_rows + 1))
        c1, c2 = sorted((c1 or 1, c2 or self.limits.sheet_columns + 1))
        self._reach(r2, c2, ref)
        return r1, c1, r2, c2

    def element(self, namespace: str, local: str, attrs: dict) -> None:
        if namespace not in _SHEET_NS:
            return
        limits = self.limits
        if local == "c":
            _bump(self.counts, "sheet_cells", limits.sheet_cells)
            if attrs.get("r"):
                self._reach(*_cell(attrs["r"]), attrs["r"])
        elif local == "row":
            if attrs.get("r", "").isdigit():
                self._reach(int(attrs["r"]), 0, attrs["r"])
        elif local == "si":
            # each shared string is some cell's text: there are no more of them than cells
            self.counts["shared_strings"] = self.counts.get("shared_strings", 0) + 1
            if self.counts["shared_strings"] > limits.sheet_cells:
                raise ImportLimitExceeded("sheet_cells", limits.sheet_cells)
        elif local == "mergeCell":
            _bump(self.counts, "merged_ranges", limits.merged_ranges)
            r1, c1, r2, c2 = self._range(attrs.get("ref", ""))
            self.merged_area += (r2 - r1 + 1) * (c2 - c1 + 1)
            if self.merged_area > limits.merged_cells:
                raise ImportLimitExceeded("merged_cells", limits.merged_cells, self.merged_area)
        elif local == "dimension" and attrs.get("ref"):
            self._range(attrs["ref"])
        elif local == "sheet":
            _bump(self.counts, "sheets", limits.sheets)
