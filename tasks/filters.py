"""Filters of the assignment lists (home, ledger, unit page), built on django-filter.

The ``light`` filter is declared here so that it appears in the form and is validated, but it is
applied by the view *after* the light counts are taken: the counts then describe every light
within the other filters, and the table's row count is read from them instead of a second COUNT.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tasks.forms.widgets import QuickSelect
from tasks.models import Document, Light, Status
from units.models import Jurisdiction, Unit, UnitAlias


class AssignmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    document = django_filters.ModelChoiceFilter(
        label=_("Document"), field_name="task__document", queryset=Document.objects.none(), widget=QuickSelect
    )
    year = django_filters.ChoiceFilter(label=_("Year"), field_name="task__document__year", choices=[],
                                       widget=QuickSelect)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, widget=QuickSelect)
    light = django_filters.ChoiceFilter(label=_("Light"), choices=Light.choices, method="filter_light",
                                        widget=QuickSelect)
    due_after = django_filters.DateFilter(
        label=_("Due from"), field_name="due_on", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    due_before = django_filters.DateFilter(
        label=_("Due until"), field_name="due_on", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, documents=None, years=(), jurisdictions=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        querysets = {"document": documents, "jurisdiction": jurisdictions, "unit": units}
        for name, queryset in querysets.items():
            if name in self.filters:
                self.filters[name].queryset = queryset if queryset is not None else self.filters[name].queryset
        self.filters["year"].extra["choices"] = [(y, y) for y in years]
        for name, field in self.form.fields.items():  # the form is built here, after the querysets
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", f"{css} {css}-sm")
            if name == "q":
                field.widget.attrs.setdefault("placeholder", _("Task, document or unit"))

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

    def filter_light(self, queryset, name, value):
        return queryset  # applied by the view after counting; see the module docstring

    @property
    def selected_light(self) -> str:
        return self.form.cleaned_data.get("light") or "" if self.is_valid() else ""


class LedgerFilter(AssignmentFilter):
    """The office / supervisor ledger: the same filters plus unit and jurisdiction."""

    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"), field_name="task__document__jurisdiction", queryset=Jurisdiction.objects.none(),
        widget=QuickSelect,
    )
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=Unit.objects.none(), widget=QuickSelect)


class UnitFilter(django_filters.FilterSet):
    """The registry's unit list: a search over names and aliases, the kind, active or not."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=100)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Unit.Kind.choices, widget=QuickSelect)
    active = django_filters.ChoiceFilter(
        label=_("In use"), method="filter_active", widget=QuickSelect,
        choices=[("yes", _("Active units")), ("no", _("Inactive units"))],
    )

    class Meta:
        model = Unit
        fields = ["q", "kind", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", f"{css} {css}-sm")
            if name == "q":
                field.widget.attrs.setdefault("placeholder", _("Name, short name or other name"))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        aliased = UnitAlias.objects.filter(name__icontains=value).values("unit_id")
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(pk__in=aliased))

    def filter_active(self, queryset, name, value):
        return queryset.filter(active=value == "yes") if value in ("yes", "no") else queryset


class DocumentFilter(django_filters.FilterSet):
    """The portal's document list: a search over title, 文号 and issuer, the year, published or not."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=100)
    year = django_filters.ChoiceFilter(label=_("Year"), field_name="year", choices=[], widget=QuickSelect)
    published = django_filters.ChoiceFilter(
        label=_("Public"), method="filter_published", widget=QuickSelect,
        choices=[("yes", _("published")), ("no", _("not published"))],
    )

    class Meta:
        model = Document
        fields = ["q", "year", "published"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(y, y) for y in years]
        for name, field in self.form.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", f"{css} {css}-sm")
            if name == "q":
                field.widget.attrs.setdefault("placeholder", _("Title, document number or issuer"))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(doc_number__icontains=value) | Q(issuer__icontains=value)
        )

    def filter_published(self, queryset, name, value):
        return queryset.filter(is_published=value == "yes") if value in ("yes", "no") else queryset
