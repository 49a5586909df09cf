"""``{% upload_limit_attrs %}``: the upload limit's data attributes, for file inputs written by hand."""

from django import template
from django.utils.html import format_html_join

from tasks.upload_limits import upload_limit_attrs as _attrs

register = template.Library()


@register.simple_tag
def upload_limit_attrs():
    return format_html_join(" ", '{}="{}"', _attrs().items())
