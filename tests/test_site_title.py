"""The header shows the government's own name to the users of one jurisdiction, and the site's
setting to everyone else (the operator, users of several jurisdictions, the public)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _brand(client, url="/") -> str:
    html = client.get(url, follow=True).content.decode()
    start = html.index('data-testid="site-name">') + len('data-testid="site-name">')
    return html[start:html.index("</span>", start)]


def test_a_jurisdictions_users_see_its_default_title(client, world):
    for user in (world.office, world.supervisor, world.liaison):
        client.force_login(user)
        assert _brand(client, reverse("portal:document_list")) == "薛城区人民政府政务公开工作台账"


def test_a_portal_title_set_for_the_jurisdiction_replaces_the_default(client, world):
    world.j.portal_title = "薛城区政务公开工作平台"
    world.j.save()
    client.force_login(world.office)
    assert _brand(client, reverse("portal:document_list")) == "薛城区政务公开工作平台"
    client.force_login(world.other_office)
    assert _brand(client, reverse("portal:document_list")) == "冠县人民政府政务公开工作台账"


def test_the_operator_and_the_public_see_the_setting(client, world, operator, settings):
    settings.OPENSCHED_SITE_NAME = "山东省政务公开工作台账"
    assert _brand(client, reverse("public:index")) == "山东省政务公开工作台账"
    client.force_login(operator)
    assert _brand(client, reverse("portal:document_list")) == "山东省政务公开工作台账"


def test_a_user_of_two_jurisdictions_sees_the_setting(client, world, settings):
    settings.OPENSCHED_SITE_NAME = "多地工作台账"
    from units.models import Membership

    Membership.objects.create(user=world.liaison, unit=world.foreign_unit)
    client.force_login(world.liaison)
    assert _brand(client, reverse("portal:document_list")) == "多地工作台账"


def test_a_department_jurisdiction_has_no_peoples_government_in_its_title():
    from units.models import Jurisdiction

    department = Jurisdiction(name="区财政局", level=Jurisdiction.Level.DEPARTMENT)
    assert department.display_title == "区财政局政务公开工作台账"


def test_public_pages_name_the_jurisdiction_of_each_document(client, world):
    world.document.is_published = True
    world.document.save()
    index = client.get(reverse("public:index")).content.decode()
    assert "薛城区" in index
    page = client.get(reverse("public:document", args=[world.document.pk])).content.decode()
    assert "薛城区" in page and world.document.doc_number in page
