"""Table shapes text extraction, web copies and office files leave, and the column-mapping hook."""

import io

import docx
import openpyxl
import pytest

from tasks.parsing import COLUMN_ROLES, ParseError, parse_bytes, parse_text
from tasks.parsing.tables import guess_roles, place_tail, units_in_words


def _units(task):
    return {u.name: u.role for u in task.units}


# ---------------------------------------------------------------- bare pipe rows

BARE_PIPE = """某中心2022年政务公开工作任务
工作任务 | 具体要求 | 责任科室 | 完成时限 |
一、加强平台建设 |
（一）办好政务新媒体。 | 1.及时更新政务新媒体信息。 | 综合科牵头，各科室配合 | 每月 |
2.及时回应网民留言。 | 各科室负责落实 | |
3.及时更新政务新媒体信息栏目。 | 综合科 | 长期坚持 |
"""


def test_bare_pipe_rows_keep_cells_out_of_the_task_text():
    doc = parse_text(BARE_PIPE)[0]
    assert len(doc.tasks) == 3
    assert all("|" not in task.text and "|" not in "".join(task.section_path) for task in doc.tasks)
    assert doc.tasks[0].text == "1.及时更新政务新媒体信息。"
    assert doc.tasks[0].deadline_text == "每月"


def test_bare_pipe_rows_parse_role_phrases_in_the_unit_cell():
    doc = parse_text(BARE_PIPE)[0]
    assert _units(doc.tasks[0]) == {"综合科": "lead", "各科室": "cooperating"}
    assert _units(doc.tasks[1]) == {"各科室": "responsible"}


def test_row_that_lost_its_group_cell_keeps_the_group_and_its_own_columns():
    doc = parse_text(BARE_PIPE)[0]
    third = doc.tasks[2]
    assert third.section_path[-1] == "（一）办好政务新媒体。"
    assert _units(third) == {"综合科": "responsible"}
    assert third.deadline_text == "长期坚持"


def test_section_titles_of_bare_pipe_rows_never_end_in_a_bar():
    doc = parse_text(BARE_PIPE)[0]
    for task in doc.tasks:
        assert not any(label.endswith("|") for label in task.section_path)


def test_a_single_stray_bar_in_prose_is_not_a_table():
    text = ("某区2022年政务公开工作要点\n一、加强政策解读\n"
            "（一）做好解读工作 | 持续推进政策解读。（责任单位：区政府办）\n")
    doc = parse_text(text)[0]
    assert doc.tasks and _units(doc.tasks[0]) == {"区政府办": "responsible"}


# ---------------------------------------------------------------- cells placed by kind


def test_lost_merged_unit_cell_takes_the_row_above():
    text = """工作任务 | 工作要求 | 牵头单位 | 责任单位 | 落实情况 |
1.加强规则公开 | 及时做好市场准入清单的公开和宣传工作。 | 市发改委 市商务局 | 市直有关部门 | 已完成 |
2.加强执法公开 | 依法公开行政处罚信息，接受社会监督。 | 市直有关部门 | 已完成 | |
"""
    second = parse_text(text)[0].tasks[1]
    assert _units(second) == {"市发改委": "lead", "市商务局": "lead", "市直有关部门": "responsible"}


def test_space_separated_names_in_a_unit_cell_are_split_but_wrapped_names_are_not():
    text = """工作任务 | 具体要求 | 责任单位 |
一、公开规划 | 1.主动公开国民经济和社会发展规划。 | 市发改委 市自然资源局 |
二、公开财政 | 2.推进部门预算决算公开。 | 区财政 金融局 |
"""
    doc = parse_text(text)[0]
    assert set(_units(doc.tasks[0])) == {"市发改委", "市自然资源局"}
    assert set(_units(doc.tasks[1])) == {"区财政金融局"}


def test_tail_cells_fit_the_kinds_of_the_columns():
    # cells: a unit list and a status; columns: lead, responsible, progress
    assert place_tail(["市财政局", "已完成"], ["unit", "unit", "other"], ["", "", ""]) == [0, 2]
    # the cell equal to the row above's responsible cell belongs there (the lead cell was merged)
    assert place_tail(["市直有关部门", "已完成"], ["unit", "unit", "other"], ["市发改委", "市直有关部门", ""]) == [1, 2]


def test_a_bureau_breakdown_registers_its_own_unit_column_not_the_district_one():
    text = """区工作任务 | 区具体要求 | 区责任单位 | 局落实措施 | 局责任部门 | 完成时限 |
（一）做好规划公开。 | 1.主动公开各类规划。 | 区各单位 | 按要求做好规划公开。 | 办公室牵头，各部门落实 | 2021年底 |
2.公开市场准入清单。 | 区发展改革局牵头 | 及时更新市场准入清单。 | 审批科 | 长期推进 |
"""
    doc = parse_text(text)[0]
    assert _units(doc.tasks[0]) == {"办公室": "lead", "各部门": "responsible"}
    assert _units(doc.tasks[1]) == {"审批科": "responsible"}
    assert doc.tasks[1].deadline_text == "长期推进"


