"""Reporting-period labels in the reader's language.

The deadline resolver (tasks.deadlines.resolve) names each period of a recurring task in Chinese
(2021年第一季度, 2021年3月, 2021年上半年, 2021年度) and ReportingPeriod stores that text; the
stored data stays as it is. At display the label is read back into its parts and written again
through gettext, so the English interface shows "Q1 2021" or "March 2021". The Chinese interface
shows the stored label itself; a label of any other shape is shown unchanged.
"""

from __future__ import annotations

import re

from django.utils.dates import MONTHS
from django.utils.translation import get_language
from django.utils.translation import gettext as _

_CN_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}
_QUARTER = re.compile(r"^(\d{4})年第([一二三四])季度$")
_MONTH = re.compile(r"^(\d{4})年(\d{1,2})月$")
_HALF = re.compile(r"^(\d{4})年([上下])半年$")
_YEAR = re.compile(r"^(\d{4})年度$")
_TEN_DAYS = re.compile(r"^(\d{4})年(\d{1,2})月([上中下])旬$")


def period_label_display(label: str) -> str:
    """``label`` (as stored) in the active language."""
    if not label or (get_language() or "").lower().startswith("zh"):
        return label
    if match := _QUARTER.match(label):
        return _("Q%(quarter)s %(year)s") % {"quarter": _CN_QUARTERS[match[2]], "year": match[1]}
    if (match := _MONTH.match(label)) and 1 <= int(match[2]) <= 12:
        return _("%(month)s %(year)s") % {"month": MONTHS[int(match[2])], "year": match[1]}
    if match := _HALF.match(label):
        if match[2] == "上":
            return _("First half of %(year)s") % {"year": match[1]}
        return _("Second half of %(year)s") % {"year": match[1]}
    if (match := _TEN_DAYS.match(label)) and 1 <= int(match[2]) <= 12:
        values = {"month": MONTHS[int(match[2])], "year": match[1]}
        if match[3] == "上":
            return _("Early %(month)s %(year)s") % values
        if match[3] == "中":
            return _("Mid-%(month)s %(year)s") % values
        return _("Late %(month)s %(year)s") % values
    if match := _YEAR.match(label):
        return _("Year %(year)s") % {"year": match[1]}
    return label
