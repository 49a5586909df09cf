"""Reads of the registry pages: a jurisdiction's units and collective references (fixed query counts)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from units.models import CollectiveReference, Jurisdiction, Membership, Unit


def registry_units(jurisdiction: Jurisdiction) -> QuerySet[Unit]:
    """The jurisdiction's units with parent, aliases and liaisons: three queries however many units."""
    return (
        Unit.objects.filter(jurisdiction=jurisdiction)
        .select_related("parent")
        .prefetch_related(
            "aliases",
            Prefetch("memberships", queryset=Membership.objects.select_related("user").order_by("user__username")),
        )
        .order_by("-active", "order", "name")
    )


def unit_choices(jurisdiction: Jurisdiction, *, exclude: Unit | None = None, active_only: bool = False):
    units = Unit.objects.filter(jurisdiction=jurisdiction).order_by("-active", "order", "name")
    if exclude is not None:
        units = units.exclude(pk=exclude.pk)
    if active_only:
        units = units.filter(active=True)
    return units


def registry_collectives(jurisdiction: Jurisdiction) -> list[CollectiveReference]:
    """The jurisdiction's collective references with their listed members (two queries)."""
    return list(
        CollectiveReference.objects.filter(jurisdiction=jurisdiction)
        .prefetch_related(Prefetch("members", queryset=Unit.objects.order_by("order", "name")))
        .order_by("name")
    )


