"""Every URL of the portal, calendar, registry and importing namespaces, for every kind of visitor: the
status each one gets.

The tables below must have a row for every pattern the resolver knows under ``portal:`` and
``calendar:``; a new URL without a row fails ``test_every_portal_url_has_a_row`` /
``test_every_calendar_url_has_a_row``. Each request runs inside a
transaction that is rolled back, so a successful write by one visitor does not change what the
next one sees.
"""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from tasks.models import CalendarDay, ExtensionRequest, ProgressReport
from tests import factories
from tests import factories_portal as fp

pytestmark = pytest.mark.django_db

VISITORS = ["anonymous", "liaison", "other_liaison", "office", "supervisor", "other_office"]
LOGIN = "login"  # 302 to the login page

# name: (target object, {visitor: GET status}, {visitor: POST status} or None for read-only pages)
# Columns follow VISITORS: anonymous, liaison of the unit, liaison of another unit, office staff,
# supervisor, office staff of another jurisdiction.
READ = {
    "home": ("none", [LOGIN, 200, 200, 302, 302, 302]),
    "review_queue": ("none", [LOGIN, 404, 404, 200, 200, 200]),
    "document_list": ("none", [LOGIN, 200, 200, 200, 200, 200]),
    "document_detail": ("document", [LOGIN, 200, 200, 200, 200, 404]),
    "task_detail": ("task", [LOGIN, 200, 200, 200, 200, 404]),
    "task_history": ("task", [LOGIN, 200, 200, 200, 200, 404]),
    "assignment_list": ("none", [LOGIN, 200, 200, 200, 200, 200]),
    "assignment_detail": ("assignment", [LOGIN, 200, 404, 200, 200, 404]),
    "assignment_history": ("assignment", [LOGIN, 200, 404, 200, 200, 404]),
    "assignment_print": ("none", [LOGIN, 200, 200, 200, 200, 200]),
    "attachment_download": ("attachment", [LOGIN, 200, 404, 200, 200, 404]),
    "attachment_view": ("attachment", [LOGIN, 200, 404, 200, 200, 404]),
    "unit_detail": ("unit", [LOGIN, 200, 404, 200, 200, 404]),
    "overview": ("none", [LOGIN, 404, 404, 200, 200, 200]),
    "jurisdiction_overview": ("jurisdiction", [LOGIN, 404, 404, 200, 200, 404]),
}
POST_ONLY_GET = [LOGIN, 405, 405, 405, 405, 405]
WRITE = {
    "document_publish": ("document", [LOGIN, 403, 403, 302, 403, 404]),
    "task_assign": ("task", [LOGIN, 403, 403, 302, 403, 404]),
    "task_pick_units": ("task", [LOGIN, 403, 403, 302, 403, 404]),
    "report_submit": ("assignment", [LOGIN, 302, 404, 302, 403, 404]),
    "assignment_acknowledge": ("assignment", [LOGIN, 302, 404, 403, 403, 404]),
    "extension_request": ("assignment", [LOGIN, 302, 404, 403, 403, 404]),
    "assignment_urge": ("assignment", [LOGIN, 403, 404, 302, 403, 404]),
    "assignment_event_date": ("assignment", [LOGIN, 302, 404, 302, 403, 404]),
    "assignment_role": ("assignment", [LOGIN, 403, 404, 302, 403, 404]),
    "assignment_remove": ("assignment", [LOGIN, 403, 404, 302, 403, 404]),
    "report_review": ("report", [LOGIN, 403, 404, 302, 403, 404]),
    "extension_decide": ("extension", [LOGIN, 403, 404, 302, 403, 404]),
    "task_deadline": ("task", [LOGIN, 403, 403, 302, 403, 404]),
    "assignment_due": ("assignment", [LOGIN, 403, 404, 302, 403, 404]),
    # Batch actions name their rows in the body: liaisons get 404 as on the review queue,
    # supervisors 403, office staff of another jurisdiction 404 (the rows are not theirs).
    "tasks_deadline": ("none", [LOGIN, 404, 404, 302, 403, 404]),
    "assignments_urge": ("none", [LOGIN, 404, 404, 302, 403, 404]),
    "reports_review": ("none", [LOGIN, 404, 404, 302, 403, 404]),
}


