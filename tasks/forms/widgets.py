"""Form widgets."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString


class QuickSelect(forms.Select):
    """A ``<select>`` rendered in Python.

    Django renders one template per ``<option>`` and builds a dict of attributes for each first;
    the ledger's unit filter alone has a hundred options, and rendering them took longer than all
    of the page's queries. Same markup and the same selection rule as ``forms.Select`` (the first
    option whose value matches, every match when multiple), read from ``choices`` directly; a
    choice list with option groups goes through Django's own rendering (none of our filters has
    one). tests/test_widgets.py compares the two.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # iter() first: list() of a ModelChoiceIterator would ask its len(), a COUNT query.
        choices = list(iter(self.choices))
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = set(self.format_value(value))
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        parts = []
        found = False
        for option_value, label in choices:
            text = "" if option_value is None else str(option_value)
            chosen = text in selected and (self.allow_multiple_selected or not found)
            found = found or chosen
            parts.append(f'<option value="{escape(text)}"{" selected" if chosen else ""}>'
                         f'{conditional_escape(label)}</option>')
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), SafeString("".join(parts)))
