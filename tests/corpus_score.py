"""Score the importer against the development corpus (tests/corpus/*.truth.json).

Pure scoring (``score_document``, ``totals``, ``total_line``) needs no Django; ``import_file`` and
``run_corpus`` run ``import_document FILE --jurisdiction NAME --dry-run --json`` through call_command
in whatever database Django is set up with (the test database under pytest, a temporary SQLite file
from bench/import_corpus.py), creating each truth file's jurisdiction with no units first.

The rules are those of tests/corpus/README.md:
- each truth task is matched to the first unused parsed task whose last section label + text contains
  the task's ``key`` (NFKC, whitespace removed);
- units: precision / recall / F1 over (task, unit name NFKC) pairs; a parsed task's names are every
  entry of its ``units`` list (matched units and unknown names alike). Precision counts the units of
  the parsed tasks that matched a truth task (a parsed task the truth leaves out, such as the item cut
  off at the end of an excerpt, is not held against the importer); a missed truth task loses all of
  its pairs for recall;
- roles: right / compared over the unit pairs found in both;
- deadline kind: right / truth tasks (``none_or_continuous`` accepts none or continuous);
- due: right / truth tasks that give ``due`` or ``due_any``;
- non-units: parsed unit names (every parsed task, each task+name once) containing a
  ``must_not_be_units`` word;
- header: doc_number and issued_on of the first parsed document equal the truth's where the truth
  gives them (files whose truth gives neither are not counted).
"""

from __future__ import annotations

import io
import json
import re
import time
import unicodedata
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"

_SPACE = re.compile(r"\s+")


def norm(text: str | None) -> str:
    """NFKC with all whitespace removed: the form keys and texts are compared in."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def unit_name(name: str | None) -> str:
    return unicodedata.normalize("NFKC", name or "").strip()


def truth_files(corpus_dir: Path = CORPUS_DIR) -> list[Path]:
    return sorted(corpus_dir.glob("*.truth.json"))


def load_truth(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def parsed_tasks(payload: dict | None) -> list[dict]:
    """Every task of every document the command printed, in order."""
    if not payload:
        return []
    return [t for doc in payload.get("documents", []) for t in doc.get("tasks", [])]


def _haystack(task: dict) -> str:
    section = task.get("section") or []
    return norm((section[-1] if section else "") + (task.get("text") or ""))


def _kind_right(truth_kind: str, parsed_kind: str | None) -> bool:
    if truth_kind == "none_or_continuous":
        return parsed_kind in ("none", "continuous", None)
    return truth_kind == parsed_kind


def match_tasks(truth_tasks: list[dict], tasks: list[dict]) -> list[int | None]:
    """For each truth task, the index of its parsed task (or None)."""
    stacks = [_haystack(t) for t in tasks]
    used: set[int] = set()
    out: list[int | None] = []
    for tt in truth_tasks:
        key = norm(tt["key"])
        found = None
        for i, stack in enumerate(stacks):
            if i not in used and key and key in stack:
                found = i
                break
        if found is not None:
            used.add(found)
        out.append(found)
    return out


def score_document(truth: dict, payload: dict | None, *, error: str | None = None, seconds: float = 0.0) -> dict:
    """The figures of one truth file against the command's JSON output (None when it produced none)."""
    truth_tasks = truth.get("tasks", [])
    tasks = parsed_tasks(payload)
    matches = match_tasks(truth_tasks, tasks)
    bad_words = [norm(w) for w in truth.get("must_not_be_units", []) if norm(w)]

    tp = fp = fn = 0
    roles_right = roles_compared = 0
    kind_right = 0
    due_right = due_total = 0
    problems: list[str] = []
    for tt, idx in zip(truth_tasks, matches, strict=True):
        want = {unit_name(n): r for n, r in tt.get("units", {}).items()}
        deadline = tt.get("deadline") or {}
        wants_due = bool(deadline.get("due") or deadline.get("due_any"))
        due_total += wants_due
        if idx is None:
            fn += len(want)
            problems.append(f"missed task {tt['key']}")
            continue
        task = tasks[idx]
        got: dict[str, str] = {}
        for u in task.get("units", []):
            got.setdefault(unit_name(u.get("name")), u.get("role"))
        common = want.keys() & got.keys()
        tp += len(common)
        fp += len(got.keys() - want.keys())
        fn += len(want.keys() - got.keys())
        for name in sorted(common):
            roles_compared += 1
            if want[name] == got[name]:
                roles_right += 1
            else:
                problems.append(f"{tt['key']}: {name} {got[name]} (want {want[name]})")
        if got.keys() - want.keys() or want.keys() - got.keys():
            problems.append(
                f"{tt['key']}: extra {sorted(got.keys() - want.keys())} missing {sorted(want.keys() - got.keys())}"
            )
        parsed_deadline = task.get("deadline") or {}
        if _kind_right(deadline.get("kind", "none"), parsed_deadline.get("kind")):
            kind_right += 1
        else:
            problems.append(f"{tt['key']}: deadline {parsed_deadline.get('kind')} (want {deadline.get('kind')})")
        if wants_due:
            accepted = set(deadline.get("due_any") or []) | ({deadline["due"]} if deadline.get("due") else set())
            if parsed_deadline.get("due") in accepted:
                due_right += 1
            else:
                problems.append(f"{tt['key']}: due {parsed_deadline.get('due')} (want {sorted(accepted)})")

    non_units: list[str] = []
    for i, task in enumerate(tasks):
        for name in dict.fromkeys(unit_name(u.get("name")) for u in task.get("units", [])):
            if any(w in norm(name) for w in bad_words):
                non_units.append(f"{i}:{name}")

    doc = truth.get("document") or {}
    header_counted = any(doc.get(f) for f in ("doc_number", "issued_on"))
    header_right = False
    if header_counted and payload and payload.get("documents"):
        first = payload["documents"][0]
        header_right = all(
            norm(first.get(f)) == norm(doc.get(f)) for f in ("doc_number", "issued_on") if doc.get(f)
        )

    return {
        "input": truth.get("input"),
        "error": error,
        "parsed_tasks": len(tasks),
        "tasks_found": sum(m is not None for m in matches),
        "tasks_total": len(truth_tasks),
        "unit_tp": tp,
        "unit_fp": fp,
        "unit_fn": fn,
        "roles_right": roles_right,
        "roles_compared": roles_compared,
        "kind_right": kind_right,
        "due_right": due_right,
        "due_total": due_total,
        "non_units": len(non_units),
        "non_unit_names": non_units,
        "header_right": int(header_right),
        "header_total": int(header_counted),
        "seconds": round(seconds, 3),
        "problems": problems,
    }


