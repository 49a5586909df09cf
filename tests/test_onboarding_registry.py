"""Units proposed from documents: one per real unit, abbreviations linked, created idempotently."""

import json
from pathlib import Path

import pytest

from tasks.parsing import parse_bytes
from tasks.services.import_preview import build_preview
from tests import factories
from units.models import CollectiveReference, Jurisdiction, Unit, UnitAlias
from units.naming import unit_identity
from units.proposals import (
    RegistryProposalError,
    jurisdiction_prefixes,
    registry_create,
    registry_proposal,
)

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "documents"
MANIFEST = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
LEVELS = {"薛城区": ("district", "区"), "台儿庄区": ("district", "区"), "临沂临港经济开发区": ("zone", "区"),
          "冠县": ("county", "县")}


def _seed(entry):
    data = (SEEDS / entry["file"]).read_bytes()
    return data, parse_bytes(entry["file"], data)


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"][:3] for e in MANIFEST])
def test_each_seed_into_an_empty_registry_gives_one_unit_per_department_and_no_unknown_name(db, entry):
    level, prefix = LEVELS[entry["jurisdiction"]]
    j = Jurisdiction.objects.create(name=entry["jurisdiction"], level=level, unit_prefix=prefix)
    data, documents = _seed(entry)
    counts = registry_create(jurisdiction=j, proposal=registry_proposal(jurisdiction=j, parsed_documents=documents))
    assert counts["units_created"] > 0
    prefixes = jurisdiction_prefixes(j)
    keys = {}
    for unit in Unit.objects.filter(jurisdiction=j):
        key = unit_identity(unit.name, prefixes=prefixes).key
        assert key not in keys, f"{unit.name} and {keys[key]} are one unit"
        keys[key] = unit.name
    preview = build_preview(filename=entry["file"], data=data, jurisdiction=j)
    assert preview["unknown_units"] == []


def test_short_and_full_names_become_one_unit_with_an_alias(db):
    j = Jurisdiction.objects.create(name="薛城区", level="district", unit_prefix="区")
    documents = [{"addressees": [], "tasks": [
        {"units": [{"name": "区发改局", "collective": False}], "suggestions": []},
        {"units": [{"name": "区发展和改革局", "collective": False}, {"name": "区发展改革局", "collective": False}],
         "suggestions": []},
    ]}]
    registry_create(jurisdiction=j, proposal=registry_proposal(jurisdiction=j, parsed_documents=documents))
    unit = Unit.objects.get(jurisdiction=j)
    assert unit.name == "区发展和改革局"
    assert {unit.short_name, *unit.aliases.values_list("name", flat=True)} == {"区发改局", "区发展改革局"}


def test_addressee_line_lists_the_towns_and_collectives_get_rules(db):
    j = Jurisdiction.objects.create(name="薛城区", level="district", unit_prefix="区")
    _data, documents = _seed(MANIFEST[0])
    registry_create(jurisdiction=j, proposal=registry_proposal(jurisdiction=j, parsed_documents=documents))
    towns = set(Unit.objects.filter(jurisdiction=j, kind=Unit.Kind.TOWN).values_list("name", flat=True))
    assert {"临城街道", "常庄街道", "新城街道"} <= towns
    rules = dict(CollectiveReference.objects.filter(jurisdiction=j).values_list("name", "rule"))
    assert rules["各镇街"] == "all_towns"
    assert rules["区政府各部门"] == "all_departments"
    assert rules["区政府有关部门"] == "vague"
    every_town = CollectiveReference.objects.get(jurisdiction=j, name="各镇街").resolve_units()
    assert set(every_town.values_list("name", flat=True)) == towns
    nested = Unit.objects.get(jurisdiction=j, name="区大数据局")
    assert nested.parent.name == "区人民政府办公室"


def test_registry_create_twice_creates_nothing_the_second_time(db):
    j = Jurisdiction.objects.create(name="临沂临港经济开发区", level="zone", unit_prefix="区")
    _data, documents = _seed(MANIFEST[2])
    proposal = registry_proposal(jurisdiction=j, parsed_documents=documents)
    first = registry_create(jurisdiction=j, proposal=proposal)
    before = (Unit.objects.count(), UnitAlias.objects.count(), CollectiveReference.objects.count())
    second = registry_create(jurisdiction=j, proposal=proposal)
    again = registry_create(jurisdiction=j, proposal=registry_proposal(jurisdiction=j, parsed_documents=documents))
    assert first["units_created"] == 10
    assert (second["units_created"], second["aliases_created"], second["collectives_created"]) == (0, 0, 0)
    assert (again["units_created"], again["aliases_created"], again["collectives_created"]) == (0, 0, 0)
    assert (Unit.objects.count(), UnitAlias.objects.count(), CollectiveReference.objects.count()) == before
    posted = CollectiveReference.objects.get(jurisdiction=j, name="各派驻单位")
    assert posted.members.count() == 3


def test_a_known_unit_is_not_proposed_again_but_its_new_spelling_is(db):
    j = Jurisdiction.objects.create(name="薛城区", level="district", unit_prefix="区")
    unit = factories.unit(jurisdiction=j, name="区行政审批服务局", short_name="区审批服务局")
    documents = [{"addressees": [], "tasks": [{"units": [{"name": "区行政审批局", "collective": False}],
                                               "suggestions": []}]}]
    proposal = registry_proposal(jurisdiction=j, parsed_documents=documents)
    assert [u["existing"] for u in proposal["units"]] == [unit.pk]
    counts = registry_create(jurisdiction=j, proposal=proposal)
    assert (counts["units_created"], counts["aliases_created"]) == (0, 1)
    assert list(unit.aliases.values_list("name", flat=True)) == ["区行政审批局"]


@pytest.mark.parametrize("proposal, words", [
    ({"units": [{"name": "x" * 101}]}, "longer than 100"),
    ({"units": [{"name": "区财政局", "kind": "castle"}]}, "Unknown unit kind"),
    ({"collectives": [{"name": "各镇街", "rule": "everything"}]}, "Unknown collective rule"),
    ({"units": [{"name": f"单位{i}"} for i in range(1001)]}, "at most 1000"),
    ("junk", "not readable"),
])
def test_a_bad_proposal_is_refused_and_creates_nothing(db, proposal, words):
    j = factories.jurisdiction(name="薛城区")
    with pytest.raises(RegistryProposalError, match=words):
        registry_create(jurisdiction=j, proposal=proposal)
    assert not Unit.objects.exists()
