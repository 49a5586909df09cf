"""Jurisdiction-wide figures kept per unit (tasks.caching.cached_per_unit): the overviews' tallies
and the ledger's light counts are summed from one cache entry per unit, so after a report only
the reporting unit is counted again, and the sums are what counting everything afresh gives."""

import re
from datetime import date

import pytest

from tasks.access import access_for, visible_assignments
from tasks.caching import ReadScope, cached_per_unit, data_changed, jurisdiction_wide, unit_scope
from tasks.models import Assignment, Status
from tasks.selectors import tallies as tallies_module
from tasks.selectors.assignments import LightWindow, cached_light_counts, light_counts
from tasks.selectors.portal import dashboard
from tasks.services.reports import progress_report_review, progress_report_submit
from tests import factories

pytestmark = pytest.mark.django_db
WINDOW = LightWindow(today=date(2021, 7, 12), soon_until=date(2021, 7, 19))


class Spy:
    """A compute function that records which units it was asked for."""

    def __init__(self, values=None):
        self.calls: list[list[int]] = []
        self.values = values or {}

    def __call__(self, units):
        self.calls.append(list(units))
        return {u: self.values.get(u, f"v{u}") for u in units if u in self.values or u % 2 == 0}


def read(spy, world, units):
    return cached_per_unit("spy", ("parts",), jurisdictions=[world.j.pk], units=units, compute=spy, empty=lambda: "e")


def test_only_missing_units_are_computed_and_left_out_ones_are_empty(world):
    spy = Spy()
    units = [world.unit.pk, world.other_unit.pk]
    first = read(spy, world, units)
    assert spy.calls == [sorted(units)]
    assert first == {u: (f"v{u}" if u % 2 == 0 else "e") for u in units}
    assert read(spy, world, units) == first and len(spy.calls) == 1  # all warm: no call


def test_a_change_confined_to_one_unit_recounts_that_unit_only(world):
    spy = Spy()
    units = [world.unit.pk, world.other_unit.pk]
    read(spy, world, units)
    data_changed(jurisdictions=[world.j.pk], units=[world.unit.pk])
    read(spy, world, units)
    assert spy.calls[-1] == [world.unit.pk]
    data_changed(jurisdictions=[world.other_j.pk])  # elsewhere: nothing to do here
    read(spy, world, units)
    assert len(spy.calls) == 2


@pytest.mark.parametrize("change", [lambda w: data_changed(jurisdictions=[w.j.pk]), lambda w: data_changed()])
def test_a_change_not_confined_to_units_recounts_them_all(world, change):
    spy = Spy()
    units = [world.unit.pk, world.other_unit.pk]
    read(spy, world, units)
    change(world)
    read(spy, world, units)
    assert spy.calls[-1] == sorted(units)


def test_only_reads_of_whole_jurisdictions_are_kept_per_unit(world):
    whole = ReadScope(("ledger",), jurisdictions=[world.j.pk])
    assert jurisdiction_wide((("ledger", whole),)) == {world.j.pk}
    assert jurisdiction_wide((unit_scope("units", [world.unit.pk], jurisdictions=[world.j.pk]),)) is None
    assert jurisdiction_wide((ReadScope(("all",), jurisdictions=None),)) is None
    assert jurisdiction_wide(("no scope",)) is None


@pytest.fixture
def busy(world):
    """Several tasks, every status, both units of the world's jurisdiction."""
    for n in range(8):
        task = factories.task(document=world.document, number=str(n + 2))
        for unit, status in ((world.unit, list(Status)[n % 5]), (world.other_unit, list(Status)[(n + 2) % 5])):
            factories.assignment(task=task, unit=unit, status=status, due_on=date(2021, 7, 1 + 3 * n),
                                 completed_on=date(2021, 7, 10) if status == Status.COMPLETED else None,
                                 percent=100 if status == Status.COMPLETED else 10 * n)
    return world


def ledger(world):
    access = access_for(world.office)
    return visible_assignments(access), ("ledger", access.read_scope)


def board(world, scope):
    qs = Assignment.objects.filter(jurisdiction=world.j)
    return dashboard(qs, WINDOW, with_matrix=True, by="document", scope=scope)


