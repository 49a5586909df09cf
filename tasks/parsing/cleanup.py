"""Undo the damage that PDF/Word text extraction does to a document.

Two stages:

* :func:`clean_lines` works on physical lines: Word bookmarks, page numbers, Markdown marks,
  list dashes, rules, spaces inside Chinese text, ASCII punctuation inside Chinese text.
* :func:`join_lines` rebuilds paragraphs from lines cut by a page break or by a narrow column
  (seed 004 cuts every line at about 15 characters), keeping the source line of every piece.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from .annotations import LABEL_ROLES
from .names import looks_like_unit

_WIDE = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’—…·"
_CJK = r"\u3400-\u9fff\uf900-\ufaff"

_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE)
_BOLD_RE = re.compile(r"\*\*|__(?=\S)|(?<=\S)__")
_RULE_RE = re.compile(r"^\s*([-*_=])\s*(\1\s*){2,}$")
_PAGE_NUMBER_RE = re.compile(r"^[\s\-—–―‐－·•.。*]*(第\s*)?\d{1,4}(\s*页)?[\s\-—–―‐－·•.。*]*$")
_PAGE_DECORATION_RE = re.compile(r"[\-—–―‐－·•]|第.*页")
_HEADING_MARK_RE = re.compile(r"^\s*#{1,6}\s*")
_LIST_DASH_RE = re.compile(r"^\s*[-*+•]\s+(?=\S)")
_SPACE_AROUND_WIDE_RE = re.compile(rf"(?<=[{_WIDE}])[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?=[{_WIDE}])")
_MULTI_SPACE_RE = re.compile(r"[ \t\xa0]{2,}")
_ASCII_PAREN_RE = re.compile(r"\(([^()]*)\)")
_COMMA_RE = re.compile(rf"(?<=[{_WIDE}]),|,(?=[{_WIDE}])")
_SEMICOLON_RE = re.compile(rf"(?<=[{_WIDE}]);|;(?=[{_WIDE}])")
_COLON_RE = re.compile(rf"(?<=[{_CJK}）]):")
_HAS_CJK_RE = re.compile(rf"[{_CJK}]")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
TERMINAL = "。！？；：!?;:"
# A line that starts a numbered item never continues the previous paragraph.
_ITEM_START_RE = re.compile(
    r"^(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}[、．.是]"
    r"|\d{1,2}\s*[．.、](?!\d)|[①-⑳]|附件)"
)


@dataclass
class Line:
    """One non-empty physical line after cleaning, with its 1-based line number in the source."""

    no: int
    text: str

    @property
    def is_table(self) -> bool:
        return self.text.startswith("|")


@dataclass
class Para:
    """A paragraph rebuilt from one or more lines; ``spans`` maps text offsets to source lines."""

    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def line_no(self) -> int | None:
        return self.spans[0][1] if self.spans else None

    def line_at(self, offset: int) -> int | None:
        found = None
        for start, line_no in self.spans:
            if start > offset:
                break
            found = line_no
        return found

    def slice(self, start: int, end: int | None = None) -> Para:
        end = len(self.text) if end is None else end
        first = self.line_at(start)
        spans = [(0, first)] if first is not None else []
        spans += [(s - start, n) for s, n in self.spans if start < s < end]
        return Para(self.text[start:end], spans)


def is_cjk(ch: str) -> bool:
    return bool(_HAS_CJK_RE.match(ch))


def cjk_count(text: str) -> int:
    return len(_HAS_CJK_RE.findall(text))


def squeeze_spaces(text: str) -> str:
    """Remove spaces next to Chinese characters or punctuation; keep one between Latin words."""
    text = _SPACE_AROUND_WIDE_RE.sub("", text)
    return _MULTI_SPACE_RE.sub(" ", text).strip()


def _fullwidth_parens(match: re.Match) -> str:
    inner = match.group(1)
    if _HAS_CJK_RE.search(inner):
        return f"（{inner}）"
    return match.group(0)


def normalize_punctuation(text: str) -> str:
    """ASCII brackets, commas, colons and semicolons inside Chinese text become full-width."""
    previous = None
    while previous != text:
        previous = text
        text = _ASCII_PAREN_RE.sub(_fullwidth_parens, text)
    text = _COMMA_RE.sub("，", text)
    text = _SEMICOLON_RE.sub("；", text)
    text = _COLON_RE.sub("：", text)
    return _curly_quotes(text)


def _curly_quotes(text: str) -> str:
    """Pairs of ASCII double quotes in Chinese text become “…”."""
    count = text.count('"')
    if not count or count % 2 or not _HAS_CJK_RE.search(text):
        return text
    parts = text.split('"')
    return "".join(part + ("“" if i % 2 == 0 else "”") for i, part in enumerate(parts[:-1])) + parts[-1]


def is_page_number(text: str) -> bool:
    stripped = text.replace("*", "").strip()
    return bool(_PAGE_NUMBER_RE.match(stripped)) and bool(_PAGE_DECORATION_RE.search(stripped))


def clean_line(raw: str) -> str:
    """Clean one physical line; returns "" for lines that carry nothing (rules, page numbers)."""
    text = _BOOKMARK_RE.sub("", raw).translate(_FULLWIDTH_DIGITS).replace("\u3000", " ").strip()
    text = text.replace("\ufeff", "").replace("\u200b", "")
    if not text:
        return ""
    if text.startswith("|"):
        return _BOLD_RE.sub("", text)
    if _RULE_RE.match(text) or is_page_number(text):
        return ""
    text = _BOLD_RE.sub("", text)
    text = _HEADING_MARK_RE.sub("", text)
    text = _LIST_DASH_RE.sub("", text)
    text = _repair_last_bracket(_HTML_FRAGMENT_RE.sub("", text).rstrip())
    return normalize_punctuation(squeeze_spaces(_unit_head_colon(text)))


# Tag fragments a mirror left in the text (``…发布(/div>``, ``稳增镾/div>``, ``<br/>``).
_HTML_FRAGMENT_RE = re.compile(r"</?(?:div|p|span|br|td|tr|font|strong|b)\b[^<>]{0,40}/?>|/(?:div|p|span|td|tr)>",
                               re.IGNORECASE)


def _repair_last_bracket(text: str) -> str:
    """A line ending in an opening bracket while one is still open (``（省财政厅牵头（``): the last one
    is a closing bracket the copy mis-encoded; nothing ends a line by opening a bracket."""
    if len(text) < 3 or text[-1] not in "（(":
        return text
    depth = 0
    for ch in text[:-1]:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
    if depth == 0:
        return text
    return text[:-1] + ("）" if text[-1] == "（" else ")")


# ``办公室  负责组织…``: a division of duties printed as the unit's name, a wide gap, its duties.
_UNIT_HEAD_RE = re.compile(r"^([\u4e00-\u9fff]{2,20})[ \t\xa0]{2,}(?=[\u4e00-\u9fff])")
MIN_DUTY_CJK = 6


def _unit_head_colon(text: str) -> str:
    """The gap after a unit's name heading a line of its duties becomes ``：`` (the spaces would be
    squeezed away); a gap between two names (a unit cell) or before a date is left alone."""
    match = _UNIT_HEAD_RE.match(text)
    if not match or not looks_like_unit(match.group(1)):
        return text
    rest = text[match.end():]
    first = re.split(r"[\s、，,；;。]", rest, maxsplit=1)[0]
    if looks_like_unit(first) or cjk_count(rest) < MIN_DUTY_CJK:
        return text
    return match.group(1) + "：" + rest


def clean_lines(text: str) -> list[Line]:
    """Split ``text`` into cleaned, non-empty lines numbered as in the source."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        cleaned = clean_line(raw)
        if cleaned:
            lines.append(Line(number, cleaned))
    return lines


