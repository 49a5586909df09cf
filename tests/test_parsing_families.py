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


RESTATED = """某局2022年政务公开工作要点
一、工作要点
1.做好政策文件解读。对本局起草的政策文件及时开展解读，解读内容要通俗易懂。
2.加强财政信息公开。及时公开部门预决算和三公经费信息，接受社会监督。
3.规范依申请公开。依法按时答复公民、法人申请，做到答复规范。
二、任务分解
| 重点任务 | 工作内容 | 负责科室 |
| 政策解读 | 对本局起草的政策文件及时开展解读，解读内容要通俗易懂。 | 法规科 |
| 财政信息 | 及时公开部门预决算和三公经费信息，接受社会监督。 | 财务科 |
| 依申请公开 | 依法按时答复公民、法人申请，做到答复规范。 | 办公室 |
"""


def test_prose_points_restated_one_row_each_take_the_rows_units():
    from tasks.parsing import parse_text

    [document] = parse_text(RESTATED)
    assert [(t.section_path[-1][:2], names(t.units)) for t in document.tasks] == [
        ("1．", ["法规科"]), ("2．", ["财务科"]), ("3．", ["办公室"])]
    assert not any("from_annex" in t.flags for t in document.tasks)


def test_table_breaking_a_point_into_several_rows_keeps_its_rows():
    from tasks.parsing import parse_text

    text = RESTATED.replace(
        "| 财政信息 | 及时公开部门预决算和三公经费信息，接受社会监督。 | 财务科 |",
        "| 财政信息 | 及时公开部门预决算信息。 | 财务科 |\n"
        "| 财政信息 | 及时公开三公经费信息，接受社会监督。 | 办公室 |")
    text = text.replace("2.加强财政信息公开。及时公开部门预决算和三公经费信息",
                        "2.加强财政信息公开。及时公开部门预决算信息，及时公开三公经费信息")
    [document] = parse_text(text)
    assert len(document.tasks) == 4
    assert all("from_annex" in t.flags for t in document.tasks)


def test_unit_column_headed_fuze():
    from tasks.parsing.tables import guess_roles

    assert guess_roles(["序号", "工作任务", "负责单位"]) == ["number", "requirement", "units"]
    assert guess_roles(["工作内容", "负责处室", "完成时限"]) == ["requirement", "units", "deadline"]


INDICATORS = """某县教育局2023年政务公开考核指标分解
一级指标
二级指标
三级指标
四级指标
责任股室
主动公开
重点领域信息（基础教育领域）
18
招生入学
1.5
是否公开义务教育阶段学校招生范围、招生条件和报名方式（0.5
基础教育股
是否按学期公开学生资助政策、资助对象名单和资助金额（1
计财股
学生资助中心
教育督导
6
是否公开本县督导评估报告和整改情况，包括督导计划、督导结果及整改落实
情况（1
督导室
"""


def test_level_indicator_header_makes_the_deepest_level_the_task():
    from tasks.parsing.tables import guess_roles

    roles = guess_roles(["一级指标", "二级指标", "三级指标", "四级指标", "责任股室"])
    assert roles == ["ignore", "category", "subtask", "requirement", "units"]
    assert guess_roles(["一级指标", "二级指标", "责任科室"]) == ["category", "requirement", "units"]


def test_assessment_table_one_cell_per_line_with_scores():
    from tasks.parsing import parse_text

    [document] = parse_text(INDICATORS)
    got = [(t.text, names(t.units)) for t in document.tasks]
    assert got == [
        ("是否公开义务教育阶段学校招生范围、招生条件和报名方式", ["基础教育股"]),
        ("是否按学期公开学生资助政策、资助对象名单和资助金额", ["计财股", "学生资助中心"]),
        ("是否公开本县督导评估报告和整改情况，包括督导计划、督导结果及整改落实情况", ["督导室"]),
    ]
    assert document.tasks[0].section_path == ["重点领域信息（基础教育领域）", "招生入学"]
    assert document.tasks[2].section_path[-1] == "教育督导"


