"""Numbered headings and items: 一、 / （一） / 1． / （1） / 一是 / ①.

The level of a numbering style is the order in which the style first appears in the document,
never the Markdown marks extraction left in front of it. Numbering may run on across parts
(（一）…（十九） through 一、…五、), and an item may start mid-line right after the previous one
ends (``…延伸解读。(八)积极回应社会关切。``): a mid-line marker counts only when it is the next
number of a style already in use, so references such as "（一）" inside a sentence stay text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cleanup import Para
from .model import ParsedSection
from .numerals import cn_to_int

_CN = "一二三四五六七八九十"
MARKER_RE = re.compile(
    rf"^(?:(?P<cn_paren>[（(]\s*(?P<n1>[{_CN}]{{1,3}})\s*[）)])"
    rf"|(?P<ar_paren>[（(]\s*(?P<n2>\d{{1,2}})\s*[）)])"
    rf"|(?P<cn_dun>(?P<n3>[{_CN}]{{1,3}})\s*[、．.])"
    rf"|(?P<arabic>(?P<n4>\d{{1,2}})\s*[．.、](?!\d))"
    rf"|(?P<shi>(?P<n5>[{_CN}]{{1,3}})是)"
    rf"|(?P<circled>(?P<n6>[①-⑳])))\s*"
)
_STYLE_GROUPS = (("cn_paren", "n1"), ("ar_paren", "n2"), ("cn_dun", "n3"), ("arabic", "n4"),
                 ("shi", "n5"), ("circled", "n6"))
_SEPARATOR = {"cn_dun": "、", "arabic": "．"}
_MIDLINE_RE = re.compile(r"(?<=[。；！？])\s*(?=\S)")
_HEADING_END_RE = re.compile(r"[。！？]")
_MAX_HEADING = 25
_MAX_TITLE_LINE = 60


@dataclass
class Marker:
    style: str
    number: int
    label: str
    end: int


def match_marker(text: str) -> Marker | None:
    """The numbering at the start of ``text``, normalised (``(一)`` -> ``（一）``)."""
    match = MARKER_RE.match(text)
    if not match or match.end() >= len(text):
        return None
    for style, group in _STYLE_GROUPS:
        if match.group(style):
            raw = match.group(group)
            break
    if style == "circled":
        number = ord(raw) - ord("①") + 1
    elif style in ("ar_paren", "arabic"):
        number = int(raw)
    else:
        number = cn_to_int(raw)
    if not number:
        return None
    label = {"cn_paren": f"（{raw}）", "ar_paren": f"（{raw}）", "shi": f"{raw}是"}.get(style, raw)
    return Marker(style, number, label, match.end())


@dataclass
class Node:
    style: str
    number: int
    label: str
    title: str
    heading: str
    level: int
    line_no: int | None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    key: str = ""
    order: int = 0

    @property
    def display(self) -> str:
        """The heading as printed: ``一、深化…``, ``（一）推进…``, ``1．健全…``, ``一是推进…``."""
        return f"{self.label}{_SEPARATOR.get(self.style, '')}{self.title}"

    def path(self) -> list[Node]:
        nodes = []
        node: Node | None = self
        while node is not None:
            nodes.append(node)
            node = node.parent
        return list(reversed(nodes))

    @property
    def number_path(self) -> str:
        return ".".join(node.label for node in self.path())


@dataclass
class Outline:
    preamble: list[Para] = field(default_factory=list)
    roots: list[Node] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)

    def sections(self) -> list[ParsedSection]:
        return [
            ParsedSection(node.key, node.label, node.title, node.level,
                          node.parent.key if node.parent else None, node.order)
            for node in self.nodes
        ]


def _strip_brackets(text: str) -> str:
    return re.sub(r"[（(][^（）()]*[）)]", "", text).strip()


def _truncate(text: str, limit: int = 30) -> str:
    text = _strip_brackets(text).strip("。；，：,;: \n") or text.strip()
    return text if len(text) <= limit else text[:limit] + "…"


def split_heading(text: str) -> tuple[str, str, int]:
    """Split an item's text into (title, heading, offset where the body starts).

    The first sentence is the item's own heading when it is short and has no comma or bracket
    (``推进重大事项领域政务公开。``); a line without sentence punctuation is a heading line.
    Otherwise there is no heading and the title is a shortened first sentence.
    """
    stripped = text.strip()
    if not stripped:
        return "", "", len(text)
    end = _HEADING_END_RE.search(text)
    if end is None:
        if len(stripped) <= _MAX_TITLE_LINE and not re.search(r"[（(；;]", stripped):
            return stripped, stripped, len(text)
        return _truncate(stripped), "", 0
    first = text[:end.start()].strip()
    if first and len(first) <= _MAX_HEADING and not re.search(r"[，,（(；;：:]", first):
        return first, first, end.end()
    return _truncate(first or stripped), "", 0


class _Builder:
    def __init__(self) -> None:
        self.outline = Outline()
        self.levels: dict[str, int] = {}
        self.last_number: dict[str, int] = {}
        self.stack: list[Node] = []

    def midline_split(self, text: str) -> tuple[int, int] | None:
        """(end of this item, start of the next) when an item starts inside ``text``."""
        for match in _MIDLINE_RE.finditer(text):
            if match.end() > 0 and self.is_successor(match_marker(text[match.end():])):
                return match.start(), match.end()
        return None

    def add_text(self, para: Para) -> None:
        if not para.text.strip():
            return
        target = self.stack[-1].body if self.stack else self.outline.preamble
        target.append(para)

    def open_node(self, marker: Marker, para: Para) -> Para:
        """Create the node for ``marker``; returns the paragraph text that follows its heading."""
        level = self.levels.setdefault(marker.style, len(self.levels) + 1)
        self.last_number[marker.style] = marker.number
        rest = para.slice(marker.end)
        title, heading, offset = split_heading(rest.text)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        node = Node(marker.style, marker.number, marker.label, title, heading, level, para.line_no, parent)
        (parent.children if parent else self.outline.roots).append(node)
        self.outline.nodes.append(node)
        self.stack.append(node)
        return rest.slice(offset)

    def is_successor(self, marker: Marker | None) -> bool:
        return (
            marker is not None
            and marker.style in self.levels
            and marker.number == self.last_number.get(marker.style, -1) + 1
        )

    def feed(self, para: Para) -> None:
        pending: Para | None = para
        while pending is not None and pending.text.strip():
            current, pending = pending, None
            marker = match_marker(current.text)
            if marker is not None:
                current = self.open_node(marker, current)
                if self.is_successor(match_marker(current.text)):
                    pending = current  # ``（一）标题。（二）标题。`` on one line
                    continue
            split_at = self.midline_split(current.text)
            if split_at is not None:
                pending = current.slice(split_at[1])
                current = current.slice(0, split_at[0])
            self.add_text(current)


def _number(nodes: list[Node], prefix: str) -> None:
    for index, node in enumerate(nodes, start=1):
        node.key = f"{prefix}{index}"
        _number(node.children, node.key + ".")


def parse_structure(paras: list[Para]) -> Outline:
    builder = _Builder()
    for para in paras:
        builder.feed(para)
    outline = builder.outline
    _number(outline.roots, "")
    for order, node in enumerate(outline.nodes, start=1):
        node.order = order
    return outline
