"""Cell sanitising: no text becomes a formula, no character Excel rejects survives (no database)."""

import pytest

from tasks.exports.safe import MAX_CELL_CHARS, clean_text, safe_cell


@pytest.mark.parametrize(
    "text", ["=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "=", "=1+1"]
)
def test_formula_like_text_gets_a_quote_prefix(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["做好政策解读。", "a=1", " =1", "'quoted", "", "2021-07-01"])
def test_ordinary_text_is_unchanged(text):
    assert safe_cell(text) == text


def test_numbers_and_none_pass_through():
    assert safe_cell(-3) == -3
    assert safe_cell(None) is None


def test_control_characters_are_removed_but_tab_and_newlines_kept():
    assert clean_text("公开\x00\x01\x08\x0b\x0c\x1f。\t\n\r") == "公开。\t\n\r"


def test_removing_a_control_character_cannot_uncover_a_formula():
    assert safe_cell("\x01=1") == "'=1"


def test_overlong_text_is_cut_to_one_cell():
    value = clean_text("公" * (MAX_CELL_CHARS + 10))
    assert len(value) == MAX_CELL_CHARS and value.endswith("…")