# The calendar: office staff read it; the national days, years and sync are the operator's (a
# superuser: office staff get 403, everybody else 404 as on any office page); a jurisdiction's
# local days are its office staff's (its supervisor 403, outsiders 404, as any jurisdiction write).
CALENDAR_VISITORS = [*VISITORS, "operator"]
CALENDAR_READ = {
    "index": ("none", [LOGIN, 404, 404, 200, 404, 200, 200]),
}
CALENDAR_POST_ONLY_GET = [LOGIN, 405, 405, 405, 405, 405, 405]
CALENDAR_WRITE = {
    "day_save": ("none", [LOGIN, 404, 404, 403, 404, 403, 302]),
    "year_save": ("none", [LOGIN, 404, 404, 403, 404, 403, 302]),
    "sync": ("none", [LOGIN, 404, 404, 403, 404, 403, 302]),
    "local_day_save": ("jurisdiction", [LOGIN, 404, 404, 302, 403, 404, 302]),
    "local_day_remove": ("jurisdiction", [LOGIN, 404, 404, 302, 403, 404, 302]),
}


def url_names(namespace) -> set[str]:
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == namespace:
            return {p.name for p in pattern.url_patterns}
    raise AssertionError(f"no {namespace} namespace")


def portal_url_names() -> set[str]:
    return url_names("portal")


def test_every_portal_url_has_a_row():
    assert portal_url_names() == set(READ) | set(WRITE)


def test_every_calendar_url_has_a_row():
    assert url_names("calendar") == set(CALENDAR_READ) | set(CALENDAR_WRITE)


@pytest.fixture
def objects(world):
    report = factories.report(assignment=world.assignment, author=world.liaison)
    new_unit = factories.unit(jurisdiction=world.j, name="区教体局")
    return {
        "none": None,
        "document": world.document,
        "task": world.task,
        "assignment": world.assignment,
        "unit": world.unit,
        "jurisdiction": world.j,
        "report": report,
        "attachment": fp.attachment(report=report),
        "extension": ExtensionRequest.objects.create(
            assignment=world.assignment, requested_by=world.liaison, requested_due=timezone.localdate(),
            reason="x", state=ExtensionRequest.State.PENDING,
        ),
        "new_unit": new_unit,
    }


def post_data(name, objects, world):
    later = (timezone.localdate() + timedelta(days=60)).isoformat()
    return {
        "document_publish": {"published": "on"},
        "task_assign": {"unit": objects["new_unit"].pk, "role": "responsible"},
        "task_pick_units": {"units": [objects["new_unit"].pk], "role": "responsible"},
        "report_submit": {"text": "进展", "percent": "50", "evidence_urls": ""},
        "assignment_acknowledge": {},
        "extension_request": {"requested_due": later, "reason": "需要时间"},
        "assignment_urge": {"message": "请报送"},
        "assignment_event_date": {"event_on": "2021-09-30"},
        "assignment_role": {"role": "lead", "version": world.assignment.version},
        "assignment_remove": {},
        "report_review": {"decision": "accept", "note": "", "version": world.assignment.version},
        "extension_decide": {"decision": "refuse", "note": "不同意", "version": world.assignment.version},
        "task_deadline": {"phrase": "6月底前", "reason": "更正"},
        "assignment_due": {"due_on": later, "reason": "单独安排", "version": world.assignment.version},
        "tasks_deadline": {"tasks": [world.task.pk], "phrase": "6月底前", "reason": "更正"},
        "assignments_urge": {"assignments": [world.assignment.pk], "message": "请报送"},
        "reports_review": {"reports": [objects["report"].pk], "decision": "accept", "note": ""},
    }[name]


def request_as(client, world, visitor, method, url, data=None):
    client.logout()
    if visitor != "anonymous":
        client.force_login(getattr(world, visitor))
    with transaction.atomic():
        response = client.post(url, data or {}) if method == "POST" else client.get(url)
        transaction.set_rollback(True)
    return response


def check(response, expected) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and response.url.startswith(reverse("login"))
    return response.status_code == expected


def url_for(name, target, objects, namespace="portal"):
    obj = objects[target]
    return reverse(f"{namespace}:{name}", args=[obj.pk]) if obj is not None else reverse(f"{namespace}:{name}")


@pytest.mark.parametrize("name", sorted(READ))
def test_read_page(world, client, objects, name):
    target, expected = READ[name]
    url = url_for(name, target, objects)
    wrong = [
        (visitor, want, response.status_code)
        for visitor, want in zip(VISITORS, expected, strict=True)
        for response in [request_as(client, world, visitor, "GET", url)]
        if not check(response, want)
    ]
    assert not wrong, f"{url}: (visitor, expected, got) {wrong}"


