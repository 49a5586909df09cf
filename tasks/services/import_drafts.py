"""Import drafts: an upload parsed at once and kept until office staff confirm or discard it.

A draft is not a document: it keeps the uploaded bytes and the preview dict only. Confirming
runs :func:`tasks.services.importing.document_import` and deletes the draft in the same
transaction, so a failed import leaves the draft in place to correct and try again.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from tasks.models import Document, ImportDraft
from tasks.services.import_preview import DocumentImportError, build_preview
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


@transaction.atomic
def import_draft_create(*, user, jurisdiction: Jurisdiction, filename: str, data: bytes) -> ImportDraft:
    """Parse ``data`` and keep it as a draft of ``user``.

    Raises ParseError (unreadable file) or DocumentImportError (nothing to import); then nothing
    is saved.
    """
    import_upload_check(filename=filename, size=len(data))
    preview = build_preview(filename=filename, data=data, jurisdiction=jurisdiction)
    if not any(doc["tasks"] for doc in preview["documents"]):
        raise DocumentImportError(
            _("No tasks were found in %(name)s: it does not look like a work-point document or a task table.")
            % {"name": filename}
        )
    draft = ImportDraft(created_by=user, jurisdiction=jurisdiction, filename=filename[:255], content=data,
                        parsed=preview)
    draft.full_clean()
    draft.save()
    return draft


@transaction.atomic
def import_draft_confirm(*, draft: ImportDraft, user, decisions: dict) -> list[Document]:
    """Save the draft's documents with the person's decisions, then delete the draft; all or nothing."""
    documents = document_import(
        preview=draft.parsed,
        jurisdiction=draft.jurisdiction,
        user=user,
        decisions=decisions,
        source=(draft.filename, bytes(draft.content)),
    )
    draft.delete()
    return documents


def import_draft_discard(*, draft: ImportDraft) -> None:
    draft.delete()
