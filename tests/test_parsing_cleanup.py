"""Text clean-up: extraction artefacts, spacing, punctuation, rebuilding cut paragraphs."""

import pytest

from tasks.parsing.cleanup import (
    Line,
    clean_line,
    clean_lines,
    estimate_wrap_width,
    is_page_number,
    join_lines,
    normalize_punctuation,
    squeeze_spaces,
)


@pytest.mark.parametrize("line", ["— 3 —", "·  12 —", "- 18 -", "— 5 **—**", "— 6 **—**", "第 3 页"])
def test_page_numbers_are_dropped(line):
    assert is_page_number(line)
    assert clean_line(line) == ""


@pytest.mark.parametrize("line", ["2021", "3", "12345", "（三）进一步抓好工作落实"])
def test_plain_numbers_and_text_are_not_page_numbers(line):
    assert not is_page_number(line)


def test_bookmarks_markdown_marks_dashes_and_rules():
    assert clean_line("[bookmark: _GoBack]2．强化公开和解读。") == "2．强化公开和解读。"
    assert clean_line("## 一、深化重点领域政府信息公开") == "一、深化重点领域政府信息公开"
    assert clean_line("#### 四、全面提升") == "四、全面提升"
    assert clean_line("- (一)立足实施重大战略推进政务公开。") == "（一）立足实施重大战略推进政务公开。"
    assert clean_line("---") == ""
    assert clean_line("**加粗**文字") == "加粗文字"


def test_spaces_between_chinese_are_removed_but_latin_words_keep_theirs():
    assert squeeze_spaces("做好 2019年全区政务公开工") == "做好2019年全区政务公开工"
    assert squeeze_spaces("依托 12345 政务服务") == "依托12345政务服务"
    assert squeeze_spaces("借助 5G、云直播、VR 等新技术") == "借助5G、云直播、VR等新技术"
    assert squeeze_spaces("support IPv6 and HTTP 2") == "support IPv6 and HTTP 2"
    assert squeeze_spaces("区财政 金融局") == "区财政金融局"


def test_ascii_punctuation_inside_chinese_text_becomes_full_width():
    assert normalize_punctuation("(责任单位:区发改局,区财政局)") == "（责任单位：区发改局，区财政局）"
    assert normalize_punctuation("(2016年以后制定的)") == "（2016年以后制定的）"
    assert normalize_punctuation('实施"十四五"规划') == "实施“十四五”规划"
    assert normalize_punctuation("f(x) = 1,000") == "f(x) = 1,000"


def test_clean_lines_keeps_source_line_numbers_and_table_rows():
    text = "\n\n# 标题\n\n| 工作任务 | 具体要求 |\n|---|---|\n— 3 —\n正文。"
    lines = clean_lines(text)
    assert [(ln.no, ln.text) for ln in lines] == [
        (3, "标题"),
        (5, "| 工作任务 | 具体要求 |"),
        (6, "|---|---|"),
        (8, "正文。"),
    ]
    assert lines[1].is_table


def test_page_break_in_mid_sentence_is_joined():
    lines = [
        Line(29, "（二）推进经济循环领域政务公开。围绕实施“工业强市、"),
        Line(31, "产业兴市”战略，做好重点项目建设和产业政策实施情况公开。"),
        Line(33, "（三）推进优化营商环境领域政务公开。"),
    ]
    paras = join_lines(lines)
    assert [p.text for p in paras] == [
        "（二）推进经济循环领域政务公开。围绕实施“工业强市、产业兴市”战略，做好重点项目建设和产业政策实施情况公开。",
        "（三）推进优化营商环境领域政务公开。",
    ]
    first_length = len(lines[0].text)
    assert paras[0].spans == [(0, 29), (first_length, 31)]
    assert paras[0].line_at(first_length - 1) == 29
    assert paras[0].line_at(first_length) == 31


def test_short_heading_and_annotated_paragraph_end_are_not_joined_in_paragraph_text():
    lines = [
        Line(1, "2023年台儿庄区政务公开工作要点"),
        Line(2, "2023年是全面贯彻落实党的二十大精神开局之年。"),
        Line(3, "加大公开力度，促进政策落地见效，为强区建设做出贡献。（责任单位：各镇街、区政府各部门）"),
        Line(4, "各镇街、各部门要根据本要点，结合工作实际，制定工作方案。"),
    ]
    assert len(join_lines(lines)) == 4


def _wrapped(texts):
    return [Line(i * 2 + 1, t) for i, t in enumerate(texts)]


def test_lines_cut_at_a_fixed_width_are_rejoined():
    lines = _wrapped([
        "一、工作目标",
        "深入贯彻落实习近平新时代",
        "中国特色社会主义思想和党的十",
        "九大精神，推进改革。",
        "二、任务措施",
        "（一）强化流程再造制度保",
        "障",
        "1．健全统筹推进机制。建立",
        "健全区推进政府职能转变和“放",
        "管服”改革协调小组。（区",
        "政府办公室牵头）",
    ])
    width = estimate_wrap_width(lines)
    assert width is not None and 10 <= width <= 16
    assert [p.text for p in join_lines(lines, width)] == [
        "一、工作目标",
        "深入贯彻落实习近平新时代中国特色社会主义思想和党的十九大精神，推进改革。",
        "二、任务措施",
        "（一）强化流程再造制度保障",
        "1．健全统筹推进机制。建立健全区推进政府职能转变和“放管服”改革协调小组。（区政府办公室牵头）",
    ]


def test_paragraph_text_is_not_taken_for_wrapped_text():
    lines = _wrapped(["一、标题", "（一）小标题。" + "正文" * 40, "（二）小标题。" + "正文" * 30] * 3)
    assert estimate_wrap_width(lines) is None
