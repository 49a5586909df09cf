"""The lists' filters, built on django-filter: one FilterSet per list, used by its page and by
its export (tasks.exports.scopes.list_export_scope), filtering inside a selector
(tasks.selectors.lists).

The assignment lists (home, ledger, unit page) filter by light inside the FilterSet
(``filter_light``, over the light computed in SQL). The light counts of a page are taken over the
same filters without the light (``qs_without("light")``), so that they describe every light
within the other filters and give the table's row count without a second COUNT.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from tasks.bounds import SUPPORTED_YEARS
from tasks.forms.widgets import QuickSelect
from tasks.models import Assignment, Document, Light, Status
from tasks.selectors.assignments import LightWindow, light_expression
from units.models import Jurisdiction, Unit, UnitAlias

EMPTY_CHOICE = ("", "---------")  # django-filter's empty label, as the single-valued filters show it


class QuickSelectValues(QuickSelect):
    """One ``<select>`` on the page that reads every value the query string gives
    (``?status=submitted&status=returned``, as exports and links may ask)."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)


def _style(form, placeholder) -> None:
    for name, field in form.fields.items():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", f"{css} {css}-sm")
        if name == "q":
            field.widget.attrs.setdefault("placeholder", placeholder)


def cleaned_query(params, *, aliases: dict | None = None) -> QueryDict | None:
    """``params`` without empty values (``?status=&q=`` from an untouched form), with each alias
    renamed to its parameter unless that one is given too; ``None`` when nothing is left, so that
    the FilterSet stays unbound."""
    if params is None:
        return None
    data = QueryDict(mutable=True)
    aliases = aliases or {}
    for name, values in params.lists():
        values = [v for v in values if v.strip()]
        target = aliases.get(name, name)
        if values and not (target != name and params.getlist(target)):
            data.setlist(target, data.getlist(target) + values)
    return data or None


class AssignmentFilter(django_filters.FilterSet):
    """The liaison home's and a unit page's filters; the ledger adds unit and jurisdiction."""

    # Old names of the due-date parameters, still accepted: the list export documented them
    # (``?due_from=&due_to=``) before it took this FilterSet.
    ALIASES = {"due_from": "due_after", "due_to": "due_before"}
    # Parameters of the page that are not filters.
    NOT_FILTERS = ("page", "sort")

    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=200)
    document = django_filters.ModelChoiceFilter(
        label=_("Document"), field_name="document", queryset=Document.objects.none(), widget=QuickSelect
    )
    year = django_filters.ChoiceFilter(label=_("Year"), field_name="task__document__year", choices=[],
                                       widget=QuickSelect)
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=[EMPTY_CHOICE, *Status.choices],
                                                 method="filter_status", widget=QuickSelectValues)
    light = django_filters.MultipleChoiceFilter(label=_("Light"), choices=[EMPTY_CHOICE, *Light.choices],
                                                method="filter_light", widget=QuickSelectValues)
    due_after = django_filters.DateFilter(
        label=_("Due from"), field_name="due_on", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    due_before = django_filters.DateFilter(
        label=_("Due until"), field_name="due_on", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data=None, *args, window: LightWindow | None = None, documents=None, years=(),
                 jurisdictions=None, units=None, **kwargs):
        super().__init__(cleaned_query(data, aliases=self.ALIASES), *args, **kwargs)
        self.window = window or LightWindow.now()
        querysets = {"document": documents, "jurisdiction": jurisdictions, "unit": units}
        for name, queryset in querysets.items():
            if name in self.filters and queryset is not None:
                self.filters[name].queryset = queryset
        self.filters["year"].extra["choices"] = [(y, y) for y in years]
        _style(self.form, _("Task, document or unit"))  # the form is built here, after the querysets

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(task__text__icontains=value)
            | Q(task__heading__icontains=value)
            | Q(task__number=value)
            | Q(task__document__title__icontains=value)
            | Q(task__document__doc_number__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__short_name__icontains=value)
        )

    def filter_status(self, queryset, name, values):
        values = [v for v in values if v]
        return queryset.filter(status__in=values) if values else queryset

    def filter_light(self, queryset, name, values):
        values = [v for v in values if v]
        if not values:
            return queryset
        # An alias of its own: the rows' selectors annotate ``light`` again afterwards.
        return queryset.alias(filter_light=light_expression(self.window)).filter(filter_light__in=values)

    def qs_without(self, *names: str):
        """The queryset with every valid filter applied except ``names`` (the base when invalid)."""
        queryset = self.queryset.all()
        if not (self.is_bound and self.is_valid()):
            return queryset
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def selected_lights(self) -> tuple[str, ...]:
        if not (self.is_bound and self.is_valid()):
            return ()
        return tuple(v for v in self.form.cleaned_data.get("light") or () if v)

    @property
    def selected_light(self) -> str:
        """The light the page's stat cards mark (the first one asked for)."""
        lights = self.selected_lights
        return lights[0] if lights else ""

    def cache_key(self, *, without=()) -> tuple:
        """The filters as a cache key part: the bound (cleaned-up) parameters, page and sort left out."""
        if not self.is_bound:
            return ()
        skip = (*self.NOT_FILTERS, *without)
        return tuple(sorted((k, tuple(v)) for k, v in self.data.lists() if k not in skip))


