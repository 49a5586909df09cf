"""Carrying last year's unfinished tasks into this year's document, and the reads behind the review."""

from datetime import date

import pytest
from django.utils import timezone

from tasks.models import Assignment, Light, Role, Section, Status, Task
from tasks.selectors.yearly_review import (
    CARRY_OVER_SECTION_TITLE,
    TASK_DONE,
    TASK_DONE_LATE,
    TASK_OPEN,
    TASK_OVERDUE,
    TASK_UNASSIGNED,
    review_summary,
    review_tasks,
    unfinished_by_unit,
    unit_records_by_year,
)
from tasks.services.carry_over import CarryOverError, carry_over_tasks
from tests import factories
from tests.factories_public import xuecheng_2019


@pytest.fixture
def past(world):
    """world.document is the 2021 document (薛政办发〔2021〕14号); this adds the 2019 one."""
    document, tasks = xuecheng_2019(jurisdiction=world.j, units=[world.unit, world.other_unit])
    world.doc_2019, world.tasks_2019 = document, tasks
    return world


def test_final_state_of_each_task(past):
    states = {task.id: task.state for task in review_tasks(document=past.doc_2019, on=timezone.localdate())}
    t = past.tasks_2019
    assert states == {
        t["on_time"].pk: TASK_DONE, t["late"].pk: TASK_DONE_LATE, t["overdue"].pk: TASK_OVERDUE,
        t["open"].pk: TASK_OPEN, t["unassigned"].pk: TASK_UNASSIGNED,
    }


def test_unfinished_by_unit_lists_not_completed_and_late(past):
    tasks = review_tasks(document=past.doc_2019, on=timezone.localdate())
    rows = {row["name"]: row for row in unfinished_by_unit(tasks)}
    t = past.tasks_2019
    assert [task.id for task in rows["区财政局"]["late"]] == [t["late"].pk]
    assert rows["区财政局"]["not_completed"] == []
    assert [task.id for task in rows["区市场监管局"]["not_completed"]] == [t["overdue"].pk, t["open"].pk]
    assert review_summary(tasks)["unfinished"] == 4


def test_carry_over_copies_tasks_into_the_carry_over_section(past):
    source = past.tasks_2019["overdue"]
    before = past.document.content_changed_at
    [copy] = carry_over_tasks(tasks=[source], target_document=past.document, user=past.office)
    assert copy.document == past.document and copy.origin == source
    assert (copy.text, copy.heading, copy.section_path) == (source.text, source.heading, source.section_path)
    assert copy.section.title == CARRY_OVER_SECTION_TITLE and copy.section.parent is None
    assert copy.due_on is None and copy.deadline_phrase == ""
    units = {(a.unit_id, a.role, a.status, a.due_on) for a in copy.assignments.all()}
    assert units == {(past.unit.pk, Role.LEAD, Status.NOT_STARTED, None),
                     (past.other_unit.pk, Role.RESPONSIBLE, Status.NOT_STARTED, None)}
    past.document.refresh_from_db()
    assert past.document.content_changed_at > before
    # The original is untouched.
    assert Assignment.objects.filter(task=source, status=Status.COMPLETED).count() == 1


def test_second_carry_over_reuses_the_section_and_continues_numbers(past):
    t = past.tasks_2019
    carry_over_tasks(tasks=[t["overdue"]], target_document=past.document, user=past.office)
    [second] = carry_over_tasks(tasks=[t["open"]], target_document=past.document, user=past.office)
    assert Section.objects.filter(document=past.document, title=CARRY_OVER_SECTION_TITLE).count() == 1
    assert second.number == "2"
    assert second.order > past.task.order


def test_refuses_a_task_already_carried_into_that_document_and_writes_nothing(past):
    t = past.tasks_2019
    carry_over_tasks(tasks=[t["overdue"]], target_document=past.document, user=past.office)
    with pytest.raises(CarryOverError, match="already carried"):
        carry_over_tasks(tasks=[t["open"], t["overdue"]], target_document=past.document, user=past.office)
    assert Task.objects.filter(document=past.document, origin=t["open"]).count() == 0


