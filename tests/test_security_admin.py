"""The Django admin belongs to the system's operators: every admin URL, as every other account.

The admin does not scope objects by jurisdiction, so nobody but an operator (an active superuser)
may open any of its pages or write through it — not office staff, not even an office account left
with ``is_staff`` and every model permission by an earlier release. The walk covers every URL
pattern the admin site has; a new registered model or admin view is walked without a change here.
"""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, reverse

from tasks.models import (
    AssignmentPeriod,
    CalendarDay,
    CalendarYear,
    ExtensionRequest,
    ImportDraft,
    Notification,
    NotificationSetting,
    ReminderLog,
    ReportingPeriod,
    Urge,
)
from tests import factories
from tests import factories_portal as fp
from units.models import CollectiveReference, Membership, UnitAlias

pytestmark = pytest.mark.django_db

NON_OPERATORS = ["liaison", "other_liaison", "office", "supervisor", "other_office", "legacy_staff"]


@pytest.fixture
def objects(world):
    """At least one row of every model the admin shows."""
    report = factories.report(assignment=world.assignment, author=world.liaison)
    period = ReportingPeriod.objects.create(task=world.task, index=0, label="第一季度", starts_on=date(2021, 1, 1),
                                            due_on=date(2021, 3, 31))
    AssignmentPeriod.objects.create(assignment=world.assignment, period=period)
    fp.attachment(report=report)
    ExtensionRequest.objects.create(assignment=world.assignment, requested_by=world.liaison,
                                    requested_due=date(2021, 9, 1), reason="x")
    Urge.objects.create(assignment=world.assignment, sent_by=world.office, message="请报送")
    CalendarYear.objects.create(year=2021, is_official=True)
    CalendarDay.objects.create(date=date(2021, 10, 1), is_working=False, name="国庆节")
    Notification.objects.create(recipient=world.liaison, title="通知", url="/")
    ReminderLog.objects.create(key="digest:1", recipient=world.liaison)
    NotificationSetting.objects.create(user=world.liaison)
    ImportDraft.objects.create(jurisdiction=world.j, created_by=world.office, filename="a.txt", content=b"{}")
    UnitAlias.objects.create(unit=world.unit, name="区财政")
    CollectiveReference.objects.create(jurisdiction=world.j, name="区直各部门")
    legacy = factories.user(username="legacy_staff", is_staff=True)
    legacy.user_permissions.set(Permission.objects.all())
    world.legacy_staff = legacy
    world.operator = factories.user(username="operator", is_staff=True, is_superuser=True)
    return world


def admin_urls() -> list[tuple[str, str, object]]:
    """(url name, url, model or None) for every pattern of the admin site, filled with a real pk."""
    urls = []

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                urls.append((pattern.name, set(pattern.pattern.regex.groupindex)))

    walk(admin.site.get_urls())
    filled = []
    registered = {f"{m._meta.app_label}_{m._meta.model_name}": m for m in apps.get_models()
                  if admin.site.is_registered(m)}
    for name, groups in urls:
        if name in ("login", "logout"):
            continue
        model = next((m for prefix, m in registered.items() if name.startswith(prefix + "_")), None)
        kwargs = {}
        if "content_type_id" in groups:
            kwargs = {"content_type_id": ContentType.objects.get_for_model(User).pk, "object_id": 1}
        elif "object_id" in groups:
            kwargs["object_id"] = model.objects.order_by("pk").values_list("pk", flat=True).first()
        if "id" in groups:
            kwargs["id"] = model.objects.order_by("pk").values_list("pk", flat=True).first()
        if "app_label" in groups:
            kwargs["app_label"] = "tasks"
        if name.endswith("_simple_history"):  # one version of an object: positional (pk, history id)
            history = model.history.order_by("history_id").first()
            if history is None:
                continue
            filled.append((name, reverse(f"admin:{name}", args=[history.id,
                                                                 history.history_id]), model))
            continue
        filled.append((name, reverse(f"admin:{name}", kwargs=kwargs), model))
    return filled


def test_the_walk_covers_every_registered_model():
    registered = [m for m in apps.get_models() if admin.site.is_registered(m)]
    assert len(registered) >= 25  # our models plus auth's
    patterns = {p.name for p in admin.site.get_urls() if isinstance(p, URLPattern)} | {
        p.name for r in admin.site.get_urls() if isinstance(r, URLResolver) for p in r.url_patterns
        if isinstance(p, URLPattern)
    }
    for model in registered:
        assert f"{model._meta.app_label}_{model._meta.model_name}_changelist" in patterns


