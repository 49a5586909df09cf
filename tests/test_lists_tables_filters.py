"""The lists on django-tables2 and django-filter (issue 18): rows rendered once per record equal
django-tables2's own cells, one FilterSet per list serves its page and its export
(``list_export_scope``), the light filters inside the FilterSet, and the overview's and the
yearly review's parameters go through FilterSets (an unknown value is ignored, never a 500)."""

from datetime import date

import pytest
import time_machine
from django.http import Http404, QueryDict
from django.test import RequestFactory
from django.urls import reverse

from tasks.access import access_for, visible_assignments
from tasks.exports.scopes import list_export_scope
from tasks.filters import AssignmentFilter, OverviewYearFilter, ReviewUnitFilter, cleaned_query
from tasks.models import Assignment, Document, Status
from tasks.selectors.assignments import LightWindow
from tasks.selectors.lists import assignment_list, ledger_filterset
from tasks.selectors.portal import documents_with_progress
from tasks.tables import AssignmentTable, DocumentTable, assignment_table

pytestmark = pytest.mark.django_db

WINDOW = LightWindow(today=date(2021, 7, 12), soon_until=date(2021, 7, 19))


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def q(text: str) -> QueryDict:
    return QueryDict(text)


def test_fast_rows_are_the_cells_django_tables2_renders(world):
    Assignment.objects.filter(pk=world.assignment.pk).update(due_on=date(2021, 7, 1), due_provisional=True)
    request = RequestFactory().get("/", {"sort": "-due_on"})
    request.user = world.office
    table = assignment_table(visible_assignments(world.office), WINDOW, request=request, count=3, batch=True)
    assert table.page_rows, "the table lists rows"
    for fast, bound in zip(table.page_rows, table.paginated_rows, strict=True):
        for column in table.columns.iterall():
            assert str(fast.cells[column.name]) == str(bound.get_cell(column.name)), column.name
    assert [r.record.pk for r in table.page_rows][0] == world.assignment.pk  # sorted by due date, descending

    documents = documents_with_progress(Document.objects.all(), WINDOW)
    doc_table = DocumentTable(documents.order_by("pk"), request=request, writable=frozenset({world.j.pk}))
    for fast, bound in zip(doc_table.page_rows, doc_table.rows, strict=True):
        for column in doc_table.columns.iterall():
            assert str(fast.cells[column.name]) == str(bound.get_cell(column.name)), column.name


def test_hidden_columns_keep_their_cells_for_the_cards(world):
    request = RequestFactory().get("/")
    table = assignment_table(Assignment.objects.filter(unit=world.unit), WINDOW, request=request, count=1,
                             hide=("unit",))
    (row,) = table.page_rows
    assert "区财政局" in row.cells["unit"] and "区财政局" not in row.html
    assert table.visible_count == len(AssignmentTable.base_columns) - 2  # no unit, no checkboxes


def test_an_unknown_sort_and_page_fall_back(world):
    request = RequestFactory().get("/", {"sort": "-password", "page": "99"})
    table = assignment_table(visible_assignments(world.office), WINDOW, request=request, count=2)
    headers = {h["key"]: h for h in table.headers}
    assert headers["light"]["aria_sort"] == "ascending" and headers["light"]["next_sort"] == "-light"
    assert table.page.number == 1 and len(table.page_rows) == 2


@time_machine.travel(date(2021, 7, 12))
def test_the_light_filters_inside_the_filterset_and_counts_stay_whole(world):
    Assignment.objects.filter(pk=world.assignment.pk).update(due_on=date(2021, 7, 1))
    base = Assignment.objects.filter(task__document=world.document)
    filterset = AssignmentFilter(q("light=red"), queryset=base, window=WINDOW, years=[2021])
    assert filterset.is_valid() and list(filterset.qs) == [world.assignment]
    listed = assignment_list(filterset, scope=("test",))
    assert listed.count == 1 and listed.counts["total"] == 2 and listed.counts["red"] == 1
    both = AssignmentFilter(q("light=red&light=grey"), queryset=base, window=WINDOW, years=[2021])
    assert both.qs.count() == 2 and assignment_list(both, scope=("test2",)).count == 2


def test_empty_values_and_old_aliases():
    assert cleaned_query(q("status=&q=")) is None
    data = cleaned_query(q("due_from=2021-07-01&due_to=2021-07-31&page=2"), aliases=AssignmentFilter.ALIASES)
    assert data.getlist("due_after") == ["2021-07-01"] and data.getlist("due_before") == ["2021-07-31"]
    data = cleaned_query(q("due_from=2021-01-01&due_after=2021-07-01"), aliases=AssignmentFilter.ALIASES)
    assert data.getlist("due_after") == ["2021-07-01"]  # the page's own name wins


