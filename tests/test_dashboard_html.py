"""The dashboards' rows rendered in Python (tasks.views.dashboard_html) give the markup the template
loops they replaced gave, for the same rows: same elements, attributes and text, values escaped;
the assignment table's phone cards (AssignmentTable.cards) likewise."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.test.html import parse_html
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.access import visible_assignments
from tasks.models import Assignment
from tasks.selectors.assignments import LightWindow
from tasks.tables import assignment_table
from tasks.views import dashboard_html
from tasks.views.portal_charts import bar_chart

# The loops as the templates had them before the rows moved to Python.
RANKING_LOOP = """{% for row in board.ranking %}
<tr data-unit="{{ row.unit__name }}"><td>{% if board.ranked %}{{ forloop.counter }}{% else %}—{% endif %}</td><td class="text-nowrap"><a href="{% url 'portal:unit_detail' row.unit_id %}">{{ row.unit__short_name|default:row.unit__name }}</a></td><td class="text-end">{{ row.total }}</td><td class="text-end">{{ row.on_time_rate }}%</td><td class="text-end" data-testid="unit-rate">{{ row.rate }}%</td><td class="text-end" data-testid="unit-progress">{{ row.progress }}%</td><td class="text-end">{% if row.overdue %}<span class="text-danger">{{ row.overdue }}</span>{% else %}0{% endif %}</td></tr>
{% endfor %}"""
DOCUMENT_LOOP = """{% for row in rows %}
<tr data-document="{{ row.id }}"><th scope="row" class="fw-normal"><a href="{% url 'portal:document_detail' row.id %}" title="{{ row.title }}">{{ row.label|truncatechars:40 }}</a></th>
  <td class="text-end">{{ row.total }}</td>
  <td class="text-end">{% if row.overdue %}<span class="text-danger">{{ row.overdue }}</span>{% else %}0{% endif %}</td>
  <td><div class="progress" role="progressbar" aria-valuenow="{{ row.rate }}" aria-valuemin="0" aria-valuemax="100"><div class="progress-bar" style="width: {{ row.rate }}%" data-testid="document-rate">{{ row.rate }}%</div></div></td></tr>
{% endfor %}"""
BARS_LOOP = """{% for bar in chart.bars %}
<g>
  <title>{{ bar.full_label }}: {{ bar.value }}</title>
  <text x="{{ chart.label_width }}" y="{{ bar.text_y }}" text-anchor="end" class="bar-label">{{ bar.label }}</text>
  <rect x="{{ chart.bar_x }}" y="{{ bar.y|add:4 }}" width="{{ chart.bar_width }}" height="{{ chart.bar_height }}" class="bar-track"></rect>
  <rect x="{{ chart.bar_x }}" y="{{ bar.y|add:4 }}" width="{{ bar.width }}" height="{{ chart.bar_height }}" class="bar-fill"></rect>
  <text x="{{ chart.value_x }}" y="{{ bar.text_y }}" class="bar-value">{{ bar.value }}</text>
