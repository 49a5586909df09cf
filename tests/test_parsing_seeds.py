"""The five seed documents: what the parser must make of each of them.

Seeds live in ``fixtures/documents/``, with what extraction did to them in ``docs/DESIGN.md``.
"""

import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from tasks.parsing import parse_bytes
from tasks.parsing.model import BRACKET_CHARS

REPO = Path(__file__).resolve().parents[1]
SEED_DIR = REPO / "fixtures" / "documents"
SEEDS = {
    "000": "000_517b0bf8bf3974e6.txt",
    "001": "001_0c3f149d73efa55b.txt",
    "002": "002_f7352e12f55a90c3.txt",
    "003": "003_fddb58b90d026332.txt",
    "004": "004_730e95e47daaf291.txt",
}


def seed_path(name: str) -> Path:
    return SEED_DIR / name


@cache
def parsed(key: str):
    path = seed_path(SEEDS[key])
    return parse_bytes(path.name, path.read_bytes())


def only(key: str):
    [document] = parsed(key)
    return document


def unit_names(task):
    return [u.display for u in task.units]


def task_containing(document, fragment):
    [task] = [t for t in document.tasks if fragment in t.text]
    return task


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_generic_cleanliness(key):
    for document in parsed(key):
        for task in document.tasks:
            for unit in task.units:
                assert unit.name and not any(ch in BRACKET_CHARS for ch in unit.name)
                assert "此件" not in unit.name
            assert task.text.strip()
            assert not re.search(r"[\u4e00-\u9fff][ \t]+[\u4e00-\u9fff]", task.text), task.text
            for junk in ("**", "[bookmark", "#", "— ", " —", "|"):
                assert junk not in task.text, (junk, task.text)
            assert not set(task.suggestions) & {u.name for u in task.units}
        numbers = [task.number for task in document.tasks]
        assert len(numbers) == len(set(numbers))
        keys = [section.key for section in document.sections]
        assert len(keys) == len(set(keys))
        assert all(task.section_key is None or task.section_key in keys for task in document.tasks)


def test_000_xuecheng_2021():
    document = only("000")
    assert (document.doc_number, document.issued_on, document.year, document.kind) == (
        "薛政办发〔2021〕14号", date(2021, 6, 23), 2021, "work_points")
    assert document.title == "2021年薛城区政务公开工作要点"
    assert document.issuer == "薛城区人民政府办公室"
    assert document.addressees[0] == "各镇政府" and "区政府各部门" in document.addressees
    annotated = [t for t in document.tasks if t.units]
    assert len(annotated) == 37
    # decided: the closing paragraph is one more task, flagged needs_units, with subject suggestions
    assert len(document.tasks) == 38
    closing = document.tasks[-1]
    assert closing.flags == ["needs_units", "units_from_subject"]
    assert closing.suggestions == ["各镇街", "各部门"]
    assert closing.text.startswith("各镇街、各部门要根据本要点")


def test_000_paragraph_with_three_tasks():
    document = only("000")
    first = [t for t in document.tasks if t.section_key == "1.1"]
    assert [t.number for t in first] == ["一.（一）.1", "一.（一）.2", "一.（一）.3"]
    assert {t.heading for t in first} == {"推进重大事项领域政务公开"}
    assert first[0].section_path == ["一、深化重点领域政府信息公开", "（一）推进重大事项领域政务公开"]
    assert first[0].text.startswith("各有关部门要主动公开")
    assert unit_names(first[0]) == ["区发改局", "区自然资源局"]
    assert "more_units_implied" in first[0].flags
    assert unit_names(first[2]) == ["薛城经济开发区"]
    assert first[0].source_line == 27


def test_000_nine_units_and_page_break():
    document = only("000")
    task = task_containing(document, "做好重点项目建设和产业政策实施情况公开")
    assert task.text == "围绕实施“工业强市、产业兴市”战略，做好重点项目建设和产业政策实施情况公开。"
    assert unit_names(task) == ["区发改局", "区财政局", "区工信局", "区农业农村局", "区商促局", "区卫健局",
                                "区文旅局", "区地方金融监管局", "区政府办公室〈区大数据局〉"]
    nested = task.units[-1]
    assert (nested.name, nested.parent, nested.role) == ("区大数据局", "区政府办公室", "responsible")


def test_000_vague_and_conjoined_units():
    document = only("000")
    task = task_containing(document, "组织编制年度决策事项目录")
    assert [(u.name, u.collective, u.vague) for u in task.units] == [
        ("区司法局", False, False), ("年度决策事项目录涉及的区政府部门", True, True)]
    assert "vague_units" in task.flags
    ascii_annotated = task_containing(document, "用好行政法规集中统一公开成果")
    assert unit_names(ascii_annotated) == ["区政府各部门"]


def test_001_taierzhuang_2023():
    document = only("001")
    assert (document.doc_number, document.issued_on, document.title) == (
        "台政办发〔2023〕6号", date(2023, 7, 20), "2023年台儿庄区政务公开工作要点")
    assert len(document.tasks) == 27
    assert all(task.units for task in document.tasks)
    first = document.tasks[0]
    assert first.units[0].name == "各镇街" and first.units[0].collective and not first.units[0].vague
    nested = [u for u in first.units if u.parent]
    assert [(u.name, u.parent) for u in nested] == [("区金融服务中心", "区地方金融监管局")]
    assert first.section_path[:2] == ["一、围绕重点领域加大主动公开力度", "（一）加强推动高质量发展信息公开"]
    assert [s.label for s in document.sections[:3]] == ["一", "（一）", "1"]


