"""Export benchmarks: ``python bench/bench_exports.py [--quick] [--json]``.

Plain Python, no test runner. Every measurement runs in its own subprocess against a throwaway
SQLite file (``SQLITE_PATH``, ``DJANGO_SETTINGS_MODULE=opensched.settings_test``), so timings and
peak memory (``ru_maxrss``, and tracemalloc in a separate run because tracing slows Python down)
belong to that measurement alone. Data: documents of 200 tasks × 5 units (1,000 assignments
each), built with bulk_create, a third of the assignments with an accepted report.

Figures (``run(quick)`` returns them for bench/run.py):

- ``ledger_xlsx_vs_openpyxl_write_only``: seconds to export the ledger list of every assignment
  (one row per assignment) to XLSX at the large size, from the database to the finished file;
  ratio to bare openpyxl write-only mode appending the same row values (no styles, no database),
  measured in the same run. Aim: ≤ 1.5. That is the fast path (a verified openpyxl, see
  tasks/exports/xlsx.py); ``ledger_xlsx_vs_openpyxl_write_only:public_api`` is the same export
  through the public-API path any other openpyxl version takes.
- ``ledger_xlsx_vs_openpyxl_styled_cells`` (context): openpyxl's documented way to write the same
  values as styled cells (a WriteOnlyCell per value, border and alignment assigned); value is its
  seconds, ratio ours / it. Styled cells, not the database, are most of the gap to bare openpyxl.
- ``ledger_xlsx_peak_mb_over_data``: Python heap peak (tracemalloc) of that export at the large
  size; ratio to the peak at the small size (10× fewer rows). Flat memory gives ≈ 1.
- ``ledger_xlsx_maxrss_mb``: the same as process peak RSS (includes Django itself); ratio large/small.
- ``export_enqueue_ms``: milliseconds from asking for the Excel ledger list of every assignment
  (100,000 at the full size, 25,000 with --quick: all the data has), which is above the
  background threshold, to the progress page: the view counts the rows, stores the job and
  enqueues it (database backend), then the progress page renders. Aim: under 1,000 ms. Best of
  three, each with a new job; no worker runs.
- ``pdf_seconds_per_page``: the PDF ledger of one 1,000-row document (the list ledger filtered
  to it), seconds per page; the page count is in the table.

Sizes: 10,000 and 100,000 assignments; --quick 5,000 and 25,000 (best of two runs each). Both
sizes span several 2,000-row chunks, so a flat peak shows as a ratio near 1.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TASKS_PER_DOCUMENT = 200
UNITS_PER_TASK = 5
UNITS = 40
REPORT = "已在政府网站“政府信息公开”专栏公开，并同步在政务新媒体发布。"


# --- child side: runs inside Django ---------------------------------------------------------------------------
def _django(db_path: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "opensched.settings_test"
    os.environ["SQLITE_PATH"] = db_path
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False


def _build(db_path: str, assignments: int) -> dict:
    """Migrate a fresh database and fill it with ``assignments`` assignments (bulk_create)."""
    _django(db_path)
    from datetime import date, datetime, timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from tasks.models import Assignment, Document, ProgressReport, Role, Section, Status, Task
    from units.models import Jurisdiction, Unit

    call_command("migrate", verbosity=0, interactive=False)
    jurisdiction = Jurisdiction.objects.create(name="基准区", unit_prefix="区")
    units = Unit.objects.bulk_create(
        Unit(jurisdiction=jurisdiction, name=f"区基准局{n:02d}", short_name=f"基准{n:02d}局", order=n)
        for n in range(UNITS)
    )
    text = ("围绕实施“工业强市、产业兴市”战略，做好重点项目建设和产业政策实施情况公开，"
            "稳步扩大财政预决算公开范围，推进部门所属单位预算、决算及相关报表公开。")
    documents = max(1, assignments // (TASKS_PER_DOCUMENT * UNITS_PER_TASK))
    created = 0
    when = timezone.make_aware(datetime(2021, 7, 1, 9, 0))
    for d in range(documents):
        document = Document.objects.create(
            jurisdiction=jurisdiction, title=f"2021年基准区政务公开工作要点（{d + 1}）",
            doc_number=f"基政发〔2021〕{d + 1}号", issued_on=date(2021, 6, 23), year=2021,
        )
        sections = Section.objects.bulk_create(
            Section(document=document, label=f"{n + 1}、", title=f"深化重点领域政府信息公开{n + 1}", order=n)
            for n in range(5)
        )
        tasks = Task.objects.bulk_create(
            Task(
                document=document, section=sections[t * 5 // TASKS_PER_DOCUMENT], order=t, number=str(t + 1),
                heading="推进重大事项领域政务公开", text=f"{t + 1}. {text}",
                section_path=[str(sections[t * 5 // TASKS_PER_DOCUMENT]), "（一）推进重大事项领域政务公开"],
                deadline_phrase="2021年年底前" if t % 3 else "", due_on=date(2021, 12, 31) - timedelta(days=t % 200),
            )
            for t in range(TASKS_PER_DOCUMENT)
        )
        rows = []
        for t, task in enumerate(tasks):
            for k in range(UNITS_PER_TASK):
                done = (t + k) % 3 == 0
                rows.append(Assignment(
                    task=task, unit=units[(t + k * 7) % UNITS], role=Role.LEAD if k == 0 else Role.RESPONSIBLE,
                    status=Status.COMPLETED if done else Status.IN_PROGRESS, percent=100 if done else 40,
                    due_on=task.due_on, completed_on=date(2021, 7, 5) if done else None,
                ))
        made = Assignment.objects.bulk_create(rows, batch_size=2000)
        ProgressReport.objects.bulk_create(
            (ProgressReport(assignment=a, text=REPORT, percent=100, state=ProgressReport.State.ACCEPTED,
                            evidence_urls=["http://www.example.gov.cn/gk/1.html"])
             for a in made if a.status == Status.COMPLETED),
            batch_size=2000,
        )
        created += len(made)
    ProgressReport.objects.update(created_at=when)
    return {"assignments": created, "documents": documents}


def _ledger(document_id: int | None = None):
    from datetime import date

    from tasks.access import visible_assignments
    from tasks.exports.rows import list_ledger
    from tasks.exports.scopes import FULL_ACCESS, ListScope, describe_filters
    from tasks.models import Document
    from tasks.selectors.assignments import LightWindow

    window = LightWindow(today=date(2021, 7, 12), soon_until=date(2021, 7, 19))
    document = Document.objects.get(pk=document_id) if document_id else None
    assignments = visible_assignments(FULL_ACCESS)
    if document is not None:
        assignments = assignments.filter(task__document=document)
    return list_ledger(scope=ListScope(assignments=assignments, description=describe_filters({"document": document}),
                                       errors={}, window=window))


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _measure(kind: str, db_path: str, trace: bool) -> dict:
    """One measurement: ``ours`` (the XLSX export), ``bare`` (openpyxl write-only, same values) or ``pdf``."""
    _django(db_path)
    import tracemalloc

    from openpyxl import Workbook

    from tasks.exports import export_to_file
    from tasks.exports.rows import LedgerRow

    result: dict = {}
    out_path = Path(db_path).with_name(f"out-{os.getpid()}.{kind}")
    if kind in ("bare", "bare_styled"):
        # The same row values, materialised before the clock starts.
        table = [("序号", "工作任务", "具体要求", "责任单位", "完成时限", "进展情况", "完成状态", "信号灯")]
        table += [item.cells if isinstance(item, LedgerRow) else (item.title,) for item in _ledger().rows()]
        result["rows"] = len(table) - 1
    if trace:
        tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0] if trace else 0
    started, cpu_started = time.perf_counter(), time.process_time()
    if kind == "bare":
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("工作台账")
        for row in table:
            ws.append(row)
        wb.save(out_path)
    elif kind == "bare_styled":
        _bare_styled(table, out_path)
    elif kind in ("ours", "ours_public"):
        from tasks.exports import xlsx

        xlsx.FAST_PATH = kind == "ours"  # ours_public: the public-API path an unverified openpyxl takes
        with out_path.open("wb") as out:
            export_to_file(_ledger(), "xlsx", out)
    elif kind == "enqueue":
        result.update(_enqueue())
    elif kind == "pdf":
        from tasks.models import Document

        with out_path.open("wb") as out:
            export_to_file(_ledger(Document.objects.order_by("pk").first().pk), "pdf", out)
        result["pages"] = _pdf_pages(out_path)
    result["seconds"] = time.perf_counter() - started
    result["cpu_seconds"] = time.process_time() - cpu_started
    if trace:
        result["trace_peak_mb"] = (tracemalloc.get_traced_memory()[1] - baseline) / 2**20
        tracemalloc.stop()
    result["maxrss_mb"] = _rss_mb()
    if kind == "enqueue":
        result["seconds"] = result.pop("best")
        return result
    result["bytes"] = out_path.stat().st_size
    out_path.unlink()
    return result


def _enqueue() -> dict:
    """Best of three: the list export's request (302 to its job) and the progress page it leads to."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from tasks.models import ExportJob

    user = get_user_model().objects.create_superuser("bench-enqueue", password="x")
    client = Client()
    client.force_login(user)
    client.get(reverse("exports:jobs"))  # warm: imports, session, templates
    times = []
    for _ in range(3):
        started = time.perf_counter()
        response = client.get(reverse("exports:list_ledger"), {"format": "xlsx"})
        page = client.get(response["Location"])
        times.append(time.perf_counter() - started)
        if response.status_code != 302 or page.status_code != 200:
            raise RuntimeError(f"expected a job and its page, got {response.status_code} / {page.status_code}")
    job = ExportJob.objects.order_by("-created_at").first()
    return {"best": min(times), "rows": job.total}


