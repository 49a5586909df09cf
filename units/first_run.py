"""The first jurisdiction of a fresh install and its office accounts, made by the operator."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from units.accounts import IssuedAccount, office_account_create
from units.models import Jurisdiction
from units.onboarding import OnboardError, jurisdiction_create

MAX_OFFICE_ACCOUNTS = 10


@transaction.atomic
def jurisdiction_with_office_create(*, name: str, level: str, unit_prefix: str, parent: Jurisdiction | None,
                                    office_accounts: int, user=None) -> tuple[Jurisdiction, list[IssuedAccount]]:
    """A new jurisdiction and ``office_accounts`` office-staff accounts with one-time passwords.

    Refuses (OnboardError) a name that exists already and a count outside 1..MAX_OFFICE_ACCOUNTS.
    """
    if not 1 <= office_accounts <= MAX_OFFICE_ACCOUNTS:
        raise OnboardError(_("Between 1 and %(limit)d office accounts can be made at once.")
                           % {"limit": MAX_OFFICE_ACCOUNTS})
    name = (name or "").strip()
    if Jurisdiction.objects.filter(name=name).exists():
        raise OnboardError(_("%(name)s exists already.") % {"name": name[:100]})
    jurisdiction, _created = jurisdiction_create(name=name, level=level, unit_prefix=unit_prefix, parent=parent,
                                                 user=user)
    accounts = [office_account_create(jurisdiction=jurisdiction, user=user) for _i in range(office_accounts)]
    return jurisdiction, accounts
