"""The portal's tables, on django-tables2: the assignment table (liaison home, ledger and its print
view, unit page), the document list and the review queue.

Each table's cells are its ``render_<column>(record)`` methods, as django-tables2 calls them;
``FastTable.page_rows`` calls them once per record and joins each row's ``<td>``s once, and the
templates print those rows. Rendering through ``BoundRow.get_cell`` (an ``inspect.signature`` and
a rebuilt ``BoundColumn.attrs`` per cell) cost several times the page's queries on a 25-row page
(bench/README.md, ``table_render_ms``); ``tests/test_tables.py`` checks that both ways give the
same cells. Only public django-tables2 API is used: ``TableData`` subclasses passed as data,
``Table.paginate``, ``paginated_rows``, ``BoundColumn.attrs`` / ``order_by_alias`` / ``is_ordered``.

Sorting (``?sort=``, ``-`` for descending) and paging (``?page=``) come from the request; the
assignment table's paginator is told the row count the page already knows from its light-count
aggregate, so sorting and paging add no COUNT query of their own.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from html import escape as html_escape

import django_tables2 as tables
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F, QuerySet
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableData

from tasks.caching import cached
from tasks.models import Assignment, Light
from tasks.models.choices import light_words
from tasks.selectors.assignments import LightWindow
from tasks.selectors.portal import light_ordering, page_keys, page_rows


class ClampedPaginator(Paginator):
    """``page()`` as ``get_page()``: ``?page=`` that is not a number gives the first page, one
    beyond the last the last (``Table.paginate`` calls ``page()``; no input gives a 404 or 500)."""

    def page(self, number):
        try:
            number = self.validate_number(number)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            number = self.num_pages
        return super().page(number)


class CountedPaginator(ClampedPaginator):
    """A paginator told its count instead of asking the database."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def light_badge(light: str) -> SafeString:
    """The same markup as the ``_light.html`` include: a dot, and its words for screen readers."""
    words = light_words(light)
    return format_html('<span class="light light-{}" aria-hidden="true"></span><span class="visually-hidden">{}</span>',
                       light, words)


def percent_html(value: int) -> SafeString:
    return format_html(
        '<div class="progress" role="progressbar" aria-valuenow="{0}" aria-valuemin="0" aria-valuemax="100" '
        'style="min-width:4rem;height:1rem"><div class="progress-bar" style="width:{0}%">{0}%</div></div>',
        value,
    )


def _escape(text) -> SafeString:
    """django.utils.html.escape for text that is never lazy: the same result without the check
    for lazy arguments on every call (several per cell)."""
    return SafeString(html_escape(str(text)))


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


@dataclass
class Row:
    """One record with its cells already rendered (by column name); ``html`` is the visible
    columns' ``<td>``s. The phone cards use the same cells."""

    record: object
    cells: dict[str, SafeString] = field(default_factory=dict)
    html: SafeString = mark_safe("")


class FastTable(tables.Table):
    """A django-tables2 table whose rows are rendered once per record (see the module docstring).

    Subclasses give every column ``empty_values=()`` and a ``render_<name>(self, record)``: the
    same method serves django-tables2's own rendering and ``page_rows``. ``row_extras(record)``
    adds cells the templates use besides the columns (a link, a title)."""

    def row_extras(self, record) -> dict:
        return {}

    @cached_property
    def page_rows(self) -> list[Row]:
        every = list(self.columns.iterall())
        renders = [(bound.name, getattr(self, f"render_{bound.name}")) for bound in every]
        visible = []
        for bound in every:
            if bound.visible:
                attrs = bound.attrs["td"].as_html()
                visible.append((bound.name, f"<td {attrs}>" if attrs else "<td>"))
        rows = []
        extras = self.row_extras
        for record in self._page_records():
            cells = extras(record)
            for name, render in renders:
                cells[name] = render(record)
            html = "".join([f"{open_tag}{cells[name]}</td>" for name, open_tag in visible])
            rows.append(Row(record=record, cells=cells, html=mark_safe(html)))
        return rows

    def _page_records(self):
        """The records of the page shown (every record when not paginated). ``BoundRows.data``
        holds them; iterating the BoundRows would wrap each in a BoundRow first."""
        bound_rows = self.paginated_rows
        data = getattr(bound_rows, "data", None)
        return data if data is not None else [row.record for row in bound_rows]

    @cached_property
    def headers(self) -> list[dict]:
        """Per visible column: its header, the sort value its link sets and its aria-sort state."""
        result = []
        for column in self.columns:
            alias = column.order_by_alias
            state = ("descending" if alias.is_descending else "ascending") if column.is_ordered else ""
            result.append({"key": column.name, "header": column.header, "orderable": column.orderable,
                           "aria_sort": state,
                           "direction": {"ascending": "asc", "descending": "desc"}.get(state, ""),
                           "next_sort": str(alias.next)})
        return result

    @property
    def visible_count(self) -> int:
        return sum(1 for _column in self.columns)


