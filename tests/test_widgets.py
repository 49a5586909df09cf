"""QuickSelect (tasks.forms.widgets) renders what Django's Select renders, faster: same options,
same selection, values and labels escaped; grouped choices fall back to Django's rendering."""

from django import forms
from django.test.html import parse_html
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.filters import QuickSelectValues
from tasks.forms.widgets import QuickSelect

CHOICES = [("", "---------"), ("1", "区财政局"), (2, "<b>区\"商务\"局</b> & 'x'"), ("1", "重复的值"), (None, "无")]


def both(choices, value, *, multiple=False, attrs=None):
    if multiple:
        class Multiple(QuickSelect):
            allow_multiple_selected = True

        quick, django = Multiple(choices=choices), forms.SelectMultiple(choices=choices)
    else:
        quick, django = QuickSelect(choices=choices), forms.Select(choices=choices)
    return quick.render("unit", value, attrs), django.render("unit", value, attrs)


def test_the_same_select_as_django():
    for value in (None, "", "1", 2, "2", "9", "<b>"):
        quick, django = both(CHOICES, value, attrs={"id": "id_unit", "class": "form-select"})
        assert parse_html(quick) == parse_html(django), value
    quick, _ = both(CHOICES, "1")
    assert quick.count(" selected") == 1  # the first match only, as Django selects
    assert "&lt;b&gt;" in quick and "<b>" not in quick


def test_several_values_select_each_match():
    for value in (["1", "2"], [], ["", None], ["9"]):
        quick, django = both(CHOICES, value, multiple=True)
        assert parse_html(quick) == parse_html(django), value
    assert both(CHOICES, ["1"], multiple=True)[0].count(" selected") == 2


def test_the_filters_widget_that_reads_every_value_is_single_select_markup():
    widget = QuickSelectValues(choices=CHOICES)
    html = widget.render("status", ["1", "2"])
    assert "multiple" not in html and html.count(" selected") == 1


def test_safe_labels_are_not_escaped_twice_and_groups_fall_back():
    choices = [("a", mark_safe("甲&amp;乙")), ("b", "丙")]
    assert parse_html(both(choices, "a")[0]) == parse_html(both(choices, "a")[1])
    grouped = [("组一", [("a", "甲"), ("b", "乙")]), ("c", "丙")]
    quick, django = both(grouped, "b")
    assert parse_html(quick) == parse_html(django) and "<optgroup" in quick


@settings(max_examples=80, deadline=None)
@given(choices=st.lists(st.tuples(st.one_of(st.text(max_size=8), st.integers(0, 99), st.none()),
                                  st.text(max_size=20)), max_size=8),
       value=st.one_of(st.none(), st.text(max_size=8), st.integers(0, 99)))
def test_any_choices_render_as_django_renders_them(choices, value):
    quick, django = both(choices, value)
    assert parse_html(quick) == parse_html(django)


def test_model_choices_are_read_in_one_query(django_assert_num_queries, world):
    field = forms.ModelChoiceField(queryset=type(world.unit).objects.all(), widget=QuickSelect)
    with django_assert_num_queries(1):
        html = field.widget.render("unit", world.unit.pk)
    assert f'value="{world.unit.pk}" selected' in html
