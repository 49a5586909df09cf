"""The portal's deadline and batch pages: forms on the task and assignment pages, the ledger's and
the document page's selections, the review queue's bulk action, the document filters, the menu count."""

from datetime import date

import pytest
from django.urls import reverse

from tasks.bounds import MAX_BATCH_URGES
from tasks.models import Assignment, ProgressReport, Task, Urge
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_office_sets_a_tasks_deadline_on_its_page(world, client):
    client.force_login(world.office)
    page = client.get(reverse("portal:task_detail", args=[world.task.pk]))
    assert b'data-testid="deadline-form"' in page.content
    response = client.post(reverse("portal:task_deadline", args=[world.task.pk]),
                           {"phrase": "9月底前", "reason": "更正期限"}, follow=True)
    assert b"The deadline was changed." in response.content
    world.task.refresh_from_db()
    assert world.task.due_on == date(2021, 9, 30)
    history = client.get(reverse("portal:task_history", args=[world.task.pk])).content.decode()
    assert "更正期限" in history  # the history shows the reason


def test_a_date_on_the_task_page_replaces_the_phrase(world, client):
    client.force_login(world.office)
    client.post(reverse("portal:task_deadline", args=[world.task.pk]),
                {"phrase": "年底前", "due_on": "2021-08-16", "reason": "r"})
    world.task.refresh_from_db()
    assert world.task.due_on == date(2021, 8, 16)


def test_supervisor_sees_no_deadline_form(world, client):
    client.force_login(world.supervisor)
    page = client.get(reverse("portal:task_detail", args=[world.task.pk]))
    assert b'data-testid="deadline-form"' not in page.content


def test_office_gives_one_unit_its_own_date(world, client):
    client.force_login(world.office)
    url = reverse("portal:assignment_detail", args=[world.assignment.pk])
    assert b'data-testid="own-due-form"' in client.get(url).content
    client.post(reverse("portal:assignment_due", args=[world.assignment.pk]),
                {"due_on": "2021-12-01", "reason": "单位申请", "version": world.assignment.version})
    world.assignment.refresh_from_db()
    assert (world.assignment.due_on, world.assignment.due_override) == (date(2021, 12, 1),) * 2


def test_ledger_rows_are_selectable_for_office_only(world, client):
    client.force_login(world.office)
    page = client.get(reverse("portal:assignment_list")).content.decode()
    assert f'name="assignments" value="{world.assignment.pk}"' in page
    assert 'data-select-all="assignments"' in page
    client.force_login(world.supervisor)
    assert 'name="assignments"' not in client.get(reverse("portal:assignment_list")).content.decode()


def test_batch_urge_from_the_ledger(world, client):
    client.force_login(world.office)
    response = client.post(reverse("portal:assignments_urge"), {
        "assignments": [world.assignment.pk, world.other_assignment.pk, world.assignment.pk],
        "message": "请报送", "next": reverse("portal:assignment_list") + "?light=red",
    })
    assert response.url.endswith("?light=red")
    assert Urge.objects.count() == 2


def test_batch_urge_with_too_many_rows_is_refused_and_sends_nothing(world, client):
    client.force_login(world.office)
    response = client.post(reverse("portal:assignments_urge"), {
        "assignments": list(range(1, MAX_BATCH_URGES + 2)), "message": "请报送",
    }, follow=True)
    assert str(MAX_BATCH_URGES).encode() in response.content
    assert not Urge.objects.exists()


def test_batch_urge_on_another_jurisdictions_rows_is_404(world, client):
    client.force_login(world.office)
    response = client.post(reverse("portal:assignments_urge"), {
        "assignments": [world.assignment.pk, world.foreign_assignment.pk], "message": "请报送"})
    assert response.status_code == 404
    assert not Urge.objects.exists()


def test_ledger_set_deadline_changes_the_tasks_of_the_chosen_rows(world, client):
    other = factories.task(document=world.document, number="2")
    other_row = factories.assignment(task=other, unit=world.unit)
    untouched = factories.task(document=world.document, number="3")
    client.force_login(world.office)
    client.post(reverse("portal:tasks_deadline"), {
        "assignments": [world.assignment.pk, other_row.pk], "phrase": "10月底前", "reason": "统一期限"})
    assert set(Task.objects.filter(due_on=date(2021, 10, 31)).values_list("pk", flat=True)) == {world.task.pk,
                                                                                               other.pk}
    untouched.refresh_from_db()
    assert untouched.due_on is None


def test_document_page_sets_one_deadline_on_the_ticked_tasks(world, client):
    other = factories.task(document=world.document, number="2")
    client.force_login(world.office)
    page = client.get(reverse("portal:document_detail", args=[world.document.pk])).content.decode()
    assert f'name="tasks" value="{other.pk}"' in page
    response = client.post(reverse("portal:tasks_deadline"), {
        "tasks": [world.task.pk, other.pk], "due_on": "2021-11-15", "reason": "补充",
        "next": reverse("portal:document_detail", args=[world.document.pk])}, follow=True)
    assert b"The deadline of 2 tasks was changed." in response.content
    assert Task.objects.filter(due_on=date(2021, 11, 15)).count() == 2


def test_review_queue_bulk_accept_and_menu_count(world, client):
    reports = [factories.report(assignment=a, author=world.liaison) for a in (world.assignment,
                                                                               world.other_assignment)]
    client.force_login(world.office)
    page = client.get(reverse("portal:review_queue")).content.decode()
    assert 'data-testid="review-waiting"' in page and ">2</span>" in page
    assert 'form="bulk-review"' in page
    response = client.post(reverse("portal:reports_review"), {
        "reports": [r.pk for r in reports], "decision": "accept", "note": ""}, follow=True)
    assert b"2 reports accepted." in response.content
    assert set(ProgressReport.objects.values_list("state", flat=True)) == {ProgressReport.State.ACCEPTED}
    assert b'data-testid="review-waiting"' not in response.content


def test_bulk_return_without_a_comment_changes_nothing(world, client):
    report = factories.report(assignment=world.assignment, author=world.liaison)
    client.force_login(world.office)
    response = client.post(reverse("portal:reports_review"), {"reports": [report.pk], "decision": "return"},
                           follow=True)
    assert b"Say what is missing" in response.content
    report.refresh_from_db()
    assert report.state == ProgressReport.State.SUBMITTED


def test_document_list_filters_by_text_year_and_published(world, client):
    factories.document(jurisdiction=world.j, title="2019年薛城区政务公开工作要点", issued_on=date(2019, 10, 1),
                      is_published=True)
    client.force_login(world.office)
    url = reverse("portal:document_list")
    assert "2019年薛城区" in client.get(url + "?q=2019年").content.decode()
    assert "2019年薛城区" not in client.get(url + "?q=临港").content.decode()
    assert "2019年薛城区" in client.get(url + "?year=2019&published=yes").content.decode()
    assert "2019年薛城区" not in client.get(url + "?published=no").content.decode()
    too_long = client.get(url + "?q=" + "x" * 101)
    assert too_long.status_code == 200
    assert b"100" in too_long.content


def test_liaison_has_no_batch_controls(world, client):
    client.force_login(world.liaison)
    assert b'name="tasks"' not in client.get(reverse("portal:document_detail", args=[world.document.pk])).content
    assert Assignment.objects.count() == 3
