"""Bounds on input found by an attacker test: each is refused with a clear message and nothing changes.

1. event and due dates a person enters stay inside bounds.SUPPORTED_YEARS (form, service);
   a failed resolve never changes a task's deadline kind or its due dates;
2. deadline phrases with an impossible date or a negative / absurd count give no date, with a warning;
3. progress reports: limits on links and files, checked before any work; unsafe links refused;
4. commands: one-line errors (CommandError), nothing written.
"""

from __future__ import annotations

import calendar as pycal
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks import bounds
from tasks.deadlines import (
    WARN_BAD_COUNT,
    WARN_IMPOSSIBLE_DATE,
    WARN_OUT_OF_RANGE,
    Deadline,
    extract_phrase,
    resolve,
)
from tasks.forms.office import EventDateForm, ExtensionRequestForm
from tasks.forms.reports import ReportForm
from tasks.models import Assignment, Attachment, DeadlineKind, ExtensionRequest, ProgressReport, Status, Task
from tasks.selectors.calendar import work_calendar, work_calendars
from tasks.services import due_dates
from tasks.services.due_dates import due_dates_recompute, task_deadline_set, task_event_date_set
from tasks.services.errors import ServiceError
from tasks.services.extensions import extension_request
from tasks.services.reports import evidence_urls_clean, progress_report_submit
from tasks.workdays import default_calendar
from tests import factories
from tests.factories_portal import upload

ROOT = Path(__file__).resolve().parents[1]
CAL = default_calendar()
PROPS = settings(max_examples=300, deadline=None, database=None)
EVENT_PHRASE = "决策文件出台后的10个工作日内"


# -- 0. the shared constants -------------------------------------------------------------------------------------
def test_supported_years_is_the_agreed_constant():
    assert (bounds.SUPPORTED_YEARS.start, bounds.SUPPORTED_YEARS.stop) == (2000, 2101)
    first, last = bounds.FIRST_SUPPORTED_DATE, bounds.LAST_SUPPORTED_DATE
    assert (first, last) == (dt.date(2000, 1, 1), dt.date(2100, 12, 31))
    assert bounds.date_supported(dt.date(2100, 12, 31)) and not bounds.date_supported(dt.date(2101, 1, 1))
    assert not bounds.date_supported(dt.date(1999, 12, 31)) and not bounds.date_supported(dt.date(9999, 12, 31))


# -- 1. event dates and due dates --------------------------------------------------------------------------------
@pytest.fixture
def event_task(world):
    """The world's task with an event deadline, 28 assigned units and an event date entered."""
    for i in range(26):
        factories.assignment(task=world.task, unit=factories.unit(jurisdiction=world.j, name=f"区测试单位{i}"))
    task_deadline_set(task=world.task, phrase=EVENT_PHRASE, calendar=work_calendar())
    task_event_date_set(task=world.task, event_on=dt.date(2021, 9, 30), calendar=work_calendar())
    world.task.refresh_from_db()
    assert world.task.assignments.count() == 28
    assert world.task.deadline_kind == DeadlineKind.EVENT and world.task.due_on is not None
    return world.task


def _snapshot(task: Task):
    fresh = Task.objects.get(pk=task.pk)
    dues = sorted(Assignment.objects.filter(task=task).values_list("pk", "due_on", "version"))
    return (fresh.deadline_kind, fresh.event_on, fresh.due_on, fresh.deadline_data), dues


@pytest.mark.parametrize("value", ["9999-12-31", "1999-12-31", "2101-01-01", "0001-01-01"])
def test_event_date_page_refuses_a_date_out_of_range_with_a_message(client, world, event_task, value):
    before = _snapshot(event_task)
    client.force_login(world.office)
    response = client.post(
        reverse("portal:assignment_event_date", args=[world.assignment.pk]), {"event_on": value}, follow=True
    )
    assert response.status_code == 200
    assert "outside the supported range of dates" in response.content.decode()
    assert _snapshot(event_task) == before


def test_event_date_page_still_refuses_garbage_and_accepts_a_good_date(client, world, event_task):
    client.force_login(world.liaison)
    url = reverse("portal:assignment_event_date", args=[world.assignment.pk])
    response = client.post(url, {"event_on": "not-a-date"}, follow=True)
    assert response.status_code == 200 and "YYYY-MM-DD" in response.content.decode()
    response = client.post(url, {"event_on": "2100-12-31"})
    assert response.status_code == 302
    event_task.refresh_from_db()
    assert event_task.event_on == dt.date(2100, 12, 31) and event_task.deadline_kind == DeadlineKind.EVENT
    assert event_task.due_on is not None and event_task.due_on.year == 2101  # computed, may leave the range