# --- the assignment table ------------------------------------------------------------------------

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


# The SQL order of each sortable column of the assignment table (the light by index-friendly
# keys, not by the computed light: tasks.selectors.portal.light_ordering).
ASSIGNMENT_ORDERS = {
    "light": _order_light,
    "task": _ordered("task__document__year", "task__document_id", "task__order"),
    "document": _ordered("task__document__year", "task__document__title"),
    "unit": _ordered("unit__order", "unit__name"),
    "role": _ordered("role"),
    "due_on": _ordered("due_on"),
    "status": _ordered("status"),
    "percent": _ordered("percent"),
    "last_reported_at": _ordered("last_reported_at"),
}
DEFAULT_SORT = "light"


class AssignmentRows(TableData):
    """What the assignment table sorts and slices: a page of ``page_rows`` per slice, its
    length known. With ``cache_parts`` (what names the rows: scope, filters) the page's keys are
    cached until the data changes (tasks.caching); the rows themselves are always read fresh."""

    def __init__(self, qs, window: LightWindow, *, count: int, cache_parts: tuple | None = None):
        super().__init__(qs)
        self.window, self.count, self.cache_parts = window, count, cache_parts
        self.sort = DEFAULT_SORT
        self.order = ASSIGNMENT_ORDERS[DEFAULT_SORT](False)

    @property
    def model(self):
        return Assignment

    def __len__(self):
        return self.count

    def __iter__(self):
        return iter(self[0:self.count])

    def order_by(self, aliases):
        alias = str(aliases[0]) if aliases else DEFAULT_SORT
        name = alias.lstrip("-")
        self.sort = alias if name in ASSIGNMENT_ORDERS else DEFAULT_SORT
        self.order = ASSIGNMENT_ORDERS[self.sort.lstrip("-")](self.sort.startswith("-"))

    def __getitem__(self, part):
        if not isinstance(part, slice):
            return self[part:part + 1][0]
        offset = part.start or 0
        limit = (self.count if part.stop is None else part.stop) - offset
        keys = None
        if self.cache_parts is not None:
            keys = cached("page-keys", (self.cache_parts, self.sort, offset, limit, self.window),
                          lambda: page_keys(self.data, order=self.order, offset=offset, limit=limit))
        return page_rows(self.data, self.window, order=self.order, offset=offset, limit=limit, keys=keys)


class KeysFirst(TableData):
    """Rows sliced by their keys first: a page's primary keys in ``keys``'s order (a sort of one
    narrow column), then ``rows`` for those keys only, with what they show (joins, prefetches).
    Slicing the wide query itself sorted every row in scope with all its joined columns (the
    review queue's last page: bench/README.md). Not orderable; its length is told (``count``)."""

    def __init__(self, keys: QuerySet, rows: QuerySet, *, count: int):
        super().__init__(rows)
        self.keys, self.rows, self.count = keys, rows, count

    @property
    def model(self):
        return self.rows.model

    def __len__(self):
        return self.count

    def __iter__(self):
        return iter(self[0:self.count])

    def order_by(self, aliases):
        return None

    def __getitem__(self, part):
        if not isinstance(part, slice):
            return self[part:part + 1][0]
        keys = list(self.keys.values_list("pk", flat=True)[part])
        found = {row.pk: row for row in self.rows.filter(pk__in=keys).order_by()}
        return [found[pk] for pk in keys if pk in found]


