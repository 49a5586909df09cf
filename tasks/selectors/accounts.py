"""Reads of the liaison accounts page: each unit with its liaisons and their last login."""

from django.db.models import Count, Prefetch, Q

from units.models import Membership, Unit


def units_with_liaisons(jurisdiction) -> list[Unit]:
    """Active units of the jurisdiction (and inactive ones that still have liaisons), each with
    ``liaison_list`` and ``assignment_count`` (three queries)."""
    liaisons = Prefetch(
        "memberships",
        queryset=Membership.objects.filter(role=Membership.Role.LIAISON).select_related("user").order_by("user__username"),
        to_attr="liaison_list",
    )
    return list(
        Unit.objects.filter(jurisdiction=jurisdiction)
        .filter(Q(active=True) | Q(memberships__isnull=False))
        .annotate(assignment_count=Count("assignments", distinct=True))
        .prefetch_related(liaisons)
        .distinct()
        .order_by("order", "name")
    )


def units_missing_liaison(units: list[Unit]) -> int:
    """How many of the units have assignments and no liaison (what "generate" would create)."""
    return sum(1 for u in units if u.active and u.assignment_count and not u.liaison_list)