@pytest.mark.parametrize("value", [dt.date(9999, 12, 31), dt.date(1999, 12, 31), dt.date(2101, 1, 1)])
def test_event_date_service_refuses_out_of_range_and_changes_nothing(event_task, value):
    before = _snapshot(event_task)
    with pytest.raises(ServiceError, match="supported range"):
        task_event_date_set(task=event_task, event_on=value, calendar=work_calendar())
    assert _snapshot(event_task) == before


def test_a_resolve_failure_never_changes_the_kind_or_wipes_due_dates(event_task, monkeypatch):
    before = _snapshot(event_task)
    failing = lambda *a, **kw: Deadline(kind="none", phrase=EVENT_PHRASE, warnings=[WARN_OUT_OF_RANGE])  # noqa: E731
    monkeypatch.setattr(due_dates.deadlines, "resolve", failing)
    with pytest.raises(ServiceError):
        task_event_date_set(task=event_task, event_on=dt.date(2022, 1, 4), calendar=work_calendar())
    assert _snapshot(event_task) == before


def test_recompute_leaves_a_task_whose_stored_event_date_no_longer_resolves(event_task):
    # An event date stored before the bound existed: the calendar recompute must not wipe the task.
    Task.objects.filter(pk=event_task.pk).update(event_on=dt.date(9999, 12, 20))
    before = _snapshot(event_task)
    due_dates_recompute(calendars=work_calendars())
    assert _snapshot(event_task) == before


def test_event_date_form():
    assert not EventDateForm({"event_on": "9999-12-31"}).is_valid()
    assert "supported range" in EventDateForm({"event_on": "9999-12-31"}).errors["event_on"][0]
    assert EventDateForm({"event_on": "2021-09-30"}).is_valid()


def test_extension_request_due_date_is_bounded_in_form_and_service(world):
    form = ExtensionRequestForm({"requested_due": "9999-12-31", "reason": "需要时间"})
    assert not form.is_valid() and "supported range" in form.errors["requested_due"][0]
    assert ExtensionRequestForm({"requested_due": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
                                 "reason": "需要时间"}).is_valid()
    with pytest.raises(ServiceError, match="supported range"):
        extension_request(assignment=world.assignment, user=world.liaison, requested_due=dt.date(9999, 12, 31),
                          reason="需要时间")
    assert not ExtensionRequest.objects.exists()


def test_extension_page_shows_the_message(client, world):
    client.force_login(world.liaison)
    response = client.post(reverse("portal:extension_request", args=[world.assignment.pk]),
                           {"requested_due": "9999-12-31", "reason": "需要时间"})
    assert response.status_code == 400  # the page's convention for a form with errors; never a 500
    assert "supported range" in response.content.decode()
    assert not ExtensionRequest.objects.exists()


# -- 2. deadline phrases (pure) ----------------------------------------------------------------------------------
def test_impossible_date_gives_no_date_and_a_warning():
    dl = resolve("2026年2月30日前", issued_on=dt.date(2026, 1, 5), calendar=CAL)
    assert dl.kind == "none" and dl.due is None and dl.dues == []
    assert dl.warnings == [WARN_IMPOSSIBLE_DATE] and dl.phrase == "2026年2月30日前"
    assert resolve("2025年2月29日前", calendar=CAL).warnings == [WARN_IMPOSSIBLE_DATE]
    assert resolve("2月30日前", calendar=CAL).warnings == [WARN_IMPOSSIBLE_DATE]  # no year known: still impossible
    assert resolve("每年2月30日前", year=2026, calendar=CAL).warnings == [WARN_IMPOSSIBLE_DATE]
    leap = resolve("2024年2月29日前", calendar=CAL)
    assert leap.due == dt.date(2024, 2, 29) and leap.warnings == []


@pytest.mark.parametrize("phrase", [
    "印发后-5个工作日内", "印发后－5个工作日内", "印发后负5个工作日内", "-5个工作日内", "印发之日起-30日内",
    "本要点发布10000个工作日内", "印发后3661个工作日内", "4000日内", "印发后121个月内",
])
def test_negative_or_absurd_count_gives_no_date_and_a_warning(phrase):
    dl = resolve(phrase, issued_on=dt.date(2026, 3, 2), calendar=CAL)
    assert dl.kind == "none" and dl.due is None and dl.count is None
    assert dl.warnings == [WARN_BAD_COUNT]


