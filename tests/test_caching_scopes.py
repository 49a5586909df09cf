"""Invalidation scoped to what changed (tasks.caching): a change in one jurisdiction moves that
jurisdiction's version and leaves another's cached figures warm; every service that writes
without signals (update(), bulk_create, raw deletes) moves the scope it wrote."""

from contextlib import contextmanager
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks import signals
from tasks.caching import ReadScope, cached, data_changed, data_version
from tasks.models import AssignmentPeriod, CalendarDay, Role
from tasks.services.assignments import (
    assignment_acknowledge,
    assignment_add,
    assignment_change_role,
    assignment_remove,
    assignment_update,
    task_pick_vague_units,
)
from tasks.services.due_dates import assignment_due_set, tasks_deadline_set
from tasks.services.extensions import extension_decide, extension_request
from tasks.services.importing import document_import
from tasks.services.reports import progress_report_review, progress_report_submit
from tests import factories
from tests.factories_importing import synthetic_preview
from tests.html import by_testid, text
from units.registry import units_merge
from units.services import registry_load

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@contextmanager
def no_signals():
    """Disconnect the save/delete handlers, so that only a service's own data_changed counts."""
    from django.apps import apps

    receivers = []
    for label in signals.WATCHED:
        model = apps.get_model(label)
        for signal, kind in ((post_save, "save"), (post_delete, "delete")):
            uid = f"opensched-data-version-{label}-{kind}"
            signal.disconnect(sender=model, dispatch_uid=uid)
            receivers.append((signal, model, uid))
    try:
        yield
    finally:
        for signal, model, uid in receivers:
            signal.connect(signals._changed, sender=model, dispatch_uid=uid)


def moved(jurisdiction, change) -> tuple[bool, bool]:
    """Whether ``change`` moved (jurisdiction's own version, the versions of everything)."""
    own, everything = data_version([jurisdiction.pk]), data_version()
    change()
    return data_version([jurisdiction.pk]) != own, data_version() != everything


def scoped(world, change) -> None:
    """``change``, made with signals off, moves A's (world.j's) version and leaves B's alone."""
    with no_signals():
        before_b = data_version([world.other_j.pk])
        own, _everything = moved(world.j, change)
    assert own, "the service did not move its jurisdiction's version"
    assert data_version([world.other_j.pk]) == before_b, "the service moved another jurisdiction's version"


# ----- versions


def test_a_change_in_one_jurisdiction_moves_its_version_and_not_anothers(world):
    b = data_version([world.other_j.pk])
    assert moved(world.j, lambda: data_changed(jurisdictions=[world.j.pk])) == (True, True)
    assert data_version([world.other_j.pk]) == b


def test_the_national_calendar_moves_every_version(world):
    b = data_version([world.other_j.pk])
    CalendarDay.objects.create(date=date(2021, 10, 9), is_working=True, name="调休")
    assert data_version([world.other_j.pk]) != b


def test_a_local_calendar_day_moves_only_its_jurisdiction(world):
    b = data_version([world.other_j.pk])
    assert moved(world.j, lambda: CalendarDay.objects.create(
        jurisdiction=world.j, date=date(2021, 10, 9), is_working=True, name="调休"))[0]
    assert data_version([world.other_j.pk]) == b


def test_saves_and_deletes_move_the_jurisdiction_derived_from_the_instance(world):
    b = data_version([world.other_j.pk])
    for change in (lambda: world.task.save(), lambda: world.document.save(), lambda: world.unit.save(),
                   lambda: world.assignment.save(),
                   lambda: factories.report(assignment=world.assignment, author=world.liaison),
                   lambda: factories.task(document=world.document).delete(),
                   lambda: world.other_assignment.delete()):
        assert moved(world.j, change)[0]
    assert data_version([world.other_j.pk]) == b


def test_a_read_keys_on_the_versions_of_the_scopes_it_names(world):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    in_b = ReadScope(("b",), jurisdictions=[world.other_j.pk])
    everything = ReadScope(("all",), jurisdictions=None)
    assert cached("t", (in_b,), compute) == 1
    assert cached("t", (everything,), compute) == 2
    data_changed(jurisdictions=[world.j.pk])
    assert cached("t", (in_b,), compute) == 1  # warm
    assert cached("t", (everything,), compute) == 3  # a superuser's scope reads A too
    data_changed()
    assert cached("t", (in_b,), compute) == 4  # global


