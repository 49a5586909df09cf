"""Names of jurisdictions and units, read from the words documents use. Pure: no Django.

- :func:`guess_jurisdiction` reads an issuer line (青川市人民政府办公室) into the jurisdiction that
  issues (name, level, unit prefix, parent name).
- :func:`department_forms` gives a department's canonical full name and its known short forms
  from the built-in table (:mod:`units.abbreviations`).
- :func:`unit_identity` says which written names are one unit: 区发改局, 区发展改革局 and
  区发展和改革局 share one key; so do 薛城生态环境分局 and 市生态环境局薛城分局.
- :func:`guess_kind` guesses a unit's kind from its name (镇 → town, 局 → department, …所 → branch).
- :func:`collective_rule` says what a collective reference stands for (各镇街 = every town).
- :func:`expand_addressee` turns an addressee (临城、常庄街道办事处) into the towns it lists.

Levels and kinds are the values of ``Jurisdiction.Level`` / ``Unit.Kind`` /
``CollectiveReference.Rule`` as plain strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from units.abbreviations import DEPARTMENTS

PROVINCE, CITY, DISTRICT, COUNTY, TOWN, ZONE, DEPARTMENT = (
    "province", "city", "district", "county", "town", "zone", "department",
)
LEVEL_PREFIX = {PROVINCE: "省", CITY: "市", DISTRICT: "区", COUNTY: "县", TOWN: "", ZONE: "区", DEPARTMENT: ""}

K_TOWN, K_DEPARTMENT, K_BRANCH, K_ZONE, K_COMPANY, K_OFFICE, K_OTHER, K_VILLAGE, K_SECTION = (
    "town", "department", "branch", "zone", "company", "office", "other", "village", "section",
)
R_MEMBERS, R_ALL_TOWNS, R_ALL_DEPARTMENTS, R_ALL_UNITS, R_VAGUE = (
    "members", "all_towns", "all_departments", "all_units", "vague",
)

_SPACE_RE = re.compile(r"\s+")
# What an issuing government signs as, after its place name (longest first).
_GOVERNMENT_SUFFIXES = (
    "人民政府办公室", "人民政府办公厅", "党工委管委会办公室", "党工委管委会", "管理委员会办公室", "管委会办公室",
    "党政办公室", "政府办公室", "政府办公厅", "人民政府", "管理委员会", "管委会", "委办公室", "政府办", "政府",
    "党工委", "办事处", "委",
)
_ZONE_ENDINGS = (
    "经济技术开发区", "高新技术产业开发区", "经济开发区", "开发区", "高新区", "园区", "示范区", "试验区",
    "保税区", "产业园", "工业园",
)
# Place-name endings and the level each gives, longest first.
_PLACE_ENDINGS = (
    ("特别行政区", PROVINCE), ("自治区", PROVINCE), ("省", PROVINCE),
    ("自治州", CITY), ("地区", CITY), ("盟", CITY), ("州", CITY), ("市", CITY),
    ("自治县", COUNTY), ("县", COUNTY), ("旗", COUNTY), ("区", DISTRICT),
    ("街道", TOWN), ("镇", TOWN), ("乡", TOWN),
)
_DEPARTMENT_ENDINGS = ("局", "委员会", "委", "办公室", "办", "中心", "厅", "部", "署", "院", "所", "站", "队")


def squeeze(text: str) -> str:
    return _SPACE_RE.sub("", text or "").strip("：:，,。")


@dataclass(frozen=True)
class JurisdictionGuess:
    name: str
    level: str
    unit_prefix: str
    parent: str | None = None


def _place_level(place: str) -> str | None:
    if place.endswith(_ZONE_ENDINGS):
        return ZONE
    for ending, level in _PLACE_ENDINGS:
        if place.endswith(ending) and len(place) > len(ending):
            return level
    return None


def _place_chain(text: str) -> list[str] | None:
    """``山东省枣庄市薛城区`` -> [山东省, 枣庄市, 薛城区]; None unless the whole text is places.

    A zone (临沂临港经济开发区) is one place, whatever it holds; each other place is the shortest
    run of at least two characters that ends with a place ending and leaves a readable rest
    (泸州市: not 泸州 + 市).
    """
    if not text:
        return None
    if text.endswith(_ZONE_ENDINGS):
        return [text]
    for end in range(2, len(text) + 1):
        piece = text[:end]
        if _place_level(piece) in (None, ZONE):
            continue
        if end == len(text):
            return [piece]
        rest = _place_chain(text[end:])
        if rest:
            return [piece, *rest]
    return None


def guess_jurisdiction(issuer: str | None) -> JurisdictionGuess | None:
    """The jurisdiction an issuer line names, or None when it names none.

    青川市人民政府办公室 → (青川市, city, 市); 冠县人民政府办公室 → (冠县, county, 县);
    ××镇人民政府 → town; ××街道办事处 → town; ××经济开发区管委会 → zone (prefix 区);
    ××县卫生健康局 → (××县卫生健康局, department, no prefix, parent ××县).
    """
    text = squeeze(issuer or "")
    text = text.removeprefix("中共")
    if not text or len(text) > 60:
        return None
    for suffix in _GOVERNMENT_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            place = text[: -len(suffix)]
            if suffix == "办事处" and not place.endswith("街道"):
                continue
            if suffix in ("委办公室", "委"):
                place = re.sub(r"([县区市])\1$", r"\1", place)  # 中共冠县县委 → 冠县
            guess = _from_places(place)
            if guess:
                return guess
    guess = _from_places(text)
    if guess:
        return guess
    return _department(text)


def _from_places(place: str) -> JurisdictionGuess | None:
    chain = _place_chain(place)
    if not chain:
        return None
    name = chain[-1]
    level = _place_level(name)
    if level is None:
        return None
    return JurisdictionGuess(name=name, level=level, unit_prefix=LEVEL_PREFIX[level],
                             parent=chain[-2] if len(chain) > 1 else None)


def _department(text: str) -> JurisdictionGuess | None:
    """××县卫生健康局: a department issuing to its own sections; parent is the place before it."""
    if not text.endswith(_DEPARTMENT_ENDINGS):
        return None
    best = None
    for split in range(2, len(text) - 1):
        place, rest = text[:split], text[split:]
        chain = _place_chain(place)
        if not chain or len(rest) < 2 or _place_level(chain[-1]) is None:
            continue
        known = _lookup(rest) is not None
        if best is None or (known and not best[2]):
            best = (chain[-1], rest, known)
        if known:
            break
    if best is None:
        return None
    return JurisdictionGuess(name=text, level=DEPARTMENT, unit_prefix="", parent=best[0])


# ---------------------------------------------------------------- the abbreviation table

def _build_index() -> dict[str, int]:
    index: dict[str, int] = {}
    for number, entry in enumerate(DEPARTMENTS):
        for form in (*entry["full"], *entry["short"]):
            if form in index and index[form] != number:
                raise ValueError(f"abbreviation table: {form} is in two entries")
            index[form] = number
    return index


_INDEX = _build_index()


def _lookup(core: str) -> int | None:
    return _INDEX.get(core)


def department_forms(name: str, *, prefix: str = "") -> tuple[str, list[str]] | None:
    """The canonical full name and the known other forms of a department, or None if unknown.

    ``department_forms("区发改局", prefix="区")`` -> ("区发展和改革局", ["区发展和改革委员会",
    "区发改局", "区发展改革局", …]). A full form that is written is its own canonical name
    (区自然资源局 stays 区自然资源局; 区自然资源和规划局 is the other full form of the same entry).
    """
    name = squeeze(name)
    core = name[len(prefix):] if prefix and name.startswith(prefix) else name
    number = _lookup(core)
    if number is None:
        return None
    entry = DEPARTMENTS[number]
    full = core if core in entry["full"] else entry["full"][0]
    others = [f for f in (*entry["full"], *entry["short"]) if f != full]
    return prefix + full, [prefix + f for f in others]


def table_kind(name: str, *, prefix: str = "") -> str | None:
    core = name[len(prefix):] if prefix and name.startswith(prefix) else name
    number = _lookup(core)
    return DEPARTMENTS[number].get("kind") if number is not None else None


# ---------------------------------------------------------------- unit identity

_BRANCH_FULL_RE = re.compile(r"^(?:.{0,8}?[市州])?(?P<x>.{2,14}?)局(?P<place>.{1,8})分局$")


@dataclass(frozen=True)
class UnitIdentity:
    """``key``: two names with the same key are one unit. ``prefix`` + ``core`` is the name;
    ``entry`` the abbreviation-table row (None when unknown); ``full_form``: the name is written
    in a full form of its entry (or is not in the table); ``branch``: a 分局 of a higher bureau."""

    key: str
    prefix: str
    core: str
    entry: int | None
    full_form: bool
    branch: bool


def place_prefixes(*, name: str, short_name: str = "", unit_prefix: str = "", parent: str = "") -> tuple[str, ...]:
    """Strings that may start a unit name of a jurisdiction, longest first: 薛城区, 薛城, 区, 枣庄市, 市."""
    names = {name, short_name, unit_prefix, parent, "区", "县", "市"}
    for item in (name, parent):
        for ending, _level in _PLACE_ENDINGS:
            if item and item.endswith(ending) and len(item) - len(ending) >= 2:
                names.add(item[: -len(ending)])
                break
    return tuple(sorted((n for n in names if n), key=len, reverse=True))


def split_prefix(name: str, prefixes: tuple[str, ...]) -> tuple[str, str]:
    """(prefix, rest). A name the table knows whole has none (市场监管局 is not 市 + 场监管局);
    a split that leaves a name the table knows wins over a longer prefix."""
    if _lookup(name) is not None:
        return "", name
    candidates = [(p, name[len(p):]) for p in prefixes if name.startswith(p) and len(name) - len(p) >= 2]
    known = next((c for c in candidates if _lookup(c[1]) is not None), None)
    return known or (candidates[0] if candidates else ("", name))


def unit_identity(name: str, *, prefixes: tuple[str, ...] = ("区", "县", "市")) -> UnitIdentity:
    """Which unit a written name is (see the module docstring)."""
    name = squeeze(name)
    match = _BRANCH_FULL_RE.match(name)
    if match:
        core = match.group("x") + "局"
        number = _lookup(core)
        key = "branch:" + (DEPARTMENTS[number]["full"][0] if number is not None else core)
        return UnitIdentity(key=key, prefix="", core=name, entry=None, full_form=True, branch=True)
    prefix, core = split_prefix(name, prefixes)
    if core.endswith("分局") and len(core) > 3:
        base = core[:-2] + "局"
        number = _lookup(base)
        key = "branch:" + (DEPARTMENTS[number]["full"][0] if number is not None else base)
        return UnitIdentity(key=key, prefix=prefix, core=core, entry=None, full_form=False, branch=True)
    town = _town_base(core)
    if town:
        return UnitIdentity(key="town:" + town, prefix=prefix, core=core, entry=None,
                            full_form=core == town, branch=False)
    number = _lookup(core)
    if number is None:
        return UnitIdentity(key="name:" + core, prefix=prefix, core=core, entry=None, full_form=True, branch=False)
    entry = DEPARTMENTS[number]
    return UnitIdentity(key="dept:" + entry["full"][0], prefix=prefix, core=core, entry=number,
                        full_form=core in entry["full"], branch=False)


_TOWN_RE = re.compile(r"^(?P<base>.{1,10}?(?:街道|镇|乡))(?:人民政府|政府|办事处|筹备处工委|筹备处|党工委|工委)$")


def _town_base(name: str) -> str | None:
    """临城街道办事处 → 临城街道; 沙沟镇人民政府 → 沙沟镇; 沙沟镇 → 沙沟镇."""
    match = _TOWN_RE.match(name)
    if match:
        return match.group("base")
    if name.endswith(("街道", "镇", "乡")) and 2 <= len(name) <= 12 and not name.startswith(("各", "全")):
        return name
    return None


# ---------------------------------------------------------------- kinds

def guess_kind(name: str) -> str:
    """镇/乡/街道 → town; 局/委/办/中心 → department; …所/分局/大队 → branch;
    公司/医院/学校 → company; 政府办公室 → office; 村/社区 → village; 科/股/室 → section."""
    name = squeeze(name)
    if name.startswith("国家税务总局") or name.endswith(("分局", "大队", "支队", "中队", "派出所", "所", "站")):
        return K_BRANCH
    if name.endswith(("村", "社区", "居委会", "村委会", "村民委员会", "居民委员会")):
        return K_VILLAGE
    if _town_base(name):
        return K_TOWN
    if name.endswith(_ZONE_ENDINGS) or name.endswith(("管委会", "管理委员会")):
        return K_ZONE
    if name.endswith(("公司", "集团", "医院", "学校", "学院", "大学", "中学", "小学", "幼儿园", "银行")):
        return K_COMPANY
    if name == "办公室" or name.endswith(("政府办公室", "政府办", "党政办公室", "党政办")):
        return K_OFFICE
    if re.match(r"^(?:中共|[区县市镇乡]委)", name):
        return K_OTHER
    if name.endswith(("局", "委", "办", "中心", "委员会", "部", "署", "厅", "馆", "办公室")):
        return K_DEPARTMENT
    if name.endswith(("科", "股", "室")):
        return K_SECTION
    return K_OTHER


# ---------------------------------------------------------------- collectives

_TOWN_WORD_RE = re.compile(r"^各(?:[乡镇街道、]|人民政府|政府|办事处)+$")
_DEPARTMENTS_RE = re.compile(r"^(?:[区县市](?:政府|直)?|政府)?各(?:部门|委办局)(?:单位)?$|^[区县市]直部门(?:单位)?$")
_ALL_UNITS_RE = re.compile(r"^(?:各级各部门(?:单位)?|各单位|各级各单位|各部门各单位|各镇街、?各部门|各级各有关单位)$")
_VAGUE_WORDS = ("有关", "相关", "涉及", "其他", "等")
# Collectives whose members are the units of one kind (or with one ending) when they are defined.
MEMBER_SELECTORS = (
    (re.compile(r"^各派驻(?:机构|单位)$"), "kind", K_BRANCH),
    (re.compile(r"^各(?:站所|所|站)$"), "kind", K_BRANCH),
    (re.compile(r"^各(?:专业运营)?(?:公司|集团|企业)$"), "kind", K_COMPANY),
    (re.compile(r"^各(?:村|社区|村居|村（社区）|村〈社区〉|村社区)$"), "kind", K_VILLAGE),
    (re.compile(r"^各(?:科室|股室|处室)$"), "kind", K_SECTION),
    (re.compile(r"^各中心$"), "ending", "中心"),
)


def _fold(name: str) -> str:
    return re.sub(r"[（(〈<]([^）)〉>]{1,3})[）)〉>]", r"\1", squeeze(name))


def collective_rule(name: str) -> tuple[str, tuple[str, str] | None]:
    """(rule, member selector) of a collective reference.

    各镇街 / 各镇（街道） / 各镇政府 → all towns; 区政府各部门 / 区直各部门 → all departments;
    各级各部门 → all units; 各派驻单位 → the branch units (listed members); anything with 有关 /
    相关 / 涉及, and every collective not understood, is vague: a person picks the units.
    """
    folded = _fold(name)
    if any(word in folded for word in _VAGUE_WORDS):
        return R_VAGUE, None
    if _TOWN_WORD_RE.match(folded) and any(ch in folded for ch in "乡镇街"):
        return R_ALL_TOWNS, None
    if _DEPARTMENTS_RE.match(folded):
        return R_ALL_DEPARTMENTS, None
    if _ALL_UNITS_RE.match(folded):
        return R_ALL_UNITS, None
    for pattern, how, value in MEMBER_SELECTORS:
        if pattern.match(folded):
            return R_MEMBERS, (how, value)
    return R_VAGUE, None


# ---------------------------------------------------------------- addressee line

_TOWN_LIST_RE = re.compile(
    r"^(?P<names>[\u4e00-\u9fff]{1,8}(?:[、，,][\u4e00-\u9fff]{1,8})+)"
    r"(?P<suffix>街道办事处|街道|镇人民政府|镇政府|镇|乡人民政府|乡政府|乡)$"
)


def expand_addressee(text: str) -> list[tuple[str, str]]:
    """The towns an addressee lists, as (name, written form).

    临城、常庄街道办事处 → [(临城街道, 临城街道办事处), (常庄街道, 常庄街道办事处)];
    运河街道办事处 → [(运河街道, 运河街道办事处)]; 新城街道筹备处工委 → [(新城街道, 新城街道筹备处工委)];
    各镇政府, 区政府各部门, 街道办事处 (no name) → [].
    """
    text = squeeze(text)
    match = _TOWN_LIST_RE.match(text)
    if match:
        suffix = match.group("suffix")
        base_suffix = "街道" if suffix.startswith("街道") else suffix[0]
        return [(name + base_suffix, name + suffix) for name in re.split(r"[、，,]", match.group("names")) if name]
    if text.startswith(("各", "全")):
        return []
    base = _town_base(text)
    if base and len(base) > 2 and base not in ("街道",):
        return [(base, text)]
    return []
