"""The public pages on real seeds: 薛城区 2021 (seed 000) published, 冠县 2020 (seed 003) not.

Runs only once the importer's ``import_document`` command exists.
"""

import io
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from tasks.models import Document
from tasks.services.demo import registry_load_fixture

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "documents"


def test_published_seed_is_public_and_the_unpublished_one_is_not(client, db):
    cache.clear()
    registry_load_fixture()
    call_command("import_document", str(SEEDS / "000_517b0bf8bf3974e6.txt"), jurisdiction="薛城区", publish=True,
                 stdout=io.StringIO())
    call_command("import_document", str(SEEDS / "003_fddb58b90d026332.txt"), jurisdiction="冠县", stdout=io.StringIO())
    xuecheng = Document.objects.get(doc_number="薛政办发〔2021〕14号")
    guanxian = Document.objects.get(doc_number="冠政办发〔2020〕33号")
    assert xuecheng.is_published and not guanxian.is_published

    index = client.get(reverse("public:index")).content.decode()
    assert xuecheng.title in index and guanxian.title not in index
    data = client.get(reverse("public:document_data", args=[xuecheng.pk])).json()
    assert data["summary"]["tasks"] == xuecheng.tasks.count() > 30
    assert sum(len(section["tasks"]) for section in data["sections"]) == data["summary"]["tasks"]
    assert [row["label"] for row in data["completion_by_section"]][:5] == ["一", "二", "三", "四", "五"]
    page = client.get(reverse("public:document", args=[xuecheng.pk]))
    assert page.status_code == 200 and "区发改局" in page.content.decode()
    assert client.get(reverse("public:document", args=[guanxian.pk])).status_code == 404