class CellColumn(tables.Column):
    """A column rendered by its table's ``render_<name>(record)`` whatever the value.

    ``Table.__init__`` deep-copies its columns for every table made (about 300 copies for nine
    columns); a table changes nothing of a column but ``visible`` (``columns.hide``), which a
    shallow copy owns too, and django-tables2 reads ``attrs`` without changing it."""

    def __deepcopy__(self, memo):
        return copy.copy(self)


def _column(header, *, cell: bool = False, **attrs):
    """A ``CellColumn``; ``attrs`` go on its ``<td>``s (and on its ``<th>`` too with ``cell``)."""
    return CellColumn(verbose_name=header, empty_values=(), attrs={"cell" if cell else "td": attrs} if attrs else {})


class AssignmentTable(FastTable):
    """Assignments with their light, task, document, unit, role, due date, status, progress and
    last report; sortable by every column. With ``batch`` (office staff on the ledger) each row
    starts with its checkbox of the form ``ledger-batch`` (static/js/opensched.js); the template
    draws that column's header, the select-all box."""

    select = CellColumn(verbose_name="", empty_values=(), orderable=False, attrs={"td": {"class": "select-col"}})
    light = _column(_("Light"))
    task = _column(_("Task"))
    document = _column(_("Document"), **{"class": "text-nowrap"})
    unit = _column(_("Unit"))
    role = _column(_("Role"))
    due_on = _column(_("Due"), **{"class": "text-nowrap"})
    status = _column(_("Status"))
    percent = _column(_("Done"))
    last_reported_at = _column(_("Last report"), **{"class": "text-nowrap"})

    class Meta:
        order_by_field = "sort"
        page_field = "page"
        empty_text = _("No assignments match.")
        template_name = "tasks/portal/_table.html"
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}

    # The words every row repeats are translated and escaped once per table, not once per cell.
    @cached_property
    def _lights(self) -> dict:
        return {light: light_badge(light) for light in Light.values}

    @cached_property
    def _no_deadline(self) -> SafeString:
        return format_html('<span class="text-muted">{}</span>', _("No deadline"))

    @cached_property
    def _provisional(self) -> SafeString:
        return format_html(' <span class="provisional" title="{}">{}</span>',
                           _("Computed without an official holiday schedule"), _("(provisional)"))

    @cached_property
    def _roles(self) -> dict:
        return {value: escape(label) for value, label in Assignment._meta.get_field("role").flatchoices}

    @cached_property
    def _statuses(self) -> dict:
        return {value: escape(label) for value, label in Assignment._meta.get_field("status").flatchoices}

    @staticmethod
    def title_of(record) -> str:
        task = record.task
        return f"{task.number} {_short(task.heading or task.text, 60)}".strip()

    @cached_property
    def _links(self) -> dict:
        return {}

    def _link(self, record) -> tuple[str, str]:
        """The record's URL and title, built once per record (the task cell and the cards share them)."""
        found = self._links.get(record.pk)
        if found is None:
            found = self._links[record.pk] = (record.get_absolute_url(), self.title_of(record))
        return found

    def row_extras(self, record) -> dict:
        url, title = self._link(record)
        return {"url": url, "title": title}

    def __init__(self, *args, batch: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.batch = batch
        if not batch:
            self.columns.hide("select")

    def cards(self, *, hide_unit: bool = False) -> SafeString:
        """The page's rows as the phone layout's cards (``<li>``s of ``_assignment_list.html``),
        from the same cells as the table's rows; ``hide_unit`` on pages about one's own units."""
        select, due = escape(_("Select")), escape(_("Due"))
        parts = []
        for row in self.page_rows:
            cells, record = row.cells, row.record
            box = (f'<input class="form-check-input mt-1 select-box" type="checkbox" name="assignments" '
                   f'value="{record.pk}" form="ledger-batch" data-select-row="assignments" '
                   f'aria-label="{select} {_escape(cells["title"])}">') if self.batch else ""
            unit = "" if hide_unit else f' · {cells["unit"]}'
            parts.append(
                f'<li class="card mb-2"><div class="card-body p-2"><div class="d-flex gap-2 align-items-start">{box}'
                f'<span class="pt-1">{cells["light"]}</span><div class="flex-grow-1 min-w-0">'
                f'<a class="fw-semibold d-block text-break" href="{_escape(cells["url"])}">'
                f'{_escape(cells["title"])}</a>'
                f'<div class="small text-muted text-break">{cells["document"]}{unit}</div>'
                f'<div class="small d-flex flex-wrap gap-2 mt-1"><span>{due} {cells["due_on"]}</span>'
                f'<span class="badge text-bg-light border">{cells["status"]}</span><span>{int(record.percent)}%</span>'
                f'</div></div></div></div></li>'
            )
        return SafeString("\n".join(parts))

    @property
    def headers(self) -> list[dict]:
        return [header for header in super().headers if header["key"] != "select"]

    @cached_property
    def _select_word(self) -> str:
        return str(_("Select"))

    # The cells below are built with _escape() and plain strings rather than format_html(): the
    # same escaping, at a fraction of the cost per cell.
    def render_select(self, record):
        label = f"{self._select_word} {self._link(record)[1]} · {record.unit.display_name}"
        return SafeString(f'<input class="form-check-input" type="checkbox" name="assignments" value="{record.pk}" '
                          f'form="ledger-batch" data-select-row="assignments" aria-label="{_escape(label)}">')

    def render_light(self, record):
        lights = self._lights
        return lights.get(getattr(record, "light", None), lights[Light.GREY])

    def render_task(self, record):
        url, title = self._link(record)
        return SafeString(f'<a href="{_escape(url)}">{_escape(title)}</a>')

    def render_document(self, record):
        document = record.task.document
        return _escape(document.doc_number or _short(document.title, 20))

    def render_unit(self, record):
        return _escape(record.unit.display_name)

    def render_role(self, record):
        return self._roles.get(record.role) or _escape(record.role)

    def render_due_on(self, record):
        if not record.due_on:
            return self._no_deadline
        return SafeString(record.due_on.isoformat() + (self._provisional if record.due_provisional else ""))

    def render_status(self, record):
        return self._statuses.get(record.status) or _escape(record.status)

    def render_percent(self, record):
        return percent_html(record.percent)

    def render_last_reported_at(self, record):
        reported = record.last_reported_at
        if not reported:
            return "—"
        reported = timezone.localtime(reported) if timezone.is_aware(reported) else reported
        return reported.date().isoformat()


def assignment_table(qs, window: LightWindow, *, request, count: int, hide=(), per_page: int = 25,
                     cache_parts: tuple | None = None, batch: bool = False) -> AssignmentTable:
    """Sort and paginate the assignments of ``qs`` from the request, with the row count already known."""
    sort = request.GET.get("sort") or DEFAULT_SORT
    if sort.lstrip("-") not in ASSIGNMENT_ORDERS:
        sort = DEFAULT_SORT
    table = AssignmentTable(AssignmentRows(qs, window, count=count, cache_parts=cache_parts), order_by=sort,
                            batch=batch)
    for name in hide:
        table.columns.hide(name)
    table.paginate(paginator_class=CountedPaginator, per_page=max(1, per_page), count=count,
                   page=request.GET.get("page") or 1)
    return table


# --- the document list ---------------------------------------------------------------------------

class DocumentTable(FastTable):
    """The portal's document list (rows from ``selectors.portal.documents_with_progress``), in the
    portal's document order; office staff publish or withdraw each document from its row."""

    title = _column(_("Document"), **{"class": "text-break"})
    jurisdiction = _column(_("Jurisdiction"), cell=True, **{"class": "d-none d-md-table-cell"})
    year = _column(_("Year"))
    tasks = _column(_("Tasks"), cell=True, **{"class": "text-end"})
    completed = _column(_("Unit assignments completed"), cell=True, **{"class": "text-end d-none d-sm-table-cell"})
    overdue = _column(_("Overdue"), cell=True, **{"class": "text-end"})
    public = _column(_("Public"))

    class Meta:
        orderable = False
        empty_text = _("No documents yet.")
        template_name = "tasks/portal/_document_table.html"
        attrs = {"class": "table table-sm table-hover align-middle"}

    def __init__(self, *args, request, writable=frozenset(), is_superuser: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.request, self.writable, self.is_superuser = request, writable, is_superuser

    @cached_property
    def _publish(self) -> dict:
        """The parts of the publish / withdraw form every writable row repeats."""
        hidden = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                             '<input type="hidden" name="next" value="{}">',
                             get_token(self.request), self.request.get_full_path())
        return {
            "hidden": hidden,
            "withdraw": format_html(
                '<button class="btn btn-sm btn-outline-secondary text-nowrap" type="submit" title="{}">'
                '<i class="bi bi-eye-slash" aria-hidden="true"></i> {}</button>',
                _("Withdraw from the public pages"), _("Withdraw")),
            "publish": format_html(
                '<input type="hidden" name="published" value="on"><button class="btn btn-sm btn-outline-success '
                'text-nowrap" type="submit" title="{}"><i class="bi bi-eye" aria-hidden="true"></i> {}</button>',
                _("Publish on the public pages"), _("Publish")),
            "published": format_html('<span class="badge text-bg-success">{}</span>', _("published")),
            "not_published": format_html('<span class="badge text-bg-light border">{}</span>', _("not published")),
        }

    def render_title(self, record):
        number = format_html('<div class="small text-muted">{}</div>', record.doc_number) if record.doc_number else ""
        return format_html('<a href="{}">{}</a>{}', record.get_absolute_url(), record.title, number)

    def render_jurisdiction(self, record):
        return escape(str(record.jurisdiction))

    def render_year(self, record):
        return escape(record.year or "—")

    def render_tasks(self, record):
        return escape(record.task_count)

    def render_completed(self, record):
        return escape(f"{record.completed_count}/{record.assignment_count}")

    def render_overdue(self, record):
        if record.overdue_count:
            return format_html('<span class="text-danger fw-semibold">{}</span>', record.overdue_count)
        return "0"

    def render_public(self, record):
        parts = self._publish
        if not (self.is_superuser or record.jurisdiction_id in self.writable):
            return parts["published"] if record.is_published else parts["not_published"]
        return format_html('<form method="post" action="{}">{}{}</form>',
                           reverse("portal:document_publish", args=[record.pk]), parts["hidden"],
                           parts["withdraw"] if record.is_published else parts["publish"])


# --- the overdue list ----------------------------------------------------------------------------

class OverdueTable(FastTable):
    """The dashboards' oldest overdue assignments (``selectors.portal.overdue``'s rows, already in
    due-date order): the unit and task as a link, and the due date. ``_dashboard.html`` prints
    each row as a list item (the widget is cached as HTML: tasks.views.portal_overview)."""

    assignment = _column(_("Task"), **{"class": "text-break"})
    due_on = _column(_("Due"), **{"class": "text-nowrap text-danger"})

    class Meta:
        orderable = False
        empty_text = _("Nothing is overdue.")

    def render_assignment(self, record):
        text = f"{record.unit} · {record.task_number} {_short(record.task_title, 40)}"
        return SafeString(f'<span class="light light-red" aria-hidden="true"></span> '
                          f'<a href="{_escape(record.get_absolute_url())}">{_escape(text)}</a>')

    def render_due_on(self, record):
        return record.due_on.isoformat() if record.due_on else ""


# --- the review queue ----------------------------------------------------------------------------

class ReportQueueTable(tables.Table):
    """The reports waiting for review. Each row is a card (its evidence and review form are
    template includes), so review_queue.html iterates the page's rows itself; the paginator is
    told the count the menu badge already read."""

    unit = tables.Column(verbose_name=_("Unit"), accessor="assignment__unit__display_name", orderable=False)
    task = tables.Column(verbose_name=_("Task"), accessor="assignment__task__number", orderable=False)
    created_at = tables.DateTimeColumn(verbose_name=_("Submitted"), orderable=False)
    percent = tables.Column(verbose_name=_("Done"), orderable=False)

    class Meta:
        empty_text = _("Nothing is waiting for review.")
