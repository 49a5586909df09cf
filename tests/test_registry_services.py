"""The registry's writes (units.registry): names unique per jurisdiction, aliases, deactivation, merging
two entries of one real unit, collective references."""

import pytest

from tasks.caching import data_version
from tasks.models import Assignment, ProgressReport, Status, Urge
from tasks.services.import_preview import registry_for
from tests import factories
from units import registry as services
from units.models import CollectiveReference, Membership, Unit, UnitAlias

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world):
    """Two entries for one department: 区发改局 (source) and 区发展和改革局 (target), three tasks."""
    source = factories.unit(jurisdiction=world.j, name="区发改局")
    target = factories.unit(jurisdiction=world.j, name="区发展和改革局", short_name="区发展改革局")
    UnitAlias.objects.create(unit=source, name="发改局")
    tasks = [factories.task(document=world.document, number=str(n)) for n in (11, 12, 13)]
    only_source = factories.assignment(task=tasks[0], unit=source)
    # task 2: the source's assignment is further on (in progress with a report) → it is kept
    source_ahead = factories.assignment(task=tasks[1], unit=source, status=Status.IN_PROGRESS, percent=60,
                                        role="lead")
    target_behind = factories.assignment(task=tasks[1], unit=target, role="cooperating")
    # task 3: the target's assignment is further on → it is kept, the source's report moves into it
    source_behind = factories.assignment(task=tasks[2], unit=source)
    target_ahead = factories.assignment(task=tasks[2], unit=target, status=Status.COMPLETED, percent=100)
    liaison = factories.liaison(unit=source, username="fagai")
    both = factories.liaison(unit=source, username="both")
    Membership.objects.create(user=both, unit=target)
    reports = {
        "only": factories.report(assignment=only_source, author=liaison),
        "ahead": factories.report(assignment=source_ahead, author=liaison, percent=60),
        "behind": factories.report(assignment=source_behind, author=liaison, percent=10),
    }
    Urge.objects.create(assignment=source_behind, sent_by=world.office, message="请报送")
    collective = CollectiveReference.objects.create(jurisdiction=world.j, name="区直有关部门")
    collective.members.add(source)
    return {
        "source": source, "target": target, "tasks": tasks, "only_source": only_source,
        "source_ahead": source_ahead, "target_behind": target_behind, "source_behind": source_behind,
        "target_ahead": target_ahead, "liaison": liaison, "both": both, "reports": reports,
        "collective": collective,
    }


def test_merge_moves_assignments_reports_liaisons_and_names(world, pair):
    source, target = pair["source"], pair["target"]
    plan = services.merge_plan(source=source, target=target)
    assert (plan.assignments_moved, plan.assignments_combined, plan.reports, plan.liaisons_moved) == (1, 2, 3, 1)

    result = services.units_merge(source=source, target=target, user=world.office)

    assert (result.assignments_moved, result.assignments_combined, result.reports_moved) == (1, 2, 3)
    assert not Assignment.objects.filter(unit=source).exists()
    assert Assignment.objects.filter(unit=target).count() == 3
    # the one-assignment-per-(task, unit) rule holds and each task still has exactly one for the target
    for task in pair["tasks"]:
        assert Assignment.objects.filter(task=task, unit=target).count() == 1
    # task 2: the source's further-on assignment was kept (its id, progress and the stronger role)
    kept = Assignment.objects.get(task=pair["tasks"][1], unit=target)
    assert kept.pk == pair["source_ahead"].pk and kept.percent == 60 and kept.role == "lead"
    assert not Assignment.objects.filter(pk=pair["target_behind"].pk).exists()
    # task 3: the target's completed assignment was kept; the source's report and urge moved into it
    kept = Assignment.objects.get(task=pair["tasks"][2], unit=target)
    assert kept.pk == pair["target_ahead"].pk and kept.status == Status.COMPLETED
    assert ProgressReport.objects.get(pk=pair["reports"]["behind"].pk).assignment_id == kept.pk
    assert Urge.objects.get().assignment_id == kept.pk
    assert ProgressReport.objects.filter(assignment__unit=target).count() == 3
    # liaisons: moved, and the one already a member of the target kept one membership
    assert Membership.objects.get(user=pair["liaison"]).unit_id == target.pk
    assert list(Membership.objects.filter(user=pair["both"]).values_list("unit_id", flat=True)) == [target.pk]
    assert result.liaisons_moved == 1
    # names: the source's name and its aliases now name the target
    assert set(target.aliases.values_list("name", flat=True)) == {"区发改局", "发改局"}
    assert not UnitAlias.objects.filter(unit=source).exists()
    # collectives list the target instead; the source is kept, inactive, with its history
    assert list(pair["collective"].members.all()) == [target]
    source.refresh_from_db()
    assert source.active is False
    assert source.history.first().history_change_reason.startswith("merged")
    assert Assignment.history.filter(id=pair["only_source"].pk, history_user=world.office).exists()


def test_merged_name_matches_the_target_in_the_import(world, pair):
    services.units_merge(source=pair["source"], target=pair["target"], user=world.office)
    match = registry_for(world.j).match("区发改局")
    assert match.unit_id == pair["target"].pk


def test_merge_moves_the_dashboards_data_version(world, pair):
    before = data_version()
    services.units_merge(source=pair["source"], target=pair["target"], user=world.office)
    assert data_version() != before


def test_merge_across_jurisdictions_is_refused(world):
    with pytest.raises(services.RegistryChangeError, match="different jurisdictions"):
        services.units_merge(source=world.unit, target=world.foreign_unit, user=world.office)
    assert Assignment.objects.filter(unit=world.unit).count() == 1