</g>
{% endfor %}"""
MATRIX_HEADERS_LOOP = """{% for s in matrix.sections %}{% if matrix.kind == "document" %}<th scope="col" class="text-center" title="{{ s.title }}"><a href="{% url 'portal:document_detail' s.id %}">{{ s.label|truncatechars:14 }}</a></th>{% else %}<th scope="col" class="text-center" title="{{ s.label }}{{ s.title }}">{{ s.label }}</th>{% endif %}{% endfor %}"""
MATRIX_ROWS_LOOP = """{% for row in matrix.rows %}
<tr><th scope="row" class="matrix-unit text-nowrap"><a href="{% url 'portal:unit_detail' row.unit_id %}">{{ row.name }}</a></th>
{% for cell in row.cells %}<td class="text-center">{% if cell %}<span title="{{ cell.done }}/{{ cell.total }}">{% include "tasks/portal/_light.html" with light=cell.light %}</span>{% endif %}</td>{% endfor %}</tr>
{% endfor %}"""

NASTY = ["区财政局", "<b>区\"商务\"局</b> & 'x'", "一个很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长的名字", "—", "a b"]
LIGHTS = ["red", "yellow", "green", "grey", "done", "done_late"]


def old(source: str, **context) -> str:
    return Template("{% load i18n %}" + source).render(Context(context))


def same(a: str, b: str) -> bool:
    return parse_html(a) == parse_html(b)


def unit_row(i: int, name: str, *, short: str = "", overdue: int = 0) -> dict:
    return {"unit_id": i, "unit__name": name, "unit__short_name": short, "total": 10 + i, "on_time_rate": i % 101,
            "rate": (3 * i) % 101, "progress": (7 * i) % 101, "overdue": overdue}


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize("ranked", [True, False])
def test_ranking_rows_as_the_template_loop(ranked):
    board = {"ranked": ranked, "ranking": [unit_row(i, name, short="简称" if i % 2 else "", overdue=i % 3)
                                           for i, name in enumerate(NASTY, start=1)]}
    new = str(dashboard_html.ranking_rows(board))
    assert same(new, old(RANKING_LOOP, board=board))
    assert "<b>" not in new and "&lt;b&gt;" in new


def test_document_rows_as_the_template_loop():
    rows = [{"id": i, "title": name if i % 2 else "", "label": name, "total": 5 * i, "overdue": i % 2,
             "rate": (11 * i) % 101} for i, name in enumerate(NASTY, start=1)]
    assert same(str(dashboard_html.document_rows(rows)), old(DOCUMENT_LOOP, rows=rows))


def test_chart_bars_as_the_template_loop():
    chart = bar_chart([{"name": name, "rate": (13 * i) % 130} for i, name in enumerate(NASTY)], label="name",
                      value="rate")
    assert same(str(dashboard_html.chart_bars(chart)), old(BARS_LOOP, chart=chart))


@pytest.mark.parametrize("kind", ["document", "section"])
def test_matrix_as_the_template_loop(kind):
    sections = [{"id": i, "label": name, "title": name[::-1]} for i, name in enumerate(NASTY, start=1)]
    rows = [{"unit_id": u, "name": NASTY[u % len(NASTY)],
             "cells": [None if (u + c) % 4 == 0 else {"light": LIGHTS[(u + c) % 6], "done": c, "total": c + u}
                       for c in range(len(sections))]} for u in range(1, 7)]
    matrix = {"kind": kind, "sections": sections, "rows": rows}
    assert same(str(dashboard_html.matrix_headers(matrix)), old(MATRIX_HEADERS_LOOP, matrix=matrix))
    assert same(str(dashboard_html.matrix_rows(matrix)), old(MATRIX_ROWS_LOOP, matrix=matrix))


def test_url_for_gives_reverse():
    from django.urls import reverse

    make = dashboard_html.url_for("portal:unit_detail")
    for pk in (1, 9, 123456789, 987654321):
        assert make(pk) == reverse("portal:unit_detail", args=[pk])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.text(min_size=1, max_size=50), min_size=1, max_size=6),
       numbers=st.lists(st.integers(min_value=0, max_value=10_000), min_size=6, max_size=6))
def test_any_names_render_as_the_template_would(names, numbers):
    board = {"ranked": bool(numbers[0] % 2),
             "ranking": [dict(unit_row(i, name, short=name[:3] if numbers[1] % 2 else ""), total=numbers[2],
                              overdue=numbers[3]) for i, name in enumerate(names, start=1)]}
    assert same(str(dashboard_html.ranking_rows(board)), old(RANKING_LOOP, board=board))
    rows = [{"id": i, "title": name, "label": name, "total": numbers[4], "overdue": numbers[5], "rate": 50}
            for i, name in enumerate(names, start=1)]
    assert same(str(dashboard_html.document_rows(rows)), old(DOCUMENT_LOOP, rows=rows))


# The phone cards' loop as _assignment_list.html had it before AssignmentTable.cards.
CARDS_LOOP = """{% load i18n %}{% for row in table.page_rows %}{% with a=row.record cells=row.cells %}
  <li class="card mb-2"><div class="card-body p-2">
    <div class="d-flex gap-2 align-items-start">
      {% if batch %}<input class="form-check-input mt-1 select-box" type="checkbox" name="assignments" value="{{ a.pk }}" form="ledger-batch" data-select-row="assignments" aria-label="{% translate 'Select' %} {{ cells.title }}">{% endif %}
      <span class="pt-1">{{ cells.light }}</span>
      <div class="flex-grow-1 min-w-0">
        <a class="fw-semibold d-block text-break" href="{{ cells.url }}">{{ cells.title }}</a>
        <div class="small text-muted text-break">{{ cells.document }}{% if not hide_unit %} · {{ cells.unit }}{% endif %}</div>
        <div class="small d-flex flex-wrap gap-2 mt-1">
          <span>{% translate "Due" %} {{ cells.due_on }}</span>
          <span class="badge text-bg-light border">{{ cells.status }}</span>
          <span>{{ a.percent }}%</span>
        </div>
      </div>
    </div>
  </div></li>
  {% endwith %}{% endfor %}"""


@pytest.mark.parametrize("batch", [True, False])
@pytest.mark.parametrize("hide_unit", [True, False])
def test_the_phone_cards_are_the_template_loop_s(db, world, batch, hide_unit):
    window = LightWindow(today=date(2021, 7, 12), soon_until=date(2021, 7, 19))
    Assignment.objects.filter(pk=world.assignment.pk).update(due_on=date(2021, 7, 1), due_provisional=True)
    world.assignment.task.__class__.objects.filter(pk=world.assignment.task_id).update(heading='<b>"公开"</b> & 落实')
    request = RequestFactory().get("/")
    table = assignment_table(visible_assignments(world.office), window, request=request, count=3, batch=batch)
    expected = Template(CARDS_LOOP).render(Context({"table": table, "batch": batch, "hide_unit": hide_unit}))
    cards = str(table.cards(hide_unit=hide_unit))
    assert len(table.page_rows) >= 2 and parse_html(cards) == parse_html(expected)
    assert "&lt;b&gt;" in cards and ('name="assignments"' in cards) == batch
