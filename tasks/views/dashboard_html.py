"""The dashboards' repeated rows rendered in Python: ranking rows, completion by document, the bars
of the SVG charts and the unit × document (or section) light matrix.

A jurisdiction's widgets are kept as HTML until its data changes (``_dashboard_cached.html``), so
they are rendered on the first request after each change: with sixty units and a few dozen
documents that was some 10,000 template nodes (a ``{% url %}`` per row, a localized number per
cell), more than the grouped tally behind them (bench/README.md, ``dashboard_cold_vs_trivial_page``).
Each function builds the same markup its template loop built, from the same rows, escaping every
value; ``tests/test_dashboard_html.py`` compares them with the template versions they replace.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape as html_escape

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from tasks.tables import light_badge

_SENTINEL = 987654321


def _escape(value) -> str:
    return html_escape(str(value))


def url_for(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for many pks with one reverse: the URL of a sentinel pk, the
    pk substituted (the portal's detail URLs hold the pk once, as ``<int:pk>``)."""
    template = reverse(name, args=[_SENTINEL])
    before, _sep, after = template.partition(str(_SENTINEL))
    return lambda pk: f"{before}{int(pk)}{after}"


def _count(n) -> str:
    """A count as a cell shows it: red when some are overdue, else 0."""
    return f'<span class="text-danger">{int(n)}</span>' if n else "0"


def ranking_rows(board: dict) -> SafeString:
    """The ``<tr>``s of the ranking table (``board["ranking"]``, ``board["ranked"]``)."""
    unit_url = url_for("portal:unit_detail")
    ranked = board.get("ranked")
    parts = []
    for index, row in enumerate(board.get("ranking") or (), start=1):
        name = row["unit__short_name"] or row["unit__name"]
        parts.append(
            f'<tr data-unit="{_escape(row["unit__name"])}"><td>{index if ranked else "—"}</td>'
            f'<td class="text-nowrap"><a href="{unit_url(row["unit_id"])}">{_escape(name)}</a></td>'
            f'<td class="text-end">{int(row["total"])}</td><td class="text-end">{int(row["on_time_rate"])}%</td>'
            f'<td class="text-end" data-testid="unit-rate">{int(row["rate"])}%</td>'
            f'<td class="text-end" data-testid="unit-progress">{int(row["progress"])}%</td>'
            f'<td class="text-end">{_count(row["overdue"])}</td></tr>'
        )
    return SafeString("\n".join(parts))


def document_rows(rows: list[dict]) -> SafeString:
    """The ``<tr>``s of "completion by document" (``tallies.by_document_rows``)."""
    document_url = url_for("portal:document_detail")
    parts = []
    for row in rows:
        rate = int(row["rate"])
        parts.append(
            f'<tr data-document="{int(row["id"])}"><th scope="row" class="fw-normal">'
            f'<a href="{document_url(row["id"])}" title="{_escape(row["title"] or "")}">'
            f'{_escape(Truncator(row["label"]).chars(40))}</a></th>'
            f'<td class="text-end">{int(row["total"])}</td><td class="text-end">{_count(row["overdue"])}</td>'
            f'<td><div class="progress" role="progressbar" aria-valuenow="{rate}" aria-valuemin="0" '
            f'aria-valuemax="100"><div class="progress-bar" style="width: {rate}%" data-testid="document-rate">'
            f'{rate}%</div></div></td></tr>'
        )
    return SafeString("\n".join(parts))


def chart_bars(chart: dict) -> SafeString:
    """The ``<g>`` of each bar of a chart from ``views.portal_charts.bar_chart``."""
    x, width, height = chart["bar_x"], chart["bar_width"], chart["bar_height"]
    label_x, value_x = chart["label_width"], chart["value_x"]
    parts = []
    for bar in chart["bars"]:
        y = bar["y"] + 4
        parts.append(
            f'<g><title>{_escape(bar["full_label"])}: {_escape(bar["value"])}</title>'
            f'<text x="{label_x}" y="{bar["text_y"]}" text-anchor="end" class="bar-label">'
            f'{_escape(bar["label"])}</text>'
            f'<rect x="{x}" y="{y}" width="{width}" height="{height}" class="bar-track"></rect>'
            f'<rect x="{x}" y="{y}" width="{bar["width"]}" height="{height}" class="bar-fill"></rect>'
            f'<text x="{value_x}" y="{bar["text_y"]}" class="bar-value">{_escape(bar["value"])}</text></g>'
        )
    return SafeString("\n".join(parts))


def matrix_rows(matrix: dict) -> SafeString:
    """The ``<tr>``s of the light matrix (``portal.unit_section_matrix`` or ``tallies.matrix_of``)."""
    unit_url = url_for("portal:unit_detail")
    badges: dict[str, str] = {}  # one per light: tables.light_badge, its words for screen readers
    parts = []
    for row in matrix["rows"]:
        cells = []
        for cell in row["cells"]:
            if cell:
                light = cell["light"]
                if light not in badges:
                    badges[light] = light_badge(light)
                cells.append(f'<td class="text-center"><span title="{int(cell["done"])}/{int(cell["total"])}">'
                             f'{badges[light]}</span></td>')
            else:
                cells.append('<td class="text-center"></td>')
        parts.append(f'<tr><th scope="row" class="matrix-unit text-nowrap"><a href="{unit_url(row["unit_id"])}">'
                     f'{_escape(row["name"])}</a></th>{"".join(cells)}</tr>')
    return SafeString("\n".join(parts))


def matrix_headers(matrix: dict) -> SafeString:
    """The column ``<th>``s of the light matrix: documents link to their page, sections do not."""
    document_url = url_for("portal:document_detail")
    parts = []
    for s in matrix["sections"]:
        if matrix["kind"] == "document":
            parts.append(f'<th scope="col" class="text-center" title="{_escape(s["title"])}">'
                         f'<a href="{document_url(s["id"])}">{_escape(Truncator(s["label"]).chars(14))}</a></th>')
        else:
            parts.append(f'<th scope="col" class="text-center" title="{_escape(s["label"])}{_escape(s["title"])}">'
                         f'{_escape(s["label"])}</th>')
    return SafeString("".join(parts))


__all__ = ["chart_bars", "document_rows", "matrix_headers", "matrix_rows", "ranking_rows", "url_for"]