@time_machine.travel(date(2021, 7, 12))
def test_the_export_scope_is_the_ledger_pages_rows(world, client):
    Assignment.objects.filter(pk=world.assignment.pk).update(status=Status.IN_PROGRESS)
    params = q(f"status=in_progress&unit={world.unit.pk}&sort=-due_on&page=3")
    scope = list_export_scope(world.office, params)
    assert scope.ok and list(scope.assignments) == [world.assignment]
    assert "完成状态：" in scope.description and "责任单位：区财政局" in scope.description
    page_rows = ledger_filterset(access_for(world.office), params, LightWindow.now()).qs
    assert list(page_rows) == list(scope.assignments)
    assert list_export_scope(world.office, q("")).description == "全部"


def test_the_export_scope_reports_errors_and_hides_outsiders(world):
    scope = list_export_scope(world.office, q("status=bogus&due_after=yesterday"))
    assert not scope.ok and set(scope.errors) == {"status", "due_after"} and scope.assignments is None
    with pytest.raises(Http404):
        list_export_scope(world.office, q(f"document={world.foreign_document.pk}"))
    with pytest.raises(Http404):
        list_export_scope(world.liaison, q(f"unit={world.other_unit.pk}"))


def test_visible_assignments_takes_a_user_or_its_access(world):
    by_user = set(visible_assignments(world.liaison))
    assert by_user == set(visible_assignments(access_for(world.liaison))) == {world.assignment}


def test_overview_year_filter_ignores_unknown_years(world):
    base = Assignment.objects.all()
    assert OverviewYearFilter(q("year=2019"), queryset=base, years=[2021, 2019]).chosen_year == 2019
    for bad in ("year=2020", "year=x", "year=" + "9" * 50, ""):
        assert OverviewYearFilter(q(bad), queryset=base, years=[2021, 2019]).chosen_year == 2021
    assert OverviewYearFilter(q("year=2021"), queryset=base, years=[]).chosen_year is None


def test_the_overview_page_and_its_export_share_the_year_filter(client, world):
    """The PDF exports the year the page shows; what is not a supported year is the export's 400."""
    from tasks.exports.sources import BadExportRequest, ExportSpec, build_exporter

    year = world.document.year
    shown = OverviewYearFilter.for_jurisdiction(q(f"year={year - 1}"), world.j)
    assert shown.years == [year] and shown.chosen_year == year and shown.is_valid()
    assert set(shown.qs) == set(Assignment.objects.filter(task__document__jurisdiction=world.j))
    for bad in ("x", "99999", "1000"):
        year_filter = OverviewYearFilter.for_jurisdiction(q(f"year={bad}"), world.j)
        assert not year_filter.is_valid() and year_filter.chosen_year == year  # the page: the latest
        spec = ExportSpec("overview", "pdf", query=f"jurisdiction={world.j.pk}&year={bad}")
        with pytest.raises(BadExportRequest, match="year"):
            build_exporter(world.supervisor, spec)
    exporter = build_exporter(world.supervisor, ExportSpec("overview", "pdf", query=f"jurisdiction={world.j.pk}"))
    assert f"{year}年" in exporter.title


def test_review_unit_filter_ignores_other_units():
    units = [(4, "区财政局"), (7, "区民政局")]
    assert ReviewUnitFilter(q("unit=7"), units=units).unit_id == 7
    for bad in ("unit=8", "unit=abc", "unit=", ""):
        assert ReviewUnitFilter(q(bad), units=units).unit_id is None


@pytest.mark.parametrize("params", [{"year": "x"}, {"year": "1" * 40}, {"year": ["2021", "2020"]}])
def test_overview_page_with_odd_years_is_200(world, client, params):
    client.force_login(world.supervisor)
    assert client.get(reverse("portal:jurisdiction_overview", args=[world.j.pk]), params).status_code == 200


@pytest.mark.parametrize("params", [{"status": "x"}, {"light": ["red", "nope"]}, {"document": "abc"},
                                    {"due_after": "2021-99-99"}, {"q": "x" * 500}, {"year": "1" * 40}])