@pytest.mark.parametrize("name", sorted(WRITE))
def test_write_endpoint(world, client, objects, name):
    target, expected = WRITE[name]
    url = url_for(name, target, objects)
    # The extension request needs no pending request; the decision needs one.
    if name == "extension_request":
        ExtensionRequest.objects.all().delete()
    wrong = []
    for visitor, want_get, want_post in zip(VISITORS, POST_ONLY_GET, expected, strict=True):
        got = request_as(client, world, visitor, "GET", url)
        if not check(got, want_get):
            wrong.append((visitor, "GET", want_get, got.status_code))
        got = request_as(client, world, visitor, "POST", url, post_data(name, objects, world))
        if not check(got, want_post):
            wrong.append((visitor, "POST", want_post, got.status_code))
    assert not wrong, f"{url}: (visitor, method, expected, got) {wrong}"


def test_successful_writes_really_change_something(world, client, objects):
    """Guard for the table: a 302 from report_submit by the liaison is a saved report."""
    client.force_login(world.liaison)
    client.post(reverse("portal:report_submit", args=[world.assignment.pk]), post_data("report_submit", objects, world))
    assert ProgressReport.objects.filter(assignment=world.assignment).count() == 2


def calendar_post_data(name):
    return {
        "day_save": {"day": "2023-08-01", "is_working": "0", "name": "测试"},
        "year_save": {"year": "2023", "is_official": "on"},
        "sync": {},
        "local_day_save": {"day": "2023-08-02", "is_working": "0", "name": "地方假日"},
        "local_day_remove": {"day": "2023-08-03"},
    }[name]


@pytest.fixture
def calendar_world(world, operator, objects):
    world.operator = operator
    # the local day that local_day_remove removes
    CalendarDay.objects.create(jurisdiction=world.j, date=date(2023, 8, 3), is_working=False)
    return world


@pytest.mark.parametrize("name", sorted(CALENDAR_READ))
def test_calendar_read_page(calendar_world, client, objects, name):
    target, expected = CALENDAR_READ[name]
    url = url_for(name, target, objects, "calendar")
    wrong = [
        (visitor, want, response.status_code)
        for visitor, want in zip(CALENDAR_VISITORS, expected, strict=True)
        for response in [request_as(client, calendar_world, visitor, "GET", url)]
        if not check(response, want)
    ]
    assert not wrong, f"{url}: (visitor, expected, got) {wrong}"


@pytest.mark.parametrize("name", sorted(CALENDAR_WRITE))
def test_calendar_write_endpoint(calendar_world, client, objects, name):
    target, expected = CALENDAR_WRITE[name]
    url = url_for(name, target, objects, "calendar")
    wrong = []
    for visitor, want_get, want_post in zip(CALENDAR_VISITORS, CALENDAR_POST_ONLY_GET, expected, strict=True):
        got = request_as(client, calendar_world, visitor, "GET", url)
        if not check(got, want_get):
            wrong.append((visitor, "GET", want_get, got.status_code))
        got = request_as(client, calendar_world, visitor, "POST", url, calendar_post_data(name))
        if not check(got, want_post):
            wrong.append((visitor, "POST", want_post, got.status_code))
    assert not wrong, f"{url}: (visitor, method, expected, got) {wrong}"