def test_unit_cells_written_in_words():
    assert units_in_words("区政府办会同各有关单位、各镇（街）办理。") == [
        ("区政府办", "lead"), ("各有关单位、各镇（街）", "cooperating")]
    assert units_in_words("区市场监管局牵头办理，在工作中加强与上级单位沟通对接。") == [("区市场监管局", "lead")]
    assert units_in_words("各有关单位做好发布工作，区数据局做好技术支持和指导。") == [
        ("各有关单位", "responsible"), ("区数据局", "cooperating")]
    assert units_in_words("宣传处会办公室") == [("宣传处", "lead"), ("办公室", "cooperating")]
    assert units_in_words("进一步加强政策解读。") == []


def test_header_written_one_cell_per_line_before_pipe_rows():
    text = """某区2021年政务公开工作要点分工方案
工作任务
具体要求
责任单位和工作要求
（一）做好规划公开。 | 1.主动公开各类规划。 | 区发展改革局牵头办理。 |
2.做好历史规划归集。 | 区政府办会同各镇（街）办理。 |
"""
    doc = parse_text(text)[0]
    assert [task.text for task in doc.tasks] == ["1.主动公开各类规划。", "2.做好历史规划归集。"]
    assert _units(doc.tasks[1]) == {"区政府办": "lead", "各镇街": "cooperating"} or \
        _units(doc.tasks[1])["区政府办"] == "lead"


# ---------------------------------------------------------------- flattened rows, header, title


def test_flattened_table_under_numbered_headings_reads_unit_and_deadline_lines():
    text = """某市2023年政务公开任务分解表
一、加强政策解读
1.重要政策文件出台后同步发布解读材料。
市财政局牵头落实
2023年底前
2.及时回应社会关切，加强舆情监测。
市政府办公室牵头，各部门配合
长期坚持
"""
    doc = parse_text(text)[0]
    first, second = doc.tasks
    assert first.text.startswith("重要政策文件出台后同步发布解读材料")
    assert _units(first) == {"市财政局": "lead"}
    assert first.deadline_text == "2023年底前"
    assert _units(second) == {"市政府办公室": "lead", "各部门": "cooperating"}
    assert "牵头" not in second.text and "长期坚持" not in second.text


def test_one_signature_line_after_the_last_item_is_not_a_unit_line():
    text = """某区人民政府办公室关于做好政务公开工作的通知
一、各单位要高度重视政务公开工作，明确专人负责。
二、各单位要在每季度最后一个月的30日前报送工作进展。
某区人民政府办公室
"""
    doc = parse_text(text)[0]
    assert not any(task.units for task in doc.tasks)


def test_table_header_as_first_line_is_not_the_title():
    text = """工作任务 | 具体要求 | 责任部门 |
一、做好财政信息公开。 | 1.积极推进预算决算公开。 | 财务科 |
二、做好网站信息公开。 | 2.及时更新网站概况信息。 | 办公室 |
"""
    doc = parse_text(text)[0]
    assert "工作任务" not in doc.title
    assert len(doc.tasks) == 2


def test_title_row_of_a_table_loses_its_bars():
    text = """2021 年政务公开工作重点任务台账 |
序号 | 工作任务 | 细化分工 | 责任处室 | 完成时限 | 备注 |
1 | 做好疫情信息发布 | 重点围绕疫情防控发布权威信息 | 应急处、疾控处 | 长期推进 |
2 | 扎实做好疫苗接种信息公开 | 疾控处 | 长期推进 |
"""
    doc = parse_text(text)[0]
    assert doc.title == "2021年政务公开工作重点任务台账"
    assert doc.year == 2021
    assert doc.tasks[0].text == "重点围绕疫情防控发布权威信息"
    assert doc.tasks[1].text == "扎实做好疫苗接种信息公开"
    assert _units(doc.tasks[1]) == {"疾控处": "responsible"}


def test_traditional_header_words_are_recognised():
    text = """工作任務 | 具體要求 | 責任單位 |
一、公開規劃 | 1.主動公開各類規劃。 | 區發展改革局 |
二、公開財政 | 2.推進預算決算公開。 | 區財政局 |
"""
    assert len(parse_text(text)[0].tasks) == 2


# ---------------------------------------------------------------- header words


