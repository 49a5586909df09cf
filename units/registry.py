"""Writes of the unit registry made by office staff in the portal (the registry pages).

One function per write, one transaction each, keyword-only arguments. Units keep their history
(django-simple-history): alias and collective changes, which have no history of their own, leave a
history row with a change reason on the unit they concern. Refusals are :class:`RegistryChangeError`
with a message for the page. Every input is bounded (the ``MAX_*`` constants) before any work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from tasks.caching import data_changed
from tasks.services.errors import ServiceError
from units.models import CollectiveReference, Jurisdiction, Membership, Unit, UnitAlias

MAX_NAME = 100  # Unit.name, UnitAlias.name, CollectiveReference.name
MAX_SHORT_NAME = 50  # Unit.short_name
MAX_ORDER = 100_000
MAX_ALIASES_PER_UNIT = 50
MAX_COLLECTIVE_SPELLINGS = 20
MAX_COLLECTIVE_MEMBERS = 2_000


class RegistryChangeError(ServiceError):
    """A registry change refused for a reason the person can act on."""


def _clean_name(value, *, label: str, limit: int, required: bool = True) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise RegistryChangeError(_("%(field)s cannot be empty.") % {"field": label})
    if len(text) > limit:
        raise RegistryChangeError(
            _("%(field)s is at most %(limit)s characters (this one has %(count)s).")
            % {"field": label, "limit": limit, "count": len(text)}
        )
    return text


def _clean_order(order) -> int:
    try:
        order = int(order)
    except (TypeError, ValueError):
        raise RegistryChangeError(_("The order must be a whole number.")) from None
    if not 0 <= order <= MAX_ORDER:
        raise RegistryChangeError(_("The order must be from 0 to %(max)s.") % {"max": MAX_ORDER})
    return order


def _clean_kind(kind: str) -> str:
    if kind not in Unit.Kind.values:
        raise RegistryChangeError(_("Unknown unit kind."))
    return kind


def _name_taken(*, jurisdiction: Jurisdiction, name: str, exclude_unit_id: int | None = None) -> str | None:
    """Why ``name`` cannot name a unit of the jurisdiction (another unit's name or alias), or None."""
    other = (
        Unit.objects.filter(jurisdiction=jurisdiction, name=name).exclude(pk=exclude_unit_id).first()
    )
    if other is not None:
        return _("%(jurisdiction)s already has a unit named “%(name)s”.") % {
            "jurisdiction": jurisdiction.name, "name": name}
    alias = (
        UnitAlias.objects.filter(unit__jurisdiction=jurisdiction, unit__active=True, name=name)
        .exclude(unit_id=exclude_unit_id).select_related("unit").first()
    )
    if alias is not None:
        return _("“%(name)s” is already another name of %(unit)s.") % {"name": name, "unit": alias.unit.name}
    return None


def _check_parent(*, unit: Unit | None, jurisdiction: Jurisdiction, parent: Unit | None) -> None:
    if parent is None:
        return
    if parent.jurisdiction_id != jurisdiction.pk:
        raise RegistryChangeError(_("The parent unit must belong to %(jurisdiction)s.") % {
            "jurisdiction": jurisdiction.name})
    if unit is None:
        return
    seen, current = set(), parent
    while current is not None:  # walk up: the unit must not become its own ancestor
        if current.pk == unit.pk:
            raise RegistryChangeError(_("A unit cannot be inside itself or inside one of its own units."))
        if current.pk in seen:
            break
        seen.add(current.pk)
        current = Unit.objects.filter(pk=current.parent_id).first() if current.parent_id else None


def _touch(unit: Unit, *, user, reason: str) -> None:
    """A history row on ``unit`` saying what changed around it (aliases, collectives, merges)."""
    unit._history_user = user
    unit._change_reason = reason[:100]
    unit.save()


@transaction.atomic
def unit_create(*, jurisdiction: Jurisdiction, name: str, short_name: str = "", kind: str = Unit.Kind.DEPARTMENT,
                parent: Unit | None = None, order: int = 0, user=None) -> Unit:
    """Add a unit to a jurisdiction's registry; its name must be new there (no unit, no alias has it)."""
    name = _clean_name(name, label=_("The full name"), limit=MAX_NAME)
    short_name = _clean_name(short_name, label=_("The short name"), limit=MAX_SHORT_NAME, required=False)
    kind, order = _clean_kind(kind), _clean_order(order)
    _check_parent(unit=None, jurisdiction=jurisdiction, parent=parent)
    problem = _name_taken(jurisdiction=jurisdiction, name=name)
    if problem:
        raise RegistryChangeError(problem)
    unit = Unit(jurisdiction=jurisdiction, name=name, short_name=short_name, kind=kind, parent=parent, order=order)
    unit._history_user = user
    unit.save()
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, name: str, short_name: str, kind: str, parent: Unit | None, order: int,
                active: bool, user=None) -> Unit:
    """Change a unit's names, kind, parent, order and active flag (one history row)."""
    unit = Unit.objects.select_for_update().select_related("jurisdiction").get(pk=unit.pk)
    name = _clean_name(name, label=_("The full name"), limit=MAX_NAME)
    short_name = _clean_name(short_name, label=_("The short name"), limit=MAX_SHORT_NAME, required=False)
    kind, order = _clean_kind(kind), _clean_order(order)
    _check_parent(unit=unit, jurisdiction=unit.jurisdiction, parent=parent)
    if name != unit.name or (active and not unit.active):
        problem = _name_taken(jurisdiction=unit.jurisdiction, name=name, exclude_unit_id=unit.pk)
        if problem:
            raise RegistryChangeError(problem)
    unit.name, unit.short_name, unit.kind = name, short_name, kind
    unit.parent, unit.order, unit.active = parent, order, bool(active)
    unit._history_user = user
    unit.save()
    return unit


