"""OpenSched benchmarks: ``python bench/run.py [--quick] [--json] [--explain]``.

Plain Python, no test runner and no server: pages are timed with Django's test Client inside this
process, against a throwaway SQLite file (or the database in DATABASE_URL, whose synthetic data
is replaced). Each figure is measured side by side with what it is compared to, interleaved
(trivial page, page A, trivial page, page B, …) so machine noise affects both alike.

Figures (``value`` is the measurement, ``ratio`` the comparison the name describes):

- ``dashboard_vs_trivial_page:<page>`` median ms of the liaison home, the supervisor overview and
  the ledger at 100,000 assignments (20,000 with --quick); ratio to the password-change page
  (a light logged-in page through the same middleware and base template). Aim: ratio ≤ 8.
  Pages read their aggregates through tasks.caching, so this is a page as people see it between
  two changes of the data.
- ``dashboard_cold_vs_trivial_page:<page>`` the same right after a change of the data (the data
  global version moved on before each request): every aggregate computed afresh. No aim; reported so that
  the cost of a change is visible.
- ``dashboard_after_other_jurisdiction_change_vs_trivial_page:<page>`` the same right after a
  change in another jurisdiction (a unit of it saved before each request): the versions the page
  keys on did not move, so it is served warm. Aim: ratio ≤ 5.
- ``dashboard_after_other_unit_change_vs_trivial_page:<page>`` the same right after a change to
  another unit's assignment in the same jurisdiction (as a report of that unit makes): the liaison's
  home reads its own unit's versions and stays warm; the jurisdiction's pages are computed afresh.
- Each phase (warm, cold, after a change elsewhere) interleaves its own trivial requests and its
  ratios use that phase's trivial median.
- ``dashboard_queries_small_vs_large:<page>`` queries at the large size; ratio to the count at
  about 10 assignments. Must be 1.0 (a fixed number of queries whatever the size).
- ``ledger_xlsx_vs_openpyxl_write_only``, ``ledger_xlsx_peak_mb_over_data``, ``pdf_seconds_per_page``
  from bench/bench_exports.py's ``run(quick)`` when it exists (n/a otherwise).
- ``table_render_ms:ledger`` median ms to render one page (25 rows) of the ledger's table, no
  queries (bench/bench_tables.py); ratio to the trivial page, measured interleaved with it.
  ``table_render_vs_tables2_default:ledger`` the same ms; ratio to django-tables2's default
  bootstrap5 template rendering the same table (interleaved too). Aim: ratio < 1.
- ``import_all_seeds_seconds`` parse the five seed files with tasks.parsing.parse_bytes, best of 3;
  ``import_all_seeds_seconds:service`` the full import (import_document --replace), best of 3.

``--json`` prints only the JSON list on stdout; everything else goes to stderr. ``--pages-only``
skips the export and import figures (a quicker run while working on the pages). ``--explain``
(PostgreSQL) prints EXPLAIN ANALYZE of the main selector queries at the large size.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import math
import os
import shutil
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, django_setup, figure, median, table  # noqa: E402

PAGES = [("home", "portal:home", "liaison"), ("overview", "portal:overview", "supervisor"),
         ("assignment_list", "portal:assignment_list", "office")]
TRIVIAL = "password_change"
AVERAGE_UNITS_PER_TASK = 4.6  # what the synthetic generator gives with 60 units (measured)


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# --- data ---------------------------------------------------------------------------------------------------
def generate(*, assignments: int, seed: int = 1) -> dict:
    """Replace the synthetic data with one jurisdiction holding about ``assignments`` assignments."""
    from tasks.services.synthetic import SyntheticSpec, synthetic_data_flush, synthetic_data_generate

    synthetic_data_flush()
    if assignments <= 20:
        spec = SyntheticSpec(units=4, documents=1, tasks=3, seed=seed)
    else:
        documents = max(1, assignments // 5000)
        tasks = math.ceil(assignments / documents / AVERAGE_UNITS_PER_TASK)
        spec = SyntheticSpec(units=60, documents=documents, tasks=tasks, seed=seed)
    started = time.perf_counter()
    counts = synthetic_data_generate(spec=spec)
    counts["seconds"] = time.perf_counter() - started
    log(f"generated {counts['assignments']} assignments, {counts['reports']} reports in {counts['seconds']:.1f} s")
    return counts


def clients() -> dict:
    """A logged-in test Client per role: the liaison of the busiest unit, the supervisor, the office."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from tasks.services.synthetic import synthetic_jurisdictions
    from units.models import Unit

    User = get_user_model()
    jurisdiction = synthetic_jurisdictions().first()
    unit = (Unit.objects.filter(jurisdiction=jurisdiction).annotate(n=Count("assignments")).order_by("-n", "pk")
            .first())
    users = {
        "liaison": User.objects.filter(memberships__unit=unit).first(),
        "supervisor": User.objects.get(username="syn01-leader"),
        "office": User.objects.get(username="syn01-office"),
    }
    result = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        result[role] = client
    return result