def test_lists_with_odd_filters_are_200(world, client, params):
    client.force_login(world.office)
    for name in ("portal:assignment_list", "portal:assignment_print"):
        assert client.get(reverse(name), params).status_code == 200
    client.force_login(world.liaison)
    assert client.get(reverse("portal:home"), params).status_code == 200


def test_a_hidden_column_stays_hidden_in_that_table_only(world):
    """CellColumn's shallow copy per table: hiding a column (or the checkboxes) in one table
    leaves the class's columns and the next table alone."""
    records = list(Assignment.objects.filter(pk=world.assignment.pk).select_related("task__document", "unit"))
    first = AssignmentTable(records, order_by=None)
    first.columns.hide("unit")
    second = AssignmentTable(records, order_by=None, batch=True)
    assert "unit" not in [c.name for c in first.columns] and "select" not in [c.name for c in first.columns]
    assert [c.name for c in second.columns][:2] == ["select", "light"] and "unit" in [c.name for c in second.columns]
    assert all(column.visible for column in AssignmentTable.base_columns.values())
    assert 'form="ledger-batch"' in second.page_rows[0].html and "form=" not in first.page_rows[0].html


@time_machine.travel(date(2021, 7, 12))
def test_the_overdue_list_is_a_table_of_the_oldest(world, client):
    Assignment.objects.filter(pk=world.assignment.pk).update(due_on=date(2021, 7, 1))
    client.force_login(world.supervisor)
    html = client.get(reverse("portal:overview")).content.decode()
    section = html.split('id="overdue-title"')[1].split("</section>")[0]
    assert world.assignment.get_absolute_url() in section and "2021-07-01" in section
    assert "区财政局 · 1 " in section and world.other_assignment.get_absolute_url() not in section


def test_yes_no_filters_read_yes_and_no_and_leave_the_rows_alone_otherwise(world):
    from tasks.filters import DocumentFilter, UnitFilter
    from units.models import Unit

    world.other_unit.active = False
    world.other_unit.save()
    units = Unit.objects.filter(jurisdiction=world.j)
    assert world.other_unit not in UnitFilter(q("active=yes"), queryset=units).qs
    assert list(UnitFilter(q("active=no"), queryset=units).qs) == [world.other_unit]
    assert set(UnitFilter(q(""), queryset=units).qs) == set(units)
    documents = Document.objects.filter(pk=world.document.pk)
    published = world.document.is_published
    assert list(DocumentFilter(q("published=yes" if published else "published=no"), queryset=documents).qs) == [
        world.document]
    assert not DocumentFilter(q("published=no" if published else "published=yes"), queryset=documents).qs.exists()



def test_the_document_select_is_rendered_from_the_cached_choices_as_django_would(world):
    """The ledger's document select, rendered from documents_in_scope's cached labels, is the
    markup of the field's own queryset choices; a chosen document still filters, one outside the
    scope is refused (an unknown value is ignored)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tasks.forms.widgets import QuickSelect

    access = access_for(world.office)
    filterset = ledger_filterset(access, q(f"document={world.document.pk}"), WINDOW)
    field = filterset.form.fields["document"]
    with CaptureQueriesContext(connection) as queries:
        fast = field.widget.render("document", str(world.document.pk))
    assert not [x for x in queries.captured_queries if "tasks_document" in x["sql"]]
    reference = QuickSelect(attrs=field.widget.attrs, choices=field.choices).render("document", str(world.document.pk))
    assert fast == reference and str(world.document) in fast and " selected" in fast
    assert set(filterset.qs) == set(Assignment.objects.filter(task__document=world.document))
    outside = ledger_filterset(access, q(f"document={world.foreign_document.pk}"), WINDOW)
    assert not outside.is_valid()


def test_a_page_of_rows_reads_what_its_cells_show_in_two_queries(world):
    """page_rows reads only ROW_FIELDS: rendering every cell and card of a page (nested unit
    names included) must not load a deferred field row by row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories

    parent = factories.unit(jurisdiction=world.j, name="区政府办公室")
    world.unit.parent = parent
    world.unit.save()
    request = RequestFactory().get("/")
    request.user = world.office
    visible = visible_assignments(world.office)
    with CaptureQueriesContext(connection) as queries:
        table = assignment_table(visible, WINDOW, request=request, count=2, batch=True)
        rows = table.page_rows
        cards = table.cards()
    assert len(queries.captured_queries) == 2, [q["sql"][:80] for q in queries.captured_queries]
    assert len(rows) == 2 and "区政府办公室" in "".join(row.html for row in rows) and "区政府办公室" in cards
