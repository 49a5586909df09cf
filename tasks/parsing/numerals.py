"""Chinese numerals as they appear in numbering and dates."""

from __future__ import annotations

_DIGITS = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def cn_to_int(text: str) -> int | None:
    """Numerals up to 99 (一, 十, 十九, 二十三) and digit-by-digit numbers (二〇二一); else None."""
    if not text:
        return None
    if "十" not in text:
        value = 0
        for ch in text:
            if ch not in _DIGITS:
                return None
            value = value * 10 + _DIGITS[ch]
        return value
    tens, _sep, ones = text.partition("十")
    if (tens and tens not in _DIGITS) or (ones and ones not in _DIGITS):
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)
