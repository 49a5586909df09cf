"""Shapes many documents share, each with an input of its own (not copied from the corpus).

One test per rule added for issue 14's corpus work; the rule is named by the test.
"""

from tasks.parsing.names import is_collective, is_unit_name, parse_unit_list
from tasks.parsing.tables import read_unit_cell


def names(refs):
    return [u.name for u in refs]


def test_etc_naming_a_definite_group_adds_it_as_a_vague_collective():
    parsed = parse_unit_list("县民政局、县卫健局等相关县直单位")
    assert names(parsed.refs) == ["县民政局", "县卫健局", "相关县直单位"]
    group = parsed.refs[-1]
    assert group.collective and group.vague
    assert parsed.more_implied
    parsed = parse_unit_list("市科技局等创新驱动发展工作领导小组成员单位")
    assert names(parsed.refs) == ["市科技局", "创新驱动发展工作领导小组成员单位"]
    assert parsed.refs[-1].vague


def test_etc_saying_only_the_relevant_ones_adds_nothing():
    for tail in ("等部门", "等单位", "等有关部门", "等市政府有关部门", "等相关部门单位", "等"):
        parsed = parse_unit_list("市民政局、市卫健委" + tail)
        assert names(parsed.refs) == ["市民政局", "市卫健委"], tail
        assert parsed.more_implied, tail


def test_etc_group_keeps_the_role_of_its_list():
    parsed = read_unit_cell("县财政局等县直有关部门配合", default_role="lead")
    assert [(u.name, u.role) for u in parsed.units] == [("县财政局", "cooperating"), ("县直有关部门", "cooperating")]


def test_zone_names_written_short_are_units():
    for name in ("经开区", "临港经开区", "综保区", "滨江产业园", "高新园"):
        assert is_unit_name(name), name
    assert not is_unit_name("城区")


def test_each_town_or_office_with_bracketed_alternative_is_a_collective():
    parsed = parse_unit_list("各乡（办）、经开区")
    assert names(parsed.refs) == ["各乡办", "经开区"]
    assert parsed.refs[0].collective and parsed.refs[0].written == "各乡（办）"
    assert parsed.valid
    assert is_collective("各镇办")