def test_a_clause_holding_a_date_is_no_unit_name():
    assert not is_unit_name("公开2022年本县对公共场所")
    assert not is_unit_name("3月底前完成服务中心")
    assert is_unit_name("县公共资源交易中心")


def test_round_bracket_after_a_name_is_its_second_name():
    [ref] = parse_unit_list("县人社局（县就业服务中心）").refs
    assert (ref.display, ref.parent) == ("县人社局（县就业服务中心）", None)
    [ref] = parse_unit_list("县政府办公室〈县数据局〉").refs  # angle brackets: a unit inside another
    assert (ref.name, ref.parent) == ("县数据局", "县政府办公室")


def test_level_prefix_does_not_reach_a_body_naming_its_own_place():
    parsed = parse_unit_list("县民政局、人社局、园区党工委、高铁新区管委会")
    assert names(parsed.refs) == ["县民政局", "县人社局", "园区党工委", "高铁新区管委会"]


HARD_WRAPPED = """某区重点任务分解方案
一、加强基层治理体系建设，提升服务群众能力水平
1.健全街道议事协商机制，完善居民议事会、楼门长等自治组织
建设，推动社区议事协商常态化、规范化，及时回应居民诉求，
提升基层治理的精细化水平。
牵头单位:区民政局
配合单位:区委组织部、区司法局、各街道办事处、区城管委、区
园林绿化局
2.推进社区服务站标准化建设，统一服务事项和办事流程，方便
群众就近办理各类事项，提升社区服务质量和群众满意度水平。
牵头单位:区委社会工委
"""


def test_label_lines_in_hard_wrapped_text_stand_on_their_own():
    from tasks.parsing import parse_text

    [document] = parse_text(HARD_WRAPPED)
    first, second = document.tasks
    assert [(u.name, u.role) for u in first.units] == [
        ("区民政局", "lead"), ("区委组织部", "cooperating"), ("区司法局", "cooperating"),
        ("各街道办事处", "cooperating"), ("区城管委", "cooperating"), ("区园林绿化局", "cooperating")]
    assert "牵头单位" not in first.text
    assert [(u.name, u.role) for u in second.units] == [("区委社会工委", "lead")]


NOTICE = """某县人民政府办公室关于印发2024年县重点工作责任分解方案的通知
各乡镇人民政府，县政府各部门：
《2024年县重点工作责任分解方案》已经县政府同意，现印发给你们，请认真贯彻执行。
本方案中明确牵头单位的项目，由牵头单位统筹推进。2024年6月底，各责任单位要将半年工作进展报送县政府办公室。
一、各牵头单位要加强组织领导，细化工作措施，并于2024年2月20日前将工作方案报县政府办公室。
二、县绩效办要将重点工作纳入年度考核，加强过程管理。
三、自第二季度起，各责任单位要在每季度末月的25日前报送工作进展情况。
某县人民政府办公室
2024年2月1日
2024年县重点工作责任分解方案
一、全年主要目标
（一）地区生产总值增长6%左右
责任单位：县发改局
（二）城镇新增就业3000人
责任单位：县人社局
"""


def test_notice_duties_with_a_date_name_their_subject_as_units():
    from tasks.parsing import parse_text

    [document] = parse_text(NOTICE)
    got = {t.text[:8]: names(t.units) for t in document.tasks}
    assert got == {
        "本方案中明确牵头": ["各责任单位"],  # an unnumbered notice paragraph
        "各牵头单位要加强": ["各牵头单位"],
        "县绩效办要将重点": [],  # no date: an exhortation, its subject only suggested
        "自第二季度起，各": ["各责任单位"],
        "地区生产总值增长": ["县发改局"],
        "城镇新增就业30": ["县人社局"],
    }


def test_a_dated_sentence_in_the_plan_itself_stays_a_suggestion():
    from tasks.parsing import parse_text

    text = NOTICE.replace("某县人民政府办公室\n2024年2月1日\n", "")
    text += "二、保障措施\n各乡镇要于3月底前制定本地实施方案。\n"
    [document] = parse_text(text)
    closing = document.tasks[-1]
    assert closing.units == [] and closing.suggestions == ["各乡镇"]