_SUMMED = (
    "parsed_tasks", "tasks_found", "tasks_total", "unit_tp", "unit_fp", "unit_fn", "roles_right",
    "roles_compared", "kind_right", "due_right", "due_total", "non_units", "header_right", "header_total",
)


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def totals(rows: list[dict]) -> dict:
    out = {k: sum(r[k] for r in rows) for k in _SUMMED}
    precision, recall, score = f1(out["unit_tp"], out["unit_fp"], out["unit_fn"])
    out.update(
        documents=len(rows),
        errors=sum(1 for r in rows if r["error"]),
        task_recall=round(out["tasks_found"] / out["tasks_total"], 4) if out["tasks_total"] else 0.0,
        unit_precision=round(precision, 4),
        unit_recall=round(recall, 4),
        unit_f1=round(score, 4),
        seconds=round(sum(r["seconds"] for r in rows), 3),
    )
    return out


def total_line(t: dict) -> str:
    return (
        f"TOTAL task recall {t['tasks_found']}/{t['tasks_total']} = {t['task_recall']:.0%}; "
        f"unit F1 {t['unit_f1']:.2f}; roles {t['roles_right']}/{t['roles_compared']}; "
        f"deadline kind {t['kind_right']}/{t['tasks_total']}; due {t['due_right']}/{t['due_total']}; "
        f"non-units {t['non_units']}; headers {t['header_right']}/{t['header_total']}"
    )


def table(rows: list[dict]) -> str:
    head = (
        f"{'file':<34} {'tasks':>7} {'P':>5} {'R':>5} {'F1':>5} {'roles':>7} {'kind':>7} {'due':>5} "
        f"{'nonu':>4} {'hdr':>4} {'sec':>6}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        p, rc, s = f1(r["unit_tp"], r["unit_fp"], r["unit_fn"])
        lines.append(
            f"{(r['input'] or '?')[:34]:<34} {r['tasks_found']:>3}/{r['tasks_total']:<3} "
            f"{p:>5.2f} {rc:>5.2f} {s:>5.2f} "
            f"{r['roles_right']:>3}/{r['roles_compared']:<3} {r['kind_right']:>3}/{r['tasks_total']:<3} "
            f"{r['due_right']:>2}/{r['due_total']:<2} {r['non_units']:>4} "
            f"{r['header_right']:>2}/{r['header_total']:<1} "
            f"{r['seconds']:>6.2f}" + ("  ERROR " + r["error"][:60] if r["error"] else "")
        )
    return "\n".join(lines)


# --- running the importer (needs Django set up and a database) ---------------------------------------------
def ensure_jurisdiction(spec: dict):
    from units.models import Jurisdiction

    jurisdiction, _ = Jurisdiction.objects.get_or_create(
        name=spec["name"],
        defaults={"level": spec.get("level", "district"), "unit_prefix": spec.get("unit_prefix", "")},
    )
    return jurisdiction


def import_file(path: Path, jurisdiction_name: str) -> tuple[dict | None, str | None]:
    """Run the dry-run JSON import; return (payload or None, error text or None). Never raises."""
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    error = None
    try:
        call_command(
            "import_document", str(path), jurisdiction=jurisdiction_name, dry_run=True, json=True,
            stdout=out, stderr=err,
        )
    except Exception as exc:  # a refused file counts as nothing found, with its reason
        error = (err.getvalue().strip() or f"{type(exc).__name__}: {exc}").replace("\n", " ")
    payload = None
    text = out.getvalue().strip()
    if text:
        try:
            payload = json.loads(text)
        except ValueError:
            error = error or "output is not JSON"
    if payload is not None and not payload.get("documents") and error is None:
        error = "no documents"
    return payload, error


def score_file(truth_path: Path) -> dict:
    truth = load_truth(truth_path)
    ensure_jurisdiction(truth["jurisdiction"])
    started = time.perf_counter()
    payload, error = import_file(truth_path.parent / truth["input"], truth["jurisdiction"]["name"])
    row = score_document(truth, payload, error=error, seconds=time.perf_counter() - started)
    row["truth"] = truth_path.name
    return row


def run_corpus(corpus_dir: Path = CORPUS_DIR, only: list[str] | None = None) -> list[dict]:
    paths = truth_files(corpus_dir)
    if only:
        paths = [p for p in paths if any(o in p.name for o in only)]
    return [score_file(p) for p in paths]
