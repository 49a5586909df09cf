"""Database constraints for the rules that must never break."""

import pytest
from django.db import IntegrityError, transaction

from tasks.models import Assignment, Document, ProgressReport
from tests import factories
from units.models import JurisdictionRole, Membership


def test_second_assignment_of_same_unit_to_task_is_refused(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(task=world.task, unit=world.unit)


def test_same_unit_may_be_assigned_to_different_tasks(world):
    other_task = factories.task(document=world.document)
    Assignment.objects.create(task=other_task, unit=world.unit)
    assert Assignment.objects.filter(unit=world.unit).count() == 2


@pytest.mark.parametrize("percent", [101, 120])
def test_assignment_percent_over_100_is_refused(world, percent):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.filter(pk=world.assignment.pk).update(percent=percent)


def test_report_percent_of_120_is_refused(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.report(assignment=world.assignment, author=world.liaison, percent=120)


def test_report_percent_100_is_accepted(world):
    report = factories.report(assignment=world.assignment, author=world.liaison, percent=100)
    assert ProgressReport.objects.get(pk=report.pk).percent == 100


def test_one_membership_per_user_and_unit(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=world.liaison, unit=world.unit)


def test_one_role_per_user_and_jurisdiction(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        JurisdictionRole.objects.create(user=world.office, jurisdiction=world.j, role="supervisor")


def test_doc_number_unique_within_jurisdiction(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.document(jurisdiction=world.j, doc_number=world.document.doc_number)


def test_same_doc_number_allowed_in_another_jurisdiction(world):
    factories.document(jurisdiction=world.other_j, doc_number=world.document.doc_number)
    assert Document.objects.filter(doc_number=world.document.doc_number).count() == 2


def test_documents_without_doc_number_do_not_collide(world):
    factories.document(jurisdiction=world.j, doc_number="")
    factories.document(jurisdiction=world.j, doc_number="")
    assert Document.objects.filter(jurisdiction=world.j, doc_number="").count() == 2


def test_history_is_kept_for_assignment_changes(world):
    world.assignment.percent = 40
    world.assignment.save()
    assert world.assignment.history.count() == 2
    assert world.assignment.history.first().percent == 40
