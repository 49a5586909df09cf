"""The assignment table shared by the liaison home, the ledger and the unit page.

Rows come from ``tasks.selectors.portal.page_rows`` (two queries per page). Sorting (``?sort=``,
``-`` for descending) and paging (``?page=``) are read from the request here; the paginator is
told the row count the page already knows from its light-count aggregate, so sorting and paging
add no COUNT query of their own.

Cells are rendered to HTML in Python, once per row, and shared by the wide table and the phone
cards: rendering 25 rows through a generic table library's per-cell templates cost more than all
of the page's queries together (see bench/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import F
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from tasks.caching import cached
from tasks.models import Assignment, Light
from tasks.selectors.assignments import LightWindow
from tasks.selectors.portal import light_ordering, page_keys, page_rows

NOWRAP = ' class="text-nowrap"'


class CountedPaginator(Paginator):
    """A paginator told its count instead of asking the database."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


LIGHT_WORDS = {
    Light.RED: _("Overdue"),
    Light.YELLOW: _("Due soon"),
    Light.GREEN: _("On track"),
    Light.DONE: _("Completed on time"),
    Light.DONE_LATE: _("Completed late"),
    Light.GREY: _("No deadline"),
}


def light_badge(light: str) -> SafeString:
    """The same markup as the ``_light.html`` include: a dot, and its words for screen readers."""
    words = LIGHT_WORDS.get(light, LIGHT_WORDS[Light.GREY])
    return format_html('<span class="light light-{}" aria-hidden="true"></span><span class="visually-hidden">{}</span>',
                       light, words)


def percent_html(value: int) -> SafeString:
    return format_html(
        '<div class="progress" role="progressbar" aria-valuenow="{0}" aria-valuemin="0" aria-valuemax="100" '
        'style="min-width:4rem;height:1rem"><div class="progress-bar" style="width:{0}%">{0}%</div></div>',
        value,
    )


def _ordered(*fields: str):
    """Sort by plain fields; descending reverses each of them (undated rows stay last both ways)."""
    def order(descending: bool) -> list:
        keys = []
        for name in fields:
            expression = F(name)
            keys.append(expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True))
        return [*keys, F("pk").desc() if descending else F("pk").asc()]
    return order


def _order_light(descending: bool) -> list:
    return light_ordering(descending=descending)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    order: object  # callable(descending) -> ORDER BY keys
    td: str = ""  # extra attributes of the cell


COLUMNS = (
    # Sorted by light_ordering (index-friendly keys), not by the computed light.
    Column("light", _("Light"), _order_light),
    Column("task", _("Task"), _ordered("task__document__year", "task__document_id", "task__order")),
    Column("document", _("Document"), _ordered("task__document__year", "task__document__title"), NOWRAP),
    Column("unit", _("Unit"), _ordered("unit__order", "unit__name")),
    Column("role", _("Role"), _ordered("role")),
    Column("due_on", _("Due"), _ordered("due_on"), NOWRAP),
    Column("status", _("Status"), _ordered("status")),
    Column("percent", _("Done"), _ordered("percent")),
    Column("last_reported_at", _("Last report"), _ordered("last_reported_at"), NOWRAP),
)
DEFAULT_SORT = "light"


@dataclass
class Row:
    """One assignment with its cells already rendered; the cards on phones use the same pieces."""

    record: Assignment
    cells: dict[str, SafeString] = field(default_factory=dict)
    html: SafeString = mark_safe("")


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


