"""Cached dashboard reads (tasks.caching): every way the data changes moves the version on, and the
pages show the change at once; scopes and languages never share an entry."""

from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from tasks.caching import VERSION_KEY, cached, data_changed, data_version
from tasks.models import Assignment, CalendarDay, Status
from tasks.services.assignments import assignment_update
from tasks.services.reports import progress_report_review, progress_report_submit
from tests import factories
from tests.html import by_testid, find, hrefs, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def moves(change) -> bool:
    before = data_version()
    change()
    return data_version() != before


# ----- the version


def test_cached_computes_once_per_version():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached("t", ("a",), compute) == 1
    assert cached("t", ("a",), compute) == 1
    assert cached("t", ("b",), compute) == 2  # other parts, other entry
    data_changed()
    assert cached("t", ("a",), compute) == 3


def test_a_lost_version_never_comes_back_to_an_old_value():
    old = data_version()[0]
    data_changed()
    cache.delete(VERSION_KEY)
    assert data_version()[0] > old + 1


def test_saves_and_deletes_of_what_the_dashboards_read_move_the_version(world):
    assert moves(lambda: factories.assignment(task=factories.task(document=world.document), unit=world.unit))
    assert moves(lambda: world.task.save())
    assert moves(lambda: world.unit.save())
    assert moves(lambda: world.document.save())
    assert moves(lambda: factories.report(assignment=world.assignment, author=world.liaison))
    assert moves(lambda: CalendarDay.objects.create(date=date(2021, 10, 9), is_working=True, name="调休"))
    assert moves(lambda: world.other_assignment.delete())


def test_updates_that_send_no_signal_move_the_version(world):
    # One service here; every service that writes with update() or bulk_create has its own test,
    # with the save signals off, in tests/test_caching_scopes.py.
    assert moves(lambda: assignment_update(assignment_id=world.assignment.pk, percent=40))


def test_the_version_moves_again_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        data_changed()
        data_changed()
    assert len(callbacks) == 1  # once per transaction, however many writes
    before = data_version()
    callbacks[0]()
    assert data_version()[0] == before[0] + 1


# ----- pages


def _count(html: str, name: str) -> str:
    return text(by_testid(html, name))


@time_machine.travel(date(2021, 7, 20))
def test_home_counts_follow_a_report_through_review(world, client):
    client.force_login(world.liaison)
    url = reverse("portal:home")
    assert _count(client.get(url).content.decode(), "count-done") == "0"
    report = progress_report_submit(assignment=world.assignment, user=world.liaison, text="已公开", percent=100)
    progress_report_review(report=report, user=world.office, accept=True)
    assert _count(client.get(url).content.decode(), "count-done") == "1"


@time_machine.travel(date(2021, 7, 20))
def test_overview_and_ledger_show_a_change_at_once(world, client):
    client.force_login(world.supervisor)
    overview, ledger = reverse("portal:overview"), reverse("portal:assignment_list")
    assert _count(client.get(overview).content.decode(), "overdue-count") == "0"
    client.get(ledger)
    assignment_update(assignment_id=world.assignment.pk, due_on=date(2021, 7, 1))
    assert _count(client.get(overview).content.decode(), "overdue-count") == "1"
    html = client.get(ledger).content.decode()
    assert _count(html, "count-overdue") == "1"
    links = hrefs(find(html, "//tbody"))
    assert links.index(world.assignment.get_absolute_url()) < links.index(world.other_assignment.get_absolute_url())


@time_machine.travel(date(2021, 7, 20))
def test_the_page_of_rows_is_read_fresh_even_when_its_keys_are_cached(world, client):
    client.force_login(world.liaison)
    client.get(reverse("portal:home"))
    Assignment.objects.filter(pk=world.assignment.pk).update(percent=77)  # no signal, no version move
    assert "77%" in client.get(reverse("portal:home")).content.decode()


@time_machine.travel(date(2021, 7, 20))
def test_users_with_other_scopes_never_share_figures(world, client):
    factories.assignment(task=factories.task(document=world.foreign_document), unit=world.foreign_unit,
                         status=Status.COMPLETED, completed_on=date(2021, 7, 1))
    client.force_login(world.office)
    mine = client.get(reverse("portal:assignment_list")).content.decode()
    client.force_login(world.other_office)
    theirs = client.get(reverse("portal:assignment_list")).content.decode()
    assert "2 assignments" in mine and "2 assignments" in theirs
    assert _count(mine, "count-done") == "0" and _count(theirs, "count-done") == "1"


@time_machine.travel(date(2021, 7, 20))
def test_the_cached_dashboard_is_kept_per_language(world, client):
    client.force_login(world.supervisor)
    english = client.get(reverse("portal:overview")).content.decode()
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(reverse("portal:overview")).content.decode()
    assert "Units ranked by on-time completion" in english
    assert "Units ranked by on-time completion" not in chinese
