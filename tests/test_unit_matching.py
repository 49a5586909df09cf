"""Matching parsed unit names to a registry of units and collective groups (pure, no database)."""

import json
from pathlib import Path

import pytest

from tasks.parsing import UnitRef, parse_bytes
from tasks.parsing.unit_matching import UnitRegistry, canonical


def unit(ident, name, short="", aliases=(), parent=None, kind="department"):
    return {"id": ident, "name": name, "short_name": short, "aliases": list(aliases), "parent_id": parent,
            "kind": kind}


UNITS = [
    unit(1, "区人民政府办公室", "区政府办公室", ["区政府办"], kind="office"),
    unit(2, "区大数据局", "区大数据局", parent=1),
    unit(3, "区发展和改革局", "区发改局", ["区发展改革局"]),
    unit(4, "区卫生健康局", "区卫健局"),
    unit(5, "行政审批服务局"),
    unit(6, "区财政金融局", "区财金局"),
    unit(7, "沙沟镇", kind="town"),
    unit(8, "临城街道", aliases=["临城街道办事处"], kind="town"),
    unit(9, "区地方金融监督管理局〈区金融服务中心〉", "区地方金融监管局"),
]
COLLECTIVES = [
    {"id": 100, "name": "各镇街", "member_ids": [7, 8], "vague": False, "aliases": ["各镇（街）"]},
    {"id": 101, "name": "区政府有关部门", "member_ids": [], "vague": True,
     "aliases": ["有关部门", "相关部门单位"]},
]


@pytest.fixture(scope="module")
def registry():
    return UnitRegistry.from_data(UNITS, COLLECTIVES)


@pytest.mark.parametrize(
    ("ref", "unit_id", "method"),
    [
        (UnitRef("区人民政府办公室"), 1, "exact"),
        (UnitRef("区发改局"), 3, "short"),
        (UnitRef("区发展改革局"), 3, "alias"),
        (UnitRef("区政府办"), 1, "alias"),
        (UnitRef("区大数据局", parent="区政府办公室"), 2, "nested"),
        (UnitRef("区大数据局", parent="某不存在的办公室"), 2, "nested"),
        (UnitRef("区金融服务中心", parent="区地方金融监督管理局"), 9, "nested"),
        (UnitRef("县行政审批服务局"), 5, "fuzzy"),
        (UnitRef("卫健局"), 4, "fuzzy"),
        (UnitRef("临城街道办事处"), 8, "alias"),
    ],
)
def test_unit_matches(registry, ref, unit_id, method):
    result = registry.match(ref)
    assert (result.unit_id, result.method) == (unit_id, method)
    assert result.matched and result.collective_id is None


def test_raw_strings_broken_by_spaces_and_nested_forms(registry):
    assert registry.match("区财政 金融局").unit_id == 6
    result = registry.match("区政府办公室<区大数据局>")
    assert (result.unit_id, result.method, result.normalized) == (2, "nested", "区政府办公室〈区大数据局〉")


@pytest.mark.parametrize("name", ["各镇街", "各镇〈街〉", "各镇（街）", "各镇(街)"])
def test_collective_spellings(registry, name):
    result = registry.match(name)
    assert (result.collective_id, result.member_ids) == (100, [7, 8])
    assert (result.vague, result.method) == (False, "collective")
    assert result.unit_id is None


def test_vague_collectives(registry):
    result = registry.match(UnitRef("有关部门", collective=True, vague=True))
    assert (result.collective_id, result.vague) == (101, True)
    unknown = registry.match(UnitRef("区直相关部门", collective=True, vague=True))
    assert not unknown.matched and unknown.vague and unknown.method is None


def test_unknown_names_are_never_invented(registry):
    result = registry.match(UnitRef("区气象局"))
    assert not result.matched
    assert (result.unit_id, result.collective_id, result.method) == (None, None, None)
    assert result.normalized == "区气象局"


def test_ambiguous_fuzzy_key_does_not_match():
    registry = UnitRegistry.from_data([unit(1, "区财政局"), unit(2, "县财政局")], [])
    assert registry.match(UnitRef("区财政局")).unit_id == 1
    assert not registry.match(UnitRef("财政局")).matched


def test_canonical_form():
    assert canonical(" 区财政 金融局 ") == "区财政金融局"
    assert canonical("各镇〈街〉") == "各镇街"
    assert canonical("区政府办公室(区大数据局)") == "区政府办公室〈区大数据局〉"


def _registry_from_fixture(jurisdiction):
    """Turn the project's registry fixture (names, parents by name) into matcher dicts."""
    path = Path(__file__).resolve().parents[1] / "fixtures" / "registry.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = next(j for j in data["jurisdictions"] if j["name"] == jurisdiction)
    ids = {unit["name"]: index for index, unit in enumerate(entry["units"], start=1)}
    units = [{"id": ids[u["name"]], "name": u["name"], "short_name": u.get("short_name", ""),
              "aliases": u.get("aliases", []), "parent_id": ids.get(u.get("parent")), "kind": u.get("kind")}
             for u in entry["units"]]
    collectives = [{"id": 1000 + i, "name": c["name"], "member_ids": [], "vague": bool(c.get("is_vague")),
                    "aliases": c.get("aliases", [])} for i, c in enumerate(entry.get("collectives", []))]
    return UnitRegistry.from_data(units, collectives)


def test_seed_000_units_match_the_registry_fixture():
    registry = _registry_from_fixture("薛城区")
    seed = Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "000_517b0bf8bf3974e6.txt"
    [document] = parse_bytes(seed.name, seed.read_bytes())
    refs = [unit for task in document.tasks for unit in task.units]
    results = [registry.match(ref) for ref in refs]
    unmatched = sorted({ref.display for ref, result in zip(refs, results, strict=True) if not result.matched})
    assert len(unmatched) <= 2, unmatched
    bigdata = next(r for ref, r in zip(refs, results, strict=True) if ref.name == "区大数据局")
    assert bigdata.method == "nested"