@transaction.atomic
def unit_alias_add(*, unit: Unit, name: str, user=None) -> UnitAlias:
    """Another name documents use for the unit (区发改局 for 区发展和改革局)."""
    unit = Unit.objects.select_for_update().select_related("jurisdiction").get(pk=unit.pk)
    name = _clean_name(name, label=_("The other name"), limit=MAX_NAME)
    if name in (unit.name, unit.short_name) or unit.aliases.filter(name=name).exists():
        raise RegistryChangeError(_("%(unit)s is already called “%(name)s”.") % {"unit": unit.name, "name": name})
    if unit.aliases.count() >= MAX_ALIASES_PER_UNIT:
        raise RegistryChangeError(_("A unit has at most %(limit)s other names.") % {"limit": MAX_ALIASES_PER_UNIT})
    problem = _name_taken(jurisdiction=unit.jurisdiction, name=name, exclude_unit_id=unit.pk)
    if problem:
        raise RegistryChangeError(problem)
    alias = UnitAlias.objects.create(unit=unit, name=name)
    _touch(unit, user=user, reason=f"alias added: {name}")
    return alias


@transaction.atomic
def unit_alias_remove(*, alias: UnitAlias, user=None) -> None:
    """Forget one other name of a unit."""
    unit = Unit.objects.select_for_update().get(pk=alias.unit_id)
    name = alias.name
    UnitAlias.objects.filter(pk=alias.pk).delete()
    _touch(unit, user=user, reason=f"alias removed: {name}")


