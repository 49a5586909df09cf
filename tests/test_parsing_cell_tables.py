"""Tables left by text extraction as one cell per line."""

from tasks.parsing import parse_text
from tasks.parsing.cells import cell_table_grid
from tasks.parsing.cleanup import clean_lines

WITH_PIPES = """工作任务
|
具体要求
|
责任科室
|
完成时限
|
推进政策解读
|
1
|
重要文件出台后同步发布解读材料，提升解读质量。
|
综合科
|
长期坚持
|
2
|
规范做好政府信息公开工作年度报告编制发布工作。
|
办公室、综合科
|
年底前
"""

NO_SEPARATORS = """2025年重点工作责任清单
序号
工作任务
具体要求
牵头单位
配合单位
1
加强权力配置信息公开
动态更新权责事项清单，及时公开调整情况。
区政务服务中心
区司法局、各镇街
2
强化行政执法信息公开
全面推行行政执法公示制度，公开执法结果。
区司法局
区直各部门
"""


def _grid(text):
    return [cells for cells, _no in cell_table_grid(clean_lines(text))]


def test_header_with_pipe_lines_and_row_number_before_requirement():
    grid = _grid(WITH_PIPES)
    assert grid[0] == ["序号", "工作任务", "具体要求", "责任科室", "完成时限"]
    assert grid[1] == ["1", "推进政策解读", "重要文件出台后同步发布解读材料，提升解读质量。", "综合科", "长期坚持"]


def test_group_cell_is_carried_over():
    grid = _grid(WITH_PIPES)
    assert grid[2][:2] == ["2", ""]  # no group cell: the one above covers the row
    [document] = parse_text(WITH_PIPES)
    assert [task.section_path[0] for task in document.tasks if task.section_path] in (
        ["推进政策解读", "推进政策解读"], [])
    assert len(document.tasks) == 2
    assert [u.name for u in document.tasks[1].units] == ["办公室", "综合科"]


def test_header_without_separators_after_a_title_line():
    grid = _grid(NO_SEPARATORS)
    assert grid[0] == ["序号", "工作任务", "具体要求", "牵头单位", "配合单位"]
    assert grid[2] == ["2", "强化行政执法信息公开", "全面推行行政执法公示制度，公开执法结果。",
                       "区司法局", "区直各部门"]
    [document] = parse_text(NO_SEPARATORS)
    roles = {(u.name, u.role) for u in document.tasks[0].units}
    assert ("区政务服务中心", "lead") in roles
    assert ("区司法局", "cooperating") in roles


def test_cells_ending_in_a_pipe():
    text = "\n".join(line + " |" for line in NO_SEPARATORS.splitlines()[1:])
    assert _grid(text) == _grid(NO_SEPARATORS)


def test_deadline_column_becomes_the_deadline_phrase():
    [document] = parse_text(WITH_PIPES)
    assert "年底前" in (document.tasks[1].deadline_text or str(document.tasks[1].deadline))
