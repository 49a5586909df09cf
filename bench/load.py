"""Load test: ``python bench/load.py [--servers 1] [--seconds 60] [--liaisons 50] [--reviewers 3] [--port 8141]``.

Starts ``--servers`` gunicorn instances (4 threads per worker, 127.0.0.1 only, on ports
``--port``, ``--port``+1, …) over one PostgreSQL database it creates (``opensched_load``, dropped
afterwards unless --keep-db) and one Redis cache (the same DATABASE_URL, REDIS_URL and key prefix
for all), fills it with generate_synthetic (then ANALYZE, as autovacuum would), logs in through
the real login form and then, for a bounded time, lets liaisons browse (home, an assignment page)
and submit reports through the assignment page's own form while office staff accept reports from
the review queue (each through one report's own form). Field names
are read from the HTML forms, not assumed. The users are split between the servers (user i on
server i mod N). By default the machine's cores are split between the servers, one worker per
core (2 cores: one server of 2 workers, or two servers of 1): the servers share one machine here,
where in production each has its own, so the figures of one and of two servers compare the same
processes per core and show what splitting the users between servers costs (``--workers`` sets
workers per server).

The same users, with the same think time, also run a **trivial phase**: every step requests the
trivial logged-in page (the password-change form) instead. It runs for half of ``--seconds``
before and half after the measured phase (so that a drift of the machine's load affects both
alike); ``throughput_vs_trivial`` = ``requests_per_second`` ÷ ``trivial_requests_per_second``.

Every submitted report carries a unique marker; afterwards the database must hold exactly one
report per marker whose submit answered 2xx/3xx (and at most one for any other), no request may
have answered 5xx, and no assignment with a report waiting for review may have lost its
"submitted" status. Then every server is asked for the same figures (the overview, the ledger's
counts, one unit's page), once as cached and once after the cache's data versions are dropped
(computed afresh from the database): all answers must agree. Prints requests/s, p50/p95/p99
latency and errors (``--json`` for JSON).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, find_form, multipart, parse_forms, percentile  # noqa: E402

VENV = Path(sys.executable).parent  # the virtualenv this script runs in
PASSWORD = "opensched-synthetic"
ASSIGNMENT_LINK = re.compile(r'href="(/assignments/\d+/)"')
MARKER = re.compile(r"LT-[0-9a-f]{16}")
REPORT_REVIEW = re.compile(r"/reports/\d+/review/")  # portal:report_review
TRIVIAL_PATH = "/accounts/password/"  # bench/run.py's trivial page: a light logged-in page, base template
# The report form of an assignment page: only that <form> is given to the (slow, pure-Python) HTML
# parser, which runs on the same cores as the servers. Its field names are still read from it.
REPORT_FORM = re.compile(r'<form\b[^>]*action="[^"]*/report/?"[^>]*>.*?</form>', re.S)


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# --- a browser session over http.client ---------------------------------------------------------------------
class Session:
    """Cookies, CSRF token and one keep-alive connection; records every request's latency."""

    def __init__(self, port: int, stats: Stats):
        self.port, self.stats, self.cookies = port, stats, {}
        self.conn: http.client.HTTPConnection | None = None
        self.last_used = 0.0

    def request(self, kind: str, method: str, path: str, body: bytes | None = None,
                content_type: str | None = None) -> tuple[int, str, str]:
        headers = {"Host": f"127.0.0.1:{self.port}", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        # gunicorn closes a keep-alive connection idle for 2 s: open a fresh one after 1 s of silence,
        # and repeat a GET once when a reused connection turns out closed (as browsers do).
        if self.conn is not None and time.monotonic() - self.last_used > 1.0:
            self.conn.close()
            self.conn = None
        for attempt in (1, 2):
            reused = self.conn is not None
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (OSError, http.client.HTTPException) as exc:
                self.conn = None
                if attempt == 1 and reused and method == "GET":
                    continue
                self.stats.record(kind, time.perf_counter() - started, None, f"{exc.__class__.__name__}")
                return 0, "", ""
        self.last_used = time.monotonic()
        self.stats.record(kind, time.perf_counter() - started, response.status)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, text, response.getheader("Location", "")

    def post_form(self, kind: str, form, values: dict) -> tuple[int, str, str]:
        path = urlsplit(form.action).path
        if "multipart" in form.enctype:
            body, ctype = multipart(values)
        else:
            body, ctype = urlencode(values, doseq=True).encode(), "application/x-www-form-urlencoded"
        return self.request(kind, "POST", path, body, ctype)

    def login(self, username: str) -> bool:
        status, html, _ = self.request("login_page", "GET", "/accounts/login/")
        form = find_form(parse_forms(html, "/accounts/login/"), has=("username", "password"))
        if status != 200 or form is None:
            return False
        status, _, location = self.post_form("login", form, form.data(username=username, password=PASSWORD))
        return status == 302 and "login" not in location


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.status: dict[str, dict] = defaultdict(lambda: defaultdict(int))
        self.submits: dict[str, int] = {}  # marker → HTTP status (0: no answer)
        self.refusals: list[str] = []  # why a few submits answered 400 (form errors)
        self.measuring = False

    def record(self, kind: str, seconds: float, status: int | None, error: str = "") -> None:
        with self.lock:
            if self.measuring:
                self.latency[kind].append(seconds)
                self.status[kind][status if status is not None else error] += 1


# --- the virtual users --------------------------------------------------------------------------------------
def liaison(session: Session, rng: random.Random, until: float, think: float, stats: Stats) -> None:
    while time.time() < until:
        status, html, _ = session.request("home", "GET", "/")
        links = sorted(set(ASSIGNMENT_LINK.findall(html))) if status == 200 else []
        if not links:
            time.sleep(think)
            continue
        path = rng.choice(links)
        status, html, _ = session.request("assignment", "GET", path)
        found = REPORT_FORM.search(html) if status == 200 else None
        form = find_form(parse_forms(found.group(0), path), action_contains="/report") if found else None
        if form is not None and time.time() < until:
            marker = f"LT-{secrets.token_hex(8)}"
            values = form.data()
            values[form.textareas[0]] = f"负载测试 {marker}：已在政府门户网站公开相关信息。"
            for name, kind in form.types.items():
                if kind == "number":
                    values[name] = str(rng.randrange(10, 101, 10))
                elif kind == "select" and not values.get(name):  # e.g. the reporting period: pick one
                    choices = [o for o in form.options[name] if o]
                    values[name] = rng.choice(choices) if choices else ""
            status, page, _ = session.post_form("submit", form, values)
            with stats.lock:
                stats.submits[marker] = status
                if status == 400 and len(stats.refusals) < 5:
                    stats.refusals.append(" ".join(re.findall(r'(?:alert-danger|invalid-feedback)[^>]*>([^<]+)', page)))
        time.sleep(rng.uniform(0, 2 * think))


def reviewer(session: Session, rng: random.Random, until: float, think: float) -> None:
    """Accept a report from the queue: every other time from its last page, where the newest (the
    load test's own, often on assignments a liaison is reporting on at that moment) wait.
    Django's Paginator.get_page answers a page number past the end with the last page."""
    while time.time() < until:
        path = "/review/queue/" + ("?page=999999" if rng.random() < 0.5 else "")
        status, html, _ = session.request("review_queue", "GET", path)
        # One report's own form: the queue's bulk form has an accept button too, and posted with
        # nothing selected it reviews nothing.
        forms = [f for f in parse_forms(html, path) if REPORT_REVIEW.search(f.action) and f.method == "post"
                 and ("decision", "accept") in f.buttons] if status == 200 else []
        if forms:
            form = rng.choice(forms)
            session.post_form("accept", form, form.data(decision="accept"))
        time.sleep(rng.uniform(0, 2 * think))


def trivial_user(session: Session, rng: random.Random, until: float, think: float, steps: int) -> None:
    """The same user with the same think time, every step requesting the trivial page instead:
    ``steps`` requests (a liaison's home, assignment page and submit; a reviewer's queue and
    accept), then the same pause."""
    while time.time() < until:
        for _ in range(steps):
            session.request("trivial", "GET", TRIVIAL_PATH)
        time.sleep(rng.uniform(0, 2 * think))


# --- server and database ------------------------------------------------------------------------------------
def server_env(database_url: str, media: str, redis_url: str) -> dict:
    """The server's environment; the two workers share the cache through Redis when it is given,
    under a key prefix of this run's own (a previous run's figures must not be read)."""
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "opensched.settings", "DATABASE_URL": database_url, "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0", "AXES_ENABLED": "0", "MEDIA_ROOT": media,
        "LOG_LEVEL": "WARNING", "REDIS_URL": redis_url, "CACHE_KEY_PREFIX": f"opensched-load-{secrets.token_hex(4)}",
    }
    return env