# --- pages --------------------------------------------------------------------------------------------------
def _get(client, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(url)
    return time.perf_counter() - started, response.status_code


def query_counts(by_role: dict) -> dict[str, int | None]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tasks.caching import data_changed

    counts = {}
    for name, url_name, role in PAGES:
        data_changed()  # counted on the cold path, which runs every query the page can run
        try:
            with CaptureQueriesContext(connection) as captured:
                _seconds, status = _get(by_role[role], reverse(url_name))
            counts[name] = len(captured) if status == 200 else None
            if status != 200:
                log(f"{url_name} answered {status}")
        except Exception as exc:  # another part of the portal may be broken right now; report, go on
            log(f"{url_name} failed: {exc.__class__.__name__}: {exc}")
            counts[name] = None
    return counts


def page_timings(by_role: dict, *, rounds: int) -> dict[str, tuple[float | None, dict[str, float | None]]]:
    """Per phase (warm, cold, other_jurisdiction, other_unit): the median seconds of the trivial
    page and of each page, measured interleaved (trivial page, page A, trivial page, page B, …)
    within the phase, so that each phase's ratio compares requests made at the same moment."""
    from django.urls import reverse

    from tasks.caching import data_changed

    trivial_url = reverse(TRIVIAL)
    trivial_client = by_role["liaison"]
    urls = {name: reverse(url_name) for name, url_name, _ in PAGES}
    broken = set()
    for name, _url_name, role in PAGES:  # warm up: templates, caches, connection
        try:
            if _get(by_role[role], urls[name])[1] != 200:
                broken.add(name)
        except Exception as exc:
            log(f"{name} failed: {exc.__class__.__name__}: {exc}")
            broken.add(name)
    _get(trivial_client, trivial_url)
    other_unit = other_jurisdiction_unit()
    neighbour = other_unit_assignment(by_role["liaison"])
    # What happens before each request of a phase:
    before = {
        "warm": None,  # nothing: the page as people see it between two changes of the data
        "cold": data_changed,  # the global version moves on: every aggregate computed afresh
        # a unit of another jurisdiction is saved (through the same signal as any write): the
        # pages read one jurisdiction and should stay warm
        "other_jurisdiction": other_unit.save,
        # an assignment of another unit of the same jurisdiction is saved (as a report's submit
        # saves it): the liaison's home reads its own unit only and should stay warm
        "other_unit": neighbour.save if neighbour is not None else None,
    }
    result = {}
    for phase, change in before.items():
        if phase == "other_unit" and neighbour is None:
            continue
        trivial, pages = [], {name: [] for name, _, _ in PAGES}
        for _ in range(rounds):
            for name, _url_name, role in PAGES:
                trivial.append(_get(trivial_client, trivial_url)[0])
                if name not in broken:
                    if change is not None:
                        change()
                    pages[name].append(_get(by_role[role], urls[name])[0])
        result[phase] = (median(trivial), {name: median(times) for name, times in pages.items()})
    return result


def other_unit_assignment(liaison_client):
    """An assignment of another unit of the measured liaison's jurisdiction (None if there is none)."""
    from django.contrib.auth import get_user_model

    from tasks.access import access_for
    from tasks.models import Assignment

    user = get_user_model().objects.get(pk=liaison_client.session["_auth_user_id"])
    access = access_for(user)
    return (Assignment.objects.filter(unit__jurisdiction_id__in=access.unit_jurisdictions)
            .exclude(unit_id__in=access.unit_ids).order_by("pk").first())


def other_jurisdiction_unit():
    """A unit of a jurisdiction the measured users do not read (created once, kept)."""
    from units.models import Jurisdiction, Unit

    jurisdiction, _ = Jurisdiction.objects.get_or_create(name="基准对照县")
    unit, _ = Unit.objects.get_or_create(jurisdiction=jurisdiction, name="基准对照局")
    return unit


# --- imports ------------------------------------------------------------------------------------------------
def import_seeds(best_of: int = 3) -> list[dict]:
    from django.core.management import call_command, get_commands

    from tasks.parsing import parse_bytes
    from tasks.services.demo import registry_load_fixture, seed_documents_manifest

    entries = seed_documents_manifest()
    blobs = [(Path(e["path"]).name, Path(e["path"]).read_bytes()) for e in entries]
    parse_times = []
    for _ in range(best_of):
        started = time.perf_counter()
        for name, data in blobs:
            parse_bytes(name, data)
        parse_times.append(time.perf_counter() - started)
    rows = [figure("import_all_seeds_seconds", min(parse_times), "s")]
    service = None
    if importlib.util.find_spec("tasks.services.importing") and "import_document" in get_commands():
        registry_load_fixture()
        times = []
        try:
            for _ in range(best_of):
                started = time.perf_counter()
                for entry in entries:
                    call_command("import_document", entry["path"], jurisdiction=entry["jurisdiction"], replace=True,
                                 stdout=StringIO(), stderr=StringIO())
                times.append(time.perf_counter() - started)
            service = min(times)
        except Exception as exc:
            log(f"import_document failed: {exc.__class__.__name__}: {exc}")
    rows.append(figure("import_all_seeds_seconds:service", service, "s"))
    return rows


# --- exports (bench/bench_exports.py, owned by the exports engineer) ----------------------------------------
EXPORT_FIGURES = [("ledger_xlsx_vs_openpyxl_write_only", "s"), ("ledger_xlsx_peak_mb_over_data", "MB"),
                  ("pdf_seconds_per_page", "s")]


def exports(quick: bool) -> list[dict]:
    path = Path(__file__).with_name("bench_exports.py")
    found: list[dict] = []
    if path.exists():
        try:
            spec = importlib.util.spec_from_file_location("bench_exports", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            found = [figure(r["name"], r.get("value"), r.get("unit", ""), r.get("ratio")) for r in module.run(quick)]
        except Exception as exc:
            log(f"bench_exports.run failed: {exc.__class__.__name__}: {exc}")
    names = {row["name"] for row in found}
    return found + [figure(name, None, unit) for name, unit in EXPORT_FIGURES if name not in names]


# --- EXPLAIN ------------------------------------------------------------------------------------------------
def explain() -> None:
    """EXPLAIN ANALYZE every query the main selectors run (PostgreSQL), printed to stderr."""
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from tasks.models import Assignment
    from tasks.selectors.assignments import LightWindow, light_counts
    from tasks.selectors.portal import light_ordering, overdue, page_keys, page_rows
    from tasks.selectors.tallies import tallies
    from tasks.services.synthetic import synthetic_jurisdictions
    from units.models import Unit

    if connection.vendor != "postgresql":
        log("--explain needs PostgreSQL (DATABASE_URL)")
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    jurisdiction = synthetic_jurisdictions().first()
    unit = Unit.objects.filter(jurisdiction=jurisdiction).annotate(n=Count("assignments")).order_by("-n").first()
    window = LightWindow.now()
    in_jurisdiction = Assignment.objects.filter(task__document__jurisdiction=jurisdiction)
    order = light_ordering()
    cases = {
        "page_keys of a unit's assignments (first page of 25)":
            lambda: page_keys(Assignment.objects.filter(unit=unit), order=order, offset=0, limit=25),
        "page_keys of a jurisdiction (first page of 25)":
            lambda: page_keys(in_jurisdiction, order=order, offset=0, limit=25),
        "page_rows of a jurisdiction (the rows of a page)":
            lambda: page_rows(in_jurisdiction, window, order=order, offset=0, limit=25),
        "light_counts of a unit": lambda: light_counts(Assignment.objects.filter(unit=unit), window),
        "light_counts of a jurisdiction": lambda: light_counts(in_jurisdiction, window),
        "tallies of a jurisdiction (the overviews)": lambda: tallies(in_jurisdiction, window),
        "overdue of a jurisdiction": lambda: overdue(in_jurisdiction, window),
    }
    for title, run in cases.items():
        with CaptureQueriesContext(connection) as captured:
            run()
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or "tasks_assignment" not in sql:
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            log(f"\n=== {title} ===\n{sql}\n{plan}")


def table_renders(by_role: dict, *, rounds: int) -> list[dict]:
    """bench/bench_tables.py: the ledger's table rendered from one page of rows (the office's)."""
    from django.contrib.auth import get_user_model

    from bench import bench_tables

    office = get_user_model().objects.get(username="syn01-office")
    try:
        return bench_tables.run(by_role["liaison"], office, rounds=rounds)
    except Exception as exc:  # report, go on: the other figures still count
        log(f"table render failed: {exc.__class__.__name__}: {exc}")
        names = ("table_render_ms:ledger", "table_render_vs_tables2_default:ledger")
        return [figure(name, None, "ms") for name in names]


# --- main ---------------------------------------------------------------------------------------------------
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000 assignments and fewer rounds (< 5 minutes).")
    parser.add_argument("--json", action="store_true", help="Print only the JSON list of figures on stdout.")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the selectors (PostgreSQL).")
    parser.add_argument("--pages-only", action="store_true", help="Only the page figures (no exports, no import).")
    parser.add_argument("--assignments", type=int, default=None, help="Large size (default 100000, quick 20000).")
    parser.add_argument("--rounds", type=int, default=None, help="Timing rounds per page (default 15, quick 7).")
    args = parser.parse_args(argv)
    large = args.assignments or (20_000 if args.quick else 100_000)
    rounds = args.rounds or (7 if args.quick else 15)
    workdir = tempfile.mkdtemp(prefix="opensched-bench-")
    started = time.perf_counter()
    database = django_setup(sqlite_path=os.path.join(workdir, "bench.sqlite3"))
    log(f"database: {database}")
    try:
        with contextlib.redirect_stdout(sys.stderr):  # only the result goes to stdout, whatever others print
            rows = measure(args, large=large, rounds=rounds)
    finally:
        from django.db import connection

        connection.close()
        shutil.rmtree(workdir, ignore_errors=True)
    log(f"total {time.perf_counter() - started:.0f} s")
    print(json.dumps(rows, ensure_ascii=False) if args.json else table(rows))
    return 0


def measure(args, *, large: int, rounds: int) -> list[dict]:
    rows: list[dict] = []
    small = generate(assignments=10)
    small_queries = query_counts(clients())
    counts = generate(assignments=large)
    by_role = clients()
    large_queries = query_counts(by_role)
    phases = page_timings(by_role, rounds=rounds)
    trivial = phases["warm"][0]
    rows.append(figure("bench_assignments_small", small["assignments"], "assignments"))
    rows.append(figure("bench_assignments_large", counts["assignments"], "assignments"))
    rows.append(figure("trivial_page_ms", trivial * 1000, "ms"))
    names = {"warm": "dashboard_vs_trivial_page", "cold": "dashboard_cold_vs_trivial_page",
             "other_jurisdiction": "dashboard_after_other_jurisdiction_change_vs_trivial_page",
             "other_unit": "dashboard_after_other_unit_change_vs_trivial_page"}
    for phase, prefix in names.items():
        if phase not in phases:
            continue
        phase_trivial, pages = phases[phase]
        for name, _url_name, _role in PAGES:
            seconds = pages[name]
            rows.append(figure(f"{prefix}:{name}", seconds and seconds * 1000, "ms",
                               seconds / phase_trivial if seconds and phase_trivial else None))
    for name, _url_name, _role in PAGES:
        few, many = small_queries[name], large_queries[name]
        rows.append(figure(f"dashboard_queries_small_vs_large:{name}", many, "queries",
                           many / few if few and many is not None else None))
    rows += table_renders(by_role, rounds=rounds)
    if args.explain:
        explain()
    if not args.pages_only:
        rows += exports(args.quick)
        rows += import_seeds()
    return rows


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