def test_002_lingang_annex_rows():
    document = only("002")
    assert (document.doc_number, document.issued_on, document.year) == (
        "临港办字〔2021〕6号", date(2021, 5, 20), 2021)
    assert len(document.tasks) == 25
    assert all(t.units and "from_annex" in t.flags for t in document.tasks)
    names = {u.name for t in document.tasks for u in t.units}
    assert "区财政金融局" in names and "区经济发展局" in names
    assert not any(" " in name for name in names)
    labels = [s.label for s in document.sections if s.level == 2]
    assert labels[0] == "（一）" and labels[-1] == "（十九）" and len(labels) == 19
    assert {s.label for s in document.sections if s.level == 1} == {"一", "二", "三", "四", "五"}
    eighth = next(s for s in document.sections if s.label == "（八）")
    assert eighth.title == "积极回应社会关切"
    row = task_containing(document, "做好重点项目建设和产业政策实施情况公开")
    assert row.section_path == ["深化重点领域信息公开", "着眼畅通经济循环推进政务公开"]
    assert document.section(row.section_key).label == "（二）"
    collectives = task_containing(document, "认真贯彻落实市委经济工作会议精神")
    assert unit_names(collectives) == ["区直各部门", "各派驻单位", "各中心", "各专业运营公司"]


def test_003_guanxian_without_units():
    document = only("003")
    assert (document.doc_number, document.issued_on) == ("冠政办发〔2020〕33号", date(2020, 7, 16))
    assert document.tasks and all(t.flags[0] == "needs_units" and not t.units for t in document.tasks)
    leaves = [s for s in document.sections if not any(o.parent_key == s.key for o in document.sections)]
    assert {t.section_key for t in document.tasks} == {s.key for s in leaves if s.level > 1}
    shi = [s.label for s in document.sections if s.label.endswith("是")]
    assert shi == ["一是", "二是", "三是", "一是", "二是", "三是"]
    training = task_containing(document, "县政府办公室要加强培训")
    assert "县政府办公室" in training.suggestions and "units_from_subject" in training.flags
    booths = task_containing(document, "设置政务公开体验区，体验区墙上")
    assert booths.suggestions[:3] == ["各乡镇街道", "县行政审批服务局", "民政局"]
    assert not any("印发" in t.text[-10:] or "共印" in t.text for t in document.tasks)


def test_004_three_documents():
    documents = parsed("004")
    assert [(d.doc_number, d.issued_on, d.kind) for d in documents] == [
        ("薛政办发〔2019〕18号", date(2019, 9, 30), "work_points"),
        ("薛政办发〔2019〕19号", date(2019, 10, 1), "procedure"),
        ("薛政办字〔2019〕13号", date(2019, 10, 11), "implementation_plan"),
    ]


def test_004_work_points_annex_table():
    document = parsed("004")[0]
    assert document.title == "2019年薛城区政务公开工作要点"
    assert 25 <= len(document.tasks) <= 32
    assert all(t.units and "from_annex" in t.flags for t in document.tasks)
    first = document.tasks[0]
    assert first.section_path == ["做好助推高质量发展信息公开", "推进新旧动能转换重大工程信息公开"]
    assert unit_names(first) == ["各镇街", "薛城经济开发区", "区发改局", "区工信局"]
    assert "more_units_implied" in first.flags
    ecology = task_containing(document, "进一步做好生态环境信息公开")
    assert unit_names(ecology) == ["区城乡水务局", "市生态环境局薛城分局"]


def test_004_procedure_has_no_units():
    document = parsed("004")[1]
    assert document.title == "区政府常务会议议题提报工作办法"
    assert not any(task.units for task in document.tasks)
    assert [s.label for s in document.sections if s.level == 1] == ["一", "二", "三"]


def test_004_implementation_plan_roles():
    document = parsed("004")[2]
    assert document.title.endswith("改革十条意见的实施方案")
    first = document.tasks[0]
    assert first.number == "二.（一）.1" and first.heading == "健全统筹推进机制"
    roles = [(u.name, u.role) for u in first.units]
    assert roles == [("区政府办公室", "lead"), ("区行政审批服务局", "responsible")]
    split = [t for t in document.tasks if t.section_path[-1] == "3．构建法治保障机制"]
    assert [[(u.name, u.role) for u in t.units] for t in split] == [
        [("区政府办公室", "responsible"), ("区司法局", "responsible")], [("区司法局", "lead")]]
    bigdata = task_containing(document, "全流程在线办理")
    assert [(u.name, u.parent, u.role) for u in bigdata.units] == [("区大数据局", "区政府办公室", "lead")]
    annotated = [t for t in document.tasks if t.units]
    assert len(annotated) == 25
    assert {t.section_path[-1][:2] for t in annotated} == {f"{n}．" for n in range(1, 10)} | {"10"}
