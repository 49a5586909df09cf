"""Every list and dashboard runs the same number of queries for 10 rows as for 500, and asks the
database for at most one COUNT(*) per table. Measured on the cold path (tasks.caching: the data
version moved on just before), which runs every query a page can run."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks.caching import data_changed
from tasks.models import Document, ProgressReport
from tests import factories
from tests import factories_portal as fp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Pages in English whatever translations exist, so assertions on words stay stable."""
    settings.LANGUAGE_CODE = "en"

COUNT_RE = re.compile(r'SELECT COUNT\(\*\) AS "__count" FROM "(\w+)"', re.IGNORECASE)


def grow(world, n):
    """Add n tasks (each assigned to both units), n waiting reports and n documents."""
    assignments = fp.many_assignments(document=world.document, units=[world.unit, world.other_unit], n=n)
    reports = fp.many_reports(assignments=assignments[:n], author=world.liaison)
    fp.many_reports(assignments=[world.assignment] * n, author=world.liaison)
    ProgressReport.history.bulk_history_create(reports)
    Document.objects.bulk_create([
        Document(jurisdiction=world.j, title=f"文件{world.j.pk}-{i}-{len(reports)}", year=2021) for i in range(n)
    ])
    for report in reports[:3]:
        fp.attachment(report=report)


PAGES = [
    ("liaison", lambda w: reverse("portal:home")),
    ("liaison", lambda w: reverse("portal:home") + "?light=grey&sort=-due_on"),
    ("office", lambda w: reverse("portal:assignment_list")),
    ("office", lambda w: reverse("portal:assignment_list") + f"?unit={w.unit.pk}&status=completed"),
    ("liaison", lambda w: reverse("portal:unit_detail", args=[w.unit.pk])),
    ("office", lambda w: reverse("portal:review_queue")),
    ("office", lambda w: reverse("portal:document_list")),
    ("office", lambda w: reverse("portal:document_list") + "?q=文件&year=2021&published=no"),
    ("office", lambda w: reverse("portal:assignment_list") + "?light=red"),
    ("office", lambda w: reverse("portal:document_detail", args=[w.document.pk])),
    ("supervisor", lambda w: reverse("portal:document_detail", args=[w.document.pk])),
    ("office", lambda w: reverse("portal:task_detail", args=[w.task.pk])),
    ("office", lambda w: reverse("portal:assignment_detail", args=[w.assignment.pk])),
    ("supervisor", lambda w: reverse("portal:overview")),
    ("supervisor", lambda w: reverse("portal:jurisdiction_overview", args=[w.j.pk])),
]


@pytest.mark.parametrize("who,url", PAGES, ids=[f"{who}-{i}" for i, (who, _u) in enumerate(PAGES)])
def test_query_count_does_not_grow_with_rows(world, client, django_assert_num_queries, who, url):
    client.force_login(getattr(world, who))
    target = url(world)
    grow(world, 10)
    client.get(target)  # warm caches (content types, sessions)
    data_changed()
    with CaptureQueriesContext(connection) as small:
        assert client.get(target).status_code == 200
    grow(world, 490)
    data_changed()
    with django_assert_num_queries(len(small.captured_queries)) as big:
        assert client.get(target).status_code == 200
    counts = Counter(m.group(1) for q in big.captured_queries for m in [COUNT_RE.search(q["sql"])] if m)
    assert all(n <= 1 for n in counts.values()), counts


def test_bulk_rows_really_are_listed(world, client):
    """Guard for the test above: the 500-row pages do show many rows (the table is paginated)."""
    grow(world, 60)
    client.force_login(world.liaison)
    html = client.get(reverse("portal:home")).content.decode()
    assert "61 assignments" in html and "Page 1 of 3" in html
    factories.report(assignment=world.assignment, author=world.liaison)


def grow_export_jobs(user, n):
    from datetime import timedelta

    from django.utils import timezone

    from tasks.models import ExportJob

    states = [ExportJob.State.QUEUED, ExportJob.State.RUNNING, ExportJob.State.DONE, ExportJob.State.FAILED]
    ExportJob.objects.bulk_create([
        ExportJob(user=user, source="list_ledger", export_format="xlsx", title=f"台账{i}", filename=f"台账{i}.xlsx",
                  state=states[i % 4], total=100, done=i % 100, error_code="failed" if i % 4 == 3 else "",
                  expires_at=timezone.now() + timedelta(days=1))
        for i in range(n)
    ])


def test_my_exports_runs_the_same_queries_for_3_jobs_as_for_40(world, client, django_assert_num_queries):
    """The background exports' list ("my exports"): one query for the jobs, whatever their number."""
    client.force_login(world.office)
    target = reverse("exports:jobs")
    grow_export_jobs(world.office, 3)
    client.get(target)
    data_changed()
    with CaptureQueriesContext(connection) as small:
        assert client.get(target).status_code == 200
    grow_export_jobs(world.office, 37)
    grow_export_jobs(world.supervisor, 10)  # somebody else's: not listed
    data_changed()
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(target).content.decode()
    assert html.count('data-testid="export-job-row"') == 40
