"""Annotation and name rules that many documents share (issue 14, "Annotations and names").

Every input here is made up; each shows one shape.
"""

import pytest

from tasks.parsing.annotations import find_annotations, parse_unit_cell
from tasks.parsing.api import parse_text
from tasks.parsing.model import ROLE_COOPERATING, ROLE_LEAD, ROLE_RESPONSIBLE, UnitRef
from tasks.parsing.names import parse_unit_list


def units_of(text):
    [annotation] = find_annotations(text)
    return [(u.display, u.role) for u in annotation.units]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("做好公开。[责任单位：区民政局、区医保局]",
         [("区民政局", ROLE_RESPONSIBLE), ("区医保局", ROLE_RESPONSIBLE)]),
        ("做好公开。【牵头单位：区财政局；配合单位：区审计局】",
         [("区财政局", ROLE_LEAD), ("区审计局", ROLE_COOPERATING)]),
        ("做好公开。〔责任单位：县统计局〕", [("县统计局", ROLE_RESPONSIBLE)]),
    ],
)
def test_square_lenticular_and_tortoise_brackets_hold_annotations(text, expected):
    assert units_of(text) == expected


def test_role_labels_separated_by_commas():
    text = "做好公开。(牵头单位:区住建局,责任单位:区政府各部门,配合单位:区档案馆)"
    assert units_of(text) == [("区住建局", ROLE_LEAD), ("区政府各部门", ROLE_RESPONSIBLE),
                              ("区档案馆", ROLE_COOPERATING)]


def test_deadline_part_of_an_annotation_is_a_deadline_not_a_unit():
    [annotation] = find_annotations("做好公开。（牵头单位：区司法局，责任单位：各镇街，完成时限：长期坚持）")
    assert [u.name for u in annotation.units] == ["区司法局", "各镇街"]
    assert annotation.deadline == "长期坚持"


def test_annotation_deadline_becomes_the_task_deadline_text():
    text = "一、总体工作\n1.完善规范性文件清理机制。（牵头单位：区司法局，完成时限：2024年6月底前）\n"
    document = parse_text(text)[0]
    [task] = document.tasks
    assert task.deadline_text == "2024年6月底前"
    assert [u.name for u in task.units] == ["区司法局"]


@pytest.mark.parametrize(
    ("text", "written", "name"),
    [
        ("各县（市、区）政府", "各县（市、区）政府", "各县市、区政府"),
        ("临空经济区（空港新城）事务中心", "临空经济区（空港新城）事务中心", "临空经济区空港新城事务中心"),
        ("各乡镇〈街道〉", "各乡镇〈街道〉", "各乡镇街道"),
        ("各县〔市、区〕人民政府", "各县〔市、区〕人民政府", "各县市、区人民政府"),
        ("“两区”管委会", "“两区”管委会", "两区管委会"),
    ],
)
def test_brackets_that_belong_to_a_name_stay_in_its_printed_form(text, written, name):
    [ref] = parse_unit_list(text).refs
    assert (ref.display, ref.name) == (written, name)


def test_a_bracket_naming_a_sub_unit_is_still_a_parent():
    [ref] = parse_unit_list("区政府办公室〈区大数据局〉").refs
    assert (ref.name, ref.parent, ref.display) == ("区大数据局", "区政府办公室", "区政府办公室〈区大数据局〉")


def test_written_form_must_be_the_name_with_its_brackets():
    with pytest.raises(ValueError):
        UnitRef(name="区财政局", written="（区审计局）")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("区发展改革局、教育体育局、科技局", ["区发展改革局", "区教育体育局", "区科技局"]),
        ("县财政局、人社局、就业局", ["县财政局", "县人社局", "县就业局"]),
        # the carry stops at an item that does not take it, and never reaches a proper name
        ("区财政局、各街道、税务局", ["区财政局", "各街道", "税务局"]),
        ("省财政厅、人行某某中心支行", ["省财政厅", "人行某某中心支行"]),
    ],
)
def test_a_shared_level_prefix_carries_over_the_list(text, expected):
    assert [u.name for u in parse_unit_list(text).refs] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("各镇人民政府、街道办事处", ["各镇人民政府", "各街道办事处"]),
        ("各乡、街办、管理处", ["各乡", "各街办", "各管理处"]),
        ("各区市政府、开发区管委", ["各区市政府", "各开发区管委"]),
        ("各街道、某某经济开发区", ["各街道", "某某经济开发区"]),
    ],
)
def test_a_distributive_ge_carries_over_generic_bodies(text, expected):
    refs = parse_unit_list(text).refs
    assert [u.name for u in refs] == expected
    assert refs[0].collective and refs[1].collective == expected[1].startswith("各")


