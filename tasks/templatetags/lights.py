"""``{{ light|light_words }}``: a signal light's words, from the Light choices' labels."""

from django import template

from tasks.models.choices import light_words as _light_words

register = template.Library()


@register.filter
def light_words(light: str) -> str:
    return _light_words(light)