def _bare_styled(table: list[tuple], out_path: Path) -> None:
    """openpyxl's documented way to style write-only cells: a WriteOnlyCell per value, styles assigned."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, PatternFill, Side

    thin = Side(style="thin")
    border, wrap = Border(left=thin, right=thin, top=thin, bottom=thin), Alignment(wrap_text=True, vertical="top")
    fill = PatternFill("solid", fgColor="92D050")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("工作台账")
    for row in table:
        cells = []
        for index, value in enumerate(row):
            cell = WriteOnlyCell(ws, value=value)
            cell.border, cell.alignment = border, wrap
            if index == 7:
                cell.fill = fill
            cells.append(cell)
        ws.append(cells)
    wb.save(out_path)


def _pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    for line in info.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


# --- parent side: no Django here (bench/run.py may have its own database set up) -------------------------------
def _child(*args: str) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "opensched.settings_test", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DATABASE_URL", None)
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"bench child {args} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _figure(name: str, value, unit: str, ratio=None) -> dict:
    return {"name": name, "value": None if value is None else round(value, 4), "unit": unit,
            "ratio": None if ratio is None else round(ratio, 4)}


def run(quick: bool) -> list[dict]:
    """Measure everything; returns [{"name", "value", "unit", "ratio"}] for bench/run.py."""
    small_n, large_n = (5_000, 25_000) if quick else (10_000, 100_000)
    repeats = 2 if quick else 1  # best of, interleaved with the bare run, against machine noise
    workdir = Path(tempfile.mkdtemp(prefix="opensched-bench-exports-"))
    try:
        dbs = {}
        for label, n in (("small", small_n), ("large", large_n)):
            dbs[label] = str(workdir / f"{label}.sqlite3")
            built = _child("build", dbs[label], str(n))
            print(f"built {built['assignments']} assignments ({label})", file=sys.stderr, flush=True)
        timing = {}
        for label in ("small", "large"):
            kinds = ("ours", "ours_public", "bare", "bare_styled") if label == "large" else ("ours", "bare")
            runs = {kind: [] for kind in kinds}
            for _ in range(repeats):
                for kind in kinds:
                    runs[kind].append(_child(kind, dbs[label], "0"))
            timing[label] = {
                **{kind: min(results, key=lambda r: r["seconds"]) for kind, results in runs.items()},
                "ours_traced": _child("ours", dbs[label], "1"),
                "bare_traced": _child("bare", dbs[label], "1"),
            }
        pdf = _child("pdf", dbs["small"], "0")  # the first document: 1,000 rows
        enqueue = _child("enqueue", dbs["large"], "0")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    large, small = timing["large"], timing["small"]
    rows = [
        _figure("ledger_xlsx_vs_openpyxl_write_only", large["ours"]["seconds"], "s",
                large["ours"]["seconds"] / large["bare"]["seconds"]),
        _figure("ledger_xlsx_vs_openpyxl_write_only:public_api", large["ours_public"]["seconds"], "s",
                large["ours_public"]["seconds"] / large["bare"]["seconds"]),
        _figure("ledger_xlsx_peak_mb_over_data", large["ours_traced"]["trace_peak_mb"], "MB",
                large["ours_traced"]["trace_peak_mb"] / small["ours_traced"]["trace_peak_mb"]),
        _figure("ledger_xlsx_maxrss_mb", large["ours"]["maxrss_mb"], "MB",
                large["ours"]["maxrss_mb"] / small["ours"]["maxrss_mb"]),
        _figure("pdf_seconds_per_page", pdf["seconds"] / max(pdf["pages"], 1), "s"),
        _figure("export_enqueue_ms", enqueue["seconds"] * 1000, "ms"),
        # Context for the table (not compared by bench/run.py):
        _figure("ledger_xlsx_rows_large", large["bare"]["rows"], "rows"),
        _figure("ledger_xlsx_seconds_small", small["ours"]["seconds"], "s",
                small["ours"]["seconds"] / small["bare"]["seconds"]),
        _figure("openpyxl_write_only_seconds_large", large["bare"]["seconds"], "s"),
        _figure("ledger_xlsx_vs_openpyxl_styled_cells", large["bare_styled"]["seconds"], "s",
                large["ours"]["seconds"] / large["bare_styled"]["seconds"]),
        _figure("openpyxl_write_only_peak_mb_large", large["bare_traced"]["trace_peak_mb"], "MB",
                large["bare_traced"]["trace_peak_mb"] / small["bare_traced"]["trace_peak_mb"]),
        _figure("ledger_xlsx_file_mb_large", large["ours"]["bytes"] / 2**20, "MB"),
        _figure("pdf_pages", pdf["pages"], "pages"),
        _figure("export_enqueue_rows", enqueue["rows"], "rows"),
        _figure("pdf_seconds", pdf["seconds"], "s"),
    ]
    return rows


def _table(rows: list[dict]) -> str:
    lines = [f"{'figure':<40} {'value':>12} {'unit':<6} {'ratio':>8}"]
    for row in rows:
        value = "n/a" if row["value"] is None else f"{row['value']:.4g}"
        ratio = "" if row["ratio"] is None else f"{row['ratio']:.3g}"
        lines.append(f"{row['name']:<40} {value:>12} {row['unit']:<6} {ratio:>8}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="5,000 and 25,000 assignments, best of two.")
    parser.add_argument("--json", action="store_true", help="Print the JSON list instead of a table.")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "DB", "ARG"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, db, arg = args.child
        result = _build(db, int(arg)) if kind == "build" else _measure(kind, db, trace=arg == "1")
        print(json.dumps(result))
        return 0
    started = time.perf_counter()
    rows = run(args.quick)
    print(f"total {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print(json.dumps(rows, ensure_ascii=False) if args.json else _table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
