"""A traditional copy of a page keeps its units: they come out in simplified characters."""
from tasks.parsing.annotations import find_annotations, parse_unit_cell
from tasks.parsing.traditional import to_simplified


def test_conversion_keeps_the_length_of_the_text():
    text = "推進政務公開（責任單位：區財政局、各鎮(街)）"
    assert len(to_simplified(text)) == len(text)
    assert to_simplified(text) == "推进政务公开（责任单位：区财政局、各镇(街)）"


def test_a_traditional_annotation_gives_simplified_units_at_the_same_place():
    text = "做好財政信息公開。（牽頭單位：區財政局；配合單位：區稅務局）"
    [note] = find_annotations(text)
    assert [u.name for u in note.units] == ["区财政局", "区税务局"]
    assert text[note.start:note.end].startswith("（牽頭")


def test_a_traditional_unit_cell_drops_its_etc_tail():
    parsed = parse_unit_cell("區發展改革局、區財政局等部門")
    assert [u.name for u in parsed.units][:2] == ["区发展改革局", "区财政局"]
