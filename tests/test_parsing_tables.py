"""Annex task tables: Markdown pipe tables and tables flattened into one cell per line."""

from tasks.parsing import parse_text
from tasks.parsing.cleanup import clean_lines
from tasks.parsing.tables import (
    canonical_label,
    grid_from_pipe_lines,
    is_header_text,
    map_columns,
    resolve_labels,
    rows_from_flat_lines,
    rows_from_grid,
)

PIPE = """
| 工作任务 | | 具体要求 | 责任单位 |
|----------|--|--|--|
| 深化重点领域信息公开 | 立足实施 重大战略 | 主动公开规划，做好归集整理。 | 区发展局、区规划局等相关 部门 |
| | | 做好开发区体制机制改革进展情况公开。 | 区党政办公室 |
| | V V | 做好重点项目建设和产业政策实施情况公开。 | 区经济发展局、区财政 金融局 |
| | 着眼畅通 经济循环 | 实施大数据创新应用突破行动，做好数据开放工作。 | 区经济发展局 |
| | 推进政务公开 | 做好培育新一代消费热点等政策措施落实情况公开。 | 区直相关部门单位 |

| 工作任务 | | 具体要求 | 责任单位 |
|---|---|---|---|
| 加强政策解读 | 持续加强 政策解读 | 精心解读相关政策措施，促进落地见效。 | 区直各部门、各派驻单位,各中心 |
"""


def test_column_mapping_with_unnamed_subtask_column():
    assert map_columns(["工作任务", "", "具体要求", "责任单位"]) == {
        "category": 0, "subtask": 1, "requirement": 2, "units": 3}
    assert map_columns(["序号", "重点任务", "工作内容", "牵头单位", "配合单位", "完成时限"]) == {
        "number": 0, "category": 1, "requirement": 2, "lead": 3, "cooperating": 4, "deadline": 5}


def test_labels_cut_over_rows_are_merged_using_known_titles():
    titles = {"着眼畅通经济循环推进政务公开": "着眼畅通经济循环推进政务公开",
              "加强和改进政策发布解读回应": "加强和改进政策发布解读回应"}
    labels, carried = resolve_labels(["甲", "", "着眼畅通经济循环", "推进政务公开", ""], titles)
    assert labels == ["甲", "甲", "着眼畅通经济循环推进政务公开", "着眼畅通经济循环推进政务公开",
                      "着眼畅通经济循环推进政务公开"]
    assert carried == [False, True, False, True, True]
    assert canonical_label("加强和改进政策发布解读", titles) == "加强和改进政策发布解读回应"
    assert canonical_label("完全不同的标题", titles) == "完全不同的标题"


def test_pipe_table_rows():
    rows = rows_from_grid(grid_from_pipe_lines(clean_lines(PIPE)), {})
    assert len(rows) == 6
    first, second, third = rows[:3]
    assert (first.category, first.subtask) == ("深化重点领域信息公开", "立足实施重大战略")
    assert (second.category, second.subtask) == ("深化重点领域信息公开", "立足实施重大战略")
    assert second.subtask_carried
    assert third.subtask_carried  # the junk cell V V counts as empty
    assert third.units_text == "区经济发展局、区财政金融局"
    assert rows[5].category == "加强政策解读"


def test_pipe_table_becomes_tasks_when_prose_has_no_units():
    text = (
        "某政办发〔2021〕6号\n\n关于印发2021年某区政务公开工作要点的通知\n\n各部门：\n\n"
        "2021年某区政务公开工作要点\n\n一、深化重点领域信息公开\n\n"
        "（一）立足实施重大战略。主动公开本地区规划，做好归集整理。做好开发区体制机制改革进展情况公开。\n\n"
        "（二）着眼畅通经济循环推进政务公开。做好重点项目建设和产业政策实施情况公开。"
        "实施大数据创新应用突破行动，做好数据开放工作。做好培育新一代消费热点等政策措施落实情况公开。\n\n"
        "二、加强政策发布解读\n\n（三）持续加强政策解读。精心解读相关政策措施，促进落地见效。\n\n"
        "附件：任务分解表\n\n" + PIPE
    )
    [document] = parse_text(text)
    assert len(document.tasks) == 6
    assert all("from_annex" in task.flags for task in document.tasks)
    third = document.tasks[2]
    assert [u.name for u in third.units] == ["区经济发展局", "区财政金融局"]
    # the junk cell's label is recovered from the prose section the row repeats
    assert third.section_path == ["深化重点领域信息公开", "着眼畅通经济循环推进政务公开"]
    assert third.section_key == "1.2"
    assert document.tasks[0].flags == ["more_units_implied", "from_annex"]
    assert "vague_units" in document.tasks[4].flags
    assert [u.name for u in document.tasks[5].units] == ["区直各部门", "各派驻单位", "各中心"]


FLAT = """附件：

某区政务公开主要任务分解表

工作任务 具体要求 责任单位

做好助

推高质

量发展

推进新旧动能转换

重大工程信息公开

加大新旧动能转换重大工程配套制度措施的公开、解读力度，动态公开各镇街

方案推进落实情况，积极推广工作经验和实际案例。

各镇街、某某经济开

发区和区发改局、区

工信局等有关部门

推进乡村振兴信息

公开

加强实施乡村振兴战略的政策、成效、资金、项目安排等信息公开工作。重点公开耕

地质量提升计划建设情况。

区住建局、区农业农

村局、区自然资

源局

动态发布农村集体产权制度改革和农村闲散土地盘活利用等工作进展信息。
各镇街、区政府各部

门
 工作任务 具体要求 责任单位

推进优

化营商

环境

优化涉企服务

围绕“放管服”改革新任务新举措，着力做好实施更大规模的减税降费等方面的信息公开工作，

助力打造法治化、国际化、便利化的营商环境。

区编办、区政府办公

室等有关部门
"""


def test_flattened_header_line():
    assert is_header_text("工作任务 具体要求 责任单位")
    assert not is_header_text("各镇街、区政府各部门")


def test_flattened_table_rows_are_rebuilt_from_line_shapes():
    rows = rows_from_flat_lines(clean_lines(FLAT), {})
    assert [(r.category, r.subtask) for r in rows] == [
        ("做好助推高质量发展", "推进新旧动能转换重大工程信息公开"),
        ("做好助推高质量发展", "推进乡村振兴信息公开"),
        ("做好助推高质量发展", "推进乡村振兴信息公开"),
        ("推进优化营商环境", "优化涉企服务"),
    ]
    assert [r.units_text for r in rows] == [
        "各镇街、某某经济开发区和区发改局、区工信局等有关部门",
        "区住建局、区农业农村局、区自然资源局",
        "各镇街、区政府各部门",
        "区编办、区政府办公室等有关部门",
    ]
    assert rows[0].requirement.endswith("积极推广工作经验和实际案例。")
    assert rows[2].subtask_carried and not rows[1].subtask_carried


def test_two_column_table_uses_the_task_as_requirement():
    assert map_columns(["序号", "工作任务", "责任单位", "完成时限"]) == {
        "number": 0, "requirement": 1, "units": 2, "deadline": 3}
