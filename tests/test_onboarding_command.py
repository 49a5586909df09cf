"""``manage.py onboard``: a new office from its own documents, and nothing changed the second time."""

import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tasks.models import Assignment, Document
from tasks.parsing import parse_bytes
from tasks.parsing.unit_matching import canonical
from tasks.services.import_preview import build_preview, registry_for
from units.models import Jurisdiction, JurisdictionRole, Membership, Unit
from units.proposals import _mentions

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "documents"
XUECHENG = [str(SEEDS / "000_517b0bf8bf3974e6.txt"), str(SEEDS / "004_730e95e47daaf291.txt")]
NEW_COUNTY = """青川县人民政府办公室文件

青政办发〔2024〕3号

青川县人民政府办公室
关于印发2024年青川县政务公开工作要点的通知

各乡镇人民政府，县政府各部门：
现将《2024年青川县政务公开工作要点》印发给你们，请认真贯彻落实。

青川县人民政府办公室
2024年3月15日

2024年青川县政务公开工作要点

一、推进重点领域信息公开
（一）做好财政预决算公开。按规定公开预决算信息。（责任单位：县财政局、县发改局）
（二）推进就业信息公开。（责任单位：县人社局，县发展和改革局，各乡镇（街道））
（三）做好医保信息公开。（责任单位：县医保局、县政府有关部门）
"""