def test_per_unit_sums_are_the_figures_counted_whole_before_and_after_a_report(busy, monkeypatch):
    world = busy
    qs, scope = ledger(world)
    j_scope = ReadScope(("jurisdiction", world.j.pk), jurisdictions=(world.j.pk,))
    assert cached_light_counts(qs, WINDOW, scope=scope, filters=()) == light_counts(qs, WINDOW)
    assert board(world, j_scope) == board(world, None)

    counted = []
    real = tallies_module.tallies
    monkeypatch.setattr(tallies_module, "tallies", lambda q, w: counted.append(str(q.query)) or real(q, w))
    report = progress_report_submit(assignment=world.other_assignment, user=world.other_liaison, text="已公开",
                                    percent=100)
    progress_report_review(report=report, user=world.office, accept=True)
    assert Assignment.objects.get(pk=world.other_assignment.pk).status == Status.COMPLETED
    fresh = board(world, j_scope)
    (sql,) = counted  # one count, of the reporting unit alone
    assert re.search(r'"unit_id" IN \(([\d, ]+)\)', sql).group(1) == str(world.other_unit.pk)
    monkeypatch.setattr(tallies_module, "tallies", real)
    assert fresh == board(world, None)
    assert cached_light_counts(qs, WINDOW, scope=scope, filters=()) == light_counts(qs, WINDOW)


@pytest.mark.parametrize("limit", [0, 1, 200])
def test_many_missing_units_are_counted_with_the_whole_scope_and_give_the_same(busy, monkeypatch, limit):
    from tasks.selectors import assignments as assignments_module

    world = busy
    monkeypatch.setattr(assignments_module, "MAX_UNITS_FILTERED", limit)
    qs, scope = ledger(world)
    every = [world.unit.pk, world.other_unit.pk]
    narrowed = assignments_module.units_missing(qs, [world.unit.pk], every)
    assert (narrowed is qs) == (limit < 1)
    assert assignments_module.units_missing(qs, every, every) is qs
    data_changed(jurisdictions=[world.j.pk], units=[world.unit.pk])
    assert cached_light_counts(qs, WINDOW, scope=scope, filters=()) == light_counts(qs, WINDOW)
    j_scope = ReadScope(("jurisdiction", world.j.pk), jurisdictions=(world.j.pk,))
    board(world, j_scope)
    data_changed(jurisdictions=[world.j.pk], units=[world.unit.pk])
    assert board(world, j_scope) == board(world, None)


def test_a_read_over_too_many_units_is_kept_whole(busy, monkeypatch):
    from tasks.selectors import assignments as assignments_module

    world = busy
    qs, scope = ledger(world)
    assert assignments_module.units_apart(scope) == ({world.j.pk}, sorted([world.unit.pk, world.other_unit.pk]))
    monkeypatch.setattr(assignments_module, "MAX_UNITS_APART", 1)
    assert assignments_module.units_apart(scope) is None
    calls = []
    monkeypatch.setattr(assignments_module, "cached_per_unit", lambda *a, **k: calls.append(1))
    assert cached_light_counts(qs, WINDOW, scope=scope, filters=()) == light_counts(qs, WINDOW) and not calls


def test_the_review_badge_stays_right_across_submits_and_reviews(busy):
    """Kept whole (one COUNT over the (state, assignment) index): per unit, its grouped count and
    the entries' writes cost more on a cold page than they saved after a report."""
    from tasks.models import ProgressReport
    from tasks.selectors.portal import reports_waiting_count

    world = busy
    access = access_for(world.office)
    assert reports_waiting_count(access) == 0
    report = progress_report_submit(assignment=world.other_assignment, user=world.other_liaison, text="已公开",
                                    percent=50)
    assert reports_waiting_count(access) == 1
    progress_report_submit(assignment=world.assignment, user=world.liaison, text="已公开", percent=30)
    assert reports_waiting_count(access) == 2
    progress_report_review(report=report, user=world.office, accept=True)
    assert reports_waiting_count(access) == 1 == ProgressReport.objects.filter(state="submitted").count()