def test_counts_at_the_limit_and_ranges_still_read_as_before():
    issued = dt.date(2026, 3, 2)
    assert resolve("印发后3660个工作日内", issued_on=issued, calendar=CAL).count == 3660
    assert resolve("本要点发布20个工作日内", issued_on=issued, calendar=CAL).due == dt.date(2026, 3, 30)
    assert resolve("1-5个工作日内", issued_on=issued, calendar=CAL).count == 5  # a range's upper end, as before
    assert resolve("印发后一个月内", issued_on=issued, calendar=CAL).due == dt.date(2026, 4, 2)
    assert extract_phrase("请于本要点印发后-5个工作日内报送。") == "本要点印发后-5个工作日内"


def test_an_anchor_beyond_the_representable_dates_warns():
    dl = resolve(EVENT_PHRASE, issued_on=dt.date(2026, 3, 2), calendar=CAL, event_on=dt.date(9999, 12, 20))
    assert dl.due is None and dl.warnings == [WARN_OUT_OF_RANGE]


def test_warnings_round_trip_and_stay_out_of_stored_data_when_empty():
    good = resolve("本要点发布20个工作日内", issued_on=dt.date(2026, 3, 2), calendar=CAL)
    assert "warnings" not in good.to_dict()  # stored deadline_data of valid phrases is unchanged
    bad = resolve("2026年2月30日前", calendar=CAL)
    assert Deadline.from_dict(bad.to_dict()) == bad and bad.to_dict()["warnings"] == [WARN_IMPOSSIBLE_DATE]


@PROPS
@given(st.integers(2000, 2099), st.integers(1, 12), st.integers(1, 31), st.booleans())
def test_every_impossible_day_month_warns_and_every_possible_one_resolves(year, month, day, year_written):
    phrase = f"{year}年{month}月{day}日前" if year_written else f"{month}月{day}日前"
    dl = resolve(phrase, issued_on=dt.date(year, 1, 1), year=year, calendar=CAL)
    if day > pycal.monthrange(year, month)[1]:
        assert dl.due is None and dl.dues == [] and dl.kind == "none"
        assert WARN_IMPOSSIBLE_DATE in dl.warnings
    else:
        assert dl.due == dt.date(year, month, day) and dl.warnings == []


@PROPS
@given(st.sampled_from(["印发后", "本要点发布", "决策文件出台后的", ""]), st.sampled_from(["-", "－", "负"]),
       st.integers(0, 9_999_999), st.sampled_from(["个工作日内", "日内", "天内", "个月内"]))
def test_a_negative_count_is_never_read_as_a_positive_one(prefix, sign, n, unit):
    dl = resolve(f"{prefix}{sign}{n}{unit}", issued_on=dt.date(2026, 3, 2), calendar=CAL,
                 event_on=dt.date(2026, 4, 1))
    assert dl.due is None and dl.count is None
    assert WARN_BAD_COUNT in dl.warnings


@PROPS
@given(st.integers(1, 9_999_999), st.sampled_from([("个工作日内", "workday"), ("日内", "day"), ("个月内", "month")]))
def test_counts_over_the_limit_warn_and_counts_within_resolve(n, unit):
    suffix, name = unit
    dl = resolve(f"印发后{n}{suffix}", issued_on=dt.date(2026, 3, 2), calendar=CAL)
    if n > bounds.MAX_RELATIVE_COUNT[name]:
        assert dl.due is None and dl.warnings == [WARN_BAD_COUNT]
    else:
        assert dl.count == n and dl.due is not None and dl.warnings == []


# -- 3. progress reports -----------------------------------------------------------------------------------------
class _Untouchable:
    """An upload whose content must not be read: only its name and size may be looked at."""

    def __init__(self, name="evidence.pdf", size=100):
        self.name, self.size, self.content_type = name, size, "application/pdf"

    def __getattr__(self, item):
        raise AssertionError(f"the upload was touched ({item}) before the limits were checked")


def _nothing_saved(world):
    assert not ProgressReport.objects.exists() and not Attachment.objects.exists()
    world.assignment.refresh_from_db()
    assert world.assignment.status == Status.NOT_STARTED and world.assignment.version == 1


def _submit(world, **kw):
    kw.setdefault("text", "已公开")
    kw.setdefault("percent", 50)
    return progress_report_submit(assignment=world.assignment, user=world.liaison, **kw)


def test_limits_are_named_constants():
    assert (bounds.MAX_EVIDENCE_LINKS, bounds.MAX_EVIDENCE_LINK_CHARS, bounds.MAX_ATTACHMENTS) == (20, 500, 10)