def test_lead_with_hui_gives_cooperating_partners():
    from tasks.parsing.annotations import parse_role_clauses

    parsed = parse_role_clauses("县数据局牵头会县各单位、各乡镇负责")
    assert [(u.name, u.role) for u in parsed.units] == [
        ("县数据局", "lead"), ("县各单位", "cooperating"), ("各乡镇", "cooperating")]


def test_cell_table_unit_cell_ending_its_sentence():
    from tasks.parsing.cells import cell_table_grid
    from tasks.parsing.cleanup import clean_lines

    text = ("分工方案\n序号\n工作任务\n责任单位\n1\n及时更新公开本级权责清单并动态调整。\n县司法局负责。\n"
            "2\n编制公开本级政府部门机构职能目录。\n县委编办牵头，县各部门配合。\n")
    grid = [cells for cells, _no in cell_table_grid(clean_lines(text))]
    assert grid[1][1:] == ["及时更新公开本级权责清单并动态调整。", "县司法局负责。"]
    assert grid[2][1:] == ["编制公开本级政府部门机构职能目录。", "县委编办牵头，县各部门配合。"]


DUTIES = """某县统计局政务公开工作制度
一、工作机构
成立政务公开工作领导小组，局长任组长，分管副局长任副组长。
二、工作分工
办公室  负责政府信息公开申请的受理和答复，组织编写年度报告。
法规股  负责规范性文件的合法性审核和政策解读材料的审核。
各专业股室：负责本股室统计数据的及时发布和解读。
"""


def test_lines_headed_by_a_unit_name_divide_duties():
    from tasks.parsing import parse_text

    [document] = parse_text(DUTIES)
    got = [(t.text[:6], names(t.units)) for t in document.tasks if t.section_path[-1].startswith("二")]
    assert got == [("负责政府信息", ["办公室"]), ("负责规范性文", ["法规股"]), ("负责本股室统", ["各专业股室"])]


def test_a_wide_gap_between_two_names_is_no_duty_head():
    from tasks.parsing.cleanup import clean_line

    assert clean_line("办公室  负责受理政府信息公开申请") == "办公室：负责受理政府信息公开申请"
    assert "：" not in clean_line("县财政局  县教育局")
    assert "：" not in clean_line("县统计局  2024年3月1日")


def test_distributive_ge_carries_over_a_dun_list_not_across_a_comma():
    from tasks.parsing.annotations import find_annotations

    [note] = find_annotations("加强监管。（各乡镇人民政府，园区管委会，县直各部门按职责分工负责）")
    assert names(note.units) == ["各乡镇人民政府", "园区管委会", "县直各部门"]
    [note] = find_annotations("加强监管。（各乡镇人民政府、园区管委会按职责分工负责）")
    assert names(note.units) == ["各乡镇人民政府", "各园区管委会"]


def test_mirror_tag_fragments_dropped_and_a_line_final_opening_bracket_closes():
    from tasks.parsing.annotations import find_annotations
    from tasks.parsing.cleanup import clean_line

    line = clean_line("3.按季度公开全县财政收支情况。(县财政局牵头(/div>")
    assert line.endswith("（县财政局牵头）")
    assert names(find_annotations(line)[0].units) == ["县财政局"]
    assert clean_line("二、加强政策解读、/div>") == "二、加强政策解读、"
    assert clean_line("公开以下事项（") == "公开以下事项（"  # no bracket open before it: left alone


CATALOGUE = """主动公开基本目录
| 序号 | 信息公开类别及事项 | 公开内容 | 责任单位 |
| 一级 | 二级 |
| 1 | 机构信息 | 机构职能 | 本镇内设机构的名称、职能和办公地址 | 党政办 |
| 2 | 领导分工 | 镇领导班子成员简介及工作分工 |
| 3 | 财政信息 | 财政预决算 | 本镇财政预算、决算及三公经费情况 | 财政所 |
| 4 | 部门预决算 | 各站所预算、决算情况 | 各站所 |
"""