@pytest.mark.parametrize("visitor", NON_OPERATORS)
def test_no_admin_page_opens_for_anyone_but_the_operator(client, objects, visitor):
    client.force_login(getattr(objects, visitor))
    login = reverse("admin:login")
    walked = admin_urls()
    assert len(walked) > 100
    leaks = [(name, url, r.status_code) for name, url, _m in walked
             if not ((r := client.get(url)).status_code == 302 and r.url.startswith(login))]
    assert not leaks


@pytest.mark.parametrize("visitor", NON_OPERATORS)
def test_no_admin_write_is_accepted_from_anyone_but_the_operator(client, objects, visitor):
    client.force_login(getattr(objects, visitor))
    office = User.objects.get(username="office")
    before = {
        "roles": list(office.jurisdiction_roles.values_list("jurisdiction_id", "role")),
        "urges": Urge.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
    }
    # Make oneself office staff of another jurisdiction, delete its urges, add a superuser.
    client.post(reverse("admin:units_jurisdictionrole_add"),
                {"user": objects.other_office.pk, "jurisdiction": objects.j.pk, "role": "office"})
    client.post(reverse("admin:tasks_urge_delete", args=[Urge.objects.first().pk]), {"post": "yes"})
    client.post(reverse("admin:auth_user_add"),
                {"username": "intruder", "password1": "x-Very-long-pw-1", "password2": "x-Very-long-pw-1"})
    client.post(reverse("admin:units_membership_add"), {"user": objects.other_office.pk, "unit": objects.unit.pk,
                                                        "role": "liaison"})
    assert list(office.jurisdiction_roles.values_list("jurisdiction_id", "role")) == before["roles"]
    assert not objects.other_office.jurisdiction_roles.filter(jurisdiction=objects.j).exists()
    assert Urge.objects.count() == before["urges"]
    assert User.objects.count() == before["users"]
    assert Membership.objects.count() == before["memberships"]


def test_the_operator_opens_every_admin_page(client, objects):
    client.force_login(objects.operator)
    statuses = {name: client.get(url).status_code for name, url, _m in admin_urls()}
    assert not [name for name, status in statuses.items() if status >= 500]
    assert statuses["index"] == statuses["tasks_document_changelist"] == statuses["units_unit_change"] == 200
    assert statuses["tasks_progressreport_add"] == 403  # written by the services only


def test_service_written_rows_are_read_only_for_the_operator_too(client, objects):
    """Reports, attachments, assignments and the calendar are written by the services only."""
    client.force_login(objects.operator)
    for model in ("progressreport", "attachment", "assignment", "calendarday", "calendaryear", "urge"):
        assert client.get(reverse(f"admin:tasks_{model}_add")).status_code == 403
    attachment = objects.assignment.reports.first().attachments.first()
    response = client.post(reverse("admin:tasks_attachment_change", args=[attachment.pk]),
                           {"original_name": "x.html", "is_public": "on"})
    assert response.status_code == 403
    attachment.refresh_from_db()
    assert attachment.original_name == "evidence.pdf"


def test_task_deadline_fields_are_read_only_in_the_admin(client, objects):
    client.force_login(objects.operator)
    page = client.get(reverse("admin:tasks_task_change", args=[objects.task.pk])).content.decode()
    assert 'name="deadline_phrase"' not in page and 'name="due_on"' not in page
    assert 'name="text"' in page


def test_menu_shows_the_administration_link_to_the_operator_only(client, objects):
    client.force_login(objects.office)
    assert reverse("admin:index") not in client.get(reverse("portal:document_list")).content.decode()
    client.force_login(objects.operator)
    assert reverse("admin:index") in client.get(reverse("portal:document_list")).content.decode()


def test_migration_takes_office_accounts_off_the_admin(db):
    migration = importlib.import_module("units.migrations.0002_office_staff_leave_admin")
    staff = factories.user(username="old_office", is_staff=True)
    group = Group.objects.create(name=migration.OFFICE_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label="tasks"))
    staff.groups.add(group)
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="units"))
    root = factories.user(username="root", is_staff=True, is_superuser=True)
    migration.leave_admin(apps, None)
    staff.refresh_from_db()
    root.refresh_from_db()
    assert not staff.is_staff and not staff.user_permissions.exists() and not staff.groups.exists()
    assert not Group.objects.filter(name=migration.OFFICE_GROUP).exists()
    assert root.is_staff and root.is_superuser
