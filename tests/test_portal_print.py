"""The ledger's print view: every row the ledger's filters select, one table, no form or navigation."""

import pytest
from django.urls import reverse

from tasks.views import portal_print
from tests import factories_portal as fp
from tests.html import find, text

pytestmark = pytest.mark.django_db


def test_the_print_view_holds_every_row_of_the_ledger_not_one_page(client, world):
    fp.many_assignments(document=world.document, units=[world.unit], n=60)
    client.force_login(world.office)
    response = client.get(reverse("portal:assignment_print"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<tr>") == 1 + 60 + 2  # header, the 60 new rows, the world's two
    assert 'role="search"' not in html and "navbar" not in html
    assert "thead" in html and "css/print.css" in html


def test_the_print_view_applies_the_ledger_filters(client, world):
    fp.many_assignments(document=world.document, units=[world.unit, world.other_unit], n=10)
    client.force_login(world.office)
    html = client.get(reverse("portal:assignment_print"), {"unit": world.other_unit.pk}).content.decode()
    assert html.count("<tr>") == 1 + 10 + 1
    assert world.unit.name not in text(find(html, "//tbody"))


def test_beyond_the_bound_the_print_view_says_how_many_were_left_out(client, world, monkeypatch):
    monkeypatch.setattr(portal_print, "PRINT_MAX_ROWS", 5)
    fp.many_assignments(document=world.document, units=[world.unit], n=8)
    client.force_login(world.office)
    html = client.get(reverse("portal:assignment_print"), {"page": "2"}).content.decode()
    assert html.count("<tr>") == 1 + 5
    assert 'data-testid="print-truncated"' in html and "10" in html


def test_a_liaison_prints_only_their_units_rows(client, world):
    fp.many_assignments(document=world.document, units=[world.unit, world.other_unit], n=4)
    client.force_login(world.liaison)
    html = client.get(reverse("portal:assignment_print")).content.decode()
    assert html.count("<tr>") == 1 + 4 + 1


def test_the_ledger_links_to_its_print_view_with_its_filters(client, world):
    client.force_login(world.office)
    html = client.get(reverse("portal:assignment_list"), {"status": "not_started", "page": "1"}).content.decode()
    assert reverse("portal:assignment_print") + "?status=not_started" in html


def test_the_print_view_refuses_writes(client, world):
    client.force_login(world.office)
    assert client.post(reverse("portal:assignment_print")).status_code == 405
