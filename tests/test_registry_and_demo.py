"""The unit registry fixture and the demo command."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tasks.services.errors import ServiceError
from units.models import CollectiveReference, Jurisdiction, Membership, Unit
from units.services import RegistryError, registry_load


@pytest.fixture
def registry(db):
    call_command("load_registry", verbosity=0)


def test_registry_has_the_four_seed_jurisdictions_with_parents(registry):
    names = dict(Jurisdiction.objects.filter(parent__isnull=False).values_list("name", "parent__name"))
    assert names["薛城区"] == "枣庄市"
    assert names["台儿庄区"] == "枣庄市"
    assert names["临沂临港经济开发区"] == "临沂市"
    assert names["冠县"] == "聊城市"


def test_registry_knows_short_names_aliases_and_nesting(registry):
    fgj = Unit.objects.get(jurisdiction__name="薛城区", short_name="区发改局")
    assert fgj.name == "区发展和改革局"
    big_data = Unit.objects.get(jurisdiction__name="薛城区", name="区大数据局")
    assert big_data.parent.short_name == "区政府办公室"
    assert big_data.display_name == "区政府办公室〈区大数据局〉"


def test_collective_all_towns_resolves_to_towns(registry):
    towns = CollectiveReference.objects.get(jurisdiction__name="薛城区", name="各镇街")
    names = set(towns.resolve_units().values_list("name", flat=True))
    assert {"沙沟镇", "临城街道", "常庄街道"} <= names
    assert "区财政局" not in names


def test_vague_collective_resolves_to_nothing(registry):
    vague = CollectiveReference.objects.get(jurisdiction__name="薛城区", name="区政府有关部门")
    assert vague.is_vague
    assert not vague.resolve_units().exists()


def test_registry_load_is_idempotent(registry):
    before = Unit.objects.count()
    call_command("load_registry", verbosity=0)
    assert Unit.objects.count() == before


def test_a_malformed_registry_is_a_service_error_and_writes_nothing(db):
    data = {"jurisdictions": [{"name": "青川市", "units": [{"name": "市大数据局", "parent": "市政府办公室"}]}]}
    with pytest.raises(ServiceError, match="市大数据局.*市政府办公室"):
        registry_load(data=data)
    assert not Jurisdiction.objects.filter(name="青川市").exists()  # one transaction
    with pytest.raises(RegistryError):
        registry_load(data={})


def test_seed_demo_refuses_when_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", no_documents=True)


def test_seed_demo_creates_the_demo_accounts(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", no_documents=True, stdout=io.StringIO())
    User = get_user_model()
    office = User.objects.get(username="office")
    assert office.check_password("opensched-demo")
    assert not office.is_staff and not office.is_superuser  # the portal, not the admin
    operator = User.objects.get(username="operator")
    assert operator.is_superuser and operator.is_staff and not operator.jurisdiction_roles.exists()
    assert office.jurisdiction_roles.get().jurisdiction.name == "薛城区"
    assert Membership.objects.get(user__username="caizheng").unit.name == "区财政局"
    assert Membership.objects.get(user__username="shichang").unit.short_name == "区市场监管局"
    assert User.objects.get(username="leader").jurisdiction_roles.get().role == "supervisor"
