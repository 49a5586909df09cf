"""``{{ name|viewable_inline }}``: whether an attachment of this name may be shown in the page (tasks.views.files)."""

from django import template

from tasks.views.files import can_view_inline

register = template.Library()


@register.filter
def viewable_inline(name: str) -> bool:
    return can_view_inline(name)