def test_the_after_commit_bump_covers_every_jurisdiction_of_the_transaction(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        data_changed(jurisdictions=[101])
        data_changed(jurisdictions=[102])
    assert len(callbacks) == 1  # once per transaction
    a, b, c = data_version([101]), data_version([102]), data_version([103])
    callbacks[0]()
    assert data_version([101]) != a and data_version([102]) != b and data_version([103]) == c


# ----- pages


def _count(html: str, name: str) -> str:
    return text(by_testid(html, name))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@time_machine.travel(date(2021, 7, 20))
def test_another_jurisdictions_overview_and_ledger_stay_warm_after_a_change(world, client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    factories.assignment(task=factories.task(document=world.foreign_document), unit=world.foreign_unit)
    client.force_login(world.other_office)
    overview, ledger = reverse("portal:overview"), reverse("portal:assignment_list")
    client.get(overview), client.get(ledger)
    warm = _queries(client, overview), _queries(client, ledger)
    data_changed()
    cold = _queries(client, overview), _queries(client, ledger)
    assert cold[0] > warm[0] and cold[1] > warm[1]  # the cache does save queries here
    client.get(overview), client.get(ledger)
    assignment_update(assignment_id=world.assignment.pk, due_on=date(2021, 7, 1))  # in A
    progress_report_submit(assignment=world.other_assignment, user=world.other_liaison, text="已公开", percent=50)
    assert (_queries(client, overview), _queries(client, ledger)) == warm


@time_machine.travel(date(2021, 7, 20))
def test_the_changed_jurisdictions_pages_show_the_change_at_once(world, client):
    client.force_login(world.other_office)
    client.get(reverse("portal:overview"))
    client.force_login(world.office)
    overview, ledger = reverse("portal:overview"), reverse("portal:assignment_list")
    assert _count(client.get(overview).content.decode(), "overdue-count") == "0"
    client.get(ledger)
    assignment_update(assignment_id=world.assignment.pk, due_on=date(2021, 7, 1))
    assert _count(client.get(overview).content.decode(), "overdue-count") == "1"
    assert _count(client.get(ledger).content.decode(), "count-overdue") == "1"
    client.force_login(world.liaison)
    assert _count(client.get(reverse("portal:home")).content.decode(), "count-overdue") == "1"


# ----- every service that writes without signals moves its own scope


def test_assignment_update_moves_its_jurisdiction(world):
    scoped(world, lambda: assignment_update(assignment_id=world.assignment.pk, percent=40))


def test_assignment_acknowledge_moves_its_jurisdiction(world):
    scoped(world, lambda: assignment_acknowledge(assignment=world.assignment, user=world.liaison))


def test_progress_report_submit_moves_its_jurisdiction(world):
    scoped(world, lambda: progress_report_submit(assignment=world.assignment, user=world.liaison, text="已公开",
                                                 percent=50))


def test_progress_report_review_moves_its_jurisdiction(world):
    report = progress_report_submit(assignment=world.assignment, user=world.liaison, text="已公开", percent=100)
    scoped(world, lambda: progress_report_review(report=report, user=world.office, accept=True))


@time_machine.travel(date(2021, 7, 20))
def test_extension_decide_moves_its_jurisdiction(world):
    request = extension_request(assignment=world.assignment, user=world.liaison, requested_due=date(2021, 12, 31),
                                reason="材料较多")
    scoped(world, lambda: extension_decide(request=request, user=world.office, approve=False, note="请按期完成"))


def test_document_import_moves_its_jurisdiction(world):
    preview = synthetic_preview(jurisdiction=world.j, unit_ids=[world.unit.pk], tasks=3)
    scoped(world, lambda: document_import(preview=preview, jurisdiction=world.j, user=world.office))


def test_synthetic_data_moves_only_the_synthetic_jurisdictions(world):
    from tasks.services.synthetic import SyntheticSpec, synthetic_data_flush, synthetic_data_generate

    spec = SyntheticSpec(jurisdictions=1, units=4, documents=1, tasks=5, seed=7, today=date(2021, 7, 20))
    b, anything = data_version([world.other_j.pk]), data_version()
    with no_signals():
        synthetic_data_generate(spec=spec)
    assert data_version() != anything and data_version([world.other_j.pk]) == b
    anything = data_version()
    with no_signals():
        synthetic_data_flush()
    assert data_version() != anything and data_version([world.other_j.pk]) == b


# Services that write with update() or bulk_create (touch_document, the reporting periods, the
# registry): each moves its own jurisdiction's version even with the save signals off.


def test_assignment_add_moves_its_jurisdiction(world):
    unit = factories.unit(jurisdiction=world.j, name="区教育和体育局")
    scoped(world, lambda: assignment_add(task=world.task, unit=unit, role=Role.RESPONSIBLE, user=world.office))


def test_assignment_change_role_moves_its_jurisdiction(world):
    scoped(world, lambda: assignment_change_role(assignment=world.assignment, role=Role.LEAD,
                                                 version=world.assignment.version, user=world.office))


def test_assignment_remove_moves_its_jurisdiction(world):
    scoped(world, lambda: assignment_remove(assignment=world.other_assignment, user=world.office))


def test_task_pick_vague_units_moves_its_jurisdiction(world):
    unit = factories.unit(jurisdiction=world.j, name="区教育和体育局")
    scoped(world, lambda: task_pick_vague_units(task=world.task, units=[unit], role=Role.RESPONSIBLE,
                                                user=world.office))


def test_tasks_deadline_set_with_reporting_periods_moves_its_jurisdiction(world):
    scoped(world, lambda: tasks_deadline_set(tasks=[world.task], phrase="按季度", user=world.office, reason="调整"))
    assert AssignmentPeriod.objects.filter(assignment=world.assignment).exists()  # the bulk_create ran


def test_assignment_due_set_moves_its_jurisdiction(world):
    scoped(world, lambda: assignment_due_set(assignment=world.assignment, due_on=date(2021, 12, 31),
                                             user=world.office, reason="调整"))


def test_units_merge_moves_its_jurisdiction(world):
    source = factories.unit(jurisdiction=world.j, name="区发改局")
    target = factories.unit(jurisdiction=world.j, name="区发展和改革局")
    factories.assignment(task=world.task, unit=source)
    scoped(world, lambda: units_merge(source=source, target=target, user=world.office))


def test_registry_load_moves_its_jurisdiction(world):
    data = {"jurisdictions": [{"name": world.j.name, "units": [
        {"name": "区政府办公室"}, {"name": "区大数据局", "parent": "区政府办公室"}]}]}
    scoped(world, lambda: registry_load(data=data))