class CellRenderer:
    """Renders a row's cells; the words every row repeats (lights, provisional, roles, statuses)
    are translated and escaped once per table, not once per cell."""

    def __init__(self):
        self.lights = {light: light_badge(light) for light in LIGHT_WORDS}
        self.no_deadline = format_html('<span class="text-muted">{}</span>', _("No deadline"))
        self.provisional = format_html(' <span class="provisional" title="{}">{}</span>',
                                       _("Computed without an official holiday schedule"), _("(provisional)"))
        self.roles = {value: escape(label) for value, label in Assignment._meta.get_field("role").flatchoices}
        self.statuses = {value: escape(label) for value, label in Assignment._meta.get_field("status").flatchoices}

    def __call__(self, record: Assignment) -> dict[str, str]:
        task, document = record.task, record.task.document
        title = f"{task.number} {_short(task.heading or task.text, 60)}".strip()
        url = record.get_absolute_url()
        due = self.no_deadline
        if record.due_on:
            due = record.due_on.isoformat() + (self.provisional if record.due_provisional else "")
        reported = record.last_reported_at
        if reported:
            reported = timezone.localtime(reported) if timezone.is_aware(reported) else reported
        return {
            "url": url,
            "title": title,
            "light": self.lights.get(record.light, self.lights[Light.GREY]),
            "task": f'<a href="{escape(url)}">{escape(title)}</a>',
            "document": escape(document.doc_number or _short(document.title, 20)),
            "unit": escape(record.unit.display_name),
            "role": self.roles.get(record.role, escape(record.role)),
            "due_on": due,
            "status": self.statuses.get(record.status, escape(record.status)),
            "percent": percent_html(record.percent),
            "last_reported_at": reported.date().isoformat() if reported else "—",
        }


class _SortedRows:
    """What the paginator slices: a page of ``page_rows`` per slice (the count is known).

    With ``cache_parts`` (what names the rows: scope, filters) the page's keys are cached until
    the data changes (tasks.caching); the rows themselves are always read fresh.
    """

    def __init__(self, qs, window: LightWindow, order: list, *, sort: str, cache_parts: tuple | None):
        self.qs, self.window, self.order, self.sort, self.cache_parts = qs, window, order, sort, cache_parts

    def __getitem__(self, part: slice) -> list:
        offset, limit = part.start, part.stop - part.start
        keys = None
        if self.cache_parts is not None:
            keys = cached("page-keys", (self.cache_parts, self.sort, offset, limit, self.window),
                          lambda: page_keys(self.qs, order=self.order, offset=offset, limit=limit))
        return page_rows(self.qs, self.window, order=self.order, offset=offset, limit=limit, keys=keys)


class AssignmentTable:
    """Columns with their sort links, the current page and its rendered rows."""

    empty_text = _("No assignments match.")

    def __init__(self, qs, window: LightWindow, *, request, count: int, hide=(), per_page: int = 25,
                 cache_parts: tuple | None = None):
        self.columns = [c for c in COLUMNS if c.key not in hide]
        by_key = {c.key: c for c in COLUMNS}
        sort = request.GET.get("sort") or DEFAULT_SORT
        if sort.lstrip("-") not in by_key:
            sort = DEFAULT_SORT
        self.sort = sort
        descending = sort.startswith("-")
        rows = _SortedRows(qs, window, by_key[sort.lstrip("-")].order(descending), sort=sort,
                           cache_parts=cache_parts)
        self.paginator = CountedPaginator(rows, max(1, per_page), count=count)
        try:
            number = int(request.GET.get("page", 1))
        except ValueError:
            number = 1
        number = min(max(1, number), self.paginator.num_pages)
        self.page: Page = self.paginator.page(number)
        render = CellRenderer()
        self.rows = [self._row(record, render(record)) for record in self.page.object_list]

    def _row(self, record: Assignment, cells: dict[str, str]) -> Row:
        """Cells are escaped by CellRenderer; the row's ``<td>``s are joined here once."""
        html = "".join(f"<td{c.td}>{cells[c.key]}</td>" for c in self.columns)
        safe = {key: mark_safe(value) for key, value in cells.items() if key not in ("url", "title")}
        return Row(record=record, cells={**cells, **safe}, html=mark_safe(html))

    @property
    def headers(self) -> list[dict]:
        """Per visible column: its header, the ``sort`` value its link sets and its aria-sort state."""
        result = []
        for column in self.columns:
            state = ""
            if self.sort == column.key:
                state = "ascending"
            elif self.sort == f"-{column.key}":
                state = "descending"
            result.append({"key": column.key, "header": column.header, "aria_sort": state,
                           "direction": {"ascending": "asc", "descending": "desc"}.get(state, ""),
                           "next_sort": f"-{column.key}" if state == "ascending" else column.key})
        return result


def assignment_table(qs, window: LightWindow, *, request, count: int, hide=(), per_page: int = 25,
                     cache_parts: tuple | None = None) -> AssignmentTable:
    """Sort and paginate the assignments of ``qs`` from the request, with the row count already known."""
    return AssignmentTable(qs, window, request=request, count=count, hide=hide, per_page=per_page,
                           cache_parts=cache_parts)