@transaction.atomic
def unit_deactivate(*, unit: Unit, user=None) -> Unit:
    """Take a unit out of use: the importer no longer matches it and it cannot be assigned new tasks;
    its assignments and history stay."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.active:
        unit.active = False
        unit._history_user = user
        unit.save()
    return unit


@transaction.atomic
def unit_reactivate(*, unit: Unit, user=None) -> Unit:
    """Put a unit back into use, unless another active unit answers to its name by now."""
    unit = Unit.objects.select_for_update().select_related("jurisdiction").get(pk=unit.pk)
    if not unit.active:
        problem = _name_taken(jurisdiction=unit.jurisdiction, name=unit.name, exclude_unit_id=unit.pk)
        if problem:
            raise RegistryChangeError(problem)
        unit.active = True
        unit._history_user = user
        unit.save()
    return unit


# --- merging -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MergePlan:
    """What :func:`units_merge` would do, for the confirmation page."""

    assignments_moved: int  # tasks only the source has: the assignment changes unit
    assignments_combined: int  # tasks both have: one assignment kept, the other's reports move into it
    reports: int  # progress reports of the source's assignments
    liaisons_moved: int
    liaisons_already_there: int
    names: tuple[str, ...]  # names the target gains as aliases
    collectives: int  # collective references listing the source


@dataclass(frozen=True)
class MergeResult:
    assignments_moved: int
    assignments_combined: int
    reports_moved: int
    liaisons_moved: int
    aliases_added: int


_STATUS_RANK = {"completed": 4, "submitted": 3, "in_progress": 2, "returned": 2, "not_started": 0}
_ROLE_RANK = {"lead": 0, "responsible": 1, "cooperating": 2}  # smaller is stronger


def _check_merge(source: Unit, target: Unit) -> None:
    if source.pk == target.pk:
        raise RegistryChangeError(_("Choose another unit to merge into."))
    if source.jurisdiction_id != target.jurisdiction_id:
        raise RegistryChangeError(_("Units of different jurisdictions cannot be merged."))
    if not target.active:
        raise RegistryChangeError(
            _("%(unit)s is not active: reactivate it before merging into it.") % {"unit": target.name})


def _new_names(source: Unit, target: Unit) -> list[str]:
    have = {target.name, target.short_name, *target.aliases.values_list("name", flat=True)}
    names = []
    for name in [source.name, source.short_name, *source.aliases.values_list("name", flat=True)]:
        if name and name not in have and name not in names:
            names.append(name)
    return names


def merge_plan(*, source: Unit, target: Unit) -> MergePlan:
    """Count what a merge moves (a fixed handful of queries). Refuses what units_merge refuses."""
    from tasks.models import Assignment, ProgressReport

    _check_merge(source, target)
    target_tasks = Assignment.objects.filter(unit=target).values("task_id")
    source_assignments = Assignment.objects.filter(unit=source)
    combined = source_assignments.filter(task_id__in=target_tasks).count()
    total = source_assignments.count()
    target_users = Membership.objects.filter(unit=target).values("user_id")
    members = Membership.objects.filter(unit=source)
    already = members.filter(user_id__in=target_users).count()
    return MergePlan(
        assignments_moved=total - combined,
        assignments_combined=combined,
        reports=ProgressReport.objects.filter(assignment__unit=source).count(),
        liaisons_moved=members.count() - already,
        liaisons_already_there=already,
        names=tuple(_new_names(source, target)),
        collectives=source.collectives.count(),
    )


def _keeper(target_assignment, source_assignment, report_counts: dict[int, int]):
    """(kept, dropped) of two assignments of one task: the one further on wins, the target's on a tie."""

    def rank(a):
        return (_STATUS_RANK.get(a.status, 0), a.percent, report_counts.get(a.pk, 0))

    if rank(source_assignment) > rank(target_assignment):
        return source_assignment, target_assignment
    return target_assignment, source_assignment


def _combine(*, kept, dropped, user, reason: str) -> None:
    """Move everything the dropped assignment holds into the kept one; delete the dropped one."""
    from tasks.models import AssignmentPeriod, ExtensionRequest, ProgressReport, Urge

    for report in ProgressReport.objects.filter(assignment=dropped):
        report.assignment = kept
        report._history_user = user
        report._change_reason = reason
        report.save()
    kept_has_pending = ExtensionRequest.objects.filter(assignment=kept, state=ExtensionRequest.State.PENDING).exists()
    for request in ExtensionRequest.objects.filter(assignment=dropped):
        if request.state == ExtensionRequest.State.PENDING and kept_has_pending:
            # One pending request per assignment: the kept assignment's own request stands.
            request.state = ExtensionRequest.State.REFUSED
            request.decided_by = user
            request.decision_note = _("Closed when the units were merged; the other request of the task stands.")
        request.assignment = kept
        request._history_user = user
        request.save()
    Urge.objects.filter(assignment=dropped).update(assignment=kept)
    kept_periods = AssignmentPeriod.objects.filter(assignment=kept).values("period_id")
    AssignmentPeriod.objects.filter(assignment=dropped).exclude(period_id__in=kept_periods).update(assignment=kept)
    changed = False
    if _ROLE_RANK.get(dropped.role, 9) < _ROLE_RANK.get(kept.role, 9):
        kept.role, changed = dropped.role, True
    if dropped.last_reported_at and (kept.last_reported_at is None or dropped.last_reported_at > kept.last_reported_at):
        kept.last_reported_at, changed = dropped.last_reported_at, True
    if kept.acknowledged_at is None and dropped.acknowledged_at is not None:
        kept.acknowledged_at, kept.acknowledged_by_id = dropped.acknowledged_at, dropped.acknowledged_by_id
        changed = True
    dropped._history_user = user
    dropped._change_reason = reason
    dropped.delete()
    if changed:
        kept.version += 1
        kept._history_user = user
        kept._change_reason = reason
        kept.save()