@pytest.mark.parametrize("word, role", [
    ("任务", "requirement"), ("工作任务", "requirement"), ("重点任务", "requirement"), ("具体内容", "requirement"),
    ("工作措施", "requirement"), ("责任部门", "units"), ("责任单位", "units"), ("责任科室", "units"),
    ("牵头单位", "lead"), ("配合单位", "cooperating"), ("时限", "deadline"), ("完成时限", "deadline"),
    ("时间节点", "deadline"), ("完成时间", "deadline"), ("进度安排", "deadline"),
])
def test_header_word_family(word, role):
    roles = guess_roles(["序号", word, "备注"]) if role != "requirement" else guess_roles([word, "责任单位"])
    assert role in roles


def test_people_and_progress_columns_are_ignored():
    roles = guess_roles(["序号", "工作任务", "责任领导", "分管领导", "责任单位", "落实情况", "进展情况", "备注"])
    assert roles == ["number", "requirement", "ignore", "ignore", "units", "ignore", "ignore", "ignore"]


def test_people_column_is_never_read_as_units():
    text = """序号 | 重点工作 | 责任领导 | 责任单位 | 完成时限 |
1 | 推进园区信息公开，及时发布招商政策。 | 张三 | 招商局 | 全年 |
2 | 做好安全生产信息公开，及时发布检查结果。 | 李四 | 安监局 | 全年 |
"""
    doc = parse_text(text)[0]
    assert [_units(task) for task in doc.tasks] == [{"招商局": "responsible"}, {"安监局": "responsible"}]


# ---------------------------------------------------------------- Word and Excel


def _docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_table_with_merged_group_and_a_header_spanning_number_and_requirement():
    def build(document):
        table = document.add_table(rows=4, cols=5)
        header = table.rows[0].cells
        header[0].text, header[1].text = "工作任务", "具体要求"
        header[3].text, header[4].text = "责任单位", "完成时限"
        table.cell(0, 1).merge(table.cell(0, 2))  # 具体要求 spans the number and the requirement
        table.cell(1, 0).merge(table.cell(3, 0)).text = "加强政策解读"
        for row, (requirement, units, due) in enumerate([
            ("重要文件出台后同步发布解读材料。", "区政府办", "长期坚持"),
            ("开展政策吹风会和在线访谈。", "区发改局\n区财政局", "2023年底前"),
            ("做好政策咨询服务工作。", "各镇街", "持续推进"),
        ], start=1):
            cells = table.rows[row].cells
            cells[1].text, cells[2].text, cells[3].text, cells[4].text = str(row), requirement, units, due

    doc = parse_bytes("t.docx", _docx_bytes(build))[0]
    assert [task.text for task in doc.tasks] == [
        "重要文件出台后同步发布解读材料。", "开展政策吹风会和在线访谈。", "做好政策咨询服务工作。"]
    assert all(task.section_path[0] == "加强政策解读" for task in doc.tasks)
    assert set(_units(doc.tasks[1])) == {"区发改局", "区财政局"}
    assert doc.tasks[2].deadline_text == "持续推进"


def _xlsx_bytes(rows, merges=()) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_excel_section_rows_are_sections_and_units_on_lines_are_split():
    data = _xlsx_bytes([
        ["工作任务", "工作要求", "牵头单位", "责任单位"],
        ["一、深化重点领域公开", None, None, None],
        ["1.公开规划", "通过政府网站设立规划专题。", "市发改委\n市自然资源局", "各县（市、区）政府"],
        ["2.公开财政", "推进部门预决算公开。", "市财政局", "市直有关部门"],
    ], merges=["A2:D2"])
    doc = parse_bytes("t.xlsx", data)[0]
    assert len(doc.tasks) == 2
    assert doc.tasks[0].section_path[0] == "一、深化重点领域公开"
    assert _units(doc.tasks[0])["市发改委"] == "lead"
    assert _units(doc.tasks[0])["市自然资源局"] == "lead"


# ---------------------------------------------------------------- the column-mapping hook

UNKNOWN_HEADER = """某局2022年政务公开清单
事项 | 承担者 | 节点 |
1.主动公开本局年度预算和决算信息。 | 财务科 | 2022年6月底前 |
2.及时更新本局网站政策文件栏目。 | 办公室 | 每月 |
"""


def test_unrecognised_header_returns_the_rows_raw_and_asks_for_a_mapping():
    with pytest.raises(ParseError) as caught:
        parse_text(UNKNOWN_HEADER)
    (table,) = caught.value.tables
    assert table.needs_mapping
    assert table.header == ["事项", "承担者", "节点"]
    assert table.rows[0][:2] == ["1.主动公开本局年度预算和决算信息。", "财务科"]


def test_column_map_reads_the_table_after_one_mapping():
    doc = parse_text(UNKNOWN_HEADER, column_map={0: "task", 1: "units", 2: "deadline"})[0]
    assert [task.text for task in doc.tasks] == [
        "1.主动公开本局年度预算和决算信息。", "2.及时更新本局网站政策文件栏目。"]
    assert [_units(task) for task in doc.tasks] == [{"财务科": "responsible"}, {"办公室": "responsible"}]
    assert [task.deadline_text for task in doc.tasks] == ["2022年6月底前", "每月"]
    (table,) = doc.tables
    assert table.mapped and not table.needs_mapping
    assert table.roles == ["task", "units", "deadline"]


