"""The document header: 文号, title, addressees, issuer, issue date, year.

Works on cleaned physical lines (before paragraphs are rebuilt), because headers are laid out
line by line and extraction cuts their lines too (``关于印发《…》的`` / ``通 知``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .cleanup import Line
from .names import looks_like_unit, split_top
from .numerals import cn_to_int
from .structure import match_marker
from .tables import column_role, is_header_text
from .traditional import to_simplified

DOC_NUMBER_RE = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,12}?)\s*[〔\[［(（【]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］)）】]"
    r"\s*(?P<num>\d{1,4})\s*号"
)
DOC_NUMBER_LINE_RE = re.compile(r"^" + DOC_NUMBER_RE.pattern + r"$")
_CN_NUM = "〇零一二三四五六七八九十"
_DATE = (
    rf"(?:(?P<y>(?:19|20)\d{{2}})年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日"
    rf"|(?P<cy>[{_CN_NUM}]{{4}})年(?P<cm>[{_CN_NUM}]{{1,3}})月(?P<cd>[{_CN_NUM}]{{1,3}})日)"
)
DATE_LINE_RE = re.compile(rf"^(?P<issuer>\S{{0,40}}?){_DATE}(?:印发|签发|发布)?$")
_MARK_RE = re.compile(
    r"^[（(](?:此件|本件)[^）)]{0,12}[）)]$|^[（(]?共印\d+份[）)]?$|^抄送[:：]|^[（(]?联系人"
)
# ``（此件公开发布）`` printed on the date's line, before or after it.
_MARK_TEXT = r"[（(](?:此件|本件)[^）)]{0,12}[）)]"
_LEADING_MARK_RE = re.compile(rf"^{_MARK_TEXT}\s*|\s*{_MARK_TEXT}$")
# A signature date whose 年/月/日 were lost in extraction: ``202164`` (2021-06-04).
_DIGIT_DATE_RE = re.compile(r"^((?:19|20)\d{2})(\d{2,4})$")
# A site's metadata date: ``发文日期: 2021年03月16日``, ``发布时间:2021-07-09 09:25``. Earlier
# labels in the tuple are better evidence of the issue date (the 成文 date, then the page's).
_META_DATE_LABELS = ("成文日期", "发文日期", "印发日期", "发布日期", "发布时间")
_META_DATE_RE = re.compile(
    r"(?P<label>成\s*文\s*日\s*期|发\s*文\s*日\s*期|印\s*发\s*日\s*期|发\s*布\s*日\s*期|发\s*布\s*时\s*间)"
    r"\s*[:：]?\s*(?P<y>(?:19|20)\d{2})\s*(?:年|[-/.])\s*(?P<m>\d{1,2})\s*(?:月|[-/.])\s*(?P<d>\d{1,2})(?!\d)"
)
_META_LABEL_ONLY_RE = re.compile(r"^(?:成|发|印)\s*(?:文|布|发)\s*(?:日\s*期|时\s*间)\s*[:：]?$")
# A signature inside a run-on line (all line breaks lost): ``…贯彻落实。 某某省人民政府办公厅 2016年4月29日``.
_INLINE_SIGNATURE_RE = re.compile(
    rf"(?:^|(?<=[。！\s]))(?P<issuer>[^\s。，,；;：:！《》]{{2,40}}?)\s*{_DATE}\s*(?:{_MARK_TEXT})?(?=\s|$)"
)
# The forwarding sentence names the document when no 关于印发 line does: ``现将《X》印发给你们``.
_FORWARDED_TITLE_RE = re.compile(r"(?:现将|现把|将)《(?P<title>[^《》]{4,60})》(?:印发|转发|下发|发)给|"
                                 r"^《(?P<title2>[^《》]{4,60})》已经")
# A 文号 in brackets closing a notice title: ``…的通知（岳办发〔2017〕2号）``.
_TRAILING_NUMBER_RE = re.compile(r"\s*[（(]\s*(" + DOC_NUMBER_RE.pattern + r")\s*[）)]$")
_ISSUING_RE = re.compile(r"(?:印发|转发|下发)《")
_FILE_EXTENSION_RE = re.compile(r"\.(?:docx?|wps|pdf|xlsx?|txt)$", re.IGNORECASE)
_NOTICE_END_RE = re.compile(r"(?:通知|通报|决定|意见|批复|函|方案|要点|办法)$")
_INNER_TITLE_RES = (
    re.compile(r"(?:印发|转发|公布|下发|发布)《(.+?)》"),
    re.compile(r"关于(?:印发|转发|公布|下发|发布)(.+?)的(?:通知|决定)$"),
)
_FORWARD_RE = re.compile(r"^《|^现将|^现印发|印发给|已经.{0,8}同意")
_ORG_ENDINGS = ("办公室", "办公厅", "政府", "人民政府", "委员会", "管委会", "办事处", "工委", "党委", "单位", "部门",
                "局", "委", "领导小组")
# 文号 in a site's metadata block: ``文 号: 蔡政办〔2023〕1号`` (with other fields on the line).
_LABELLED_NUMBER_RE = re.compile(r"文\s*号\s*[:：]?\s*(" + DOC_NUMBER_RE.pattern + ")")
# A 文号 line that also carries the date: ``宜府办字〔2024〕28号  2024年6月3日``.
_NUMBER_AND_DATE_RE = re.compile(r"^" + DOC_NUMBER_RE.pattern + r"\s*" + _DATE + r"$")
HEADER_WINDOW = 24  # lines at the top of a document where a 文号 is looked for
# Page clutter that is never a title: site navigation, share/print buttons, page numbers.
_CLUTTER_RE = re.compile(
    r"^(?:分享(?:到|至|$)|打印|字[体号]|选择语言|首页|您当前|当前位置|来源|发布时间|时间[:：]|浏览|阅读|无障碍|"
    r"繁體|关怀版|设为首页|加入收藏|索\s*引\s*号|发布机构|发文日期|名\s*称[:：]|图片$|[-—\s]*\d+[-—\s]*$|"
    r"第\s*\d+\s*页|文章来源|信息来源|上传时间|文档编号|电脑桌面|添加.{0,12}到(?:电脑)?桌面|安装后|视力保护|护眼|"
    r"访问量|点击|归档时间)"
)
# Accessibility and reader widgets (语音阅读, 读屏, 长者模式): short lines, never a title.
_WIDGET_RE = re.compile(r"语音|阅读器|读屏|朗读|播报|长者模式|适老|大字版|高对比")
MAX_WIDGET_LINE = 16
# Spam or site names glued to a title by a separator: ``某某平台官网_…@持续深化…``.
_META_LABEL_RE = re.compile(r"^(?:名\s*称|标\s*题)\s*[:：]\s*")
_TITLE_SEPARATORS_RE = re.compile(r"[_＿@|｜]")
_TITLE_WORDS = ("要点", "方案", "分解", "清单", "计划", "台账", "任务", "通知", "意见", "安排", "责任", "规定", "办法",
                "细则", "制度")
_TITLE_NOISE_RE = re.compile(r"[\s“”\"'‘’「」]")


@dataclass
class Header:
    doc_number: str | None = None
    notice_title: str = ""
    title: str = ""
    issuer: str | None = None
    issued_on: date | None = None
    year: int | None = None
    addressees: list[str] = field(default_factory=list)
    body_start: int = 0


def normalize_doc_number(text: str) -> str | None:
    """``某办字[2021]6号`` -> ``某办字〔2021〕6号``."""
    match = DOC_NUMBER_RE.search(text)
    if not match:
        return None
    return f"{match.group('prefix')}〔{match.group('year')}〕{int(match.group('num'))}号"


def is_doc_number_line(text: str) -> bool:
    return bool(DOC_NUMBER_LINE_RE.match(text))


def is_masthead(text: str) -> bool:
    """The red-head line ``某某区人民政府办公室文件``."""
    return text.endswith("文件") and len(text) <= 30 and not re.search(r"[（(）)，,。、：:《》]", text)


def parse_date_match(match: re.Match) -> date | None:
    if match.group("y"):
        parts = (int(match.group("y")), int(match.group("m")), int(match.group("d")))
    else:
        parts = (cn_to_int(match.group("cy")), cn_to_int(match.group("cm")), cn_to_int(match.group("cd")))
        if None in parts:
            return None
    try:
        return date(*parts)
    except ValueError:
        return None


def is_org_line(text: str) -> bool:
    """A line that is only an organisation name (an issuer or a signature)."""
    if not text or len(text) > 40 or re.search(r"[。，,；：:]", text):
        return False
    return text.endswith(_ORG_ENDINGS) or looks_like_unit(text)


def match_date_line(text: str) -> tuple[date, str | None] | None:
    """``2021年6月23日`` or ``某某开发区党政办公室2021年5月20日`` -> (date, issuer); a
    ``（此件公开发布）`` mark printed on the same line is not part of it."""
    text = _LEADING_MARK_RE.sub("", text).strip()
    match = DATE_LINE_RE.match(text)
    if not match:
        return None
    issuer = match.group("issuer") or None
    if issuer and not is_org_line(issuer):
        return None
    issued = parse_date_match(match)
    return (issued, issuer) if issued else None


def is_footer_line(text: str, issuer: str | None) -> bool:
    """Signature, date, (此件公开发布), (共印N份), 抄送 — never content."""
    if _MARK_RE.match(text) or (issuer and text == issuer):
        return True
    return match_date_line(text) is not None


def normalize_title(text: str) -> str:
    return _TITLE_NOISE_RE.sub("", text)


def clean_title(text: str) -> str:
    """Drop what a web page glued to a title: ``站点名_…@标题`` keeps the part that names the plan."""
    text = _FILE_EXTENSION_RE.sub("", text.strip())  # a sharing site prints the file's name
    parts = [part.strip() for part in _TITLE_SEPARATORS_RE.split(text) if part.strip()]
    if len(parts) <= 1:
        return text.strip()
    named = [part for part in parts if any(word in part for word in _TITLE_WORDS)]
    return named[-1] if named else text.strip()


def is_clutter(text: str) -> bool:
    """Page clutter (navigation, share buttons, page numbers) and table headers: never the title."""
    squeezed = re.sub(r"\s+", "", text)
    return (
        bool(_CLUTTER_RE.match(text))
        or (len(squeezed) <= MAX_WIDGET_LINE and bool(_WIDGET_RE.search(squeezed)))
        or "|" in text
        or is_header_text(text)
        or (len(squeezed) <= 8 and column_role(squeezed) is not None)
    )


def inner_title(notice_title: str) -> str:
    """The document a notice forwards: ``关于印发《X》的通知`` -> X."""
    for pattern in _INNER_TITLE_RES:
        match = pattern.search(notice_title)
        if match and match.group(1).strip():
            return match.group(1).strip()
    return notice_title


def split_addressees(text: str) -> list[str]:
    """Recipients; a piece that is not a whole name joins the next (临城、常庄街道办事处)."""
    result: list[str] = []
    pending = ""
    for piece in split_top(text.rstrip("：:"), "，,；;、"):
        piece = piece.strip()
        if not piece:
            continue
        piece = f"{pending}、{piece}" if pending else piece
        if piece.endswith(_ORG_ENDINGS) or looks_like_unit(piece):
            result.append(piece)
            pending = ""
        else:
            pending = piece
    if pending:
        result.append(pending)
    return result


def _find_labelled_number(lines: list[Line], header: Header) -> None:
    for line in lines[:HEADER_WINDOW]:
        match = _LABELLED_NUMBER_RE.search(line.text)
        if match:
            header.doc_number = normalize_doc_number(match.group(1))
            return


def _meta_value(text: str) -> str:
    """``名 称: 区政府办公室关于…的通知`` -> the value; other lines unchanged."""
    match = _META_LABEL_RE.match(text)
    return text[match.end():].strip() if match else text


def _read_notice_title(lines: list[Line], pos: int, header: Header, stop: int | None = None) -> int | None:
    looked = 0
    for index in range(pos, len(lines) if stop is None else min(stop, len(lines))):
        text = _TRAILING_NUMBER_RE.sub("", clean_title(_meta_value(lines[index].text)))
        if is_clutter(text):
            continue  # navigation lines do not count against the window
        looked += 1
        if looked > 6:
            break
        if _notice_start(text) is None or "。" in text or text.endswith(("：", ":")):
            continue
        end = index
        joined = text
        while not _NOTICE_END_RE.search(joined) and end + 1 < len(lines) and end - index < 5 \
                and not is_clutter(lines[end + 1].text):  # a table row or a page button ends a title
            end += 1
            joined = _TRAILING_NUMBER_RE.sub("", joined + lines[end].text)
        if not _NOTICE_END_RE.search(joined) or len(joined) > 150:
            return None
        at = _notice_start(joined)
        prefix = joined[:at]
        if not prefix and index > pos and is_org_line(lines[index - 1].text):
            prefix = lines[index - 1].text
        if prefix and is_org_line(prefix):
            header.issuer = prefix
        header.notice_title = joined[at:]
        header.title = inner_title(header.notice_title)
        return end + 1
    return None


def _open_guanyu(text: str) -> int | None:
    """Where 关于 starts a notice title: not inside 《…》 (贯彻落实《关于…的意见》的方案 quotes one)."""
    depth = 0
    for index, ch in enumerate(text):
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth = max(0, depth - 1)
        elif depth == 0 and text.startswith("关于", index):
            return index
    return None


def _notice_start(text: str) -> int | None:
    """Where a notice title starts: at 关于 (not inside 《…》), else at ``印发《`` — the joint
    notices of party and government offices read ``某某委办公室某某政府办公室印发《…》的通知``."""
    at = _open_guanyu(text)
    if at is not None:
        return at
    match = _ISSUING_RE.search(text)
    return match.start() if match else None


def _find_titled_number(lines: list[Line], header: Header) -> None:
    """``…的通知（岳办发〔2017〕2号）``: a page title that carries the 文号 in brackets at its end."""
    for line in lines[:HEADER_WINDOW]:
        match = _TRAILING_NUMBER_RE.search(line.text)
        if match and _NOTICE_END_RE.search(line.text[:match.start()]) and _notice_start(line.text) is not None:
            header.doc_number = normalize_doc_number(match.group(1))
            return


def _read_addressees(lines: list[Line], pos: int, header: Header) -> int:
    start = pos
    while start < len(lines) and (_CLUTTER_RE.match(lines[start].text) or is_doc_number_line(lines[start].text)):
        start += 1  # 分享到: and the 文号 printed again under the title are no addressee lines
    for index in range(start, min(start + 4, len(lines))):
        text = lines[index].text
        if "|" in text:
            break
        if text.endswith(("：", ":")):
            while start < index and _is_title_line(lines[start].text):
                start += 1  # the title printed above the addressees is not one of them
            joined = "".join(line.text for line in lines[start:index + 1])
            if "。" in joined or len(joined) > 200:
                return pos
            header.addressees = split_addressees(joined)
            return index + 1
        if "。" in text:
            break
    return pos


def _skip_forwarding(lines: list[Line], pos: int) -> int:
    """Skip ``《…》已经区政府同意，现印发给你们，请认真贯彻落实。``"""
    if pos >= len(lines) or not _FORWARD_RE.search(lines[pos].text):
        return pos
    for index in range(pos, min(pos + 8, len(lines))):
        if lines[index].text.endswith(("。", "！")):
            return index + 1
    return pos


def _read_signature(lines: list[Line], pos: int, header: Header) -> int:
    while pos < len(lines):
        text = lines[pos].text
        dated = match_date_line(text)
        if dated:
            header.issued_on = header.issued_on or dated[0]
            header.issuer = dated[1] or header.issuer
        elif _MARK_RE.match(text):
            pass
        elif pos > 0 and is_org_line(lines[pos - 1].text) and digit_date(text):
            header.issued_on = header.issued_on or digit_date(text)
        elif is_org_line(text) and pos + 1 < len(lines) and (
                match_date_line(lines[pos + 1].text) or digit_date(lines[pos + 1].text)):
            header.issuer = text
        else:
            break
        pos += 1
    return pos


def _skip_inner_title(lines: list[Line], pos: int, header: Header) -> int:
    if header.title:
        target = normalize_title(header.title)
        seen = ""
        for index in range(pos, min(pos + 5, len(lines))):
            seen += normalize_title(lines[index].text)
            if seen == target:
                return index + 1
            if not target.startswith(seen):
                break
        return pos
    found = _first_title_line(lines, pos)
    if found is not None:
        start, end = found
        header.title = clean_title("".join(line.text for line in lines[start:end + 1]))
        return end + 1
    return pos


TITLE_LOOKAHEAD = 6


def _first_title_line(lines: list[Line], pos: int) -> tuple[int, int] | None:
    """(first, last) line of the title: the title-like line at ``pos``; past page clutter and
    short widget lines, the first one naming a plan (要点, 方案, 规定…) before any sentence or
    numbered heading, with the line before it when the title was cut in two
    (``2021年某某市政务公开`` / ``工作要点``)."""
    first = previous = None
    for index in range(pos, min(pos + TITLE_LOOKAHEAD, len(lines))):
        text = lines[index].text
        if is_clutter(text):
            previous = None
            continue
        if not _looks_like_title(text):
            if re.search(r"[。；]", text) or match_marker(text) is not None:
                break
            previous = None
            continue
        if any(word in clean_title(text) for word in _TITLE_WORDS):
            cut = previous is not None and previous == index - 1 \
                and len(lines[previous].text) + len(text) <= 60 and len(text) <= 12
            return (previous if cut else index), index
        if first is None:
            first = index
        previous = index
    if first is not None and first == pos:
        return first, first
    return None


def _looks_like_title(text: str) -> bool:
    return (
        4 <= len(text) <= 60
        and not re.search(r"[。；：:，,]", text)
        and match_marker(text) is None
        and not is_masthead(text)
        and not is_clutter(text)
    )


def _is_title_line(text: str) -> bool:
    text = clean_title(_meta_value(text))
    return _looks_like_title(text) and any(word in text for word in _TITLE_WORDS)


def _title_before(lines: list[Line], end: int, header: Header) -> None:
    """No 关于印发 line: the title is the title-like line printed before the addressees."""
    for line in reversed(lines[:end + 4]):
        if line.text.endswith(("：", ":")) or not _is_title_line(line.text):
            continue
        header.title = clean_title(_meta_value(line.text))
        return


def _is_signed(lines: list[Line], index: int, dated: tuple[date, str | None]) -> bool:
    """A date line that reads as a signature: in the header's lines, under or with an issuer's
    name, or above a ``（此件公开发布）`` mark — not a lone date cell of a table further down."""
    return (
        index < HEADER_WINDOW
        or dated[1] is not None
        or (index > 0 and len(lines[index - 1].text) >= MIN_ISSUER and is_org_line(lines[index - 1].text))
        or (index + 1 < len(lines) and bool(_MARK_RE.match(lines[index + 1].text)))
    )


MIN_ISSUER = 5  # an issuer signs with its place (某某县人民政府办公室); a bare 办公室 is a unit cell


def _find_date_anywhere(lines: list[Line], header: Header, signed: bool = True) -> None:
    for index, line in enumerate(lines):
        dated = match_date_line(line.text)
        if not dated and index > 0 and is_org_line(lines[index - 1].text) and digit_date(line.text):
            dated = (digit_date(line.text), None)
        if not dated or (signed and not _is_signed(lines, index, dated)):
            continue
        header.issued_on = dated[0]
        if dated[1]:
            header.issuer = header.issuer or dated[1]
        elif index > 0 and is_org_line(lines[index - 1].text):
            header.issuer = header.issuer or lines[index - 1].text
        return


def parse_header(lines: list[Line]) -> Header:
    header = Header()
    pos = 0
    while pos < min(2, len(lines)) and is_masthead(lines[pos].text):
        pos += 1
    number_line = None
    for index in range(min(HEADER_WINDOW, len(lines))):
        text = lines[index].text
        with_date = _NUMBER_AND_DATE_RE.match(text)
        if is_doc_number_line(text) or with_date:
            header.doc_number = normalize_doc_number(text)
            if with_date:
                header.issued_on = parse_date_match(with_date)
            masthead = next((ln.text for ln in lines[:index] if is_masthead(ln.text)), None)
            header.issuer = masthead[:-2] if masthead and len(masthead) > 4 else None
            number_line = index
            pos = index + 1
            break
    if header.doc_number is None:
        _find_labelled_number(lines, header)
    if header.doc_number is None:
        _find_titled_number(lines, header)
    title_end = _read_notice_title(lines, pos, header)
    if title_end is None and number_line is not None:
        # the notice title stands before the 文号 (web copies print the page title first)
        _read_notice_title(lines, 0, header, stop=number_line)
    if title_end is not None:
        pos = title_end
    addressed_at = pos
    pos = _skip_forwarding(lines, _read_addressees(lines, pos, header))
    if header.addressees and not header.title:
        _title_before(lines, addressed_at, header)
    pos = _read_signature(lines, pos, header)
    pos = _skip_inner_title(lines, pos, header)
    if header.issued_on is None:
        _find_date_anywhere(lines, header)
    if header.issued_on is None and (inline := inline_signature(lines)):
        header.issued_on, header.issuer = inline[0], header.issuer or inline[1]
    if header.issued_on is None:
        header.issued_on = meta_date(lines)
    if header.issued_on is None:
        _find_date_anywhere(lines, header, signed=False)  # a lone date line is the last evidence
    if not header.title:
        header.title = forwarded_title(lines)
    header.body_start = pos
    header.year = _year(header)
    return header


def _year(header: Header) -> int | None:
    """The plan's year: from the title, else the notice title, the 文号, the issue date."""
    for title in (header.title, header.notice_title):
        match = re.search(r"((?:19|20)\d{2})年", title)
        if match:
            return int(match.group(1))
    if header.doc_number:
        match = DOC_NUMBER_RE.search(header.doc_number)
        if match:
            return int(match.group("year"))
    return header.issued_on.year if header.issued_on else None


