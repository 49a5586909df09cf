"""Office staff see which documents are public and publish or withdraw them from one list.

The buttons post to the portal's publish endpoint (whose permissions tests/test_permissions_table.py
covers) and come back to the list.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tasks.models import Document


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_office_publishes_then_withdraws_from_the_list(client, world):
    manage = reverse("public:manage")
    publish = reverse("portal:document_publish", args=[world.document.pk])
    client.force_login(world.office)
    page = client.get(manage).content.decode()
    assert f'action="{publish}"' in page and 'name="published" value="on"' in page
    response = client.post(publish, {"published": "on", "next": manage})
    assert response.status_code == 302 and response["Location"] == manage
    world.document.refresh_from_db()
    assert world.document.is_published and world.document.published_at is not None
    assert "Withdraw" in client.get(manage).content.decode()
    client.logout()
    assert client.get(reverse("public:document", args=[world.document.pk])).status_code == 200

    client.force_login(world.office)
    client.post(publish, {"next": manage})
    client.logout()
    assert not Document.objects.get(pk=world.document.pk).is_published
    assert client.get(reverse("public:document", args=[world.document.pk])).status_code == 404


def test_publishing_bumps_the_public_page_version(client, world):
    before = world.document.content_changed_at
    client.force_login(world.office)
    client.post(reverse("portal:document_publish", args=[world.document.pk]), {"published": "on"})
    world.document.refresh_from_db()
    assert world.document.content_changed_at > before


def test_list_shows_own_documents_to_office_only(client, world):
    client.force_login(world.office)
    html = client.get(reverse("public:manage")).content.decode()
    assert world.document.title in html and world.foreign_document.title not in html
    for who in ("supervisor", "liaison"):
        client.force_login(getattr(world, who))
        assert client.get(reverse("public:manage")).status_code == 404
    client.logout()
    assert client.get(reverse("public:manage")).status_code == 302


def test_public_pages_link_office_staff_to_the_list(client, world):
    Document.objects.filter(pk=world.document.pk).update(is_published=True)
    client.force_login(world.office)
    for url in (reverse("public:index"), reverse("public:document", args=[world.document.pk])):
        assert reverse("public:manage") in client.get(url).content.decode()
    client.force_login(world.supervisor)
    assert reverse("public:manage") not in client.get(reverse("public:index")).content.decode()
