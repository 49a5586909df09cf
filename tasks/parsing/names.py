"""Unit names: what looks like a unit, what is a collective, and how to split a list of them.

The checks here are about the *shape* of a name (its ending, the quantifier words in it), never
about particular jurisdictions, so they carry over to any county or district.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .model import BRACKET_CHARS, ROLE_RESPONSIBLE, UnitRef, has_bracket

# Endings of names that denote one organisation (区发改局, 区政府办公室, 某某经济开发区 ...).
UNIT_SUFFIXES = (
    "局", "办", "委", "室", "部", "院", "中心", "公司", "集团", "镇", "乡", "街道", "办事处",
    "筹备处", "处", "所", "队", "站", "科", "股", "开发区", "园区", "新区", "示范区", "高新区",
    "试验区", "政府", "委员会", "管委会", "银行", "协会", "商会", "联合会", "工会", "报社",
    "合作社", "电视台", "气象台", "图书馆", "档案馆", "文化馆", "博物馆", "学校", "学院", "大学",
    "医院", "监狱", "海关", "法院", "检察院", "厅", "支行", "分行", "专班", "管委", "指挥部",
    # zones written short: 经开区 (经济技术开发区), 综保区, 高新园, 产业园
    "经开区", "保税区", "综保区", "度假区", "风景区", "旅游区", "工业区", "产业园", "工业园", "科技园",
    "高新园", "物流园",
)
# Well-known two-character organisations; other names need three characters or more.
SHORT_ORG_NAMES = frozenset({"妇联", "团委", "工会", "侨联", "科协", "残联", "文联"})

# Words that make a name stand for many units, and the nouns such a phrase ends with.
QUANTIFIERS = ("各", "有关", "相关", "所有", "涉及", "其他", "全体")
GROUP_NOUNS = (
    "部门", "单位", "镇街", "镇", "乡", "街", "街道", "乡镇", "中心", "公司", "科室", "机关", "企业",
    "政府", "区县", "县区", "村", "社区", "学校", "医院", "处室", "股室", "委办局", "办事处",
    "街办", "管委", "管委会", "管理处", "专班", "县市区", "区市", "科", "办", "机构",
)
DIRECT_PREFIX_RE = re.compile(r"^[区县市省]直")  # 区直部门 = every district-level department
VAGUE_WORDS = ("有关", "相关", "涉及", "其他")
# A bare group noun after a collective continues it: 区直各有关部门、单位 -> 区直各有关部门单位.
BARE_GROUPS = frozenset({"单位", "部门", "部门单位", "科室", "企事业单位"})
ETC_TAILS = ("部门", "单位", "机构", "部门单位", "单位部门")
MAX_ETC_TAIL = 20  # 等创新驱动发展工作领导小组成员单位

LIST_SEPARATORS = "、，,；;／/"
_CLAUSE_SEPARATORS = "，,；;"
MAX_NAME = 40  # longer "names" are sentences that slipped into a unit list
CONJUNCTIONS = ("以及", "和", "及", "与")
_NAME_CHARS_RE = re.compile(r"^[\u3400-\u9fffA-Za-z0-9·]+$")
_DATE_IN_NAME_RE = re.compile(r"\d{4}年|\d{1,2}月")  # 公开2021年本地区…场所 is a clause, not a unit
_SPACE_RE = re.compile(r"\s+")
_QUOTES_RE = re.compile(r"[“”\"'‘’「」『』]")
_NESTED_RE = re.compile(r"^(.+?)[〈<（(【\[](.+?)[〉>）)】\]]$")
_OPEN = "（(〈<【[〔《［"
_CLOSE = "）)〉>】]〕》］"
# A shared prefix: the jurisdiction's level character on the first item of a list carries to the
# bare department names after it (县财政局、人社局 -> 县人社局).
_LEVEL_PREFIXES = "区县市省"
_DEPARTMENT_ENDINGS = ("局", "委", "办", "厅", "办公室", "委员会")
MAX_CARRIED_NAME = 10
# Generic kinds of body a distributive 各 carries to (各镇人民政府、街道办事处 -> 各街道办事处).
_GENERIC_BODY_RE = re.compile(
    r"^(?:乡镇|镇街|乡|镇|街道|街|村|社区|开发区|园区|功能区|新区|管理区|县市区|区市|区县|县区)?"
    r"(?:人民政府|政府|管委会|管委|办事处|街办|办|管理处|居委会|村委会|党工委)?$"
)


def split_spaced_names(text: str) -> str:
    """Names a cell separates by line breaks or spaces become a list: ``市发改委 市自然资源局`` ->
    ``市发改委、市自然资源局``; a name a line break merely cuts (``区财政 金融局``) is rejoined."""
    pieces = [piece for piece in _SPACE_RE.split(text.strip()) if piece]
    if len(pieces) > 1 and all(looks_like_unit(piece) for piece in pieces):
        return "、".join(pieces)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and all(looks_like_unit(strip_etc(clean_token(item))[0])
                              for line in lines for item in split_top(squeeze(line), LIST_SEPARATORS)
                              if clean_token(item)):
        return "、".join(lines)
    return text


def squeeze(text: str) -> str:
    """Drop all whitespace (names and list cells never need it: 区财政 金融局 -> 区财政金融局)."""
    return _SPACE_RE.sub("", text)


def split_top(text: str, separators: str) -> list[str]:
    """Split on any separator character that is not inside brackets."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and ch in separators:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def strip_brackets(text: str) -> str:
    return "".join(ch for ch in text if ch not in BRACKET_CHARS)


