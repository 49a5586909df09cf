"""The look back on the real seeds: 薛城区's 2019 work points (seed 004) carried into 2021's (seed 000).

Runs only once the importer's ``import_document`` command exists.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tasks.models import Document, Task
from tasks.selectors.calendar import today
from tasks.selectors.yearly_review import CARRY_OVER_SECTION_TITLE, TASK_DONE, review_tasks
from tasks.services.demo import registry_load_fixture
from tests import factories
from units.models import Jurisdiction

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "documents"


@pytest.fixture
def xuecheng(db):
    registry_load_fixture()
    for name in ("004_730e95e47daaf291.txt", "000_517b0bf8bf3974e6.txt"):
        call_command("import_document", str(SEEDS / name), jurisdiction="薛城区", stdout=io.StringIO())
    return Jurisdiction.objects.get(name="薛城区")


def test_carry_unfinished_2019_tasks_into_2021_and_compare_years(client, xuecheng):
    doc_2019 = Document.objects.get(jurisdiction=xuecheng, doc_number="薛政办发〔2019〕18号")
    doc_2021 = Document.objects.get(jurisdiction=xuecheng, doc_number="薛政办发〔2021〕14号")
    office = factories.office(jurisdiction=xuecheng)
    client.force_login(office)

    page = client.get(reverse("yearly_review:document", args=[doc_2019.pk]))
    assert page.status_code == 200
    unfinished = [task for task in review_tasks(document=doc_2019, on=today())
                  if task.state != TASK_DONE and task.units]
    assert len(unfinished) >= 3
    chosen = unfinished[:3]
    response = client.post(reverse("yearly_review:carry_over", args=[doc_2019.pk]),
                           {"tasks": [task.id for task in chosen], "target": doc_2021.pk})
    assert response.status_code == 302
    copies = Task.objects.filter(document=doc_2021, origin__isnull=False).select_related("section")
    assert sorted(copy.origin_id for copy in copies) == sorted(task.id for task in chosen)
    assert {copy.section.title for copy in copies} == {CARRY_OVER_SECTION_TITLE}
    for copy in copies:
        original = Task.objects.get(pk=copy.origin_id)
        assert set(copy.assignments.values_list("unit_id", "role")) == set(
            original.assignments.filter(unit__active=True).values_list("unit_id", "role")
        )

    years_page = client.get(reverse("yearly_review:jurisdiction", args=[xuecheng.pk])).content.decode()
    table = years_page[years_page.index('data-testid="unit-years"'):]
    assert table.index(">2019<") < table.index(">2021<")
