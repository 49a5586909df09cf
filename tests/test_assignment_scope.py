"""Assignment.document / Assignment.jurisdiction (copies of the task's document and its
jurisdiction, read by the jurisdiction-wide aggregates) are kept right by the database's
triggers (migration tasks 0009), whatever writes the rows: save, bulk_create, raw SQL, a task
moved to another document, a document moved to another jurisdiction. Run on SQLite and, with
DATABASE_URL, on PostgreSQL."""

import pytest
from django.db import connection
from django.db.models import F

from tasks.access import access_for, visible_assignments
from tasks.models import Assignment, Document, Task
from tests import factories

pytestmark = pytest.mark.django_db


def stored(pk) -> tuple:
    """What the database holds (not the instance)."""
    return tuple(Assignment.objects.filter(pk=pk).values_list("document_id", "jurisdiction_id").get())


def test_save_sets_the_copies_on_the_instance_and_in_the_database(world):
    a = factories.assignment(task=world.task, unit=factories.unit(jurisdiction=world.j, name="区教育局"))
    assert (a.document_id, a.jurisdiction_id) == (world.document.pk, world.j.pk)
    assert stored(a.pk) == (world.document.pk, world.j.pk)
    assert stored(world.foreign_assignment.pk) == (world.foreign_document.pk, world.other_j.pk)


def test_bulk_create_without_the_copies_gets_them_from_the_database(world):
    unit = factories.unit(jurisdiction=world.j, name="区教育局")
    task = Task.objects.get(pk=world.task.pk)  # its document not loaded: Python cannot fill them
    [a] = Assignment.objects.bulk_create([Assignment(task_id=task.pk, unit=unit)])
    assert stored(a.pk) == (world.document.pk, world.j.pk)


def test_bulk_create_with_wrong_copies_is_corrected(world):
    unit = factories.unit(jurisdiction=world.j, name="区教育局")
    [a] = Assignment.objects.bulk_create([
        Assignment(task=world.task, unit=unit, document_id=world.foreign_document.pk, jurisdiction_id=world.other_j.pk)
    ])
    assert stored(a.pk) == (world.document.pk, world.j.pk)


def test_raw_insert_gets_the_copies(world):
    unit = factories.unit(jurisdiction=world.j, name="区教育局")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO tasks_assignment (task_id, unit_id, role, status, percent, due_provisional, version,"
            " created_at, updated_at) VALUES (%s, %s, 'responsible', 'not_started', 0, %s, 1, %s, %s)",
            [world.task.pk, unit.pk, False, "2026-01-01 00:00:00+00:00", "2026-01-01 00:00:00+00:00"],
        )
    a = Assignment.objects.get(task=world.task, unit=unit)
    assert stored(a.pk) == (world.document.pk, world.j.pk)


def test_raw_update_of_the_copies_is_undone(world):
    Assignment.objects.filter(pk=world.assignment.pk).update(document_id=world.foreign_document.pk,
                                                             jurisdiction_id=world.other_j.pk)
    assert stored(world.assignment.pk) == (world.document.pk, world.j.pk)


def test_assignment_moved_to_another_task_follows_it(world):
    Assignment.objects.filter(pk=world.assignment.pk).update(task_id=world.foreign_assignment.task_id)
    assert stored(world.assignment.pk) == (world.foreign_document.pk, world.other_j.pk)


def test_task_moved_to_another_document_moves_its_assignments(world):
    other_document = factories.document(jurisdiction=world.other_j, doc_number="冠政办发〔2020〕34号")
    Task.objects.filter(pk=world.task.pk).update(document=other_document)
    for a in (world.assignment, world.other_assignment):
        assert stored(a.pk) == (other_document.pk, world.other_j.pk)
    assert stored(world.foreign_assignment.pk) == (world.foreign_document.pk, world.other_j.pk)
    # and through save()
    task = Task.objects.get(pk=world.task.pk)
    task.document = world.document
    task.save()
    assert stored(world.assignment.pk) == (world.document.pk, world.j.pk)


def test_document_moved_to_another_jurisdiction_moves_its_assignments(world):
    Document.objects.filter(pk=world.document.pk).update(jurisdiction=world.other_j)
    for a in (world.assignment, world.other_assignment):
        assert stored(a.pk) == (world.document.pk, world.other_j.pk)
    # The staff of the old jurisdiction no longer read them through the copied column; the new one's do.
    assert not visible_assignments(access_for(world.office)).filter(pk=world.assignment.pk).exists()
    assert visible_assignments(access_for(world.other_office)).filter(pk=world.assignment.pk).exists()
    document = Document.objects.get(pk=world.document.pk)
    document.jurisdiction = world.j
    document.save()
    assert stored(world.assignment.pk) == (world.document.pk, world.j.pk)


def test_every_assignment_matches_its_task(world):
    """The invariant itself, over every row (the fixtures, made through the services)."""
    wrong = Assignment.objects.exclude(document_id=F("task__document_id")) | Assignment.objects.exclude(
        jurisdiction_id=F("task__document__jurisdiction_id"))
    assert Assignment.objects.count() >= 3
    assert not wrong.exists()

