"""The importer against the development corpus (tests/corpus/): totals may not fall below today's.

The floors are the figures measured with the importer of the day the corpus grew (see "Last run" in
tests/corpus/README.md), rounded down a little. Raise them when the importer gets better; a change that
breaks a shape the corpus holds fails here. The scorer itself is checked on a tiny synthetic pair.
"""

import pytest

from tests import corpus_score as cs

# Measured: TOTAL task recall 180/185 = 97%; unit F1 0.98 (precision 1.00, recall 0.95); roles 431/431;
# deadline kind 180/185; due 16/16; non-units 0; headers 31/32 (52 truth files, 1 refused: the empty table).
FLOOR_TASKS_FOUND = 180
FLOOR_UNIT_F1 = 0.975
FLOOR_UNIT_TP = 431
FLOOR_ROLES_RIGHT = 431
FLOOR_KIND_RIGHT = 180
FLOOR_DUE_RIGHT = 16
FLOOR_HEADERS_RIGHT = 31
CEILING_NON_UNITS = 0


@pytest.mark.django_db
def test_corpus_totals_do_not_fall():
    rows = cs.run_corpus()
    assert len(rows) == len(cs.truth_files()) >= 35
    total = cs.totals(rows)
    line = cs.total_line(total)
    assert total["tasks_found"] >= FLOOR_TASKS_FOUND, line
    assert total["unit_f1"] >= FLOOR_UNIT_F1, line
    assert total["unit_tp"] >= FLOOR_UNIT_TP, line
    assert total["roles_right"] >= FLOOR_ROLES_RIGHT, line
    assert total["kind_right"] >= FLOOR_KIND_RIGHT, line
    assert total["due_right"] >= FLOOR_DUE_RIGHT, line
    assert total["header_right"] >= FLOOR_HEADERS_RIGHT, line
    assert total["non_units"] <= CEILING_NON_UNITS, line


def test_truth_files_are_well_formed():
    for path in cs.truth_files():
        truth = cs.load_truth(path)
        text = (path.parent / truth["input"]).read_bytes()
        assert truth["jurisdiction"]["level"] in {"province", "city", "district", "county", "zone"}, path.name
        keys = [cs.norm(t["key"]) for t in truth["tasks"]]
        assert len(keys) == len(set(keys)), path.name
        for task in truth["tasks"]:
            assert 5 <= len(cs.norm(task["key"])) <= 15, (path.name, task["key"])
            assert set(task["units"].values()) <= {"lead", "responsible", "cooperating"}, (path.name, task["key"])
            assert task["deadline"]["kind"] in {
                "fixed", "period", "recurring", "continuous", "none", "none_or_continuous",
                "workdays_after_issue", "days_after_issue", "event",
            }, (path.name, task["key"])
        if path.suffix == ".json" and truth["input"].endswith(".txt"):
            haystack = cs.norm(text.decode("utf-8"))
            for key in keys:
                assert haystack.count(key) == 1, (path.name, key)


def _task(section, text, units, kind="none", due=None):
    return {
        "section": section, "text": text,
        "units": [{"name": n, "role": r, "unit": None, "collective": False} for n, r in units],
        "deadline": {"phrase": None, "kind": kind, "due": due, "provisional": False},
    }


TRUTH = {
    "input": "x.txt",
    "jurisdiction": {"name": "某区", "level": "district", "unit_prefix": "区"},
    "document": {"doc_number": "某政办发〔2024〕1号", "issued_on": "2024-05-01", "year": 2024},
    "tasks": [
        {"key": "推进财政信息公开", "section": ["一"], "units": {"区财政局": "lead", "各街道": "responsible"},
         "deadline": {"kind": "fixed", "due": "2024-06-30"}},
        {"key": "加强政策解读", "section": ["二"], "units": {"区政府办": "responsible"},
         "deadline": {"kind": "none_or_continuous", "due": None}},
        {"key": "做好年度报告", "section": ["三"], "units": {"区司法局": "responsible"},
         "deadline": {"kind": "recurring", "due": None}},
    ],
    "must_not_be_units": ["责任单位"],
}


def test_scorer_counts_a_perfect_parse():
    payload = {"documents": [{
        "doc_number": "某政办发〔2024〕1号", "issued_on": "2024-05-01",
        "tasks": [
            _task(["一、推进财政 信息公开"], "按月公开。", [("区财政局", "lead"), ("各街道", "responsible")],
                  "fixed", "2024-06-30"),
            _task(["二"], "加强政策解读工作。", [("区政府办", "responsible")], "continuous"),
            _task(["三"], "做好年度报告。", [("区司法局", "responsible")], "recurring"),
        ],
    }]}
    row = cs.score_document(TRUTH, payload)
    assert (row["tasks_found"], row["tasks_total"]) == (3, 3)
    assert (row["unit_tp"], row["unit_fp"], row["unit_fn"]) == (4, 0, 0)
    assert (row["roles_right"], row["kind_right"], row["due_right"], row["due_total"]) == (4, 3, 1, 1)
    assert (row["non_units"], row["header_right"], row["header_total"]) == (0, 1, 1)
    assert cs.total_line(cs.totals([row])).startswith("TOTAL task recall 3/3 = 100%; unit F1 1.00; roles 4/4")


def test_scorer_fails_a_bad_parse():
    payload = {"documents": [{
        "doc_number": None, "issued_on": "2024-05-02",
        "tasks": [
            # the key is only in a later task: the first parsed task does not match
            _task(["一"], "其他工作。", [("区财政局", "lead")]),
            _task(["一"], "推进财政信息公开。", [("区财政局", "responsible"), ("责任单位:各街道", "lead")],
                  "fixed", "2024-07-31"),
            _task(["二"], "加强政策解读。", [], "recurring"),
        ],
    }]}
    row = cs.score_document(TRUTH, payload)
    assert (row["tasks_found"], row["tasks_total"]) == (2, 3)  # 做好年度报告 missed
    assert (row["unit_tp"], row["unit_fp"], row["unit_fn"]) == (1, 1, 3)
    assert (row["roles_right"], row["roles_compared"]) == (0, 1)
    assert (row["kind_right"], row["due_right"]) == (1, 0)
    assert row["non_units"] == 1
    assert row["header_right"] == 0
    total = cs.totals([row])
    assert total["unit_f1"] == pytest.approx(2 * 0.5 * 0.25 / 0.75, abs=1e-3)


def test_scorer_counts_a_refused_file_as_nothing_found():
    row = cs.score_document(TRUTH, None, error="no recognisable structure")
    assert (row["tasks_found"], row["unit_tp"], row["unit_fn"], row["kind_right"]) == (0, 0, 4, 0)
    assert row["error"] == "no recognisable structure"
    assert cs.totals([row])["errors"] == 1
