"""Form widgets."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class QuickSelect(forms.Select):
    """A ``<select>`` rendered in Python.

    Django renders one template per ``<option>``; the ledger's unit filter alone has a hundred
    options, and rendering them took longer than all of the page's queries. Same markup, no
    option groups (none of our filters use them).
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((option["value"] if option["value"] is not None else "", flatatt(option["attrs"]), option["label"])
             for _group, choices, _index in widget["optgroups"] for option in choices),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)