def digit_date(text: str) -> date | None:
    """``202164`` -> 2021-06-04: a date whose 年/月/日 were lost, when the digits read one way only."""
    match = _DIGIT_DATE_RE.match(text.strip())
    if not match:
        return None
    year, rest = int(match.group(1)), match.group(2)
    readings = set()
    for cut in (1, 2):
        month, day = rest[:cut], rest[cut:]
        if not day or len(day) > 2 or month.startswith("0") and cut == 1:
            continue
        try:
            readings.add(date(year, int(month), int(day)))
        except ValueError:
            continue
    return readings.pop() if len(readings) == 1 else None


def meta_date(lines: list[Line]) -> date | None:
    """The best dated field of a site's metadata block in the first lines (see _META_DATE_LABELS)."""
    found: dict[str, date] = {}
    window = lines[:HEADER_WINDOW]
    for index, line in enumerate(window):
        text = line.text
        if _META_LABEL_ONLY_RE.match(text) and index + 1 < len(window):
            text += window[index + 1].text  # the label on its line, the value on the next
        for match in _META_DATE_RE.finditer(text):
            label = re.sub(r"\s+", "", match.group("label"))
            try:
                found.setdefault(label, date(int(match.group("y")), int(match.group("m")), int(match.group("d"))))
            except ValueError:
                continue
    return next((found[label] for label in _META_DATE_LABELS if label in found), None)


def inline_signature(lines: list[Line]) -> tuple[date, str] | None:
    """Issuer and date inside a run-on line of the first lines (line breaks lost)."""
    for line in lines[:HEADER_WINDOW]:
        for match in _INLINE_SIGNATURE_RE.finditer(line.text):
            issuer = to_simplified(match.group("issuer"))
            issued = parse_date_match(match)
            if issued and is_org_line(issuer) and not issuer.endswith(("部门", "单位")):
                return issued, issuer
    return None


def forwarded_title(lines: list[Line]) -> str:
    """``现将《X》印发给你们`` -> X (the document a notice without a 关于印发 line forwards)."""
    for line in lines[:HEADER_WINDOW]:
        match = _FORWARDED_TITLE_RE.search(to_simplified(line.text))  # same length as the text
        if match:
            group = "title" if match.group("title") else "title2"
            return line.text[match.start(group):match.end(group)].strip()
    return ""