@pytest.mark.parametrize("count", [21, 3000])
def test_too_many_links_are_refused_by_the_service_saying_which_limit(world, count):
    urls = [f"https://example.org/{i}" for i in range(count)]
    with pytest.raises(ServiceError, match="at most 20 evidence links"):
        _submit(world, evidence_urls=urls)
    _nothing_saved(world)


def test_twenty_links_and_a_500_character_link_are_fine_one_more_is_not(world):
    long = "https://example.org/" + "a" * (500 - len("https://example.org/"))
    assert len(evidence_urls_clean([*(f"https://example.org/{i}" for i in range(19)), long])) == 20
    with pytest.raises(ServiceError, match="at most 500 characters"):
        evidence_urls_clean([long + "b"])


@pytest.mark.parametrize("url", [
    'https://example.org/ok"><script>', "https://example.org/a'b", "https://example.org/<b>", "https://exa mple.org/",
    "https://example.org/a\tb", "javascript:alert(1)", "ftp://example.org/x", "https://example.org/`x`",
    "https://example.org/\u200b\u0000",
])
def test_unsafe_links_are_never_stored(world, url):
    with pytest.raises(ServiceError, match="Not a valid http or https link"):
        _submit(world, evidence_urls=[url])
    _nothing_saved(world)


def test_good_links_are_kept_as_before(world):
    report = _submit(world, evidence_urls=[" http://www.example.gov.cn/a?x=1&y=2#z ", "", "http://www.example.gov.cn/a?x=1&y=2#z",
                                           "https://例子.中国/公开"])
    assert report.evidence_urls == ["http://www.example.gov.cn/a?x=1&y=2#z", "https://例子.中国/公开"]


def test_too_many_files_are_refused_before_any_is_read(world):
    with pytest.raises(ServiceError, match="at most 10 attached files"):
        _submit(world, files=[_Untouchable() for _ in range(60)])
    _nothing_saved(world)


def test_a_too_large_file_is_refused_before_it_is_read(world):
    with pytest.raises(ServiceError, match="larger than"):
        _submit(world, files=[_Untouchable(size=10**12)])
    _nothing_saved(world)


def test_ten_files_are_accepted(world):
    report = _submit(world, files=[upload(f"e{i}.pdf") for i in range(10)])
    assert report.attachments.count() == 10


def test_report_form_uses_the_same_limits():
    links = "\n".join(f"https://example.org/{i}" for i in range(3000))
    form = ReportForm({"text": "已公开", "percent": 50, "evidence_urls": links}, {"attachments": [upload()] * 11})
    assert not form.is_valid()
    assert "at most 20 evidence links" in form.errors["evidence_urls"][0]
    assert "at most 10 attached files" in form.errors["attachments"][0]


def test_report_page_shows_which_limit_and_saves_nothing(client, world):
    client.force_login(world.liaison)
    url = reverse("portal:report_submit", args=[world.assignment.pk])
    links = "\n".join(f"https://example.org/{i}" for i in range(3000))
    response = client.post(url, {"text": "已公开", "percent": 50, "evidence_urls": links,
                                 "attachments": [upload(f"e{i}.pdf") for i in range(60)]})
    assert response.status_code == 400  # the report form's convention for errors; never a 500
    page = response.content.decode()
    assert "at most 20 evidence links" in page and "at most 10 attached files" in page
    response = client.post(url, {"text": "已公开", "percent": 50, "evidence_urls": 'https://example.org/ok"><script>'})
    assert response.status_code == 400 and "Not a valid http or https link" in response.content.decode()
    _nothing_saved(world)


# -- 4. commands -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["9999-12-31", "1999-12-31", "2101-01-01"])
def test_send_reminders_today_out_of_range(db, value):
    with pytest.raises(CommandError, match="outside the supported dates"):
        call_command("send_reminders", "--today", value, "--dry-run", stdout=io.StringIO())


def test_send_reminders_today_in_range_still_runs(db):
    out = io.StringIO()
    call_command("send_reminders", "--today", "2100-12-31", "--dry-run", "--all-days", stdout=out)
    assert "sent 0 messages" in out.getvalue()


@pytest.mark.parametrize("args", [[], ["--report"], ["--format", "csv"]])
def test_export_ledger_to_a_missing_directory(world, args):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_ledger", "--document", str(world.document.pk), "-o", "/nonexistent/x", *args,
                     stdout=io.StringIO())


