"""Shared fixtures: a small world with two jurisdictions and one user per role."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests import factories


@pytest.fixture(autouse=True)
def site_language():
    """Every test starts in the site's language: a language another test (or a request it made in
    this thread) left active must not decide what a command or service says here."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: cached dashboard figures (tasks.caching) of an earlier
    test's data must not answer for this one's."""
    cache.clear()


@pytest.fixture
def world(db):
    """Two jurisdictions; units, a document with one task assigned to two units; a user per role.

    Attributes: j, other_j, unit, other_unit, foreign_unit, document, task, assignment,
    other_assignment, office, supervisor, liaison, other_liaison, other_office, foreign_assignment.
    """
    j = factories.jurisdiction(name="薛城区")
    other_j = factories.jurisdiction(name="冠县")
    unit = factories.unit(jurisdiction=j, name="区财政局")
    other_unit = factories.unit(jurisdiction=j, name="区市场监督管理局", short_name="区市场监管局")
    foreign_unit = factories.unit(jurisdiction=other_j, name="县民政局")
    document = factories.document(jurisdiction=j, doc_number="薛政办发〔2021〕14号")
    task = factories.task(document=document, number="1")
    foreign_document = factories.document(jurisdiction=other_j, doc_number="冠政办发〔2020〕33号")
    foreign_task = factories.task(document=foreign_document, number="1")
    return SimpleNamespace(
        j=j,
        other_j=other_j,
        unit=unit,
        other_unit=other_unit,
        foreign_unit=foreign_unit,
        document=document,
        task=task,
        assignment=factories.assignment(task=task, unit=unit),
        other_assignment=factories.assignment(task=task, unit=other_unit),
        foreign_document=foreign_document,
        foreign_assignment=factories.assignment(task=foreign_task, unit=foreign_unit),
        office=factories.office(jurisdiction=j, username="office"),
        supervisor=factories.supervisor(jurisdiction=j, username="leader"),
        liaison=factories.liaison(unit=unit, username="caizheng"),
        other_liaison=factories.liaison(unit=other_unit, username="shichang"),
        other_office=factories.office(jurisdiction=other_j, username="office_guanxian"),
    )


@pytest.fixture
def operator(db):
    """The system's operator: a superuser, the only one who may change the national calendar."""
    return factories.user(username="operator", is_superuser=True, is_staff=True)
