"""How long the ledger's table takes to render (no queries): ``table_render_ms:<table>``.

One page of 25 ledger rows is read once; then, interleaved, round after round:
- the trivial page (a GET of the password-change page, the same one bench/run.py compares pages with);
- the table as the ledger renders it: ``tasks.tables.AssignmentTable`` with its rows rendered once
  per record (``FastTable.page_rows``) through ``templates/tasks/portal/_table.html``;
- the same table through django-tables2's default ``django_tables2/bootstrap5.html`` template
  (``BoundRow.get_cell`` per cell), the way a table library renders by default.

Figures: ``table_render_ms:ledger`` median ms, ratio to the trivial page;
``table_render_vs_tables2_default:ledger`` the same ms, ratio to the default template's median.
Run on its own (``python bench/bench_tables.py``) it uses whatever data the database holds.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import figure, median  # noqa: E402

ROWS = 25


def _ledger_rows(user) -> list:
    from tasks.access import visible_assignments
    from tasks.selectors.assignments import LightWindow
    from tasks.selectors.portal import light_ordering, page_rows

    return page_rows(visible_assignments(user), LightWindow.now(), order=light_ordering(), offset=0, limit=ROWS)


def run(client, user, *, rounds: int) -> list[dict]:
    """``client``: a logged-in test Client for the trivial page; ``user``: whose ledger is rendered."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.urls import reverse

    from tasks.tables import AssignmentTable

    records = _ledger_rows(user)
    request = RequestFactory().get(reverse("portal:assignment_list"))
    request.user = user
    trivial_url = reverse("password_change")

    def fast():
        table = AssignmentTable(records, order_by=None, batch=True)
        return render_to_string("tasks/portal/_table.html", {"table": table, "batch": True}, request=request)

    def default():
        table = AssignmentTable(records, order_by=None, batch=True, template_name="django_tables2/bootstrap5.html")
        return table.as_html(request)

    def timed(action) -> float:
        started = time.perf_counter()
        action()
        return time.perf_counter() - started

    for action in (fast, default, lambda: client.get(trivial_url)):  # warm up templates and translations
        action()
    trivial, fast_times, default_times = [], [], []
    for _ in range(max(3, rounds)):
        trivial.append(timed(lambda: client.get(trivial_url)))
        fast_times.append(timed(fast))
        default_times.append(timed(default))
    ms, trivial_ms, default_ms = median(fast_times) * 1000, median(trivial) * 1000, median(default_times) * 1000
    return [
        figure("table_render_ms:ledger", ms, "ms", ms / trivial_ms if trivial_ms else None),
        figure("table_render_vs_tables2_default:ledger", ms, "ms", ms / default_ms if default_ms else None),
    ]


if __name__ == "__main__":
    import json
    import os

    from bench._common import ROOT, django_setup

    os.chdir(ROOT)
    django_setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.filter(is_superuser=False, jurisdiction_roles__isnull=False).first()
    client = Client()
    client.force_login(user)
    print(json.dumps(run(client, user, rounds=int(sys.argv[1]) if len(sys.argv) > 1 else 15), ensure_ascii=False))
