"""The import preview's "create all units" action: every unit the draft names, in one step.

The proposal comes from units.proposals (``registry_proposal`` over the draft's preview
documents); ``registry_create`` writes it; the draft's preview is then rebuilt from its stored
bytes so its tasks match the new units. All in one transaction: nothing is kept on a refusal.
"""

from __future__ import annotations

import json

from django.db import transaction
from django.utils.translation import gettext as _

from tasks.models import ImportDraft
from tasks.parsing import ParseError
from tasks.services.errors import DocumentImportError
from tasks.services.import_drafts import draft_column_map
from tasks.services.import_limits import import_limits, limit_refusal
from tasks.services.import_preview import build_preview
from units.proposals import registry_create, registry_proposal


def draft_unit_proposal(draft: ImportDraft) -> dict:
    """What creating all units would add (reads only)."""
    return registry_proposal(jurisdiction=draft.jurisdiction, parsed_documents=draft.parsed.get("documents") or [])


def proposal_new_units(proposal: dict) -> list[dict]:
    return [u for u in proposal.get("units") or [] if not u.get("existing")]


@transaction.atomic
def import_draft_units_create(*, draft: ImportDraft, user) -> dict:
    """Create every unit and collective the draft names, then re-match the draft's preview.

    Returns registry_create's counts. Raises RegistryProposalError (a bounded proposal) or
    DocumentImportError (the draft is gone or its rebuilt preview is beyond the draft limit).
    """
    locked = ImportDraft.objects.select_for_update().select_related("jurisdiction").filter(pk=draft.pk).first()
    if locked is None:
        raise DocumentImportError(
            _("This import has already been confirmed or discarded (perhaps in another window): nothing more "
              "was imported."))
    proposal = draft_unit_proposal(locked)
    counts = registry_create(jurisdiction=locked.jurisdiction, proposal=proposal, user=user)
    try:
        # Read again as it was read for the page, with the column mapping the person chose, if any.
        preview = build_preview(filename=locked.filename, data=bytes(locked.content),
                                jurisdiction=locked.jurisdiction, column_map=draft_column_map(locked.parsed) or None)
    except ParseError as exc:  # it parsed at upload; a changed parser may still refuse it
        raise DocumentImportError(_("%(name)s cannot be read again: discard it and upload the file again.")
                                  % {"name": locked.filename}) from exc
    limit = import_limits().draft_bytes
    size = len(json.dumps(preview, ensure_ascii=False).encode())
    if size > limit:
        raise limit_refusal("draft_bytes", limit=limit, found=size, filename=locked.filename)
    locked.parsed = preview
    locked.save(update_fields=["parsed"])
    return counts