# The unit registry (namespace ``registry``): its jurisdiction's office staff change it, its
# supervisors read the lists (403 on every form page and write), everybody else gets 404 — a unit's
# own liaison included: the registry is not the unit's page. Rows: (target, GET, POST); a POST of
# None means the page is read-only (POST answers 405), a GET of POST_ONLY_GET a write-only route.
REGISTRY = {
    "index": ("none", [LOGIN, 404, 404, 302, 302, 302], None),  # one jurisdiction each: to its list
    "unit_list": ("jurisdiction", [LOGIN, 404, 404, 200, 200, 404], None),
    "collective_list": ("jurisdiction", [LOGIN, 404, 404, 200, 200, 404], None),
    "unit_create": ("jurisdiction", [LOGIN, 404, 404, 200, 403, 404], [LOGIN, 404, 404, 302, 403, 404]),
    "unit_edit": ("unit", [LOGIN, 404, 404, 200, 403, 404], [LOGIN, 404, 404, 302, 403, 404]),
    "unit_merge": ("unit", [LOGIN, 404, 404, 200, 403, 404], [LOGIN, 404, 404, 302, 403, 404]),
    "collective_create": ("jurisdiction", [LOGIN, 404, 404, 200, 403, 404], [LOGIN, 404, 404, 302, 403, 404]),
    "collective_edit": ("collective", [LOGIN, 404, 404, 200, 403, 404], [LOGIN, 404, 404, 302, 403, 404]),
    "alias_add": ("unit", POST_ONLY_GET, [LOGIN, 404, 404, 302, 403, 404]),
    "alias_remove": ("alias", POST_ONLY_GET, [LOGIN, 404, 404, 302, 403, 404]),
    "unit_set_active": ("unit", POST_ONLY_GET, [LOGIN, 404, 404, 302, 403, 404]),
    # liaison accounts: office staff of the jurisdiction only (the supervisor 403 even on the page:
    # it resets passwords); a sheet with nothing issued in this session sends back to the page
    "accounts": ("jurisdiction", [LOGIN, 404, 404, 200, 403, 404], None),
    "accounts_generate": ("jurisdiction", POST_ONLY_GET, [LOGIN, 404, 404, 302, 403, 404]),
    "accounts_upload": ("jurisdiction", POST_ONLY_GET, [LOGIN, 404, 404, 302, 403, 404]),
    "accounts_sheet_xlsx": ("jurisdiction", [LOGIN, 404, 404, 302, 403, 404], None),
    "accounts_sheet_pdf": ("jurisdiction", [LOGIN, 404, 404, 302, 403, 404], None),
    "account_reset": ("membership", POST_ONLY_GET, [LOGIN, 404, 404, 302, 403, 404]),
    # the first-run pages are the operator's (tests/test_onboarding_pages.py): office staff 403,
    # everybody else 404, as the national calendar
    "first_run": ("none", [LOGIN, 404, 404, 403, 404, 403], [LOGIN, 404, 404, 403, 404, 403]),
    "first_run_done": ("jurisdiction", [LOGIN, 404, 404, 403, 404, 403], None),
}


def test_every_registry_url_has_a_row():
    assert url_names("registry") == set(REGISTRY)


@pytest.fixture
def registry_objects(world, objects):
    from units.models import CollectiveReference, UnitAlias

    collective = CollectiveReference.objects.create(jurisdiction=world.j, name="区直各部门", rule="all_departments")
    from units.models import Membership

    return {**objects, "alias": UnitAlias.objects.create(unit=world.unit, name="财政局"), "collective": collective,
            "membership": Membership.objects.get(user=world.liaison, unit=world.unit)}


def registry_post_data(name, objects, world):
    unit = {"name": "区财政局", "short_name": "财政局", "kind": "department", "parent": "", "order": "1",
            "active": "on"}
    return {
        "unit_create": {**unit, "name": "区审计局"},
        "unit_edit": unit,
        "unit_merge": {"target": world.other_unit.pk},
        "collective_create": {"name": "各镇街", "rule": "all_towns", "aliases": ""},
        "collective_edit": {"name": "区直各部门", "rule": "members", "members": [world.unit.pk], "aliases": ""},
        "alias_add": {"name": "区财政"},
        "alias_remove": {},
        "unit_set_active": {"active": "0"},
    }.get(name, {})


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_registry_endpoint(world, client, registry_objects, name):
    target, want_gets, want_posts = REGISTRY[name]
    url = url_for(name, target, registry_objects, "registry")
    want_posts = want_posts or POST_ONLY_GET  # a read-only page answers a POST with 405
    wrong = []
    for visitor, want_get, want_post in zip(VISITORS, want_gets, want_posts, strict=True):
        got = request_as(client, world, visitor, "GET", url)
        if not check(got, want_get):
            wrong.append((visitor, "GET", want_get, got.status_code))
        got = request_as(client, world, visitor, "POST", url, registry_post_data(name, registry_objects, world))
        if not check(got, want_post):
            wrong.append((visitor, "POST", want_post, got.status_code))
    assert not wrong, f"{url}: (visitor, method, expected, got) {wrong}"


def test_successful_registry_writes_really_change_something(world, client, registry_objects):
    """Guard for the registry table: the 302s are saved changes, not refusals sent back."""
    client.force_login(world.office)
    client.post(reverse("registry:unit_create", args=[world.j.pk]), registry_post_data("unit_create", {}, world))
    assert world.j.units.filter(name="区审计局").exists()
    client.post(reverse("registry:unit_merge", args=[world.unit.pk]), registry_post_data("unit_merge", {}, world))
    assert world.other_unit.aliases.filter(name="区财政局").exists()
    assert not world.j.units.get(pk=world.unit.pk).active


