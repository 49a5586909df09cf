"""Geometry for the server-rendered SVG bar charts (templates/tasks/portal/_bar_chart.html)."""

from django.utils.text import Truncator

ROW_HEIGHT = 28
LABEL_WIDTH = 150
BAR_WIDTH = 240
VALUE_WIDTH = 50


def bar_chart(rows, *, label: str, value: str, title: str = "", maximum: int = 100, suffix: str = "%") -> dict:
    """Horizontal bars, one per row: ``row[label]`` on the left, ``row[value]`` as the bar length."""
    bars = []
    for index, row in enumerate(rows):
        amount = row[value] or 0
        full_label = str(row[label] or "—")
        bars.append({
            "y": index * ROW_HEIGHT,
            "text_y": index * ROW_HEIGHT + ROW_HEIGHT // 2 + 5,
            "label": Truncator(full_label).chars(9),
            "full_label": full_label,
            "width": round(BAR_WIDTH * min(amount, maximum) / maximum) if maximum else 0,
            "value": f"{amount}{suffix}",
        })
    return {
        "title": title,
        "bars": bars,
        "height": max(1, len(bars)) * ROW_HEIGHT + 4,
        "label_width": LABEL_WIDTH,
        "bar_x": LABEL_WIDTH + 6,
        "bar_width": BAR_WIDTH,
        "value_x": LABEL_WIDTH + BAR_WIDTH + 12,
        "width": LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH + 12,
        "bar_height": ROW_HEIGHT - 8,
    }
