"""Import drafts: an upload parsed at once and kept until office staff confirm or discard it.

A draft is not a document: it keeps the uploaded bytes and the preview dict only. Confirming
runs :func:`tasks.services.importing.document_import` and deletes the draft in the same
transaction, so a failed import leaves the draft in place to correct and try again.

Drafts are bounded: the upload by the upload limit, the stored preview by the ``draft_bytes``
import limit, their life by ``settings.OPENSCHED_IMPORT_DRAFT_DAYS`` (older drafts are deleted
whenever drafts are listed or created, or by :func:`import_drafts_expire` from cron). Discarding
never reads a draft's content or preview, so a draft that cannot be shown can still be removed.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks.models import Document, ImportDraft
from tasks.services.errors import DocumentImportError
from tasks.services.import_limits import import_limits, limit_refusal
from tasks.services.import_messages import CodedImportError
from tasks.services.import_preview import build_preview, preview_mismatches
from tasks.services.importing import document_import
from units.models import Jurisdiction


def import_upload_check(*, filename: str, size: int) -> None:
    """Refuse a file by its name and size before reading it (DocumentImportError)."""
    extension = PurePath(filename).suffix.lower().lstrip(".")
    allowed = [e.lower() for e in settings.OPENSCHED_IMPORT_EXTENSIONS]
    if extension not in allowed:
        raise DocumentImportError(
            _("%(name)s: files of this type cannot be imported (allowed: %(allowed)s).")
            % {"name": filename, "allowed": ", ".join(f".{e}" for e in allowed)}
        )
    limit_mb = settings.OPENSCHED_MAX_UPLOAD_MB
    if size > limit_mb * 1024 * 1024:
        raise DocumentImportError(_("%(name)s is larger than %(limit)s MB.") % {"name": filename, "limit": limit_mb})
    if size == 0:
        raise DocumentImportError(_("%(name)s is empty.") % {"name": filename})


def import_drafts_expire(*, now=None) -> int:
    """Delete drafts older than OPENSCHED_IMPORT_DRAFT_DAYS (without loading them); returns how many."""
    days = getattr(settings, "OPENSCHED_IMPORT_DRAFT_DAYS", 7)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _counts = ImportDraft.objects.filter(created_at__lt=cutoff).only("pk").delete()
    return deleted


@transaction.atomic
def import_draft_create(*, user, jurisdiction: Jurisdiction, filename: str, data: bytes) -> ImportDraft:
    """Parse ``data`` and keep it as a draft of ``user``.

    Raises ParseError (unreadable file) or DocumentImportError (nothing to import, or an
    ImportLimitError for a file beyond the import limits); then nothing is saved.
    """
    import_upload_check(filename=filename, size=len(data))
    import_drafts_expire()
    preview = build_preview(filename=filename, data=data, jurisdiction=jurisdiction)
    if not any(doc["tasks"] for doc in preview["documents"]):
        raise DocumentImportError(
            _("No tasks were found in %(name)s: it does not look like a work-point document or a task table.")
            % {"name": filename}
        )
    limit = import_limits().draft_bytes
    size = len(json.dumps(preview, ensure_ascii=False).encode())
    if size > limit:
        raise limit_refusal("draft_bytes", limit=limit, found=size, filename=filename)
    draft = ImportDraft(created_by=user, jurisdiction=jurisdiction, filename=filename[:255], content=data,
                        parsed=preview)
    draft.full_clean()
    draft.save()
    return draft


def _already_done() -> DocumentImportError:
    return DocumentImportError(
        _("This import has already been confirmed or discarded (perhaps in another window): nothing more "
          "was imported.")
    )


@transaction.atomic
def import_draft_confirm(*, draft: ImportDraft, user, decisions: dict) -> list[Document]:
    """Save the draft's documents with the person's decisions, then delete the draft; all or nothing.

    The draft row is locked first, so of two confirmations at once the second waits and finds it
    gone; if two imports of the same 文号 still meet at the unique constraint, the loser gets a
    message, not an IntegrityError. A document whose issuer or 文号 points to another jurisdiction
    is imported only with ``decisions["accept_jurisdiction_mismatch"]``.
    """
    locked = ImportDraft.objects.select_for_update().filter(pk=draft.pk).first()
    if locked is None:
        raise _already_done()
    skipped = {str(i) for i in decisions.get("skip_documents") or []}
    mismatched = set(preview_mismatches(locked.parsed, locked.jurisdiction)) - skipped
    if mismatched and not decisions.get("accept_jurisdiction_mismatch"):
        raise CodedImportError("mismatch_not_confirmed", jurisdiction=locked.jurisdiction.name)
    try:
        documents = document_import(
            preview=locked.parsed,
            jurisdiction=locked.jurisdiction,
            user=user,
            decisions=decisions,
            source=(locked.filename, bytes(locked.content)),
        )
    except IntegrityError as exc:  # document_import's savepoint is rolled back already
        raise DocumentImportError(
            _("A document of %(name)s has just been imported by someone else: nothing more was imported.")
            % {"name": locked.filename}
        ) from exc
    locked.delete()
    return documents


def import_draft_discard(*, draft: ImportDraft) -> None:
    """Delete the draft by its key alone: its content and preview are never loaded."""
    ImportDraft.objects.filter(pk=draft.pk).only("pk").delete()