def is_collective(name: str) -> bool:
    """各镇街, 区政府各部门, 相关部门单位, 年度决策事项目录涉及的区政府部门, 区直部门 ..."""
    if not name or len(name) > 40:
        return False
    has_quantifier = any(q in name for q in QUANTIFIERS) or bool(DIRECT_PREFIX_RE.match(name))
    return has_quantifier and name.endswith(GROUP_NOUNS)


def is_vague(name: str) -> bool:
    """A collective that does not say which units it means (有关部门, 相关部门单位, ...)."""
    return is_collective(name) and any(w in name for w in VAGUE_WORDS)


def is_unit_name(name: str) -> bool:
    """Does ``name`` look like the name of one organisation?"""
    if not name or len(name) > 30 or not _NAME_CHARS_RE.match(name) or _DATE_IN_NAME_RE.search(name):
        return False
    if name in SHORT_ORG_NAMES:
        return True
    return len(name) >= 3 and name.endswith(UNIT_SUFFIXES)


_EDGE_PUNCTUATION = "：:。.．·-—…"


def clean_token(token: str) -> str:
    """Remove spacing, quotes and list punctuation from a list item."""
    return _QUOTES_RE.sub("", squeeze(token)).strip(_EDGE_PUNCTUATION)


# Round brackets after a name give the same body's second name (区民政局（区委社会工委）,
# 规划信息处（爱卫办）): one unit, printed with its brackets. Angle brackets name the unit inside
# another (区政府办公室〈区大数据局〉).
_SECOND_NAME_OPENERS = "（("


def split_name(token: str) -> tuple[str, str | None]:
    """Turn a written name into (name, parent).

    ``区政府办公室<区大数据局>`` -> ("区大数据局", "区政府办公室"); a short inner part is an
    alternative spelling, not a unit: ``各镇〈街〉`` -> ("各镇街", None); a round bracket holds
    a second name: ``区民政局（区委社会工委）`` -> ("区民政局区委社会工委", None), printed as written.
    """
    name = squeeze(token)
    parent = None
    match = _NESTED_RE.match(name)
    if match:
        outer, inner = match.group(1), match.group(2)
        if len(strip_brackets(inner)) <= 2 or name[len(outer)] in _SECOND_NAME_OPENERS:
            name = outer + inner
        else:
            name, parent = inner, outer
    name = strip_brackets(name)
    parent = strip_brackets(parent) if parent else None
    return name, (parent or None)


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def written_form(token: str, name: str, parent: str | None) -> str | None:
    """The printed name when its brackets or quotes belong to it: 各县（市、区）政府, 各乡镇〈街道〉,
    “三区”管委会."""
    written = squeeze(token).strip(_EDGE_PUNCTUATION)
    while len(written) > 2 and _QUOTES_RE.match(written[0]) and _QUOTES_RE.match(written[-1]):
        written = written[1:-1]  # quotes around the whole name are not part of it
    if parent is not None or written == name or not _balanced(written):
        return None
    return written if _QUOTES_RE.sub("", strip_brackets(written)) == name else None


def looks_like_unit(token: str) -> bool:
    name, _parent = split_name(clean_token(token))
    return is_unit_name(name) or is_collective(name)


def make_ref(token: str, role: str = ROLE_RESPONSIBLE) -> UnitRef | None:
    """Build a UnitRef from one list item, or None when nothing usable is left."""
    name, parent = split_name(clean_token(token))
    name = clean_token(name)
    if not name or len(name) > MAX_NAME:
        return None
    collective = is_collective(name)
    return UnitRef(name=name, role=role, collective=collective, parent=parent, vague=is_vague(name),
                   written=written_form(token, name, parent))


def split_etc(token: str) -> tuple[str, bool, str]:
    """``区商务局等数字经济工作领导小组成员单位`` -> ("区商务局", True, "数字经济工作领导小组成员单位");
    ``区发改局`` -> (same, False, "")."""
    for index, ch in enumerate(token):
        if ch != "等":
            continue
        tail = token[index + 1:]
        if not tail or (tail.endswith(ETC_TAILS) and len(tail) <= MAX_ETC_TAIL):
            return token[:index], True, tail
    return token, False, ""


