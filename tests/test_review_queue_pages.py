"""The review queue's pages (tasks.views.portal_office.review_queue): cut from the waiting
reports' keys in submission order (tasks.tables.KeysFirst), then read with their cards' fields."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks.models import ProgressReport
from tests import factories
from tests.html import find_all

pytestmark = pytest.mark.django_db


def test_the_review_queue_cuts_its_pages_from_the_keys_in_submission_order(world, client):
    """25 waiting reports: page 2 holds the newest 5, a page past the end is the last, and the
    page's rows are read by key (tasks.tables.KeysFirst) with their cards' fields."""
    assignments = [world.assignment] + [
        factories.assignment(task=factories.task(document=world.document, number=str(n + 2)), unit=world.unit)
        for n in range(8)]
    for n in range(25):
        assignment = assignments[n % 9]
        factories.report(assignment=assignment, author=world.liaison, text=f"第{n}次报告", state="submitted")
    expected = list(ProgressReport.objects.filter(state="submitted").order_by("created_at", "pk")
                    .values_list("text", flat=True))
    client.force_login(world.office)
    for page, texts in (("2", expected[20:]), ("999999", expected[20:]), ("1", expected[:20])):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("portal:review_queue") + f"?page={page}").content.decode()
        shown = [t for t in expected if t in html]
        assert shown == texts, page
        keyed = [q["sql"] for q in queries if 'FROM "tasks_progressreport"' in q["sql"] and '"id" IN (' in q["sql"]]
        assert keyed, "the page's rows are read by their keys"
    assert find_all(html, "//form[contains(@action, '/review/')]")