def estimate_wrap_width(lines: list[Line]) -> int | None:
    """The width at which extraction cut the lines, if it did (about 15 in seed 004).

    A document is "wrapped" when most lines have about the same, short length.
    """
    lengths = [len(line.text) for line in lines if not line.is_table]
    if len(lengths) < 8:
        return None
    median = statistics.median(lengths)
    if median > 30:
        return None
    tolerance = max(2.0, 0.2 * median)
    near = sum(1 for n in lengths if abs(n - median) <= tolerance)
    return int(median) if near >= 0.5 * len(lengths) else None


# A label line (牵头单位：… / 协办单位：… / 完成时限：…) under an item starts a line of its own,
# even in hard-wrapped text where every full line runs on.
_LABEL_LINE_RE = re.compile(
    "^(?:" + "|".join(sorted(LABEL_ROLES, key=len, reverse=True)) + "|完成时限|时限要求|完成时间)[:：]")


def continues(previous: str, following: str, wrap_width: int | None) -> bool:
    """Was ``following`` cut off from ``previous`` (same paragraph)?"""
    if not previous or not following or previous.startswith("|") or following.startswith("|"):
        return False
    if _ITEM_START_RE.match(following) or _LABEL_LINE_RE.match(following):
        return False
    if wrap_width:
        return len(previous) >= 0.75 * wrap_width  # a full line was cut, whatever its last character
    if previous[-1] in TERMINAL:
        return False
    # Paragraph-per-line text: only a long line cut mid-sentence by a page break continues.
    return len(previous) >= 20 and previous[-1] not in "）)"


def join_lines(lines: list[Line], wrap_width: int | None = None) -> list[Para]:
    """Rebuild paragraphs. Pass ``wrap_width`` from :func:`estimate_wrap_width`."""
    paras: list[Para] = []
    for line in lines:
        if paras and continues(paras[-1].text, line.text, wrap_width):
            para = paras[-1]
            para.spans.append((len(para.text), line.no))
            para.text += line.text
        else:
            paras.append(Para(line.text, [(0, line.no)]))
    return paras
