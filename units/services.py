"""Writes for the unit registry."""

from django.db import transaction
from django.utils.translation import gettext as _

from tasks.caching import data_changed
from tasks.services.errors import ServiceError
from units.models import CollectiveReference, Jurisdiction, Unit, UnitAlias


class RegistryError(ServiceError, ValueError):
    """The registry file names something that does not exist or is malformed.

    Also a ValueError, as it was before it joined the ServiceError family."""


@transaction.atomic
def registry_load(*, data: dict) -> dict[str, int]:
    """Create or update jurisdictions, units, aliases and collective references from plain data.

    Safe to run again: rows are matched by name and updated in place, nothing is deleted.
    The format is the one of ``fixtures/registry.json``.
    """
    counts = {"jurisdictions": 0, "units": 0, "aliases": 0, "collectives": 0}
    entries = data.get("jurisdictions")
    if not isinstance(entries, list):
        raise RegistryError(_("The registry data must have a 'jurisdictions' list."))
    by_name: dict[str, Jurisdiction] = {}
    for order, entry in enumerate(entries):
        parent = None
        if entry.get("parent"):
            parent = by_name.get(entry["parent"]) or Jurisdiction.objects.filter(name=entry["parent"]).first()
            if parent is None:
                raise RegistryError(_("Jurisdiction %(name)s: unknown parent %(parent)s.")
                                    % {"name": entry["name"], "parent": entry["parent"]})
        jurisdiction, _created = Jurisdiction.objects.update_or_create(
            name=entry["name"],
            defaults={
                "short_name": entry.get("short_name", ""),
                "level": entry.get("level", Jurisdiction.Level.DISTRICT),
                "parent": parent,
                "unit_prefix": entry.get("unit_prefix", ""),
                "order": order,
            },
        )
        by_name[jurisdiction.name] = jurisdiction
        counts["jurisdictions"] += 1
        _load_units(jurisdiction, entry.get("units", []), counts)
        _load_collectives(jurisdiction, entry.get("collectives", []), counts)
    data_changed(jurisdictions=[j.pk for j in by_name.values()])  # parents are set with update()
    return counts


def _load_units(jurisdiction: Jurisdiction, units: list[dict], counts: dict[str, int]) -> None:
    created: dict[str, Unit] = {}
    for order, item in enumerate(units):
        unit, _created = Unit.objects.update_or_create(
            jurisdiction=jurisdiction,
            name=item["name"],
            defaults={
                "short_name": item.get("short_name", ""),
                "kind": item.get("kind", Unit.Kind.DEPARTMENT),
                "order": order,
                "active": item.get("active", True),
            },
        )
        created[unit.name] = unit
        counts["units"] += 1
        for alias in item.get("aliases", []):
            UnitAlias.objects.get_or_create(unit=unit, name=alias)
            counts["aliases"] += 1
    for item in units:
        if item.get("parent"):
            parent = created.get(item["parent"])
            if parent is None:
                raise RegistryError(_("Unit %(name)s: unknown parent unit %(parent)s.")
                                    % {"name": item["name"], "parent": item["parent"]})
            Unit.objects.filter(pk=created[item["name"]].pk).update(parent=parent)


def _load_collectives(jurisdiction: Jurisdiction, collectives: list[dict], counts: dict[str, int]) -> None:
    for item in collectives:
        rule = item.get("rule", CollectiveReference.Rule.MEMBERS)
        collective, _created = CollectiveReference.objects.update_or_create(
            jurisdiction=jurisdiction,
            name=item["name"],
            defaults={
                "rule": rule,
                "aliases": item.get("aliases", []),
                "is_vague": item.get("is_vague", rule == CollectiveReference.Rule.VAGUE),
            },
        )
        if item.get("members"):
            members = list(Unit.objects.filter(jurisdiction=jurisdiction, name__in=item["members"]))
            if len(members) != len(set(item["members"])):
                missing = set(item["members"]) - {m.name for m in members}
                raise RegistryError(_("Collective reference %(name)s: unknown member units %(units)s.")
                                    % {"name": item["name"], "units": "、".join(sorted(missing))})
            collective.members.set(members)
        counts["collectives"] += 1
