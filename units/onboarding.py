"""A new office from its own documents: jurisdiction, documents, units, collectives, accounts.

``onboard`` is what ``manage.py onboard`` runs, in one transaction: nothing is kept when any
step fails. Run again over the same files it changes nothing (documents already imported are
skipped, units and accounts exist) and says so (``changed`` is False).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from tasks.parsing import parse_bytes
from tasks.parsing.limits import ImportLimitExceeded
from tasks.services.errors import ServiceError
from units.accounts import IssuedAccount, liaison_accounts_generate, office_account_create
from units.models import Jurisdiction, JurisdictionRole
from units.naming import LEVEL_PREFIX, guess_jurisdiction
from units.proposals import registry_create, registry_proposal

MAX_FILES = 20


class OnboardError(ServiceError):
    """The jurisdiction cannot be made or the files cannot be onboarded as asked."""


@dataclass
class OnboardResult:
    jurisdiction: Jurisdiction
    jurisdiction_created: bool
    units_created: int = 0
    aliases_created: int = 0
    collectives_created: int = 0
    collectives: list[str] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    accounts: list[IssuedAccount] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.jurisdiction_created or self.units_created or self.aliases_created
                    or self.collectives_created or self.accounts or any(d["imported"] for d in self.documents))

    def as_dict(self) -> dict:
        return {
            "jurisdiction": {"name": self.jurisdiction.name, "level": self.jurisdiction.level,
                             "unit_prefix": self.jurisdiction.unit_prefix,
                             "parent": self.jurisdiction.parent.name if self.jurisdiction.parent_id else None,
                             "created": self.jurisdiction_created},
            "units_created": self.units_created,
            "aliases_created": self.aliases_created,
            "collectives_created": self.collectives_created,
            "collectives": self.collectives,
            "documents": self.documents,
            "accounts": [{"username": a.username, "unit": a.unit, "role": a.role} for a in self.accounts],
            "changed": self.changed,
        }


@transaction.atomic
def jurisdiction_create(*, name: str, level: str, unit_prefix: str | None = None, parent: Jurisdiction | None = None,
                        user=None) -> tuple[Jurisdiction, bool]:
    """The jurisdiction called ``name``, created with ``level`` (and its usual prefix) if missing."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise OnboardError(_("A jurisdiction name has 1 to 100 characters."))
    if level not in Jurisdiction.Level.values:
        raise OnboardError(_("Unknown level %(level)s; one of: %(levels)s.")
                           % {"level": str(level)[:20], "levels": ", ".join(Jurisdiction.Level.values)})
    existing = Jurisdiction.objects.filter(name=name).first()
    if existing is not None:
        return existing, False
    jurisdiction = Jurisdiction(name=name, level=level, parent=parent,
                                unit_prefix=LEVEL_PREFIX.get(level, "") if unit_prefix is None else unit_prefix[:5],
                                order=Jurisdiction.objects.count())
    jurisdiction._history_user = user
    jurisdiction.save()
    return jurisdiction, True


def _parse(files: list[tuple[str, bytes]]):
    from tasks.services.import_limits import import_limits, limit_error

    parsed = []
    for filename, data in files:
        try:
            parsed.append(parse_bytes(filename, data, import_limits()))
        except ImportLimitExceeded as exc:
            raise limit_error(exc, filename=filename) from None
    return parsed


def _documents_report(jurisdiction: Jurisdiction, preview_docs: list[dict], imported: set[int]) -> list[dict]:
    from tasks.models import Document, Task

    rows = []
    for index, doc in enumerate(preview_docs):
        found = Document.objects.filter(jurisdiction=jurisdiction)
        found = (found.filter(doc_number=doc["doc_number"]) if doc["doc_number"]
                 else found.filter(doc_number="", title=(doc["title"] or "")[:300]))
        document = found.order_by("-pk").first()
        per_task = list(Task.objects.filter(document=document).annotate(n=Count("assignments"))
                        .values_list("n", flat=True)) if document else []
        rows.append({
            "doc_number": doc["doc_number"],
            "title": doc["title"],
            "tasks": len(per_task),
            "assignments": sum(per_task),
            "tasks_without_units": sum(1 for n in per_task if not n),
            "imported": index in imported,
        })
    return rows


