"""Unit annotations, unit-name normalisation and subject suggestions."""

import pytest

from tasks.parsing.annotations import find_annotations, parse_unit_cell, subject_suggestions
from tasks.parsing.model import BRACKET_CHARS
from tasks.parsing.names import is_collective, is_vague, make_ref, parse_unit_list

RESP = "responsible"


def units_of(text):
    annotations = find_annotations(text)
    assert len(annotations) == 1, annotations
    return [(u.display, u.role) for u in annotations[0].units]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("做好工作。（责任单位：区发改局、区财政局）", [("区发改局", RESP), ("区财政局", RESP)]),
        ("做好工作。(责任单位:区发改局,区财政局)", [("区发改局", RESP), ("区财政局", RESP)]),
        ("推进改革。（区政府办公室牵头，区行政审批服务局负责）",
         [("区政府办公室", "lead"), ("区行政审批服务局", "responsible")]),
        ("推进改革。（区司法局牵头，区财政局、区审计局配合）",
         [("区司法局", "lead"), ("区财政局", "cooperating"), ("区审计局", "cooperating")]),
        ("推进改革。（区委宣传部负责）", [("区委宣传部", "responsible")]),
        ("推进改革。（区自然资源局负责落实）", [("区自然资源局", "responsible")]),
        ("推进改革。（区教体局、区卫健局分别负责落实）", [("区教体局", RESP), ("区卫健局", RESP)]),
        ("推进改革。（牵头单位：区司法局；责任单位：各镇街、区政府各部门）",
         [("区司法局", "lead"), ("各镇街", "responsible"), ("区政府各部门", "responsible")]),
        ("推进改革。（区政府办、区行政审批服务局牵头，区直有关部门单位，各镇街负责）",
         [("区政府办", "lead"), ("区行政审批服务局", "lead"), ("区直有关部门单位", "responsible"),
          ("各镇街", "responsible")]),
        ("推进改革。（区政府办公室〈区大数据局〉牵头，区市场监督管理局负责）",
         [("区政府办公室〈区大数据局〉", "lead"), ("区市场监督管理局", "responsible")]),
        ("做好工作。此项工作由区民政局负责，区财政局配合。",
         [("区民政局", "responsible"), ("区财政局", "cooperating")]),
    ],
)
def test_annotation_forms(text, expected):
    assert units_of(text) == expected


def test_nested_names_become_parent_and_child():
    ref = find_annotations("工作。（责任单位：区政府办公室<区大数据局>）")[0].units[0]
    assert (ref.name, ref.parent, ref.collective) == ("区大数据局", "区政府办公室", False)


def test_short_inner_part_is_an_alternative_spelling():
    ref = make_ref("各镇〈街〉")
    assert (ref.name, ref.parent, ref.collective, ref.vague) == ("各镇街", None, True, False)
    assert make_ref("各乡镇（街道）").name == "各乡镇街道"


@pytest.mark.parametrize(
    "text",
    [
        "做好我区历史规划（计划）的归集整理工作。",
        "认真落实《条例》（国务院令第711号）要求。",
        "根据《规定》（薛政发〔2020〕23号）文件要求。",
        "建立清单（以下简称“区大数据局清单”）。",
        "印发《办法（试行）》。",
        "（此件公开发布）",
        "重点公开“四好（建好、管好、护好、运营好）农村路”建设。",
        "建立村（居）试点。",
        "公开统一信息公示系统（山东）网站。",
    ],
)
def test_brackets_that_are_not_annotations(text):
    assert find_annotations(text) == []


def test_list_ending_in_etc_keeps_named_units_and_flags_more():
    parsed = parse_unit_list("区发改局、区自然资源局等区政府有关部门")
    assert [u.name for u in parsed.refs] == ["区发改局", "区自然资源局"]
    assert parsed.more_implied
    for tail in ("等", "等部门", "等有关部门", "等相关部门单位", "等相关 部门单位"):
        parsed = parse_unit_list("区经济发展局、自然资源和规划分局" + tail)
        assert [u.name for u in parsed.refs] == ["区经济发展局", "自然资源和规划分局"], tail
        assert parsed.more_implied, tail


def test_conjunction_splits_only_between_whole_names():
    parsed = parse_unit_list("区司法局和年度决策事项目录涉及的区政府部门")
    assert [(u.name, u.collective, u.vague) for u in parsed.refs] == [
        ("区司法局", False, False),
        ("年度决策事项目录涉及的区政府部门", True, True),
    ]
    for name in ("区发展和改革局", "区商务和投资促进局", "自然资源和规划分局", "区住房和城乡建设局"):
        assert [u.name for u in parse_unit_list(name).refs] == [name]


def test_names_broken_by_spaces_are_joined():
    parsed = parse_unit_list("区经济 发展局、区财政 金融局")
    assert [u.name for u in parsed.refs] == ["区经济发展局", "区财政金融局"]


@pytest.mark.parametrize(
    ("name", "vague"),
    [("各镇街", False), ("区政府各部门", False), ("区直各部门", False), ("各级各部门", False),
     ("各派驻单位", False), ("各中心", False), ("各专业运营公司", False), ("区政府有关部门", True),
     ("相关部门单位", True), ("区直相关部门单位", True), ("有关部门", True), ("区直部门", False)],
)
def test_collectives(name, vague):
    assert is_collective(name)
    assert is_vague(name) is vague


@pytest.mark.parametrize("name", ["区发改局", "薛城经济开发区", "区政府办公室", "文化传媒集团"])
def test_single_units_are_not_collectives(name):
    assert not is_collective(name)


def test_table_cells():
    cell = parse_unit_cell("办公室牵头，各科室配合")
    assert [(u.name, u.role, u.collective) for u in cell.units] == [
        ("办公室", "lead", False), ("各科室", "cooperating", True)]
    cell = parse_unit_cell("区直各部门、各派驻单位,各中心,各专业运营公司")
    assert [u.name for u in cell.units] == ["区直各部门", "各派驻单位", "各中心", "各专业运营公司"]
    assert all(u.collective for u in cell.units)


def test_subject_suggestions():
    text = "做好依申请公开工作。县政府办公室要加强培训，并定期开展测试。"
    assert subject_suggestions(text) == ["县政府办公室"]
    text = "各乡镇（街道），县行政审批服务局、民政局、人社局、交警大队要在便民服务中心设置体验区。"
    assert subject_suggestions(text) == ["各乡镇街道", "县行政审批服务局", "民政局", "人社局", "交警大队"]
    assert subject_suggestions("同时，各乡镇（街道）要按照内容统一部署。") == ["各乡镇街道"]
    assert subject_suggestions("相关部门主要负责同志要履行好“第一解读人”职责。") == []
    assert subject_suggestions("起草单位要充分收集企业群众需求。") == []


def test_unit_names_never_carry_brackets():
    texts = ["工作。（责任单位：区政府办公室（区大数据局）、各镇（街）、〈区直〉部门）",
             "工作。（责任单位：【区财政局】、《区审计局》）"]
    for text in texts:
        for annotation in find_annotations(text):
            for unit in annotation.units:
                assert unit.name and not any(ch in BRACKET_CHARS for ch in unit.name)


def test_annotation_that_lost_its_closing_bracket_at_paragraph_end():
    [annotation] = find_annotations("做好工作。（责任单位：区发改局、区财政局\n下一段。")
    assert [u.name for u in annotation.units] == ["区发改局", "区财政局"]
    assert find_annotations("做好工作（责任单位：区发改局、区财政局，后面还有正文。") == []