def test_successful_account_writes_really_change_something(world, client, registry_objects):
    """Guard for the accounts rows: the 302s made an account and a new password."""
    client.force_login(world.office)
    client.post(reverse("registry:accounts_generate", args=[world.j.pk]))
    assert world.other_unit.memberships.exists() is True  # it had a liaison already: unchanged
    new_unit = registry_objects["new_unit"]
    factories.assignment(task=world.task, unit=new_unit)
    client.post(reverse("registry:accounts_generate", args=[world.j.pk]))
    assert new_unit.memberships.filter(role="liaison").count() == 1
    before = world.liaison.password
    client.post(reverse("registry:account_reset", args=[registry_objects["membership"].pk]))
    world.liaison.refresh_from_db()
    assert world.liaison.password != before


def test_successful_calendar_writes_really_change_something(calendar_world, client):
    """Guard for the calendar table: the 302s are saved rows, each in its own calendar."""
    client.force_login(calendar_world.office)
    client.post(reverse("calendar:local_day_save", args=[calendar_world.j.pk]), calendar_post_data("local_day_save"))
    assert CalendarDay.objects.get(date="2023-08-02").jurisdiction == calendar_world.j
    client.force_login(calendar_world.operator)
    client.post(reverse("calendar:day_save"), calendar_post_data("day_save"))
    assert CalendarDay.objects.get(date="2023-08-01").jurisdiction is None


# The web import (namespace ``importing``): office staff upload; a draft is its uploader's alone
# (404 to everybody else, other office staff of the jurisdiction included); liaisons and supervisors
# get 404 as on every office page. Rows: (target, GET, POST); POST_ONLY_GET for a write-only route.
IMPORTING = {
    "upload": ("none", [LOGIN, 404, 404, 200, 404, 200], [LOGIN, 404, 404, 200, 404, 200]),
    # an empty POST reaches the form and is refused there (400): access granted, nothing imported
    "preview": ("draft", [LOGIN, 404, 404, 200, 404, 404], [LOGIN, 404, 404, 400, 404, 404]),
    "columns": ("columns_draft", [LOGIN, 404, 404, 200, 404, 404], [LOGIN, 404, 404, 302, 404, 404]),
    "discard": ("draft", POST_ONLY_GET, [LOGIN, 404, 404, 302, 404, 404]),
    # the preview's "create all units": the uploader's draft of a real seed
    "units_create": ("seed_draft", POST_ONLY_GET, [LOGIN, 404, 404, 302, 404, 404]),
    # the JSON a large upload's page polls while a worker reads it: a read (POST 405)
    "draft_status": ("parsing_draft", [LOGIN, 404, 404, 200, 404, 404], [LOGIN, 405, 405, 405, 405, 405]),
}


def test_every_importing_url_has_a_row():
    assert url_names("importing") == set(IMPORTING)


@pytest.fixture
def importing_objects(world, objects):
    from tasks.models import ImportDraft
    from tasks.services.import_drafts import import_draft_create
    from tests.factories_importing import seed_bytes, synthetic_preview
    from tests.test_importing_columns import UNKNOWN_HEADER_TABLE

    draft = ImportDraft.objects.create(
        created_by=world.office, jurisdiction=world.j, filename="x.txt", content=b"x",
        parsed=synthetic_preview(jurisdiction=world.j, unit_ids=[world.unit.pk], tasks=1))
    columns_draft = import_draft_create(user=world.office, jurisdiction=world.j, filename="表.txt",
                                        data=UNKNOWN_HEADER_TABLE)
    seed_draft = import_draft_create(user=world.office, jurisdiction=world.j, filename="薛城区.txt",
                                     data=seed_bytes("000"))
    parsing_draft = ImportDraft.objects.create(
        created_by=world.office, jurisdiction=world.j, filename="大.docx", content=b"x",
        parsed={"state": "parsing", "stage": "queued", "filename": "大.docx", "jurisdiction": world.j.name,
                "jurisdiction_id": world.j.pk})
    return {**objects, "draft": draft, "columns_draft": columns_draft, "seed_draft": seed_draft,
            "parsing_draft": parsing_draft}


