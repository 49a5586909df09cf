"""The nested-unit rule (units/display.py), the one home every page and export calls."""

from units.display import nested_unit_name


def test_unit_without_parent_shows_short_name_else_full_name():
    assert nested_unit_name("区发展和改革局", "区发改局") == "区发改局"
    assert nested_unit_name("区发展和改革局", "") == "区发展和改革局"


def test_unit_inside_another_nests_under_parent_short_else_full_name():
    assert nested_unit_name("区大数据局", "", "区政府办公室", "区府办") == "区府办〈区大数据局〉"
    assert nested_unit_name("区大数据局", "大数据局", "区政府办公室", "") == "区政府办公室〈大数据局〉"
    assert nested_unit_name("区大数据局", "大数据局", "区政府办公室", None) == "区政府办公室〈大数据局〉"
