"""The load test's liaison requests stay cheap: the assignment page and the report submit run a
fixed, small number of queries (each is a round trip on PostgreSQL), whatever the history, the
reports and the periods, and the submit still stores the report once, records its history and
notifies the office."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks.models import Assignment, Notification, ProgressReport
from tasks.services.reports import progress_report_review, progress_report_submit

pytestmark = pytest.mark.django_db

# session, user, the user's roles and units, the assignment (access), the task's periods; the
# report and its history row, the assignment's UPDATE, its fresh row and history row; the office
# staff with their email choice, their notifications; the transaction's BEGIN and COMMIT (SQLite
# and PostgreSQL alike). The chosen period is checked against the periods already read.
SUBMIT_QUERIES = 15
# session, user, roles, units, the assignment, its units, reports, their attachments, periods,
# extensions, urges, unread notifications (the history has its own page). Periods add the
# assignment's period states (the period choice lists the page's periods instead of reading them again).
PAGE_QUERIES = 12


def submit(client, assignment, **extra):
    return client.post(reverse("portal:report_submit", args=[assignment.pk]),
                       {"text": "已在政府网站公开", "percent": "60", "evidence_urls": "", **extra})


def busy(world):
    """A few reports (one accepted), so the page has history and reports to show."""
    a = world.assignment
    period = world.task.periods.first()
    first = progress_report_submit(assignment=a, user=world.liaison, text="一", percent=40, period=period)
    a.refresh_from_db()
    progress_report_review(report=first, user=world.office, accept=True, version=a.version)
    progress_report_submit(assignment=a, user=world.liaison, text="二", percent=50, period=period)


def test_submit_runs_a_fixed_number_of_queries(world, client, django_assert_max_num_queries,
                                               django_capture_on_commit_callbacks):
    world.office.email = "office@example.gov.cn"
    world.office.save()
    busy(world)
    client.force_login(world.liaison)
    client.get(world.assignment.get_absolute_url())  # warm (content types, session)
    mail.outbox.clear()
    with django_assert_max_num_queries(SUBMIT_QUERIES), django_capture_on_commit_callbacks(execute=True):
        response = submit(client, world.assignment)
    assert response.status_code == 302
    report = ProgressReport.objects.get(text="已在政府网站公开")
    assert report.author == world.liaison and report.percent == 60
    assert ProgressReport.history.filter(id=report.pk, history_type="+").count() == 1
    assignment = Assignment.objects.get(pk=world.assignment.pk)
    assert assignment.status == "submitted"
    assert Assignment.history.filter(id=assignment.pk, version=assignment.version).count() == 1
    assert Notification.objects.filter(recipient=world.office, kind="report_submitted").count() == 3
    assert [m.to for m in mail.outbox] == [["office@example.gov.cn"]]


def test_submit_for_a_period_runs_no_more_queries(world, client, django_assert_max_num_queries):
    period = world.task.periods.create(index=0, label="一季度", starts_on=date(2021, 1, 1), due_on=date(2021, 3, 31))
    client.force_login(world.liaison)
    client.get(world.assignment.get_absolute_url())
    with django_assert_max_num_queries(SUBMIT_QUERIES):
        response = submit(client, world.assignment, period=str(period.pk))
    assert response.status_code == 302
    assert ProgressReport.objects.get().period == period


def test_submit_still_refuses_a_percent_out_of_range(world, client):
    client.force_login(world.liaison)
    response = submit(client, world.assignment, percent="120")
    assert response.status_code == 400 and not ProgressReport.objects.exists()
    with pytest.raises(ValidationError, match="report_percent_0_100"):
        progress_report_submit(assignment=world.assignment, user=world.liaison, text="x", percent=120)
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("with_periods", [False, True])
def test_assignment_page_runs_a_fixed_number_of_queries(world, client, django_assert_max_num_queries,
                                                         with_periods):
    if with_periods:
        world.task.periods.create(index=0, label="一季度", starts_on=date(2021, 1, 1), due_on=date(2021, 3, 31))
    busy(world)
    client.force_login(world.liaison)
    url = world.assignment.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    assert len(small.captured_queries) <= PAGE_QUERIES + (1 if with_periods else 0)
    for _i in range(5):
        busy(world)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('class="card mb-2 report ') == 12 and 'id="history"' in html


def test_period_choice_lists_checks_and_refuses_as_before(world, client):
    """The period choice from the page's own list: same options in order, the current one chosen;
    a period of another task or no number at all is refused as "not one of the choices"."""
    second = world.task.periods.create(index=1, label="二季度", starts_on=date(2031, 4, 1), due_on=date(2031, 6, 30))
    first = world.task.periods.create(index=0, label="一季度", starts_on=date(2031, 1, 1), due_on=date(2031, 3, 31))
    other_task = world.other_assignment.task.document.tasks.create(number="2", text="另一项", order=2)
    foreign = other_task.periods.create(index=0, label="外", starts_on=date(2031, 1, 1), due_on=date(2031, 3, 31))
    client.force_login(world.liaison)
    html = client.get(world.assignment.get_absolute_url()).content.decode()
    select = html.split('name="period"')[1].split("</select>")[0]
    assert select.index(f'value="{first.pk}"') < select.index(f'value="{second.pk}"')
    assert f'value="{first.pk}" selected' in select and str(foreign.pk) + '"' not in select.replace(
        f'value="{first.pk}"', "").replace(f'value="{second.pk}"', "")
    for bad in (str(foreign.pk), "x", "99999", " "):
        response = submit(client, world.assignment, period=bad)
        assert response.status_code == 400, bad
    assert not ProgressReport.objects.exists()
    assert submit(client, world.assignment, period=f" {second.pk}").status_code == 302
    assert ProgressReport.objects.get().period == second
