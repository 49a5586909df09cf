"""Property tests: the parser fails only with ParseError and never makes a bad unit name."""

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.parsing import ParseError, parse_bytes, parse_text
from tasks.parsing.model import BRACKET_CHARS
from tasks.parsing.names import parse_unit_list

FRAGMENTS = [
    "（责任单位：", "(责任单位:", "）", ")", "一、", "二、", "（一）", "(二)", "（三）", "1．", "2.",
    "3、", "一是", "二是", "、", "，", "；", "。", "等部门", "等有关部门", "等相关部门单位", "牵头",
    "负责", "配合", "负责落实",
    "区发改局", "区政府办公室<区大数据局>", "各镇〈街〉", "区政府有关部门", "和", "及", "〈", "〉", "<", ">",
    "【", "】", "《", "》", "[", "]", "此项工作由", "附件：", "| 工作任务 | 具体要求 | 责任单位 |", "|---|",
    "工作任务 具体要求 责任单位", "薛政办发〔2021〕14号", "关于印发", "的通知", "各部门：", "2021年6月23日",
    "（此件公开发布）", "— 3 —", "## ", "- ", "**", "[bookmark: _GoBack]", "\n", "\n\n", " ", "\u3000", "\t",
    # shapes of issue 14's rules
    "等相关区直部门", "等领导小组成员单位", "经开区", "各镇（办）", "一级指标\n", "二级指标\n", "责任科室\n", "0.75\n",
    "（0.5", "牵头单位：", "协办单位:", "区民政局（区委社会工委）", "园区党工委", "于3月15日前", "每季度末月25日前",
    "各责任单位要", "办公室  负责", "法规科：负责", "(/div>", "/div>", "| 一级 | 二级 |", "公开内容", "公开主体",
    "牵头会", "负责科室", "重点任务 | 工作内容 | 负责科室 |",
]
cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
piece = st.one_of(st.sampled_from(FRAGMENTS), st.text(cjk, min_size=1, max_size=6), st.text(max_size=4))
document_text = st.lists(piece, max_size=60).map("".join)

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_documents(documents):
    for document in documents:
        for task in document.tasks:
            for unit in task.units:
                assert unit.name.strip()
                assert not any(ch in BRACKET_CHARS for ch in unit.name)
                if unit.parent is not None:
                    assert unit.parent and not any(ch in BRACKET_CHARS for ch in unit.parent)


@FAST
@given(document_text)
def test_parse_text_fails_only_with_parse_error(text):
    try:
        documents = parse_text(text)
    except ParseError:
        return
    assert documents
    check_documents(documents)


@FAST
@given(st.lists(st.sampled_from(FRAGMENTS[:45]), min_size=1, max_size=25).map("".join))
def test_unit_lists_never_yield_bracketed_or_empty_names(text):
    for ref in parse_unit_list(text).refs:
        assert ref.name and not any(ch in BRACKET_CHARS for ch in ref.name)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["a.txt", "a.md", "a.docx", "a.xlsx", "a", "a.TXT"]))
def test_parse_bytes_fails_only_with_parse_error(data, filename):
    with contextlib.suppress(ParseError):
        check_documents(parse_bytes(filename, data))
