"""Numbered headings: styles, levels by first appearance, run-on numbering, mid-line items."""

import pytest

from tasks.parsing.cleanup import Line, join_lines
from tasks.parsing.structure import match_marker, parse_structure, split_heading


def outline_of(*texts):
    return parse_structure(join_lines([Line(i + 1, t) for i, t in enumerate(texts)]))


@pytest.mark.parametrize(
    ("text", "style", "number", "label"),
    [
        ("一、深化重点领域政府信息公开", "cn_dun", 1, "一"),
        ("十二、其他", "cn_dun", 12, "十二"),
        ("（一）推进重大事项", "cn_paren", 1, "（一）"),
        ("(十九)进一步抓好任务落实", "cn_paren", 19, "（十九）"),
        ("1．健全统筹推进机制。", "arabic", 1, "1"),
        ("10.开展监管效率提升行动", "arabic", 10, "10"),
        ("3、各部门、各镇街", "arabic", 3, "3"),
        ("（2）细项", "ar_paren", 2, "（2）"),
        ("二是推进管理和服务公开。", "shi", 2, "二是"),
        ("③第三项", "circled", 3, "③"),
    ],
)
def test_markers(text, style, number, label):
    marker = match_marker(text)
    assert (marker.style, marker.number, marker.label) == (style, number, label)


@pytest.mark.parametrize(
    "text", ["2019年12月底前完成", "3.5%的增长", "12345政务服务便民热线", "三大攻坚战", "一、", "5G、云直播"]
)
def test_not_markers(text):
    assert match_marker(text) is None


def test_heading_split():
    assert split_heading("推进重大事项领域政务公开。各有关部门要主动公开。") == (
        "推进重大事项领域政务公开", "推进重大事项领域政务公开", len("推进重大事项领域政务公开。"))
    line = "深化重点领域政府信息公开"
    assert split_heading(line) == (line, line, len(line))
    title, heading, offset = split_heading("锚定目标，聚焦大力实施工业倍增计划。（责任单位：区科技局）")
    assert heading == "" and offset == 0 and title.startswith("锚定目标")


def test_levels_follow_first_appearance_not_markdown():
    outline = outline_of(
        "一、甲部分", "（一）甲一。正文一。", "1．细项一。内容。", "2．细项二。内容。",
        "（二）甲二。正文二。", "二、乙部分", "（一）乙一。正文。",
    )
    assert [(n.key, n.label, n.level, n.title) for n in outline.nodes] == [
        ("1", "一", 1, "甲部分"),
        ("1.1", "（一）", 2, "甲一"),
        ("1.1.1", "1", 3, "细项一"),
        ("1.1.2", "2", 3, "细项二"),
        ("1.2", "（二）", 2, "甲二"),
        ("2", "二", 1, "乙部分"),
        ("2.1", "（一）", 2, "乙一"),
    ]
    assert outline.nodes[2].number_path == "一.（一）.1"
    assert outline.nodes[2].display == "1．细项一"
    sections = outline.sections()
    assert sections[2].parent_key == "1.1" and sections[2].order == 3


def test_numbering_running_on_across_parts():
    outline = outline_of("一、甲", "（一）第一项。内容。", "（二）第二项。", "二、乙", "（三）第三项。内容。")
    assert [(n.key, n.label) for n in outline.nodes] == [
        ("1", "一"), ("1.1", "（一）"), ("1.2", "（二）"), ("2", "二"), ("2.1", "（三）"),
    ]


def test_item_starting_mid_line_after_the_previous_one_ends():
    outline = outline_of(
        "二、加强和改进政策发布解读回应",
        "(六)持续加强重大政策发布解读。内容六。",
        "(七)不断改进政策解读方式。内容七，延伸解读。 (八)积极回应社会关切。内容八。",
    )
    assert [n.label for n in outline.nodes] == ["二", "（六）", "（七）", "（八）"]
    assert outline.nodes[2].body[0].text == "内容七，延伸解读。"
    assert outline.nodes[3].title == "积极回应社会关切"


def test_reference_to_an_earlier_item_inside_text_is_not_a_new_item():
    outline = outline_of("（一）甲。内容。", "（二）乙。按照本方案（一）执行。继续。")
    assert [n.label for n in outline.nodes] == ["（一）", "（二）"]


def test_shi_items_and_preamble():
    outline = outline_of(
        "以习近平新时代中国特色社会主义思想为指导。",
        "一、持续推进政府信息公开",
        "（三）推进全过程公开。",
        "一是推进决策公开。制定发布目录。",
        "二是推进管理和服务公开。全面梳理。",
    )
    assert [p.text for p in outline.preamble] == ["以习近平新时代中国特色社会主义思想为指导。"]
    assert [(n.label, n.level, n.key) for n in outline.nodes] == [
        ("一", 1, "1"), ("（三）", 2, "1.1"), ("一是", 3, "1.1.1"), ("二是", 3, "1.1.2"),
    ]
    assert outline.nodes[1].body == []
    assert outline.nodes[2].body[0].text == "制定发布目录。"