def strip_etc(token: str) -> tuple[str, bool]:
    """``区自然资源局等区政府有关部门`` -> ("区自然资源局", True); ``区发改局`` -> (same, False)."""
    head, etc, _tail = split_etc(token)
    return head, etc


# The group a 等 names is kept when it is a definite group, perhaps narrowed by 有关 / 相关: every
# department of a level (区直部门, 县直单位) or the member units of a named body (…领导小组成员单位).
_NARROWING_RE = re.compile(r"有关|相关|涉及|其他|各")
_MEMBER_UNITS = ("成员单位", "成员部门")
MIN_GROUP_OWNER = 2


def etc_collective(tail: str) -> UnitRef | None:
    """The group a list ending in 等… names, as a vague collective: ``…等相关区直部门`` -> 相关区直部门,
    ``…等数字经济工作领导小组成员单位`` -> that group. A tail that only says "the relevant ones"
    (等部门, 等有关部门, 等区政府有关部门, 等相关部门单位) names no group an office could resolve:
    nothing is added (the list is flagged ``more_units_implied`` either way)."""
    tail = clean_token(tail)
    if not tail or len(tail) > MAX_NAME or not _NAME_CHARS_RE.match(strip_brackets(tail)):
        return None
    core = _NARROWING_RE.sub("", strip_brackets(tail))
    definite = (bool(DIRECT_PREFIX_RE.match(core)) and core.endswith(GROUP_NOUNS)) or (
        core.endswith(_MEMBER_UNITS) and len(core) - 4 >= MIN_GROUP_OWNER)
    if not definite:
        return None
    return UnitRef(name=strip_brackets(tail), collective=True, vague=True,
                   written=tail if has_bracket(tail) else None)


def split_conjunctions(token: str) -> list[str]:
    """Split at 和/及/与 only when both sides are names on their own.

    ``区发展和改革局`` stays whole; ``区司法局和年度决策事项目录涉及的区政府部门`` splits.
    """
    for word in CONJUNCTIONS:
        start = token.find(word)
        while start > 0:
            left, right = token[:start], token[start + len(word):]
            if looks_like_unit(left) and right and all(looks_like_unit(p) for p in split_conjunctions(right)):
                return [left, *split_conjunctions(right)]
            start = token.find(word, start + 1)
    return [token]


@dataclass
class UnitList:
    refs: list[UnitRef] = field(default_factory=list)
    more_implied: bool = False
    invalid: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return bool(self.refs) and not self.invalid


def _bare_name(token: str) -> str:
    return strip_brackets(split_name(clean_token(token))[0])


def _group_noun_swap(collective: str, noun: str) -> str:
    """市直有关部门 + 单位 -> 市直有关单位: the bare noun takes the place of the collective's own."""
    for ending in sorted(BARE_GROUPS, key=len, reverse=True):
        if collective.endswith(ending):
            return collective[: -len(ending)] + noun
    return collective + noun


def _level_prefix(name: str) -> str | None:
    if name[:1] in _LEVEL_PREFIXES and is_unit_name(name) and not is_collective(name):
        return name[0]
    return None


# A body of a zone or a street names its own place (园区党工委, 某某开发区管委会, 某街道办事处):
# the level prefix of the list's first item does not carry to it.
_OWN_PLACE_RE = re.compile(r"园区|开发区|新区|示范区|街道|(?:党工委|管委会|管委|办事处)$")


def _is_bare_department(name: str) -> bool:
    return (
        name[:1] not in _LEVEL_PREFIXES + "各"
        and not _OWN_PLACE_RE.search(name)
        and len(name) <= MAX_CARRIED_NAME
        and is_unit_name(name)
        and not is_collective(name)
        and name.endswith(_DEPARTMENT_ENDINGS)
    )


_PLACE_ONLY_RE = re.compile(r"^各?[州市县区镇乡]{1,4}$")
_SHARED_SUFFIXES = ("人民政府", "政府")
_BRACKETED_RE = re.compile(r"[〔（(【\[［][^〔（(【\[［]*?[〕）)】\]］]")


def _place_only(token: str) -> bool:
    """各州, 市, 各市〔州〕, 县〔市、区〕: places without a body (bracketed alternatives dropped)."""
    return bool(_PLACE_ONLY_RE.match(_BRACKETED_RE.sub("", clean_token(token))))