class LedgerFilter(AssignmentFilter):
    """The office / supervisor ledger (and its print view and export): plus unit and jurisdiction."""

    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"), field_name="jurisdiction", queryset=Jurisdiction.objects.none(),
        widget=QuickSelect,
    )
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=Unit.objects.none(), widget=QuickSelect)

    # Fields whose ids go through access: an id outside the user's choices is an outsider's.
    OBJECT_FIELDS = ("document", "unit", "jurisdiction")


class YesNoFilter(django_filters.ChoiceFilter):
    """``?name=yes`` / ``?name=no`` over a boolean field (``yes`` and ``no`` are the choices'
    labels); without a value the rows are left alone."""

    def __init__(self, *, yes, no, **kwargs):
        super().__init__(choices=[("yes", yes), ("no", no)], widget=QuickSelect, **kwargs)

    def filter(self, qs, value):
        return qs.filter(**{self.field_name: value == "yes"}) if value in ("yes", "no") else qs


class UnitFilter(django_filters.FilterSet):
    """The registry's unit list: a search over names and aliases, the kind, active or not."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=100)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Unit.Kind.choices, widget=QuickSelect)
    active = YesNoFilter(label=_("In use"), field_name="active", yes=_("Active units"), no=_("Inactive units"))

    class Meta:
        model = Unit
        fields = ["q", "kind", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self.form, _("Name, short name or other name"))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        aliased = UnitAlias.objects.filter(name__icontains=value).values("unit_id")
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(pk__in=aliased))


class DocumentFilter(django_filters.FilterSet):
    """The portal's document list: a search over title, 文号 and issuer, the year, published or not."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=100)
    year = django_filters.ChoiceFilter(label=_("Year"), field_name="year", choices=[], widget=QuickSelect)
    published = YesNoFilter(label=_("Public"), field_name="is_published", yes=_("published"), no=_("not published"))

    class Meta:
        model = Document
        fields = ["q", "year", "published"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(y, y) for y in years]
        _style(self.form, _("Title, document number or issuer"))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(doc_number__icontains=value) | Q(issuer__icontains=value)
        )


class YearNumberFilter(django_filters.Filter):
    field_class = forms.IntegerField


class OverviewYearFilter(django_filters.FilterSet):
    """A jurisdiction's overview, its page and its PDF (``tasks.exports.sources``): ``?year=`` one of
    the years of its documents, latest first. The page always shows one year: without ``?year=``,
    with a year it has no document in, or with a value that is not a supported year
    (``bounds.SUPPORTED_YEARS``), the latest is shown. ``errors`` names a value that is not a
    supported year: the export answers it with 400, the page ignores it."""

    year = YearNumberFilter(label=_("Year"), min_value=SUPPORTED_YEARS.start, max_value=SUPPORTED_YEARS.stop - 1)

    class Meta:
        model = Assignment
        fields = ["year"]

    def __init__(self, data=None, queryset=None, *, years=(), **kwargs):
        super().__init__(data if data is not None else QueryDict(), queryset=queryset, **kwargs)
        self.years = [int(y) for y in years]

    @classmethod
    def for_jurisdiction(cls, data, jurisdiction) -> "OverviewYearFilter":
        """Over the jurisdiction's assignments, with the years of its documents."""
        years = (Document.objects.filter(jurisdiction=jurisdiction, year__isnull=False)
                 .order_by("-year").values_list("year", flat=True).distinct())
        return cls(data, queryset=Assignment.objects.filter(jurisdiction=jurisdiction),
                   years=list(years))

    @property
    def chosen_year(self) -> int | None:
        wanted = self.form.cleaned_data.get("year") if self.is_valid() else None
        if wanted in self.years:
            return wanted
        return self.years[0] if self.years else None

    def filter_queryset(self, queryset):
        year = self.chosen_year
        return queryset.filter(task__document__year=year) if year is not None else queryset


class ReviewUnitFilter(django_filters.FilterSet):
    """回头看 of one document: ``?unit=`` narrows its unfinished tasks to one of the units that left
    some unfinished or late (the page's links). Any other value is ignored: all units are shown."""

    unit = django_filters.ChoiceFilter(label=_("Unit"), choices=[], method="filter_unit")

    class Meta:
        model = Unit
        fields = ["unit"]

    def __init__(self, data=None, *, units=(), **kwargs):
        """``units``: ``(unit id, name)`` pairs, as ``selectors.yearly_review.unfinished_by_unit`` lists them."""
        super().__init__(cleaned_query(data), queryset=Unit.objects.none(), **kwargs)
        self.filters["unit"].extra["choices"] = [(str(pk), name) for pk, name in units]

    def filter_unit(self, queryset, name, value):
        return queryset  # the review's tasks are a list, filtered by the view with ``unit_id``

    @property
    def unit_id(self) -> int | None:
        if not (self.is_bound and self.is_valid()) or not self.form.cleaned_data.get("unit"):
            return None
        return int(self.form.cleaned_data["unit"])