def test_a_bare_group_noun_takes_the_collectives_place():
    assert [u.name for u in parse_unit_list("市直有关部门、单位").refs] == ["市直有关部门", "市直有关单位"]


def test_notes_inside_an_annotation_are_not_units():
    text = ("做好公开。（牵头单位：市数据局；责任单位：市直有关部门，各县市区。"
            "以下均需各县市区落实，不再逐一列出）")
    [annotation] = find_annotations(text)
    names = [u.name for u in annotation.units]
    assert names.count("各县市区") == 1 and "市数据局" in names
    assert not any("以下" in n or "不再" in n or "列出" in n for n in names)
    assert [u.name for u in annotation.carry] == ["各县市区"]


def test_a_carry_note_gives_its_units_to_the_following_tasks_of_that_part():
    text = (
        "一、优化服务\n"
        "1.推进一网通办。（牵头单位：市数据局；责任单位：市直有关部门。以下任务均需各县市区落实，不再一一列出）\n"
        "2.推进帮办代办。（牵头单位：市民政局）\n"
        "二、加强监督\n"
        "3.公开监督电话。（牵头单位：市监察局）\n"
    )
    tasks = parse_text(text)[0].tasks
    names = [[u.name for u in task.units] for task in tasks]
    assert "各县市区" in names[0]
    assert names[1] == ["市民政局", "各县市区"]
    assert names[2] == ["市监察局"]  # another part: the note does not reach it


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("做好公开。（区政府办公室统筹，各职能科（室）落实）",
         [("区政府办公室", ROLE_LEAD), ("各职能科（室）", ROLE_RESPONSIBLE)]),
        ("做好公开。（区发改委、区科工信局按职责分工负责）",
         [("区发改委", ROLE_RESPONSIBLE), ("区科工信局", ROLE_RESPONSIBLE)]),
        ("做好公开。（区住建局牵头，区城管局协同）",
         [("区住建局", ROLE_LEAD), ("区城管局", ROLE_COOPERATING)]),
        ("做好公开。（区文旅局会同区委宣传部办理）",
         [("区文旅局", ROLE_RESPONSIBLE), ("区委宣传部", ROLE_COOPERATING)]),
    ],
)
def test_role_words(text, expected):
    assert units_of(text) == expected


def test_label_lines_under_a_heading_are_the_units():
    text = ("一、主要目标\n（一）地区生产总值增长6%\n牵头单位：区发改局\n责任单位：某某开发区，各街道\n"
            "（二）一般公共预算收入增长5%\n牵头单位：区财政局\n")
    tasks = parse_text(text)[0].tasks
    assert [(u.name, u.role) for u in tasks[0].units] == [
        ("区发改局", ROLE_LEAD), ("某某开发区", ROLE_RESPONSIBLE), ("各街道", ROLE_RESPONSIBLE)]
    assert "牵头单位" not in tasks[0].text
    assert [u.name for u in tasks[1].units] == ["区财政局"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("市发改委\n市自然资源局", ["市发改委", "市自然资源局"]),
        ("市发改委 市自然资源局", ["市发改委", "市自然资源局"]),
        ("区财政 金融局", ["区财政金融局"]),
    ],
)
def test_names_a_cell_separates_by_lines_or_spaces(cell, expected):
    assert [u.name for u in parse_unit_cell(cell).units] == expected


def test_a_government_suffix_written_once_reaches_the_places_before_it():
    from tasks.parsing.annotations import find_annotations

    [note] = find_annotations("做好规划公开。(各州、市人民政府按照职责分工负责)")
    assert [u.name for u in note.units] == ["各州人民政府", "各市人民政府"]
    [note] = find_annotations("做好规划公开。(各市〔州〕、县〔市、区〕政府按照职能分别落实)")
    assert [u.written for u in note.units] == ["各市〔州〕政府", "各县〔市、区〕政府"]


def test_the_manner_before_a_role_word_is_not_part_of_the_name():
    from tasks.parsing.annotations import parse_role_clauses

    parsed = parse_role_clauses("市金融办、人民银行潍坊市中心支行、潍坊银监分局分别牵头落实")
    assert [u.name for u in parsed.units] == ["市金融办", "人民银行潍坊市中心支行", "潍坊银监分局"]
    parsed = parse_role_clauses("各单位按照职能分别落实")
    assert [u.name for u in parsed.units] == ["各单位"]


def test_a_list_item_opened_by_yiji_is_the_name_after_it():
    from tasks.parsing.names import parse_unit_list

    names = [u.name for u in parse_unit_list("区发展改革局、区统计局,以及各有关单位").refs]
    assert names == ["区发展改革局", "区统计局", "各有关单位"]