@transaction.atomic
def units_merge(*, source: Unit, target: Unit, user=None) -> MergeResult:
    """Merge ``source`` into ``target`` (two entries of the registry for one real unit).

    - **Assignments follow.** A task only the source has: its assignment changes unit (history kept).
      A task both have (the one-assignment-per-(task, unit) constraint allows only one): the one
      *further on* is kept — higher status (completed > submitted > in progress/returned > not
      started), then higher percent, then more reports; on a tie the target's, so that links to it
      stay valid. The other one's reports, extension requests, urges and period states it lacks move
      into the kept one, which takes the stronger role (牵头 > 负责 > 配合) and the later last-report
      time; then the other one is deleted (its history remains). Nothing a unit reported is lost.
      A pending extension request of the dropped assignment is closed as refused with a note when
      the kept one has its own pending request (one pending request per assignment).
    - **Liaisons move** to the target (a user who is already a member of the target keeps that one).
    - **Names:** the source's name, short name and aliases become aliases of the target, so the
      importer matches them to the target from now on.
    - **Collectives** that list the source list the target instead; the source's sub-units move
      under the target.
    - **The source is deactivated, not deleted**: its history stays readable, and an import draft
      made before the merge that still names it cannot fail on a missing row. It holds no
      assignments, liaisons or aliases afterwards; reactivating it is refused while the target
      answers to its name.

    Dashboard caches: saves go through signals, the ``update()`` calls here are followed by
    :func:`tasks.caching.data_changed`.
    """
    from tasks.models import Assignment, ProgressReport

    locked = {u.pk: u for u in Unit.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk")}
    source, target = locked.get(source.pk), locked.get(target.pk)
    if source is None or target is None:
        raise RegistryChangeError(_("That unit no longer exists."))
    _check_merge(source, target)
    reason = f"merged {source.name} into {target.name}"[:100]

    source_assignments = list(Assignment.objects.filter(unit=source).order_by("pk"))
    task_ids = [a.task_id for a in source_assignments]
    target_by_task = {a.task_id: a for a in Assignment.objects.filter(unit=target, task_id__in=task_ids)}
    report_counts: dict[int, int] = {}
    for assignment_id in ProgressReport.objects.filter(
        assignment_id__in=[a.pk for a in source_assignments] + [a.pk for a in target_by_task.values()]
    ).values_list("assignment_id", flat=True):
        report_counts[assignment_id] = report_counts.get(assignment_id, 0) + 1
    moved = combined = 0
    # Every report of the source's assignments ends under the target, in whichever assignment is kept.
    reports_moved = sum(report_counts.get(a.pk, 0) for a in source_assignments)
    for assignment in source_assignments:
        other = target_by_task.get(assignment.task_id)
        if other is not None:
            kept, dropped = _keeper(other, assignment, report_counts)
            _combine(kept=kept, dropped=dropped, user=user, reason=reason)
            combined += 1
            if kept.pk != assignment.pk:
                continue
        else:
            moved += 1
        assignment.refresh_from_db()
        assignment.unit = target
        assignment.version += 1
        assignment._history_user = user
        assignment._change_reason = reason
        assignment.save()

    liaisons = 0
    target_users = set(Membership.objects.filter(unit=target).values_list("user_id", flat=True))
    for membership in Membership.objects.filter(unit=source):
        membership._history_user = user
        membership._change_reason = reason
        if membership.user_id in target_users:
            membership.delete()
            continue
        membership.unit = target
        membership.save()
        liaisons += 1

    names = _new_names(source, target)
    UnitAlias.objects.bulk_create([UnitAlias(unit=target, name=name) for name in names])
    UnitAlias.objects.filter(unit=source).delete()

    for collective in CollectiveReference.objects.filter(members=source):
        collective.members.add(target)
        collective.members.remove(source)
    children = Unit.objects.filter(parent=source).exclude(pk=target.pk)
    for child in children:
        child.parent = target
        child._history_user = user
        child._change_reason = reason
        child.save()
    if target.parent_id == source.pk:
        target.parent_id = source.parent_id

    source.active = False
    _touch(source, user=user, reason=reason)
    _touch(target, user=user, reason=reason)
    # urges and period states moved with update(), aliases with bulk_create: no signals
    data_changed(jurisdictions=[target.jurisdiction_id])
    return MergeResult(
        assignments_moved=moved, assignments_combined=combined, reports_moved=reports_moved,
        liaisons_moved=liaisons, aliases_added=len(names),
    )


# --- collective references ----------------------------------------------------------------------

def _clean_collective(*, jurisdiction: Jurisdiction, name: str, rule: str, aliases: Iterable[str],
                      members: Iterable[Unit]) -> tuple[str, str, list[str], list[Unit]]:
    name = _clean_name(name, label=_("The name"), limit=MAX_NAME)
    if rule not in CollectiveReference.Rule.values:
        raise RegistryChangeError(_("Unknown rule."))
    spellings = []
    for alias in aliases:
        alias = _clean_name(alias, label=_("Another spelling"), limit=MAX_NAME, required=False)
        if alias and alias != name and alias not in spellings:
            spellings.append(alias)
    if len(spellings) > MAX_COLLECTIVE_SPELLINGS:
        raise RegistryChangeError(
            _("A collective reference has at most %(limit)s other spellings.") % {"limit": MAX_COLLECTIVE_SPELLINGS})
    members = list(members)
    if len(members) > MAX_COLLECTIVE_MEMBERS:
        raise RegistryChangeError(
            _("A collective reference has at most %(limit)s member units.") % {"limit": MAX_COLLECTIVE_MEMBERS})
    if any(unit.jurisdiction_id != jurisdiction.pk for unit in members):
        raise RegistryChangeError(_("Member units must belong to %(jurisdiction)s.") % {
            "jurisdiction": jurisdiction.name})
    if rule == CollectiveReference.Rule.MEMBERS and not members:
        raise RegistryChangeError(_("Choose the member units, or pick a rule that does not need them."))
    return name, rule, spellings, members


def _collective_name_taken(jurisdiction: Jurisdiction, name: str, exclude_id: int | None) -> None:
    if CollectiveReference.objects.filter(jurisdiction=jurisdiction, name=name).exclude(pk=exclude_id).exists():
        raise RegistryChangeError(_("%(jurisdiction)s already has a collective reference named “%(name)s”.") % {
            "jurisdiction": jurisdiction.name, "name": name})


@transaction.atomic
def collective_create(*, jurisdiction: Jurisdiction, name: str, rule: str, members: Iterable[Unit] = (),
                      aliases: Iterable[str] = (), is_vague: bool = False, user=None) -> CollectiveReference:
    """A collective reference (各镇街, 区政府各部门, 有关部门…) with its rule and, for a listed one, its members.

    A vague reference (rule "vague", or the vague flag) stands for no unit until a person picks them
    on each task; its members are then only a suggestion.
    """
    name, rule, spellings, members = _clean_collective(
        jurisdiction=jurisdiction, name=name, rule=rule, aliases=aliases, members=members)
    _collective_name_taken(jurisdiction, name, None)
    collective = CollectiveReference.objects.create(
        jurisdiction=jurisdiction, name=name, rule=rule, aliases=spellings,
        is_vague=bool(is_vague) or rule == CollectiveReference.Rule.VAGUE,
    )
    collective.members.set(members)
    data_changed()
    return collective


@transaction.atomic
def collective_update(*, collective: CollectiveReference, name: str, rule: str, members: Iterable[Unit] = (),
                      aliases: Iterable[str] = (), is_vague: bool = False, user=None) -> CollectiveReference:
    """Change a collective reference's name, spellings, rule, vague flag and members."""
    collective = CollectiveReference.objects.select_for_update().select_related("jurisdiction").get(pk=collective.pk)
    name, rule, spellings, members = _clean_collective(
        jurisdiction=collective.jurisdiction, name=name, rule=rule, aliases=aliases, members=members)
    _collective_name_taken(collective.jurisdiction, name, collective.pk)
    collective.name, collective.rule, collective.aliases = name, rule, spellings
    collective.is_vague = bool(is_vague) or rule == CollectiveReference.Rule.VAGUE
    collective.save()
    collective.members.set(members)
    data_changed()
    return collective
