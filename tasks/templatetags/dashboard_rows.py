"""``{{ board|ranking_rows }}``, ``{{ rows|document_rows }}``, ``{{ chart|chart_bars }}``,
``{{ matrix|matrix_headers }}`` and ``{{ matrix|matrix_rows }}``: the dashboards' repeated rows,
rendered in Python (tasks.views.dashboard_html says why); ``{{ table|assignment_cards }}`` (or
``:"hide_unit"``): an assignment table's phone cards (``AssignmentTable.cards``)."""

from django import template

from tasks.views import dashboard_html

register = template.Library()

for _name in ("ranking_rows", "document_rows", "chart_bars", "matrix_headers", "matrix_rows"):
    register.filter(_name, getattr(dashboard_html, _name), is_safe=True)


@register.filter(is_safe=True)
def assignment_cards(table, hide: str = ""):
    return table.cards(hide_unit=hide == "hide_unit")