def test_refuses_tasks_of_another_jurisdiction(past):
    foreign_task = past.foreign_assignment.task
    with pytest.raises(CarryOverError, match="another jurisdiction"):
        carry_over_tasks(tasks=[past.tasks_2019["open"], foreign_task], target_document=past.document,
                         user=past.office)
    assert not Task.objects.filter(origin__isnull=False).exists()
    assert not Section.objects.filter(title=CARRY_OVER_SECTION_TITLE).exists()


def test_refuses_tasks_of_the_target_document_itself_and_an_empty_choice(past):
    with pytest.raises(CarryOverError, match="already in"):
        carry_over_tasks(tasks=[past.task], target_document=past.document, user=past.office)
    with pytest.raises(CarryOverError, match="at least one"):
        carry_over_tasks(tasks=[], target_document=past.document, user=past.office)


def test_inactive_units_are_not_assigned_again(past):
    past.other_unit.active = False
    past.other_unit.save()
    [copy] = carry_over_tasks(tasks=[past.tasks_2019["overdue"]], target_document=past.document, user=past.office)
    assert list(copy.assignments.values_list("unit_id", flat=True)) == [past.unit.pk]


def test_carried_copies_show_on_the_original(past):
    carry_over_tasks(tasks=[past.tasks_2019["overdue"]], target_document=past.document, user=past.office)
    tasks = {task.id: task for task in review_tasks(document=past.doc_2019, on=timezone.localdate())}
    [copy] = tasks[past.tasks_2019["overdue"].pk].carried_into
    assert copy.document_label == "薛政办发〔2021〕14号"
    assert review_summary(list(tasks.values()))["carried"] == 1


def test_unit_records_by_year_side_by_side(past):
    Assignment.objects.filter(pk=past.assignment.pk).update(due_on=date(2021, 12, 31))
    Assignment.objects.filter(pk=past.other_assignment.pk).update(
        status=Status.COMPLETED, due_on=date(2021, 12, 31), completed_on=date(2021, 11, 1)
    )
    years, rows = unit_records_by_year(jurisdiction_id=past.j.pk, on=date(2022, 3, 1))
    assert years == [2019, 2021]
    by_name = {row["name"]: row["cells"] for row in rows}
    finance_2019, finance_2021 = by_name["区财政局"]
    # 2019: on time, late, and the overdue task's part done on time → 3 completed, 2 on time, 0 overdue.
    assert (finance_2019.total, finance_2019.completed, finance_2019.on_time, finance_2019.overdue) == (3, 3, 2, 0)
    assert finance_2019.on_time_rate == 67
    assert (finance_2021.total, finance_2021.completed, finance_2021.overdue) == (1, 0, 1)
    assert finance_2021.on_time_rate == 0
    market_2019, market_2021 = by_name["区市场监管局"]
    assert (market_2019.total, market_2019.overdue) == (2, 1)
    assert (market_2021.completed, market_2021.on_time_rate) == (1, 100)
    assert not any(name == "县民政局" for name in by_name)  # another jurisdiction's unit


def test_unit_records_query_count_is_fixed(past, django_assert_num_queries):
    for _ in range(6):
        factories.assignment(task=factories.task(document=past.doc_2019), unit=past.unit)
    with django_assert_num_queries(1):
        unit_records_by_year(jurisdiction_id=past.j.pk, on=date(2022, 1, 1))


def test_light_values_used_for_unit_states(past):
    tasks = {task.id: task for task in review_tasks(document=past.doc_2019, on=date(2022, 1, 1))}
    states = {unit.name: unit.state for unit in tasks[past.tasks_2019["overdue"].pk].units}
    assert states == {"区财政局": Light.DONE, "区市场监管局": Light.RED}