@transaction.atomic
def onboard(*, jurisdiction_name: str, files: list[tuple[str, bytes]], level: str | None = None,
            parent_name: str | None = None, accept_suggestions: bool = False, user=None) -> OnboardResult:
    """Make or find the jurisdiction, import ``files``, create their units, collectives and accounts."""
    from tasks.models import Document
    from tasks.services.import_preview import build_preview
    from tasks.services.importing import document_import

    if not files:
        raise OnboardError(_("Give at least one document."))
    if len(files) > MAX_FILES:
        raise OnboardError(_("At most %(limit)d files can be onboarded at once; %(count)d were given.")
                           % {"limit": MAX_FILES, "count": len(files)})
    parsed = _parse(files)
    documents = [doc for docs in parsed for doc in docs]
    guess = next((g for g in (guess_jurisdiction(d.issuer) for d in documents) if g), None)

    jurisdiction = Jurisdiction.objects.filter(name=jurisdiction_name.strip()).first()
    created = False
    if jurisdiction is None:
        parent = None
        if parent_name:
            parent_guess = guess_jurisdiction(parent_name)
            parent, _created = jurisdiction_create(
                name=parent_name, level=parent_guess.level if parent_guess else Jurisdiction.Level.CITY, user=user)
        elif guess and guess.parent:
            parent = Jurisdiction.objects.filter(name=guess.parent).first()
        if level is None:
            by_name = guess_jurisdiction(jurisdiction_name)
            chosen = guess if guess and guess.name == jurisdiction_name.strip() else by_name or guess
            if chosen is None:
                raise OnboardError(_("Cannot tell the level of %(name)s from the documents; give --level.")
                                   % {"name": jurisdiction_name[:100]})
            level, prefix = chosen.level, chosen.unit_prefix
        else:
            prefix = guess.unit_prefix if guess and guess.level == level else None
        jurisdiction, created = jurisdiction_create(name=jurisdiction_name, level=level, unit_prefix=prefix,
                                                    parent=parent, user=user)

    result = OnboardResult(jurisdiction=jurisdiction, jurisdiction_created=created)
    counts = registry_create(jurisdiction=jurisdiction,
                             proposal=registry_proposal(jurisdiction=jurisdiction, parsed_documents=documents),
                             user=user)
    result.units_created = counts["units_created"]
    result.aliases_created = counts["aliases_created"]
    result.collectives_created = counts["collectives_created"]
    result.collectives = sorted(jurisdiction.collectives.values_list("name", flat=True))

    for filename, data in files:
        preview = build_preview(filename=filename, data=data, jurisdiction=jurisdiction)
        skip = []
        for index, doc in enumerate(preview["documents"]):
            untitled_twin = not doc["doc_number"] and Document.objects.filter(
                jurisdiction=jurisdiction, doc_number="", title=(doc["title"] or "")[:300]).exists()
            if doc["exists"] or untitled_twin:
                skip.append(index)
        imported = set(range(len(preview["documents"]))) - set(skip)
        if imported:
            document_import(preview=preview, jurisdiction=jurisdiction, user=user, source=(filename, data),
                            decisions={"skip_documents": skip, "accept_suggestions": accept_suggestions})
        result.documents.extend(_documents_report(jurisdiction, preview["documents"], imported))

    result.accounts = liaison_accounts_generate(jurisdiction=jurisdiction, user=user)
    if not JurisdictionRole.objects.filter(jurisdiction=jurisdiction, role=JurisdictionRole.Role.OFFICE).exists():
        result.accounts.append(office_account_create(jurisdiction=jurisdiction, user=user))
    return result