def share_suffix(items: list[str]) -> list[str]:
    """A government suffix written once for places listed before it: 各州、市人民政府 -> 各州人民政府,
    市人民政府; 各市〔州〕、县〔市、区〕政府 -> 各市〔州〕政府, 县〔市、区〕政府 (brackets kept)."""
    out = list(items)
    for index in range(len(out) - 2, -1, -1):
        nxt = out[index + 1]
        suffix = next((s for s in _SHARED_SUFFIXES if nxt.endswith(s)), None)
        if suffix is None or not _place_only(nxt[: -len(suffix)]):
            continue
        if _place_only(out[index]):
            out[index] = out[index] + suffix
            if out[index].startswith("各") and not nxt.startswith("各"):
                out[index + 1] = "各" + nxt  # the distributive 各 reaches the place that holds the suffix
    return out


# Bodies named by what they belong to (各直属机构, 各所属单位, 各派出机构) take the owner of the
# collective before them (市政府各部门 -> 市政府).
_OWNED_RE = re.compile(r"^各(?:直属|所属|派出|下属)")
_OWNER_RE = re.compile(r"^(.{2,12}?)各(?:有关|相关)?(?:部门|单位|委办局)$")


def carry_over(items: list[str]) -> list[str]:
    """Carry what a list's first item shares with the items after it.

    * a bare group noun after a collective: 市直有关部门、单位 -> 市直有关部门, 市直有关单位;
    * a level prefix: 区发展改革局、教育体育局、科技局 -> 区教育体育局, 区科技局;
    * a distributive 各: 各镇人民政府、街道办事处 -> 各街道办事处; 各乡、街办、管理处 -> 各街办, 各管理处;
    * the owner of a collective: 市政府各部门、各直属机构 -> 市政府各直属机构.

    A carry runs over consecutive items and stops at the first item that does not take it.
    """
    items = share_suffix(items)
    out: list[str] = []
    prefix: str | None = None
    distributive = False
    for token in items:
        name = _bare_name(token)
        if token in BARE_GROUPS and out and is_collective(_bare_name(out[-1])):
            token = _group_noun_swap(out[-1], token)
        elif out and _OWNED_RE.match(name) and (owner := _OWNER_RE.match(_bare_name(out[-1]))):
            token = owner.group(1) + token  # 市政府各部门、各直属机构 -> 市政府各直属机构
        elif prefix and _is_bare_department(name):
            token = prefix + token
        elif distributive and _GENERIC_BODY_RE.match(name) and name:
            token = "各" + token
        else:
            prefix = _level_prefix(name)
            distributive = name.startswith("各") and len(name) >= 2
        out.append(token)
    return out


_LEADING_AND_RE = re.compile(r"^(?:以及|并且)(?=.{2})")  # A、B，以及各有关单位


def list_items(text: str, *, carry: bool = True) -> list[str]:
    """Split a unit list into items, carrying shared prefixes and group nouns (``carry_over``).

    ``carry=False`` (names read from a sentence subject, which are only suggestions) keeps the items
    as written and only re-attaches a bare group noun to the collective before it.
    """
    if carry:  # quotes stay with the item, for the printed name (“三区”管委会); make_ref drops them
        # what a first item shares carries over a 、 list, not across a comma or semicolon
        # (各县（市）区人民政府，开发区管委会 names the zones' committee as written)
        items: list[str] = []
        for group in split_top(text, _CLAUSE_SEPARATORS):
            kept = (_LEADING_AND_RE.sub("", squeeze(raw).strip(_EDGE_PUNCTUATION))
                    for raw in split_top(group, LIST_SEPARATORS))
            items.extend(carry_over([token for token in kept if clean_token(token)]))
        return items
    tokens = [token for token in (clean_token(raw) for raw in split_top(text, LIST_SEPARATORS)) if token]
    items: list[str] = []
    for token in tokens:
        if token in BARE_GROUPS and items and is_collective(split_name(items[-1])[0]):
            items[-1] = items[-1] + token
            continue
        items.append(token)
    return items


def parse_unit_list(text: str, role: str = ROLE_RESPONSIBLE) -> UnitList:
    """Parse ``A、B，C和D等有关部门`` into refs; records items that do not look like units."""
    result = UnitList()
    seen: set[tuple[str, str | None]] = set()
    for item in list_items(text):
        item, etc, tail = split_etc(item)
        result.more_implied = result.more_implied or etc
        group = etc_collective(tail) if etc else None
        for part in split_conjunctions(item) if item else []:
            ref = make_ref(part, role)
            if ref is None:
                continue
            if not (is_unit_name(ref.name) or ref.collective):
                result.invalid.append(part)
            if (ref.name, ref.parent) not in seen:
                seen.add((ref.name, ref.parent))
                result.refs.append(ref)
        if group is not None and (group.name, None) not in seen:
            seen.add((group.name, None))
            result.refs.append(replace(group, role=role))
    return result