def test_merge_into_itself_or_an_inactive_unit_is_refused(world):
    with pytest.raises(services.RegistryChangeError):
        services.units_merge(source=world.unit, target=world.unit, user=world.office)
    services.unit_deactivate(unit=world.other_unit, user=world.office)
    with pytest.raises(services.RegistryChangeError, match="reactivate"):
        services.units_merge(source=world.unit, target=world.other_unit, user=world.office)


def test_rename_to_an_existing_name_is_refused_with_a_message(world):
    with pytest.raises(services.RegistryChangeError) as error:
        services.unit_update(unit=world.unit, name="区市场监督管理局", short_name="", kind="department",
                             parent=None, order=0, active=True, user=world.office)
    assert "区市场监督管理局" in error.value.message and "薛城区" in error.value.message
    world.unit.refresh_from_db()
    assert world.unit.name == "区财政局"


def test_a_name_that_is_another_units_alias_is_refused(world):
    services.unit_alias_add(unit=world.unit, name="区财政", user=world.office)
    with pytest.raises(services.RegistryChangeError, match="区财政局"):
        services.unit_create(jurisdiction=world.j, name="区财政", user=world.office)
    with pytest.raises(services.RegistryChangeError):
        services.unit_alias_add(unit=world.other_unit, name="区财政", user=world.office)


def test_the_same_name_in_another_jurisdiction_is_fine(world):
    unit = services.unit_create(jurisdiction=world.other_j, name="区财政局", kind="department", user=world.office)
    assert unit.jurisdiction == world.other_j


def test_create_and_update_keep_history_and_check_limits(world):
    unit = services.unit_create(jurisdiction=world.j, name=" 区 教体局 ", short_name="教体局", kind="department",
                                user=world.office)
    assert unit.name == "区 教体局"
    services.unit_update(unit=unit, name="区教育和体育局", short_name="区教体局", kind="department",
                         parent=world.unit, order=3, active=True, user=world.office)
    unit.refresh_from_db()
    assert (unit.name, unit.parent, unit.order) == ("区教育和体育局", world.unit, 3)
    assert unit.history.count() == 2 and unit.history.first().history_user == world.office
    with pytest.raises(services.RegistryChangeError, match="100"):
        services.unit_create(jurisdiction=world.j, name="局" * 101, user=world.office)
    with pytest.raises(services.RegistryChangeError):
        services.unit_update(unit=world.unit, name="区财政局", short_name="", kind="department", parent=unit,
                             order=0, active=True, user=world.office)  # unit inside its own sub-unit


def test_parent_from_another_jurisdiction_is_refused(world):
    with pytest.raises(services.RegistryChangeError):
        services.unit_create(jurisdiction=world.j, name="区新局", parent=world.foreign_unit, user=world.office)


def test_alias_add_and_remove_leave_history_on_the_unit(world):
    alias = services.unit_alias_add(unit=world.unit, name="财政局", user=world.office)
    assert registry_for(world.j).match("财政局").unit_id == world.unit.pk
    services.unit_alias_remove(alias=alias, user=world.office)
    assert not world.unit.aliases.exists()
    reasons = list(world.unit.history.values_list("history_change_reason", flat=True))
    assert "alias added: 财政局" in reasons and "alias removed: 财政局" in reasons


def test_deactivated_unit_is_not_offered_to_the_import(world):
    assert registry_for(world.j).match("区财政局").unit_id == world.unit.pk
    services.unit_deactivate(unit=world.unit, user=world.office)
    assert not registry_for(world.j).match("区财政局").matched
    assert Assignment.objects.filter(unit=world.unit).count() == 1  # its assignments stay
    services.unit_reactivate(unit=world.unit, user=world.office)
    assert registry_for(world.j).match("区财政局").unit_id == world.unit.pk


def test_reactivating_a_merged_unit_is_refused_while_the_target_answers_to_its_name(world, pair):
    services.units_merge(source=pair["source"], target=pair["target"], user=world.office)
    with pytest.raises(services.RegistryChangeError, match="区发展和改革局"):
        services.unit_reactivate(unit=pair["source"], user=world.office)


def test_collective_with_members_and_a_vague_one(world):
    listed = services.collective_create(jurisdiction=world.j, name="区财经部门", rule="members",
                                        members=[world.unit, world.other_unit], aliases=["财经部门", ""],
                                        user=world.office)
    assert set(listed.resolve_units()) == {world.unit, world.other_unit} and listed.aliases == ["财经部门"]
    vague = services.collective_create(jurisdiction=world.j, name="有关部门", rule="vague", user=world.office)
    assert vague.is_vague and not vague.resolve_units().exists()
    services.collective_update(collective=listed, name="区财经部门", rule="all_departments", members=[],
                               is_vague=False, user=world.office)
    listed.refresh_from_db()
    assert listed.rule == "all_departments"


def test_collective_refusals(world):
    with pytest.raises(services.RegistryChangeError):
        services.collective_create(jurisdiction=world.j, name="区财经部门", rule="members", members=[],
                                   user=world.office)
    with pytest.raises(services.RegistryChangeError):
        services.collective_create(jurisdiction=world.j, name="跨区", rule="members",
                                   members=[world.foreign_unit], user=world.office)
    services.collective_create(jurisdiction=world.j, name="各镇街", rule="all_towns", user=world.office)
    with pytest.raises(services.RegistryChangeError, match="各镇街"):
        services.collective_create(jurisdiction=world.j, name="各镇街", rule="all_towns", user=world.office)
    assert Unit.objects.filter(jurisdiction=world.j).count() == 2
