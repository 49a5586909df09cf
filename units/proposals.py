"""The unit registry built from documents: propose every unit a document names, once; create them.

``registry_proposal`` reads; ``registry_create`` writes (one transaction). The proposal is plain
JSON-safe data, so the import preview can keep it in its draft and show it before the person
presses "create all units". Contract (also in docs/ARCHITECTURE.md):

    {"jurisdiction": "薛城区",
     "units": [{"name": "区发展和改革局", "short_name": "区发改局", "kind": "department",
                "aliases": ["区发展改革局"], "parent": null | "<name of another proposed or existing unit>",
                "existing": null | <unit id>,      # set: the unit exists; only its new aliases are proposed
                "written": ["区发改局", ...], "mentions": 5, "from": ["tasks", "addressees", "suggestions"]}],
     "collectives": [{"name": "各镇街", "rule": "all_towns", "aliases": ["各镇〈街〉"], "members": [],
                      "vague": false, "existing": null | <collective id>, "mentions": 10}]}

Names are linked through the abbreviation table (:mod:`units.naming`): 区发改局 and 区发展和改革局
are one unit with an alias, never two, and a name that an existing unit already answers to is
not proposed again. Collectives get their rule from their words (各镇街 = every town, 区政府各部门 =
every department); vague ones (有关部门) are created vague, for a person to resolve per task.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from tasks.parsing.names import is_collective, is_unit_name, split_name
from tasks.parsing.unit_matching import canonical
from tasks.services.errors import ServiceError
from units.models import CollectiveReference, Jurisdiction, Unit, UnitAlias
from units.naming import (
    R_MEMBERS,
    R_VAGUE,
    collective_rule,
    department_forms,
    expand_addressee,
    guess_kind,
    place_prefixes,
    split_prefix,
    table_kind,
    unit_identity,
)

MAX_PROPOSED_UNITS = 1000
MAX_PROPOSED_COLLECTIVES = 200
MAX_ALIASES = 30
MAX_NAME = 100
# Addressees that name a kind of unit, not a unit: 各乡镇人民政府、街道办事处.
GENERIC_ADDRESSEES = ("街道", "乡镇", "镇政府", "乡政府", "镇人民政府", "乡人民政府", "办事处")


class RegistryProposalError(ServiceError):
    """A proposal that cannot be created as given (too many rows, a bad kind, a long name)."""


@dataclass
class _Group:
    key: str
    forms: Counter = field(default_factory=Counter)
    prefixes: Counter = field(default_factory=Counter)
    entry: int | None = None
    branch: bool = False
    full_forms: Counter = field(default_factory=Counter)
    parents: Counter = field(default_factory=Counter)
    sources: set = field(default_factory=set)
    cores: Counter = field(default_factory=Counter)
    order: int = 0


def jurisdiction_prefixes(jurisdiction: Jurisdiction) -> tuple[str, ...]:
    parent = jurisdiction.parent.name if jurisdiction.parent_id else ""
    return place_prefixes(name=jurisdiction.name, short_name=jurisdiction.short_name,
                          unit_prefix=jurisdiction.unit_prefix, parent=parent)


def _mentions(parsed_documents) -> tuple[list[tuple[str, str | None, str]], list[tuple[str, str]], list]:
    """(unit name, parent name, source), (collective name, source), towns from addressees.

    Takes parser output (ParsedDocument) or the import preview's document dicts.
    """
    units: list[tuple[str, str | None, str]] = []
    collectives: list[tuple[str, str]] = []
    towns: list[tuple[str, str]] = []
    for doc in parsed_documents:
        is_dict = isinstance(doc, dict)
        addressees = doc.get("addressees", []) if is_dict else doc.addressees
        for addressee in addressees or []:
            expanded = expand_addressee(addressee)
            if expanded:
                towns.extend(expanded)
                continue
            name, _parent = split_name(addressee)
            name = canonical(name)
            if is_collective(name):
                rule, _selector = collective_rule(name)
                if rule != R_VAGUE:
                    collectives.append((name, "addressees"))
            elif is_unit_name(name) and not name.startswith(GENERIC_ADDRESSEES):
                units.append((name, None, "addressees"))
        for task in (doc.get("tasks", []) if is_dict else doc.tasks):
            refs = task.get("units", []) if is_dict else task.units
            for ref in refs:
                if is_dict:
                    name, parent = split_name(ref["name"])
                    collective = bool(ref.get("collective")) or is_collective(canonical(name))
                else:
                    name, parent, collective = ref.name, ref.parent, ref.collective
                name = canonical(name)
                if collective:
                    collectives.append((name, "tasks"))
                    continue
                if parent:
                    units.append((canonical(parent), None, "tasks"))
                units.append((name, canonical(parent) if parent else None, "tasks"))
            for suggestion in (task.get("suggestions", []) if is_dict else task.suggestions) or []:
                name, parent = split_name(suggestion)
                name = canonical(name)
                if is_collective(name):
                    collectives.append((name, "suggestions"))
                elif is_unit_name(name):
                    units.append((name, canonical(parent) if parent else None, "suggestions"))
    return units, collectives, towns


def _existing(jurisdiction: Jurisdiction, prefixes):
    """key -> existing unit; every name an existing unit answers to -> unit (2 queries)."""
    units = {u.pk: u for u in Unit.objects.filter(jurisdiction=jurisdiction)}
    names: dict[str, Unit] = {}
    for unit in units.values():
        for name in (unit.name, unit.short_name):
            if name:
                names[canonical(name)] = unit
    for unit_id, alias in UnitAlias.objects.filter(unit__jurisdiction=jurisdiction).values_list("unit_id", "name"):
        names[canonical(alias)] = units[unit_id]
    by_key: dict[str, Unit] = {}
    for name, unit in names.items():
        by_key.setdefault(unit_identity(name, prefixes=prefixes).key, unit)
    return units, names, by_key


def _unit_name(group: _Group, default_prefix: str, prefixes: tuple[str, ...]) -> tuple[str, str, list[str]]:
    """(full name, short name, aliases) of a group of written forms of one unit.

    A department in the table gets its written full form, else the table's full form, with the
    prefix the document writes (区, 县, 薛城); a 分局 its longest written form; a town its base
    name (临城街道 for 临城街道办事处); anything else its longest written form. The short name is the
    form the documents write most that is not the full name; every other form is an alias.
    """
    written = [form for form, _n in group.forms.most_common()]
    prefix = group.prefixes.most_common(1)[0][0] if group.prefixes else default_prefix
    if group.branch:
        full = max(written, key=lambda f: (f in group.full_forms, len(f)))
    elif group.entry is not None:
        if group.full_forms:
            full = group.full_forms.most_common(1)[0][0]
        else:
            core = group.cores.most_common(1)[0][0]
            forms = department_forms(core)
            full = forms[0] if forms else core
        if prefix and not split_prefix(full, prefixes)[0]:
            full = prefix + full
    elif group.key.startswith("town:"):
        full = group.key[len("town:"):]
    else:
        full = max(written, key=len)
    short = next((form for form in written if form != full), "")
    if short and prefix and not split_prefix(short, prefixes)[0] and group.entry is not None:
        short = prefix + short  # 人社局 in a county's document: 县人社局
        short = "" if short == full else short
    aliases = [form for form in written if form not in (full, short)]
    return full, short, aliases


def registry_proposal(*, jurisdiction: Jurisdiction, parsed_documents) -> dict:
    """The units and collectives the documents name that the registry does not have (reads only)."""
    prefixes = jurisdiction_prefixes(jurisdiction)
    units, collective_names, towns = _mentions(parsed_documents)
    _all, existing_names, existing_keys = _existing(jurisdiction, prefixes)

    groups: dict[str, _Group] = {}
    parents_of: dict[str, Counter] = {}

    def add(name: str, source: str, parent: str | None = None) -> _Group:
        identity = unit_identity(name, prefixes=prefixes)
        group = groups.get(identity.key)
        if group is None:
            group = groups[identity.key] = _Group(key=identity.key, entry=identity.entry,
                                                  branch=identity.branch, order=len(groups))
        group.forms[name] += 1
        group.sources.add(source)
        if identity.prefix:
            group.prefixes[identity.prefix] += 1
        if identity.full_form and (identity.entry is not None or identity.branch):
            group.full_forms[name] += 1
        if identity.entry is not None:
            group.cores[identity.core] += 1
        if parent:
            parents_of.setdefault(identity.key, Counter())[unit_identity(parent, prefixes=prefixes).key] += 1
        return group

    for town, written in towns:
        group = add(town, "addressees")
        if written != town:
            group.forms[written] += 1
    for name, parent, source in units:
        add(name, source, parent)

    proposal_units: list[dict] = []
    names_by_key: dict[str, str] = {}
    for key, unit in existing_keys.items():
        names_by_key[key] = unit.name
    planned: list[tuple[_Group, dict]] = []
    for group in sorted(groups.values(), key=lambda g: g.order):
        unit = existing_keys.get(group.key) or next(
            (existing_names[canonical(f)] for f in group.forms if canonical(f) in existing_names), None)
        if unit is not None:
            new_aliases = sorted({f for f in group.forms if canonical(f) not in existing_names})
            names_by_key[group.key] = unit.name
            if new_aliases:
                proposal_units.append({
                    "name": unit.name, "short_name": unit.short_name, "kind": unit.kind, "aliases": new_aliases,
                    "parent": None, "existing": unit.pk, "written": list(group.forms),
                    "mentions": sum(group.forms.values()), "from": sorted(group.sources),
                })
            continue
        full, short, aliases = _unit_name(group, jurisdiction.unit_prefix, prefixes)
        identity = unit_identity(full, prefixes=prefixes)
        kind = (table_kind(identity.core) if identity.entry is not None else None) or guess_kind(full)
        names_by_key[group.key] = full
        entry = {
            "name": full[:MAX_NAME], "short_name": short[:50], "kind": kind, "aliases": aliases[:MAX_ALIASES],
            "parent": None, "existing": None, "written": list(group.forms),
            "mentions": sum(group.forms.values()), "from": sorted(group.sources),
        }
        planned.append((group, entry))
        proposal_units.append(entry)
    for group, entry in planned:
        parent_key = (parents_of.get(group.key) or Counter()).most_common(1)
        if parent_key and parent_key[0][0] != group.key:
            entry["parent"] = names_by_key.get(parent_key[0][0])

    return {
        "jurisdiction": jurisdiction.name,
        "units": proposal_units,
        "collectives": _collectives(jurisdiction, collective_names, proposal_units),
    }


def _collectives(jurisdiction: Jurisdiction, mentions: list[tuple[str, str]], proposed: list[dict]) -> list[dict]:
    existing = list(CollectiveReference.objects.filter(jurisdiction=jurisdiction))
    existing_names = {}
    for item in existing:
        for name in [item.name, *(item.aliases or [])]:
            existing_names[canonical(name)] = item
    grouped: dict[tuple, Counter] = {}
    order: list[tuple] = []
    for name, source in mentions:
        rule, selector = collective_rule(name)
        group_key = (rule, selector)
        if group_key not in grouped:
            grouped[group_key] = Counter()
            order.append(group_key)
        grouped[group_key][name] += 2 if source == "tasks" else 1
    unit_rows = list(Unit.objects.filter(jurisdiction=jurisdiction, active=True).values_list("name", "kind"))
    unit_rows += [(u["name"], u["kind"]) for u in proposed if not u["existing"]]
    result = []
    for group_key in order:
        rule, selector = group_key
        names = [n for n, _c in grouped[group_key].most_common()]
        known = next((existing_names[canonical(n)] for n in names if canonical(n) in existing_names), None)
        if known is None:
            known = next((c for c in existing if c.rule == rule and rule != R_MEMBERS), None)
        members: list[str] = []
        if selector:
            how, value = selector
            members = sorted({n for n, kind in unit_rows
                              if (kind == value if how == "kind" else n.endswith(value))})
        if known is not None:
            new = [n for n in names if canonical(n) not in existing_names]
            if new or (members and rule == R_MEMBERS):
                result.append({"name": known.name, "rule": known.rule, "aliases": new, "members": members,
                               "vague": known.is_vague, "existing": known.pk,
                               "mentions": sum(grouped[group_key].values())})
            continue
        result.append({"name": names[0][:MAX_NAME], "rule": rule, "aliases": names[1:MAX_ALIASES + 1],
                       "members": members, "vague": rule == R_VAGUE, "existing": None,
                       "mentions": sum(grouped[group_key].values())})
    return result


def _check(proposal: dict) -> tuple[list[dict], list[dict]]:
    if not isinstance(proposal, dict):
        raise RegistryProposalError(_("The unit proposal is not readable."))
    units = proposal.get("units") or []
    collectives = proposal.get("collectives") or []
    if not isinstance(units, list) or not isinstance(collectives, list):
        raise RegistryProposalError(_("The unit proposal is not readable."))
    if len(units) > MAX_PROPOSED_UNITS:
        raise RegistryProposalError(
            _("The proposal names %(count)d units; at most %(limit)d can be created at once.")
            % {"count": len(units), "limit": MAX_PROPOSED_UNITS})
    if len(collectives) > MAX_PROPOSED_COLLECTIVES:
        raise RegistryProposalError(
            _("The proposal names %(count)d collective references; at most %(limit)d can be created at once.")
            % {"count": len(collectives), "limit": MAX_PROPOSED_COLLECTIVES})
    for item in [*units, *collectives]:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise RegistryProposalError(_("The unit proposal is not readable."))
        names = [item["name"], item.get("short_name") or "", *(item.get("aliases") or [])]
        if len(item.get("aliases") or []) > MAX_ALIASES:
            raise RegistryProposalError(_("%(name)s has more than %(limit)d other names.")
                                        % {"name": item["name"][:30], "limit": MAX_ALIASES})
        if any(not isinstance(n, str) or len(n) > MAX_NAME for n in names):
            raise RegistryProposalError(_("A unit name is longer than %(limit)d characters.") % {"limit": MAX_NAME})
    for item in units:
        if item.get("kind", Unit.Kind.DEPARTMENT) not in Unit.Kind.values:
            raise RegistryProposalError(_("Unknown unit kind %(kind)s.") % {"kind": str(item.get("kind"))[:20]})
    for item in collectives:
        if item.get("rule") not in CollectiveReference.Rule.values:
            raise RegistryProposalError(_("Unknown collective rule %(rule)s.") % {"rule": str(item.get("rule"))[:20]})
    return units, collectives


@transaction.atomic
def registry_create(*, jurisdiction: Jurisdiction, proposal: dict, user=None) -> dict:
    """Create every unit, alias and collective of ``proposal`` (see the module docstring).

    Idempotent: a unit whose name exists, an alias already recorded and a collective whose name
    exists are left as they are, so running it twice creates nothing the second time. Returns
    ``{"units_created", "aliases_created", "collectives_created", "collectives": [names]}``.
    """
    units, collectives = _check(proposal)
    jurisdiction = Jurisdiction.objects.select_for_update().get(pk=jurisdiction.pk)
    existing = {u.name: u for u in Unit.objects.filter(jurisdiction=jurisdiction)}
    by_id = {u.pk: u for u in existing.values()}
    counts = {"units_created": 0, "aliases_created": 0, "collectives_created": 0, "collectives": []}
    order = Unit.objects.filter(jurisdiction=jurisdiction).count()
    touched: list[tuple[Unit, dict]] = []
    for item in units:
        name = item["name"].strip()
        unit = by_id.get(item.get("existing")) if item.get("existing") else None
        unit = unit or existing.get(name)
        if unit is None:
            unit = Unit(jurisdiction=jurisdiction, name=name, short_name=(item.get("short_name") or "").strip(),
                        kind=item.get("kind") or Unit.Kind.DEPARTMENT, order=order)
            if unit.short_name == unit.name:
                unit.short_name = ""
            unit._history_user = user
            unit.save()
            order += 1
            existing[name] = unit
            counts["units_created"] += 1
        touched.append((unit, item))
    taken = _alias_owners(jurisdiction)
    for unit, item in touched:
        for alias in item.get("aliases") or []:
            alias = alias.strip()
            key = canonical(alias)
            if not alias or alias in (unit.name, unit.short_name) or key in taken:
                continue
            UnitAlias.objects.create(unit=unit, name=alias)
            taken[key] = unit.pk
            counts["aliases_created"] += 1
        parent = existing.get(item.get("parent") or "")
        if parent is not None and unit.parent_id is None and parent.pk != unit.pk:
            unit.parent = parent
            unit._history_user = user
            unit.save(update_fields=["parent"])
    names = {u.name for u in existing.values()}
    for item in collectives:
        collective = None
        if item.get("existing"):
            collective = CollectiveReference.objects.filter(jurisdiction=jurisdiction, pk=item["existing"]).first()
        collective = collective or CollectiveReference.objects.filter(jurisdiction=jurisdiction,
                                                                      name=item["name"].strip()).first()
        rule = item["rule"]
        if collective is None:
            collective = CollectiveReference.objects.create(
                jurisdiction=jurisdiction, name=item["name"].strip(), rule=rule,
                aliases=[a for a in item.get("aliases") or [] if a != item["name"]],
                is_vague=bool(item.get("vague")) or rule == CollectiveReference.Rule.VAGUE,
            )
            counts["collectives_created"] += 1
        else:
            new = [a for a in item.get("aliases") or [] if a not in collective.aliases and a != collective.name]
            if new:
                collective.aliases = [*collective.aliases, *new]
                collective.save(update_fields=["aliases"])
        if collective.rule == CollectiveReference.Rule.MEMBERS and item.get("members"):
            wanted = [existing[n] for n in item["members"] if n in names]
            missing = [m for m in wanted if not collective.members.filter(pk=m.pk).exists()]
            if missing:
                collective.members.add(*missing)
        counts["collectives"].append(collective.name)
    return counts


def _alias_owners(jurisdiction: Jurisdiction) -> dict[str, int]:
    """Every name a unit of the jurisdiction answers to -> that unit: an alias is never given twice."""
    owners: dict[str, int] = {}
    for unit in Unit.objects.filter(jurisdiction=jurisdiction).only("pk", "name", "short_name"):
        for name in (unit.name, unit.short_name):
            if name:
                owners.setdefault(canonical(name), unit.pk)
    for unit_id, alias in UnitAlias.objects.filter(unit__jurisdiction=jurisdiction).values_list("unit_id", "name"):
        owners.setdefault(canonical(alias), unit_id)
    return owners