def _run(*args):
    out = io.StringIO()
    call_command("onboard", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def county_file(tmp_path):
    path = tmp_path / "qingchuan.txt"
    path.write_text(NEW_COUNTY, encoding="utf-8")
    return str(path)


def test_a_county_in_no_fixture_is_onboarded_from_its_document(db, county_file, tmp_path):
    sheet = tmp_path / "accounts.xlsx"
    result = json.loads(_run(county_file, "--jurisdiction", "青川县", "--parent", "青川市", "--accounts", str(sheet),
                             "--json"))
    assert result["jurisdiction"] == {"name": "青川县", "level": "county", "unit_prefix": "县",
                                      "parent": "青川市", "created": True}
    assert set(result) >= {"units_created", "aliases_created", "collectives", "documents", "accounts"}
    assert result["units_created"] == 4  # 县发改局 = 县发展和改革局: one unit
    j = Jurisdiction.objects.get(name="青川县")
    assert set(Unit.objects.filter(jurisdiction=j).values_list("name", flat=True)) == {
        "县财政局", "县发展和改革局", "县人力资源和社会保障局", "县医疗保障局"}
    assert Unit.objects.get(jurisdiction=j, name="县发展和改革局").short_name == "县发改局"
    assert set(result["collectives"]) == {"各乡镇街道", "县政府各部门", "县政府有关部门"}
    [doc] = result["documents"]
    assert doc["doc_number"] == "青政办发〔2024〕3号" and doc["tasks"] == 3
    assert doc["assignments"] == Assignment.objects.filter(task__document__jurisdiction=j).count() > 0
    assert isinstance(doc["tasks_without_units"], int)
    roles = sorted(a["role"] for a in result["accounts"])
    assert roles.count("office") == 1
    assert roles.count("liaison") == Membership.objects.filter(unit__jurisdiction=j).count()
    rows = list(openpyxl.load_workbook(sheet).active.iter_rows(values_only=True))
    assert rows[0] == ("用户名", "初始密码", "单位", "角色")
    assert len(rows) == len(result["accounts"]) + 1
    assert all(str(r[0]).isascii() for r in rows[1:])


def test_second_run_changes_nothing_and_says_so(db, county_file, tmp_path):
    sheet = tmp_path / "accounts.xlsx"
    _run(county_file, "--jurisdiction", "青川县", "--accounts", str(sheet))
    first_sheet = sheet.read_bytes()
    counts = (Unit.objects.count(), Document.objects.count(), Assignment.objects.count(),
              Membership.objects.count(), JurisdictionRole.objects.count())
    again = json.loads(_run(county_file, "--jurisdiction", "青川县", "--accounts", str(sheet), "--json"))
    assert again["changed"] is False and again["jurisdiction"]["created"] is False
    assert (again["units_created"], again["aliases_created"], again["accounts"]) == (0, 0, [])
    assert [d["imported"] for d in again["documents"]] == [False]
    assert "nothing changed" in _run(county_file, "--jurisdiction", "青川县")
    assert (Unit.objects.count(), Document.objects.count(), Assignment.objects.count(),
            Membership.objects.count(), JurisdictionRole.objects.count()) == counts
    assert sheet.read_bytes() == first_sheet  # the passwords of the first run are not overwritten


def test_level_is_guessed_from_the_issuer_unless_given(db):
    _run(str(SEEDS / "002_f7352e12f55a90c3.txt"), "--jurisdiction", "临沂临港经济开发区")
    zone = Jurisdiction.objects.get(name="临沂临港经济开发区")
    assert (zone.level, zone.unit_prefix) == ("zone", "区")
    _run(str(SEEDS / "003_fddb58b90d026332.txt"), "--jurisdiction", "冠县", "--level", "county")
    assert Jurisdiction.objects.get(name="冠县").level == "county"


@pytest.mark.parametrize("args, words", [
    (["--jurisdiction", "x" * 101], "1 to 100"),
    (["--accounts", "/no/such/folder/out.xlsx"], "does not exist"),
    (["--level", "galaxy"], "invalid choice"),
])
def test_bad_arguments_fail_in_one_line_before_any_work(db, county_file, args, words):
    base = ["--jurisdiction", "青川县"] if "--jurisdiction" not in args else []
    with pytest.raises(CommandError, match=words):
        _run(county_file, *base, *args)
    assert not Jurisdiction.objects.exists()


def test_missing_and_too_many_files_are_refused(db, county_file, monkeypatch):
    with pytest.raises(CommandError, match="no such file"):
        _run("/no/such.txt", "--jurisdiction", "青川县")
    monkeypatch.setattr("units.management.commands.onboard.MAX_FILES", 1)
    with pytest.raises(CommandError, match="at most 1 files"):
        _run(county_file, county_file, "--jurisdiction", "青川县")
    assert not Jurisdiction.objects.exists()


def test_the_five_seeds_onboarded_cover_every_unit_of_the_hand_written_registry_they_name(db):
    """fixtures/registry.json vs onboard: every fixture unit a seed names is found, none twice."""
    runs = {"薛城区": XUECHENG, "台儿庄区": [str(SEEDS / "001_0c3f149d73efa55b.txt")],
            "临沂临港经济开发区": [str(SEEDS / "002_f7352e12f55a90c3.txt")],
            "冠县": [str(SEEDS / "003_fddb58b90d026332.txt")]}
    for name, files in runs.items():
        _run(*files, "--jurisdiction", name, "--accept-suggestions")
    fixture = json.loads((SEEDS.parent / "registry.json").read_text(encoding="utf-8"))
    named = {}
    for name, files in runs.items():
        documents = [d for f in files for d in parse_bytes(Path(f).name, Path(f).read_bytes())]
        units, _collectives, towns = _mentions(documents)
        named[name] = {canonical(u[0]) for u in units} | {canonical(u[1]) for u in units if u[1]} | {
            w for pair in towns for w in pair}
    for entry in fixture["jurisdictions"]:
        if entry["name"] not in runs:
            continue
        j = Jurisdiction.objects.get(name=entry["name"])
        registry = registry_for(j)
        found = {}
        for unit in entry.get("units", []):
            forms = [unit["name"], unit.get("short_name") or "", *unit.get("aliases", [])]
            if not any(f and canonical(f) in named[entry["name"]] for f in forms):
                continue  # the documents never name it (薛城区's 沙沟镇, 冠县's towns)
            matched = next((registry.match(f).unit_id for f in forms if f and registry.match(f).unit_id), None)
            assert matched, f"{entry['name']}: {unit['name']} not onboarded"
            assert matched not in found, f"{unit['name']} and {found.get(matched)} onboarded as one"
            found[matched] = unit["name"]
    for path in [*XUECHENG, *runs["台儿庄区"]]:
        j = Jurisdiction.objects.get(name="薛城区" if path in XUECHENG else "台儿庄区")
        assert build_preview(filename=Path(path).name, data=Path(path).read_bytes(), jurisdiction=j)[
            "unknown_units"] == []