def redis_reachable(url: str) -> bool:
    if not url:
        return False
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except Exception:
        return False


def manage(env: dict, *args: str) -> None:
    subprocess.run([str(VENV / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=sys.stderr, stderr=sys.stderr)


def wait_ready(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer within a minute")


def check_database(database_url: str, submits: dict[str, int], since: float) -> dict:
    """Stored reports per marker, and assignments whose waiting report lost its 'submitted' status."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute("SELECT text, state FROM tasks_progressreport WHERE text LIKE '%LT-%'").fetchall()
        # A report waiting for review keeps its assignment "submitted"; the one exception by design is an
        # accepted 100% report, which completes the assignment even while a later report waits.
        inconsistent = conn.execute(
            "SELECT DISTINCT a.id, a.status FROM tasks_assignment a JOIN tasks_progressreport r"
            " ON r.assignment_id = a.id WHERE r.state = 'submitted' AND a.status NOT IN ('submitted', 'completed')"
            " ORDER BY a.id").fetchall()
        completed_waiting = conn.execute(
            "SELECT count(DISTINCT a.id) FROM tasks_assignment a JOIN tasks_progressreport r"
            " ON r.assignment_id = a.id WHERE r.state = 'submitted' AND a.status = 'completed'").fetchone()[0]
        reviewed = conn.execute(
            "SELECT count(*) FILTER (WHERE state = 'accepted'), count(*) FROM tasks_progressreport"
            " WHERE reviewed_at >= to_timestamp(%s)", [since]).fetchone()
    stored, accepted = defaultdict(int), 0
    for text, state in rows:
        match = MARKER.search(text)
        if match:
            stored[match.group(0)] += 1
            accepted += state == "accepted"
    ok = [m for m, status in submits.items() if 200 <= status < 400]
    return {
        "submits_answered_ok": len(ok),
        "ok_submits_not_stored_once": sum(1 for m in ok if stored.get(m) != 1),
        "markers_stored_twice": sum(1 for n in stored.values() if n > 1),
        "stored_without_ok_answer": sum(1 for m in stored if not 200 <= submits.get(m, 0) < 400),
        "marked_reports_accepted": accepted,
        "reports_accepted_during_run": reviewed[0],
        "reports_reviewed_during_run": reviewed[1],
        "assignments_with_waiting_report_not_submitted": len(inconsistent),
        "inconsistent_assignments": [list(row) for row in inconsistent[:10]],
        "completed_with_a_waiting_report": completed_waiting,
    }


def summarise(stats: Stats, seconds: float) -> dict:
    everything = [x for values in stats.latency.values() for x in values]
    errors = {k: {str(s): n for s, n in v.items() if not (isinstance(s, int) and s < 500)}
              for k, v in stats.status.items()}
    kinds = {}
    for kind, values in sorted(stats.latency.items()):
        kinds[kind] = {"requests": len(values), **{f"p{q}_ms": round(1000 * percentile(values, q), 1)
                                                   for q in (50, 95, 99)},
                       "status": {str(s): n for s, n in stats.status[kind].items()}}
    return {
        "seconds": round(seconds, 1),
        "requests": len(everything),
        "requests_per_second": round(len(everything) / seconds, 1) if seconds else None,
        "p50_ms": round(1000 * (percentile(everything, 50) or 0), 1),
        "p95_ms": round(1000 * (percentile(everything, 95) or 0), 1),
        "p99_ms": round(1000 * (percentile(everything, 99) or 0), 1),
        "server_errors_5xx": sum(n for v in stats.status.values() for s, n in v.items() if isinstance(s, int)
                                 and s >= 500),
        "connection_errors": sum(n for v in stats.status.values() for s, n in v.items() if not isinstance(s, int)),
        "errors_by_kind": {k: v for k, v in errors.items() if v},
        "by_kind": kinds,
    }


def page_text(html: str) -> str:
    """What a person reads in a page's <main>: the text without tags, whitespace collapsed
    (CSRF tokens and nonces live in attributes and do not count)."""
    main = re.search(r"<main\b.*?</main>", html, re.S)
    body = main.group(0) if main else html
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def figures_of(text: str) -> list[str]:
    """The numbers a page shows, in order (what 'the same figures' compares)."""
    return re.findall(r"\d+(?:\.\d+)?%?", text)


def drop_versions(redis_url: str, prefix: str) -> int:
    """Delete the dashboards' data versions of this run's cache (tasks.caching): every server then
    computes its next figures afresh from the database, as after a restart of the cache."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}:*opensched:data-version*", count=1000))
    return client.delete(*keys) if keys else 0


def cross_server_check(ports: list[int], unit_id: int | None, redis_url: str, prefix: str) -> dict:
    """The same overview, ledger and unit page from every server, cached and then computed afresh:
    each page must read the same on every server and in both rounds."""
    stats = Stats()
    sessions = {port: Session(port, stats) for port in ports}
    for port, session in sessions.items():
        if not session.login("syn01-office"):
            raise RuntimeError(f"the office user could not log in on port {port}")
    pages = {"overview": "/overview/", "ledger": "/assignments/"}
    if unit_id is not None:
        pages["unit"] = f"/units/{unit_id}/"
    rounds = ["cached"]
    if redis_url:
        rounds.append("fresh")
    seen: dict[str, dict[str, str]] = defaultdict(dict)
    statuses: dict[str, int] = {}
    for round_name in rounds:
        if round_name == "fresh":
            drop_versions(redis_url, prefix)
        for port, session in sessions.items():
            for name, path in pages.items():
                status, html, _ = session.request(name, "GET", path)
                statuses[f"{name}@{port}/{round_name}"] = status
                seen[name][f"{port}/{round_name}"] = page_text(html) if status == 200 else f"HTTP {status}"
    differing = {}
    for name, answers in seen.items():
        distinct = set(answers.values())
        if len(distinct) != 1:
            reference = next(iter(answers.values()))
            differing[name] = {where: figures_of(text)[:40] for where, text in answers.items()
                               if text != reference} | {"reference": figures_of(reference)[:40]}
    first = {name: figures_of(next(iter(answers.values())))[:12] for name, answers in seen.items()}
    return {
        "servers": len(ports),
        "rounds": rounds,
        "pages": list(pages),
        "all_200": all(status == 200 for status in statuses.values()),
        "same_everywhere": not differing and all(status == 200 for status in statuses.values()),
        "differing": differing,
        "first_figures": first,
    }


def unit_of(database_url: str, username: str) -> int | None:
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT m.unit_id FROM units_membership m JOIN auth_user u ON u.id = m.user_id"
                           " WHERE u.username = %s ORDER BY m.unit_id LIMIT 1", [username]).fetchone()
    return row[0] if row else None


