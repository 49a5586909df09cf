"""The assignment table shared by the liaison home, the ledger and the unit page (django-tables2).

Rows come from ``tasks.selectors.portal.list_rows`` (one query per page). The paginator is given
the row count the page already knows from its light-count aggregate, so that sorting and paging
add no COUNT query of their own.
"""

import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import F
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from tasks.models import Assignment, Light
from tasks.selectors.portal import light_ordering

NOWRAP = {"td": {"class": "text-nowrap"}}


class CountedPaginator(Paginator):
    """A paginator told its count instead of asking the database."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def light_badge(light: str) -> str:
    label = Light(light).label if light in Light.values else light
    return format_html('<span class="light light-{}" title="{}"></span><span class="visually-hidden">{}</span>',
                       light, label, label)


def due_html(record) -> str:
    if not record.due_on:
        return format_html('<span class="text-muted">{}</span>', _("No deadline"))
    text = date_format(record.due_on, "Y-m-d")
    if record.due_provisional:
        return format_html('{} <span class="provisional" title="{}">{}</span>', text,
                           _("Computed without an official holiday schedule"), _("(provisional)"))
    return text


def percent_html(value: int) -> str:
    return format_html(
        '<div class="progress" role="progressbar" aria-valuenow="{0}" aria-valuemin="0" aria-valuemax="100" '
        'style="min-width:4rem;height:1rem"><div class="progress-bar" style="width:{0}%">{0}%</div></div>',
        value,
    )


class AssignmentTable(tables.Table):
    # Sorted by order_light (index-friendly keys), not by the computed light.
    light = tables.Column(verbose_name=_("Light"), order_by=("due_on",), empty_values=())
    task = tables.Column(verbose_name=_("Task"), order_by=("task__document__year", "task__document_id", "task__order"))
    document = tables.Column(verbose_name=_("Document"), accessor="task__document",
                             order_by=("task__document__year", "task__document__title"), attrs=NOWRAP)
    unit = tables.Column(verbose_name=_("Unit"), order_by=("unit__order", "unit__name"))
    role = tables.Column(verbose_name=_("Role"))
    due_on = tables.Column(verbose_name=_("Due"), empty_values=(), attrs=NOWRAP)
    status = tables.Column(verbose_name=_("Status"))
    percent = tables.Column(verbose_name=_("Done"))
    last_reported_at = tables.Column(verbose_name=_("Last report"), attrs=NOWRAP)

    class Meta:
        model = Assignment
        fields = ()
        sequence = ("light", "task", "document", "unit", "role", "due_on", "status", "percent", "last_reported_at")
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        order_by = ("light",)  # light_ordering already sorts by due date within the light order
        empty_text = _("No assignments match.")

    def order_light(self, queryset, is_descending):
        return queryset.order_by(*light_ordering(descending=is_descending)), True

    def order_due_on(self, queryset, is_descending):
        """Undated assignments last both ways (PostgreSQL would put NULLs first when descending)."""
        key = F("due_on").desc(nulls_last=True) if is_descending else F("due_on").asc(nulls_last=True)
        return queryset.order_by(key, "pk"), True

    def render_light(self, record):
        return light_badge(record.light)

    def render_task(self, record):
        task = record.task
        text = Truncator(task.heading or task.text).chars(60)
        url = reverse("portal:assignment_detail", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, f"{task.number} {text}".strip())

    def render_document(self, value):
        return value.doc_number or Truncator(value.title).chars(20)

    def render_unit(self, record):
        return record.unit.display_name

    def render_due_on(self, record):
        return due_html(record)

    def render_status(self, record):
        return record.get_status_display()

    def render_percent(self, value):
        return percent_html(value)

    def render_last_reported_at(self, value):
        return date_format(value, "Y-m-d") if value else "—"


def assignment_table(rows, *, request, count: int, hide=(), per_page: int = 25) -> AssignmentTable:
    """Sort and paginate ``rows`` from the request, with the row count already known."""
    table = AssignmentTable(rows, exclude=hide)
    if request.GET.get(table.prefixed_order_by_field):
        table.order_by = request.GET[table.prefixed_order_by_field]
    per_page = max(1, per_page)
    pages = max(1, -(-count // per_page))
    try:
        page = min(max(1, int(request.GET.get("page", 1))), pages)
    except ValueError:
        page = 1
    table.paginate(paginator_class=CountedPaginator, per_page=per_page, page=page, count=count)
    # Evaluate the page once: the desktop table and the phone cards both iterate it.
    table.page.object_list = list(table.page.object_list)
    return table
