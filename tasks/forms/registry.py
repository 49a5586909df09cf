"""Forms of the registry pages (units, their other names, merges, collective references).

Fields carry the same limits as the services (units.registry), so a refusal names its limit before
any query runs; the services check again.
"""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from units.models import CollectiveReference, Unit, UnitAlias
from units.registry import (
    MAX_COLLECTIVE_MEMBERS,
    MAX_COLLECTIVE_SPELLINGS,
    MAX_NAME,
    MAX_ORDER,
    MAX_SHORT_NAME,
)


def _label(model, name):
    """The model field's own (translated) name as the form label."""
    return capfirst(model._meta.get_field(name).verbose_name)


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class UnitChoiceField(forms.ModelChoiceField):
    """Units by their full names (their ``str`` is the short name)."""

    def label_from_instance(self, obj):
        return obj.name


class UnitForm(forms.Form):
    name = forms.CharField(label=_label(Unit, "name"), max_length=MAX_NAME)
    short_name = forms.CharField(label=_label(Unit, "short_name"), max_length=MAX_SHORT_NAME, required=False)
    kind = forms.ChoiceField(label=_label(Unit, "kind"), choices=Unit.Kind.choices)
    parent = UnitChoiceField(
        label=_label(Unit, "parent"), queryset=Unit.objects.none(), required=False,
        help_text=_("For a unit inside another, such as 区大数据局 inside 区政府办公室."),
    )
    order = forms.IntegerField(label=_label(Unit, "order"), min_value=0, max_value=MAX_ORDER, initial=0)
    active = forms.BooleanField(label=_label(Unit, "active"), required=False, initial=True)

    def __init__(self, *args, parents=None, with_active=True, **kwargs):
        super().__init__(*args, **kwargs)
        if parents is not None:
            self.fields["parent"].queryset = parents
        if not with_active:
            del self.fields["active"]
        _styled(self)


class AliasForm(forms.Form):
    name = forms.CharField(label=_label(UnitAlias, "name"), max_length=MAX_NAME)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)
        self.fields["name"].widget.attrs["placeholder"] = _("e.g. 区发改局")


class MergeForm(forms.Form):
    target = UnitChoiceField(label=_("Merge into"), queryset=Unit.objects.none())

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if targets is not None:
            self.fields["target"].queryset = targets
        _styled(self)


class BoundedUnitsField(forms.ModelMultipleChoiceField):
    """A list of units refused by its length before the database is asked about it."""

    def label_from_instance(self, obj):
        return obj.name

    def clean(self, value):
        if value and len(value) > MAX_COLLECTIVE_MEMBERS:
            raise forms.ValidationError(
                _("Choose at most %(limit)s member units.") % {"limit": MAX_COLLECTIVE_MEMBERS})
        return super().clean(value)


class CollectiveForm(forms.Form):
    name = forms.CharField(label=_label(CollectiveReference, "name"), max_length=MAX_NAME)
    aliases = forms.CharField(
        label=_label(CollectiveReference, "aliases"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MAX_COLLECTIVE_SPELLINGS * (MAX_NAME + 1),
        help_text=_("One per line, e.g. 各镇〈街〉."),
    )
    rule = forms.ChoiceField(label=_label(CollectiveReference, "rule"), choices=CollectiveReference.Rule.choices)
    is_vague = forms.BooleanField(
        label=_label(CollectiveReference, "is_vague"), required=False,
        help_text=_("A person must choose the units each time it is used."),
    )
    members = BoundedUnitsField(
        label=_label(CollectiveReference, "members"), queryset=Unit.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["members"].queryset = units
        _styled(self)

    def clean_aliases(self):
        lines = [line.strip() for line in (self.cleaned_data.get("aliases") or "").splitlines() if line.strip()]
        if len(lines) > MAX_COLLECTIVE_SPELLINGS:
            raise forms.ValidationError(
                _("At most %(limit)s other spellings.") % {"limit": MAX_COLLECTIVE_SPELLINGS})
        for line in lines:
            if len(line) > MAX_NAME:
                raise forms.ValidationError(
                    _("Each spelling is at most %(limit)s characters.") % {"limit": MAX_NAME})
        return lines