def run_phase(sessions: dict, seconds: float, think: float, stats: Stats, *, trivial: bool) -> float:
    """Every user for ``seconds``: the real steps, or (``trivial``) the trivial page as often."""
    for session in sessions.values():
        session.stats = stats
    stats.measuring = True
    started = time.time()
    until = started + seconds
    threads = []
    for i, ((name, _), session) in enumerate(sessions.items()):
        rng = random.Random(i)
        office = name.endswith("office")
        if trivial:
            target = (trivial_user, (session, rng, until, think, 2 if office else 3))
        elif office:
            target = (reviewer, (session, rng, until, think))
        else:
            target = (liaison, (session, rng, until, think, stats))
        threads.append(threading.Thread(target=target[0], args=target[1], daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.time() - started
    stats.measuring = False
    return elapsed


def start_server(port: int, env: dict, work: str, workers: int, threads: int) -> subprocess.Popen:
    with open(os.path.join(work, f"gunicorn-{port}.log"), "wb") as server_log:
        return subprocess.Popen(
            [str(VENV / "gunicorn"), "-c", str(ROOT / "opensched" / "gunicorn_conf.py"), "opensched.wsgi",
             "-w", str(workers), "--threads", str(threads), "-b", f"127.0.0.1:{port}", "--timeout", "120"],
            cwd=ROOT, env=env, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True)


MAX_SERVERS = 8
MAX_WORKERS = 32


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--servers", type=int, default=1, help="gunicorn instances on consecutive ports.")
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn workers per server (default: the machine's cores split between the servers).")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker.")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--trivial-seconds", type=float, default=None,
                        help="Length of the trivial phase, half before and half after (default: --seconds; 0: none).")
    parser.add_argument("--liaisons", type=int, default=50)
    parser.add_argument("--reviewers", type=int, default=3)
    parser.add_argument("--think", type=float, default=0.25, help="Mean pause between a user's steps (s).")
    parser.add_argument("--port", type=int, default=8141, help="Port of the first server.")
    parser.add_argument("--tasks", type=int, default=1100, help="Tasks per document (4 documents, 60 units).")
    parser.add_argument("--database", default="opensched_load")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0",
                        help="Shared cache of all servers ('' for each worker's own).")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not 1 <= args.servers <= MAX_SERVERS:
        parser.error(f"--servers must be from 1 to {MAX_SERVERS}")
    if args.workers is None:
        args.workers = max(1, (os.cpu_count() or 1) // args.servers)
    if not 1 <= args.workers <= MAX_WORKERS:
        parser.error(f"--workers must be from 1 to {MAX_WORKERS}")
    trivial_seconds = args.seconds if args.trivial_seconds is None else args.trivial_seconds
    database_url = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    work = tempfile.mkdtemp(prefix="opensched-load-")
    redis_url = args.redis_url if redis_reachable(args.redis_url) else ""
    if args.redis_url and not redis_url:
        log(f"Redis at {args.redis_url} does not answer: each worker keeps its own cache")
    env = server_env(database_url, os.path.join(work, "media"), redis_url)
    ports = [args.port + i for i in range(args.servers)]
    pg = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", *pg, "--if-exists", args.database], check=True)
    subprocess.run(["createdb", *pg, args.database], check=True)
    servers: list[subprocess.Popen] = []
    result = None
    try:
        manage(env, "migrate", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "generate_synthetic", "--units", "60", "--documents", "4", "--tasks", str(args.tasks),
               "--seed", "11")
        # The planner's statistics, as autovacuum gathers them on a production database soon after a
        # bulk load (it may be off on a test machine: without them PostgreSQL plans blind).
        subprocess.run(["psql", *pg, "-d", args.database, "-q", "-c", "ANALYZE"], check=True)
        servers = [start_server(port, env, work, args.workers, args.threads) for port in ports]
        for port, server in zip(ports, servers, strict=True):
            wait_ready(port, server)
        stats, trivial_stats = Stats(), Stats()
        users = [f"syn01-u{k:03d}" for k in range(1, args.liaisons + 1)]
        names = users + ["syn01-office"] * args.reviewers
        sessions = {(name, i): Session(ports[i % len(ports)], stats) for i, name in enumerate(names)}
        with ThreadPoolExecutor(max_workers=8) as pool:  # password hashing is slow on purpose
            logged_in = list(pool.map(lambda item: item[1].login(item[0][0]), sessions.items()))
        if not all(logged_in):
            raise RuntimeError(f"{logged_in.count(False)} users could not log in")
        log(f"{len(sessions)} sessions logged in on {len(ports)} server(s); trivial {trivial_seconds / 2:.0f} s,"
            f" measured {args.seconds:.0f} s, trivial {trivial_seconds / 2:.0f} s")
        trivial_elapsed = 0.0
        if trivial_seconds:
            trivial_elapsed += run_phase(sessions, trivial_seconds / 2, args.think, trivial_stats, trivial=True)
        started = time.time()
        elapsed = run_phase(sessions, args.seconds, args.think, stats, trivial=False)
        if trivial_seconds:
            trivial_elapsed += run_phase(sessions, trivial_seconds / 2, args.think, trivial_stats, trivial=True)
        result = summarise(stats, elapsed)
        if trivial_seconds:
            trivial = summarise(trivial_stats, trivial_elapsed)
            result["trivial_requests_per_second"] = trivial["requests_per_second"]
            result["throughput_vs_trivial"] = (round(result["requests_per_second"] / trivial["requests_per_second"], 3)
                                               if trivial["requests_per_second"] else None)
            result["trivial"] = {k: trivial[k] for k in ("seconds", "requests", "requests_per_second", "p50_ms",
                                                         "p95_ms", "p99_ms", "server_errors_5xx", "connection_errors")}
        result["database_checks"] = check_database(database_url, stats.submits, started)
        result["cross_server_checks"] = cross_server_check(ports, unit_of(database_url, users[0]) if users else None,
                                                           redis_url, env["CACHE_KEY_PREFIX"])
        result["submit_refusals_sample"] = stats.refusals
        result["setup"] = {"servers": len(ports), "liaisons": args.liaisons, "reviewers": args.reviewers,
                           "think_s": args.think, "gunicorn": f"-w {args.workers} --threads {args.threads} per server",
                           "database": "PostgreSQL", "cache": "Redis" if redis_url else "per worker",
                           "load_average": [round(x, 2) for x in os.getloadavg()]}
    except BaseException:
        for port in ports:
            log_path = Path(work) / f"gunicorn-{port}.log"
            if log_path.exists():
                log(f"gunicorn {port} log (tail):\n" + log_path.read_text(errors="replace")[-3000:])
        raise
    finally:
        for server in servers:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)
        if not args.keep_db:
            subprocess.run(["dropdb", *pg, "--if-exists", args.database], check=False)
        shutil.rmtree(work, ignore_errors=True)
    checks = result["database_checks"]
    passed = (result["server_errors_5xx"] == 0 and result.get("trivial", {}).get("server_errors_5xx", 0) == 0
              and checks["ok_submits_not_stored_once"] == 0 and checks["markers_stored_twice"] == 0
              and checks["assignments_with_waiting_report_not_submitted"] == 0
              and result["cross_server_checks"]["same_everywhere"])
    result["passed"] = passed
    print(json.dumps(result, ensure_ascii=False, indent=None if args.json else 1))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