def test_recognised_header_reports_guessed_roles_per_column():
    doc = parse_text(BARE_PIPE)[0]
    (table,) = doc.tables
    assert table.header == ["工作任务", "具体要求", "责任科室", "完成时限"]
    assert table.roles == ["group", "task", "units", "deadline"]
    assert not table.needs_mapping
    assert {r for r in table.roles if r} <= set(COLUMN_ROLES)


def test_column_map_overrides_a_guess_and_moves_a_role():
    text = """序号 | 工作任务 | 承办科室 | 协办科室 |
1 | 做好年度报告的编制和发布工作。 | 综合科 | 财务科 |
2 | 做好依申请公开的答复工作。 | 法规科 | 综合科 |
"""
    with pytest.raises(ParseError) as caught:  # 承办科室 / 协办科室 are not known header words
        parse_text(text)
    assert caught.value.tables[0].header == ["序号", "工作任务", "承办科室", "协办科室"]
    mapped = parse_text(text, column_map={0: "number", 1: "task", 2: "units", 3: "cooperating"})[0]
    assert _units(mapped.tasks[0]) == {"综合科": "responsible", "财务科": "cooperating"}
    # giving the task role to another column takes it from the guessed one
    moved = parse_text(text, column_map={1: "group", 2: "task", 3: "units"})[0]
    assert moved.tables[0].roles == [None, "group", "task", "units"]
    assert [task.text for task in moved.tasks] == ["综合科", "法规科"]


def test_column_map_applies_to_an_excel_sheet_without_known_header():
    data = _xlsx_bytes([
        ["事项", "承担者", "节点"],
        ["公开本局年度预算和决算信息。", "财务科", "年底前"],
    ])
    with pytest.raises(ParseError) as caught:
        parse_bytes("t.xlsx", data)
    assert caught.value.tables and caught.value.tables[0].needs_mapping
    doc = parse_bytes("t.xlsx", data, column_map={0: "task", 1: "units", 2: "deadline"})[0]
    assert [task.text for task in doc.tasks] == ["公开本局年度预算和决算信息。"]
    assert doc.tables[0].header == ["事项", "承担者", "节点"]


@pytest.mark.parametrize("column_map", [{0: "boss"}, {-1: "task"}, {"0": "task"}, {1: "units"}])
def test_bad_column_map_is_refused_with_a_parse_error(column_map):
    with pytest.raises(ParseError) as caught:
        parse_text(UNKNOWN_HEADER, column_map=column_map)
    assert caught.value.code == "bad_column_map"


def test_default_call_is_unchanged_by_the_hook():
    assert [t.text for t in parse_text(BARE_PIPE)[0].tasks] == \
        [t.text for t in parse_bytes("a.txt", BARE_PIPE.encode())[0].tasks]


# ---------------------------------------------------------------- prose on one line, progress columns


def test_prose_with_every_line_break_lost_is_split_at_its_headings():
    body = ("根据上级要求，结合本区实际，制定本工作要点。" * 10 + " 一、总体要求 做好今年的政务公开工作意义重大。"
            " 二、重点任务 （一）强化重点领域信息公开 1.在区政府网站开设数字经济专题，集中公开政策文件。"
            "（责任单位：区政府办公室、区发改委） 2.做好财政预决算公开工作。（责任单位：区财政局）")
    doc = parse_text("2022年某区政务公开工作要点\n" + body + "\n")[0]
    annotated = [task for task in doc.tasks if task.units]
    assert [set(_units(task)) for task in annotated] == [{"区政府办公室", "区发改委"}, {"区财政局"}]
    assert annotated[0].section_path[-1].startswith("1")


def test_progress_columns_of_a_cell_ledger_do_not_become_tasks():
    text = "\n".join([
        "2023年重点民生实事项目推进情况", "序号 |", "主要任务 |", "牵头单位 |", "责任单位 |", "1-10月推进情况 |",
        "说明 |", "1 |", "优化提升50条背街后巷交通组织。 |", "城管局 |", "市政局、相关街道 |",
        "已进场施工，完成30%。 |", "进度正常。 |", "2 |", "新建建筑垃圾中转站8个。 |", "城管局 |",
        "相关街道 |", "已建成中转站7个。 |", "|",
    ])
    doc = parse_text(text)[0]
    assert [task.text for task in doc.tasks] == ["优化提升50条背街后巷交通组织。", "新建建筑垃圾中转站8个。"]
    assert _units(doc.tasks[0]) == {"城管局": "lead", "市政局": "responsible", "相关街道": "responsible"}
