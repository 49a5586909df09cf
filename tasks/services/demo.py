"""Demo data: the unit registry, the seed documents and one account per role."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from units.models import Jurisdiction, JurisdictionRole, Membership, Unit
from units.services import registry_load

DEMO_PASSWORD = "opensched-demo"
FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    jurisdiction: str
    role: str  # "operator" (runs the system, uses the admin), "office", "supervisor" or "liaison"
    unit: str | None = None


DEMO_ACCOUNTS = [
    DemoAccount("operator", "系统管理员", "", "operator"),
    DemoAccount("office", "薛城区政务公开办", "薛城区", "office"),
    DemoAccount("leader", "薛城区分管领导", "薛城区", "supervisor"),
    DemoAccount("caizheng", "区财政局联络员", "薛城区", "liaison", "区财政局"),
    DemoAccount("shichang", "区市场监管局联络员", "薛城区", "liaison", "区市场监督管理局"),
    DemoAccount("office_tez", "台儿庄区政务公开办", "台儿庄区", "office"),
    DemoAccount("office_lingang", "临港区政务公开办", "临沂临港经济开发区", "office"),
    DemoAccount("office_guanxian", "冠县政务公开办", "冠县", "office"),
]


@transaction.atomic
def demo_accounts_create(*, password: str = DEMO_PASSWORD) -> list[str]:
    """Create (or reset) the demo accounts; returns their usernames."""
    User = get_user_model()
    names = []
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        user.first_name = account.full_name
        user.email = f"{account.username}@example.org"
        # Only the operator uses the Django admin (opensched.admin_site); everybody else the portal.
        user.is_staff = user.is_superuser = account.role == "operator"
        user.set_password(password)
        user.save()
        names.append(user.username)
        if account.role == "operator":
            continue
        jurisdiction = Jurisdiction.objects.get(name=account.jurisdiction)
        if account.role == "liaison":
            unit = Unit.objects.get(jurisdiction=jurisdiction, name=account.unit)
            Membership.objects.get_or_create(user=user, unit=unit, defaults={"role": Membership.Role.LIAISON})
        else:
            JurisdictionRole.objects.update_or_create(
                user=user, jurisdiction=jurisdiction, defaults={"role": account.role}
            )
    return names


def registry_load_fixture() -> dict[str, int]:
    data = json.loads((FIXTURES / "registry.json").read_text(encoding="utf-8"))
    return registry_load(data=data)


def seed_documents_manifest() -> list[dict]:
    """The seed documents and the jurisdiction each belongs to (fixtures/documents/manifest.json)."""
    manifest = FIXTURES / "documents" / "manifest.json"
    if not manifest.exists():
        return []
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in entries:
        entry["path"] = str(FIXTURES / "documents" / entry["file"])
    return entries