def test_export_ledger_checks_the_directory_before_the_document(db):
    with pytest.raises(CommandError, match="does not exist"):  # no document lookup, no query needed
        call_command("export_ledger", "--document", "424242", "-o", "/nonexistent/x", stdout=io.StringIO())


def test_export_ledger_to_a_read_only_directory(world, tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    # Root may write anywhere, so the folder's mode alone would not stop it: ask os.access as a
    # non-root user would be answered.
    real_access = os.access
    monkeypatch.setattr("tasks.management.output.os.access",
                        lambda p, mode: False if Path(p) == folder else real_access(p, mode))
    with pytest.raises(CommandError, match="not writable"):
        call_command("export_ledger", "--document", str(world.document.pk), "-o", str(folder / "x.xlsx"),
                     stdout=io.StringIO())
    assert not list(folder.iterdir())


def test_export_ledger_to_a_directory(world, tmp_path):
    with pytest.raises(CommandError, match="is a directory"):
        call_command("export_ledger", "--document", str(world.document.pk), "-o", str(tmp_path), stdout=io.StringIO())


def test_export_ledger_failing_midway_leaves_no_file(world, tmp_path, monkeypatch):
    from tasks.management.commands import export_ledger

    def broken(ledger, format, out):
        out.write(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_ledger, "export_to_file", broken)
    target = tmp_path / "x.xlsx"
    with pytest.raises(CommandError, match="No space left"):
        call_command("export_ledger", "--document", str(world.document.pk), "-o", str(target), stdout=io.StringIO())
    assert not target.exists()


def test_backup_to_a_missing_directory(db):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", "-o", "/nonexistent/x", stdout=io.StringIO())


def test_backup_write_failure_is_one_line_and_leaves_nothing(transactional_db, tmp_path, monkeypatch):
    import tarfile

    def broken(*a, **kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tarfile, "open", broken)
    with pytest.raises(CommandError, match="backup failed: cannot write"):
        call_command("backup", "-o", str(tmp_path / "b.tar.gz"), stdout=io.StringIO())
    assert not list(tmp_path.iterdir())


def _tar(path: Path, members: dict[str, bytes]) -> Path:
    import tarfile

    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize("content", [b"", b"garbage" * 100, b"\x1f\x8b\x08\x00garbage"])
def test_restore_of_garbage_is_refused(db, tmp_path, content):
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(content)
    with pytest.raises(CommandError, match="restore refused"):
        call_command("restore", str(bad), stdout=io.StringIO())


@pytest.mark.parametrize("manifest", [
    b'{"format": "opensched-backup", "version": 1}',
    b'{"format": "opensched-backup", "version": 1, "data": {"size": 1, "sha256": "x"}, "media": [1]}',
    b'{"format": "opensched-backup", "version": 1, "data": [], "models": {}}',
])
def test_restore_of_a_damaged_manifest_is_refused(db, tmp_path, manifest):
    bad = _tar(tmp_path / "bad.tar.gz", {"manifest.json": manifest})
    with pytest.raises(CommandError, match="restore refused: the manifest is damaged"):
        call_command("restore", str(bad), stdout=io.StringIO())


def test_restore_of_a_missing_file_or_a_directory(db, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "nope.tar.gz"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="restore refused"):
        call_command("restore", str(tmp_path), stdout=io.StringIO())


def test_resolve_deadline_bounds_the_phrase_and_the_dates(db):
    with pytest.raises(CommandError, match="at most 200"):
        call_command("resolve_deadline", "印" * 100_000, "--issued", "2021-06-23", stdout=io.StringIO())
    with pytest.raises(CommandError, match="outside the supported dates"):
        call_command("resolve_deadline", EVENT_PHRASE, "--issued", "2021-06-23", "--event", "9999-12-20",
                     stdout=io.StringIO())
    with pytest.raises(CommandError, match="outside"):
        call_command("resolve_deadline", "年底前", "--issued", "2021-06-23", "--year", "99999", stdout=io.StringIO())
    out = io.StringIO()
    call_command("resolve_deadline", "2026年2月30日前", "--issued", "2026-01-05", stdout=out)
    assert "warning: impossible_date" in out.getvalue()


def test_export_ledger_from_the_command_line_exits_non_zero_without_a_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="opensched.settings_test", SQLITE_PATH=str(tmp_path / "db.sqlite3"))
    result = subprocess.run(
        [sys.executable, "manage.py", "export_ledger", "--document", "1", "-o", "/nonexistent/x"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "/nonexistent" in result.stderr and "does not exist" in result.stderr
    assert not Path("/nonexistent/x").exists()
