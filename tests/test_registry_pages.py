"""The registry pages: in Chinese by default, the list's search and kind filter, the merge confirmation
says what moves, refusals come back as messages (no 500), the unit list's queries do not grow with units."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks.caching import data_changed
from tests import factories
from units.models import CollectiveReference, Membership, Unit, UnitAlias

pytestmark = pytest.mark.django_db


@pytest.fixture
def chinese(settings):
    settings.LANGUAGE_CODE = "zh-hans"


def get(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_unit_list_is_in_chinese_and_shows_aliases_parent_and_liaisons(world, client, chinese):
    UnitAlias.objects.create(unit=world.unit, name="财政局")
    child = factories.unit(jurisdiction=world.j, name="区国库集中支付中心", parent=world.unit)
    html = get(client, world.office, reverse("registry:unit_list", args=[world.j.pk]))
    assert reverse("registry:unit_edit", args=[child.pk]) in html
    assert 'lang="zh-hans"' in html
    # words of the catalogue: add a unit, kind, search, a kind's name, active
    for word in ("添加单位", "类型", "搜索", "政府部门", "启用"):
        assert word in html, word
    assert "Government department" not in html and "Add a unit" not in html
    assert "区财政局" in html and "财政局" in html and "区国库集中支付中心" in html
    assert "caizheng" in html  # the liaison's name
    assert child.parent.name in html


def test_unit_edit_form_labels_are_in_chinese(world, client, chinese):
    html = get(client, world.office, reverse("registry:unit_edit", args=[world.unit.pk]))
    for word in ("全称", "简称", "上级单位", "排序", "保存", "变更记录"):
        assert word in html, word


def test_nav_has_the_registry_for_office_staff_and_not_for_liaisons(world, client, chinese):
    assert reverse("registry:index") in get(client, world.office, reverse("portal:review_queue"))
    assert reverse("registry:index") not in get(client, world.liaison, reverse("portal:home"))


def test_search_finds_aliases_and_the_kind_filter_keeps_towns(world, client):
    factories.unit(jurisdiction=world.j, name="常庄街道", kind=Unit.Kind.TOWN)
    UnitAlias.objects.create(unit=world.other_unit, name="区市场局")
    url = reverse("registry:unit_list", args=[world.j.pk])
    html = get(client, world.supervisor, url, q="市场局")
    assert 'data-unit="区市场监督管理局"' in html and 'data-unit="区财政局"' not in html
    html = get(client, world.supervisor, url, kind="town")
    assert 'data-unit="常庄街道"' in html and 'data-unit="区财政局"' not in html
    html = get(client, world.supervisor, url, q="局" * 101)  # over the limit: a message, the whole list
    assert 'data-unit="区财政局"' in html


def test_operator_with_many_jurisdictions_gets_the_index(world, client, operator):
    html = get(client, operator, reverse("registry:index"))
    assert "薛城区" in html and "冠县" in html


def test_merge_page_says_how_many_assignments_and_liaisons_move(world, client, chinese):
    url = reverse("registry:unit_merge", args=[world.unit.pk])
    html = get(client, world.office, url, target=world.other_unit.pk)
    assert 'data-testid="merge-plan"' in html
    # world.task is assigned to both units: combined, not moved; the unit's one liaison moves
    assert 'data-testid="plan-moved" data-count="0"' in html
    assert 'data-testid="plan-combined" data-count="1"' in html
    assert 'data-testid="plan-liaisons" data-count="1"' in html
    client.post(url, {"target": world.other_unit.pk})
    assert Membership.objects.get(user=world.liaison).unit == world.other_unit


def test_merge_into_a_unit_of_another_jurisdiction_is_not_offered(world, client):
    url = reverse("registry:unit_merge", args=[world.unit.pk])
    client.force_login(world.office)
    response = client.post(url, {"target": world.foreign_unit.pk})
    assert response.status_code == 200 and 'data-testid="form-error"' in response.content.decode()
    assert Unit.objects.get(pk=world.unit.pk).active


def test_rename_to_an_existing_name_shows_the_message(world, client, chinese):
    client.force_login(world.office)
    response = client.post(reverse("registry:unit_edit", args=[world.unit.pk]), {
        "name": "区市场监督管理局", "short_name": "", "kind": "department", "parent": "", "order": "0",
        "active": "on"})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="form-error"' in html and "区市场监督管理局" in html
    assert Unit.objects.get(pk=world.unit.pk).name == "区财政局"


def test_deactivate_and_alias_buttons(world, client):
    client.force_login(world.office)
    client.post(reverse("registry:alias_add", args=[world.unit.pk]), {"name": "财政局"})
    assert world.unit.aliases.filter(name="财政局").exists()
    client.post(reverse("registry:alias_add", args=[world.unit.pk]), {"name": "x" * 101})
    assert world.unit.aliases.count() == 1
    client.post(reverse("registry:unit_set_active", args=[world.unit.pk]), {"active": "0"})
    assert not Unit.objects.get(pk=world.unit.pk).active
    html = get(client, world.office, reverse("registry:unit_edit", args=[world.unit.pk]))
    assert reverse("registry:unit_merge", args=[world.unit.pk]) not in html


def test_collective_pages_set_members(world, client, chinese):
    client.force_login(world.office)
    response = client.post(reverse("registry:collective_create", args=[world.j.pk]), {
        "name": "区财经部门", "rule": "members", "members": [world.unit.pk, world.other_unit.pk],
        "aliases": "财经部门\n"})
    assert response.status_code == 302
    collective = CollectiveReference.objects.get(name="区财经部门")
    assert set(collective.members.all()) == {world.unit, world.other_unit}
    html = get(client, world.office, reverse("registry:collective_list", args=[world.j.pk]))
    assert "列出的成员单位" in html and "区财经部门" in html and "财经部门" in html
    html = get(client, world.office, reverse("registry:collective_edit", args=[collective.pk]))
    assert "区市场监督管理局" in html and "成员单位" in html and "其他写法" in html
    # a member of another jurisdiction is not a choice
    response = client.post(reverse("registry:collective_edit", args=[collective.pk]), {
        "name": "区财经部门", "rule": "members", "members": [world.foreign_unit.pk], "aliases": ""})
    assert response.status_code == 200
    assert set(collective.members.all()) == {world.unit, world.other_unit}


def grow_units(world, n):
    start = Unit.objects.count()
    units = Unit.objects.bulk_create([
        Unit(jurisdiction=world.j, name=f"区测试局{start + i}", short_name=f"测试{start + i}", parent=world.unit)
        for i in range(n)])
    UnitAlias.objects.bulk_create([UnitAlias(unit=u, name=f"别名{u.pk}") for u in units])
    for u in units:
        Membership.objects.create(user=factories.user(), unit=u)
    data_changed()


def test_unit_list_query_count_does_not_grow_with_units(world, client, django_assert_num_queries):
    client.force_login(world.office)
    url = reverse("registry:unit_list", args=[world.j.pk])
    grow_units(world, 5)
    client.get(url)
    data_changed()  # both measurements on the cold path: cached figures computed again
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow_units(world, 45)
    data_changed()
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('data-unit="区测试局') >= 2 * 50  # table row and card of every unit