def importing_post_data(name):
    return {"columns": {"col-0": "number", "col-1": "task", "col-2": "units", "col-3": "deadline"}}.get(name, {})


@pytest.mark.parametrize("name", sorted(IMPORTING))
def test_importing_endpoint(world, client, importing_objects, name):
    target, want_gets, want_posts = IMPORTING[name]
    url = url_for(name, target, importing_objects, "importing")
    wrong = []
    for visitor, want_get, want_post in zip(VISITORS, want_gets, want_posts, strict=True):
        got = request_as(client, world, visitor, "GET", url)
        if not check(got, want_get):
            wrong.append((visitor, "GET", want_get, got.status_code))
        got = request_as(client, world, visitor, "POST", url, importing_post_data(name))
        if not check(got, want_post):
            wrong.append((visitor, "POST", want_post, got.status_code))
    assert not wrong, f"{url}: (visitor, method, expected, got) {wrong}"


def test_a_parsing_draft_is_not_the_operators(world, client, importing_objects, operator):
    """The admin (a superuser, not the uploader) gets 404 on a draft being read, as everybody else."""
    world.operator = operator
    draft = importing_objects["parsing_draft"]
    for name in ("draft_status", "preview"):
        url = reverse(f"importing:{name}", args=[draft.pk])
        assert request_as(client, world, "operator", "GET", url).status_code == 404
        assert request_as(client, world, "office", "GET", url).status_code == 200


def test_successful_importing_writes_really_change_something(world, client, importing_objects):
    """Guard for the importing table: the 302 from the columns page is a draft read with the mapping."""
    from tasks.models import ImportDraft

    client.force_login(world.office)
    draft = importing_objects["columns_draft"]
    response = client.post(reverse("importing:columns", args=[draft.pk]), importing_post_data("columns"))
    assert response.url == reverse("importing:preview", args=[draft.pk])
    assert ImportDraft.objects.get(pk=draft.pk).parsed["column_map"]["1"] == "task"


# Exports (namespace ``exports``): readers export what they read (outsiders 404); a PDF always runs in
# the background (302 to its progress page); a background job is its asker's alone (here the office
# staff's): 404 to everybody else, the operator included. Every route is a read (POST 405).
EXPORT_VISITORS = [*VISITORS, "operator"]
EXPORTS = {
    "list_ledger": ("none", [LOGIN, 200, 200, 200, 200, 200, 200]),
    "document_ledger": ("document", [LOGIN, 200, 200, 200, 200, 404, 200]),
    "document_report": ("document", [LOGIN, 302, 302, 302, 302, 404, 302]),
    "unit_ledger": ("unit", [LOGIN, 200, 404, 200, 200, 404, 200]),
    "overview": ("none", [LOGIN, 404, 404, 302, 302, 302, 302]),
    "jobs": ("none", [LOGIN, 200, 200, 200, 200, 200, 200]),
    "job": ("job", [LOGIN, 404, 404, 200, 404, 404, 404]),
    "job_status": ("job", [LOGIN, 404, 404, 200, 404, 404, 404]),
    "job_download": ("job", [LOGIN, 404, 404, 200, 404, 404, 404]),
}


def test_every_exports_url_has_a_row():
    assert url_names("exports") == set(EXPORTS)


@pytest.fixture
def export_objects(world, operator, objects):
    from tasks.exports.sources import ExportSpec, build_exporter
    from tasks.services.export_jobs import export_job_start
    from tests.jobs_worker import clear_queue, run_worker

    world.operator = operator
    clear_queue()
    spec = ExportSpec(source="document_report", export_format="pdf", pk=world.document.pk)
    job = export_job_start(user=world.office, spec=spec, exporter=build_exporter(world.office, spec))
    run_worker()
    return {**objects, "job": job}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_exports_endpoint(world, client, export_objects, name):
    target, expected = EXPORTS[name]
    url = url_for(name, target, export_objects, "exports")
    wrong = []
    for visitor, want in zip(EXPORT_VISITORS, expected, strict=True):
        got = request_as(client, world, visitor, "GET", url)
        if not check(got, want):
            wrong.append((visitor, "GET", want, got.status_code))
        if getattr(got, "streaming", False):
            b"".join(got.streaming_content)  # read the file: the response closes it
        got = request_as(client, world, visitor, "POST", url)
        if got.status_code != 405:
            wrong.append((visitor, "POST", 405, got.status_code))
    assert not wrong, f"{url}: (visitor, method, expected, got) {wrong}"
