"""Per-unit cache versions (tasks.caching): a change confined to one unit's assignment (the
assignment, its reports, extension requests, period states) leaves reads about other units of
the jurisdiction warm; anything else in the jurisdiction (documents, tasks, units, a write that
does not name its units) makes them cold. The jurisdiction's own reads are cold after either."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks.caching import ReadScope, cached, data_changed, unit_scope
from tasks.models import ProgressReport
from tasks.services.reports import progress_report_submit
from tests import factories

pytestmark = pytest.mark.django_db


class Reads:
    """Counts how often each of three reads of world.j is computed: unit A's, unit B's, the jurisdiction's."""

    def __init__(self, world):
        self.world = world
        self.calls = {"a": 0, "b": 0, "j": 0}
        self.scopes = {
            "a": unit_scope("units", [world.unit.pk], jurisdictions=[world.j.pk]),
            "b": unit_scope("units", [world.other_unit.pk], jurisdictions=[world.j.pk]),
            "j": ReadScope(("ledger",), jurisdictions=[world.j.pk]),
        }

    def read(self) -> set[str]:
        """Read all three; the names of those computed afresh."""
        before = dict(self.calls)

        def compute(name):
            self.calls[name] += 1
            return name

        for name, scope in self.scopes.items():
            cached("test-read", (scope,), lambda name=name: compute(name))
        return {name for name in self.calls if self.calls[name] != before[name]}


def test_a_report_of_one_unit_leaves_another_units_reads_warm(world):
    reads = Reads(world)
    reads.read()
    assert reads.read() == set()  # all warm
    progress_report_submit(assignment=world.other_assignment, user=world.other_liaison, text="已公开", percent=50)
    assert reads.read() == {"b", "j"}  # B's own pages and the jurisdiction's, not A's


def test_saving_an_assignment_or_its_report_moves_its_unit_only(world):
    reads = Reads(world)
    reads.read()
    world.assignment.save()
    assert reads.read() == {"a", "j"}
    ProgressReport.objects.create(assignment=world.other_assignment, author=world.other_liaison, text="x", percent=1)
    assert reads.read() == {"b", "j"}


def test_changes_not_confined_to_a_unit_make_every_unit_read_cold(world):
    reads = Reads(world)
    reads.read()
    for change in (world.task.save, world.document.save, world.other_unit.save,
                   lambda: data_changed(jurisdictions=[world.j.pk]),
                   lambda: data_changed(jurisdictions=[world.j.pk], units=[None]),
                   lambda: data_changed()):
        change()
        assert reads.read() == {"a", "b", "j"}, change


def test_another_jurisdictions_change_leaves_all_warm(world):
    reads = Reads(world)
    reads.read()
    world.foreign_assignment.save()
    world.foreign_unit.save()
    assert reads.read() == set()


def test_the_after_commit_bump_moves_the_units_again(django_capture_on_commit_callbacks):
    calls = []

    def read(scope):
        return cached("test-read", (scope,), lambda: calls.append(scope) or len(calls))

    unit_a, unit_b = unit_scope("u", [301], jurisdictions=[201]), unit_scope("u", [302], jurisdictions=[201])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        data_changed(jurisdictions=[201], units=[301])
        read(unit_a), read(unit_b)  # computed between the bump and the commit (from data not yet committed)
    assert len(callbacks) == 1
    callbacks[0]()
    calls.clear()
    read(unit_a), read(unit_b)
    assert calls == [unit_a]  # A's is not kept; B's stays warm


def test_a_liaisons_home_stays_warm_after_another_units_report(client, world):
    """The home's aggregates (documents in scope, light counts, page keys) are read from the cache
    after another unit's report, and computed again after the liaison's own unit's."""
    for k in range(3):
        factories.assignment(task=factories.task(document=world.document, number=str(k + 2)), unit=world.unit)
    client.force_login(world.liaison)
    url = reverse("portal:home")
    client.get(url)
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    progress_report_submit(assignment=world.other_assignment, user=world.other_liaison, text="已公开", percent=50)
    with CaptureQueriesContext(connection) as after_other:
        assert client.get(url).status_code == 200
    progress_report_submit(assignment=world.assignment, user=world.liaison, text="已公开", percent=50)
    with CaptureQueriesContext(connection) as after_own:
        assert client.get(url).status_code == 200
    assert len(after_other) == len(warm)
    assert len(after_own) > len(warm)


def test_a_report_of_a_loaded_assignment_finds_its_unit_without_a_query(world):
    """The signal reads the jurisdiction and unit from the assignment (and unit) already loaded."""
    assert world.assignment.unit.jurisdiction_id == world.j.pk  # loaded by the factory
    with CaptureQueriesContext(connection) as captured:
        ProgressReport.objects.create(assignment=world.assignment, author=world.liaison, text="x", percent=1)
    lookups = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("SELECT")
               and ("units_unit" in q["sql"] or "tasks_assignment" in q["sql"])]
    assert lookups == []
    reads = Reads(world)
    reads.read()
    ProgressReport.objects.create(assignment=world.assignment, author=world.liaison, text="y", percent=2)
    assert reads.read() == {"a", "j"}


def test_a_second_change_in_a_transaction_moves_nothing_again_until_somebody_reads(monkeypatch):
    """Within one transaction a change moves its versions at once only if a read came since the
    last move (the commit's bump moves them all again for everyone else)."""
    from tasks import caching

    moved = []
    real = caching._move
    monkeypatch.setattr(caching, "_move", lambda keys: moved.append(list(keys)) or real(keys))
    scope = unit_scope("u", [311], jurisdictions=[211])
    data_changed(jurisdictions=[211], units=[311])
    data_changed(jurisdictions=[211], units=[311])  # nothing read in between
    assert moved == [[caching.jurisdiction_key(211), caching.unit_key(311), caching.ANY_KEY], []]
    first = cached("test-read", (scope,), lambda: "before")
    data_changed(jurisdictions=[211], units=[311])  # read in between: moved again, the read is not kept
    assert moved[-1] == [caching.jurisdiction_key(211), caching.unit_key(311), caching.ANY_KEY]
    assert first == "before" and cached("test-read", (scope,), lambda: "after") == "after"


def test_the_homes_unit_badges_outlive_the_units_reports_but_not_a_rename(world, django_capture_on_commit_callbacks):
    from tasks.access import access_for
    from tasks.selectors.portal import unit_badges

    access = access_for(world.liaison)
    assert [b.display_name for b in unit_badges(access)] == [world.unit.display_name]
    with django_capture_on_commit_callbacks(execute=True):
        progress_report_submit(assignment=world.assignment, user=world.liaison, text="已公开", percent=30)
    with CaptureQueriesContext(connection) as queries:
        badges = unit_badges(access)
    assert not [q for q in queries.captured_queries if "units_unit" in q["sql"]]  # still cached
    world.unit.name, world.unit.short_name = "区数据局新名", ""
    with django_capture_on_commit_callbacks(execute=True):
        world.unit.save()
    assert "区数据局新名" in world.unit.display_name
    assert badges[0].get_absolute_url() == world.unit.get_absolute_url()
    assert [b.display_name for b in unit_badges(access)] == [world.unit.display_name]
