"""Office staff publish and withdraw documents; nobody else may."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tasks.models import Document


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_office_publishes_then_withdraws(client, world):
    client.force_login(world.office)
    url = reverse("public:publish", args=[world.document.pk])
    response = client.post(url, {"published": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("public:manage")
    world.document.refresh_from_db()
    assert world.document.is_published and world.document.published_at is not None
    client.logout()
    assert client.get(reverse("public:document", args=[world.document.pk])).status_code == 200
    client.force_login(world.office)
    client.post(url, {"published": "0"})
    client.logout()
    assert not Document.objects.get(pk=world.document.pk).is_published
    assert client.get(reverse("public:document", args=[world.document.pk])).status_code == 404


def test_publish_bumps_content_changed_at(client, world):
    before = world.document.content_changed_at
    client.force_login(world.office)
    client.post(reverse("public:publish", args=[world.document.pk]), {"published": "1"})
    world.document.refresh_from_db()
    assert world.document.content_changed_at > before


@pytest.mark.parametrize(
    "who,status",
    [("supervisor", 403), ("liaison", 403), ("other_liaison", 403), ("other_office", 404), (None, 302)],
)
def test_only_the_documents_office_may_publish(client, world, who, status):
    if who:
        client.force_login(getattr(world, who))
    response = client.post(reverse("public:publish", args=[world.document.pk]), {"published": "1"})
    assert response.status_code == status
    assert not Document.objects.get(pk=world.document.pk).is_published


def test_publish_needs_post(client, world):
    client.force_login(world.office)
    assert client.get(reverse("public:publish", args=[world.document.pk])).status_code == 405


def test_manage_page_lists_own_documents_for_office_only(client, world):
    client.force_login(world.office)
    html = client.get(reverse("public:manage")).content.decode()
    assert world.document.title in html and world.foreign_document.title not in html
    for who in ("supervisor", "liaison"):
        client.force_login(getattr(world, who))
        assert client.get(reverse("public:manage")).status_code == 404
    client.logout()
    assert client.get(reverse("public:manage")).status_code == 302