def test_catalogue_header_over_two_rows_and_merged_cells_printed_once():
    from tasks.parsing import parse_text

    [document] = parse_text(CATALOGUE)
    got = [(t.section_path, t.text, names(t.units)) for t in document.tasks]
    assert got == [
        (["机构信息", "机构职能"], "本镇内设机构的名称、职能和办公地址", ["党政办"]),
        # the row lost its group cell and its unit cell, both merged down from the row above
        (["机构信息", "领导分工"], "镇领导班子成员简介及工作分工", ["党政办"]),
        (["财政信息", "财政预决算"], "本镇财政预算、决算及三公经费情况", ["财政所"]),
        (["财政信息", "部门预决算"], "各站所预算、决算情况", ["各站所"]),
    ]


def test_a_grid_row_with_an_empty_unit_cell_takes_no_unit_from_above():
    from tasks.parsing import parse_rows

    document = parse_rows([["序号", "工作任务", "责任单位"], ["1", "做好政策解读工作", "党政办"],
                           ["2", "做好依申请公开工作", ""]])
    assert [names(t.units) for t in document.tasks] == [["党政办"], []]


def test_a_task_starting_with_a_unit_name_stays_the_task():
    from tasks.parsing import parse_text

    text = "| 序号 | 工作事项 | 公开内容 | 责任单位 |\n| 1 | 机构职能 | 镇党委、政府主要职责 | 党政办 |\n"
    [document] = parse_text(text)
    assert [(t.text, names(t.units)) for t in document.tasks] == [("镇党委、政府主要职责", ["党政办"])]


def test_owner_of_a_collective_carries_to_the_bodies_it_owns():
    assert names(parse_unit_list("县政府各部门、各直属单位，各乡镇人民政府").refs) == [
        "县政府各部门", "县政府各直属单位", "各乡镇人民政府"]
    assert names(parse_unit_list("县直各部门、各乡镇").refs) == ["县直各部门", "各乡镇"]  # no owned body
    assert is_collective("各直属机构")


REMARKS = """工作任务
具体要求
责任单位
备注
一、年内专项任务
1.政策文件集中公开
开展本县行政规范性文件清理，形成现行有效的文件目录并集中公开。
县政府各部门、各直属单位
12月底前完成
2.惠民资金公开
公开各类惠民惠农财政补贴资金的发放结果，做到应公开尽公开。
县财政局
按季度报送
"""


def test_numbered_group_label_is_no_header_cell_and_remarks_give_the_time_limit():
    from tasks.parsing import parse_text

    [document] = parse_text(REMARKS)
    got = [(names(t.units), t.deadline_text) for t in document.tasks]
    assert got == [(["县政府各部门", "县政府各直属单位"], "12月底前完成"), (["县财政局"], "按季度报送")]


# ---------------------------------------------------------------- properties of the rules above

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tasks.parsing.cleanup import clean_line  # noqa: E402
from tasks.parsing.model import BRACKET_CHARS  # noqa: E402
from tasks.parsing.names import etc_collective, split_name  # noqa: E402

_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
_PIECES = st.one_of(st.text(_CJK, min_size=1, max_size=5),
                    st.sampled_from(["（", "(", "）", ")", "/div>", "  ", "：", "、", "，", "局", "区直", "成员单位",
                                     "相关", "部门", "等", "办公室", "2024年", "3月"]))
_TEXTS = st.lists(_PIECES, max_size=12).map("".join)
_FAST = settings(max_examples=150, deadline=None)


@_FAST
@given(_TEXTS)
def test_etc_collective_is_a_bracketless_vague_collective_or_nothing(tail):
    ref = etc_collective(tail)
    if ref is not None:
        assert ref.collective and ref.vague
        assert not any(ch in BRACKET_CHARS for ch in ref.name)


@_FAST
@given(_TEXTS)
def test_round_brackets_never_make_a_parent(token):
    name, parent = split_name(token)
    if not any(ch in token for ch in "〈<【[〔《［"):
        assert parent is None
    assert not any(ch in BRACKET_CHARS for ch in name)


@_FAST
@given(_TEXTS)
def test_clean_line_drops_tag_fragments_and_is_idempotent(raw):
    line = clean_line(raw)
    assert "/div>" not in line
    assert clean_line(line) == line
