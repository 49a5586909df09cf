"""Import drafts: an upload parsed at once and kept until office staff confirm or discard it.

A draft is not a document: it keeps the uploaded bytes and the preview dict only. Confirming
runs :func:`tasks.services.importing.document_import` and deletes the draft in the same
transaction, so a failed import leaves the draft in place to correct and try again.

Drafts are bounded: the upload by the upload limit, the stored preview by the ``draft_bytes``
import limit, their life by ``settings.OPENSCHED_IMPORT_DRAFT_DAYS`` (older drafts are deleted
whenever drafts are listed or created, or by :func:`import_drafts_expire` from cron). Discarding
never reads a draft's content or preview, so a draft that cannot be shown can still be removed.

Column mapping: when the parser refuses a file but found a table in it (a refusal that carries
``tables``, or a parse without a task), the upload does not fail: the draft is kept in the
*needs columns* state, ``parsed = {"state": "needs_columns", "tables": [...], ...}``,
and the person says which column is the task, the units, the deadline
(:func:`import_draft_map_columns`); a preview with tasks whose table has ``needs_mapping`` offers
the same page. The mapping is applied to every table of the file and kept
in the preview as ``parsed["column_map"]`` (string keys), so the draft remembers it.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tasks.models import Document, ImportDraft
from tasks.parsing import COLUMN_ROLES, ParseError
from tasks.services.errors import ColumnMapError, DocumentImportError
from tasks.services.import_limits import import_limits, limit_refusal
from tasks.services.import_messages import CodedImportError
from tasks.services.import_preview import build_preview, preview_mismatches, table_summaries
from tasks.services.importing import document_import
from units.models import Jurisdiction

COLUMN_ROLE_LABELS = {
    "number": gettext_lazy("Row number"),
    "group": gettext_lazy("Group (section)"),
    "task": gettext_lazy("Task"),
    "units": gettext_lazy("Responsible units"),
    "lead": gettext_lazy("Lead unit"),
    "cooperating": gettext_lazy("Cooperating units"),
    "deadline": gettext_lazy("Deadline"),
    "ignore": gettext_lazy("Ignore"),
}


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


STATE_NEEDS_COLUMNS = "needs_columns"
UNIQUE_ROLES = ("number", "task", "deadline")
MIN_MAPPED_COLUMNS = 2  # a "table" of one column has nothing to map  # at most one column each; the others may repeat


def draft_needs_columns(parsed) -> bool:
    """The draft waits for its column mapping (no preview to show yet)."""
    return isinstance(parsed, dict) and parsed.get("state") == STATE_NEEDS_COLUMNS


def _mappable(tables) -> list[dict]:
    return [t for t in tables or [] if isinstance(t, dict) and int(t.get("width") or 0) >= MIN_MAPPED_COLUMNS]


def preview_offers_columns(parsed) -> bool:
    """A preview read without a mapping holds a table whose columns were not understood: the
    preview offers the columns page (the tasks it did find are shown meanwhile)."""
    return (isinstance(parsed, dict) and not parsed.get("column_map")
            and any(t.get("needs_mapping") for t in _mappable(parsed.get("tables"))))


def _check_draft_size(parsed: dict, filename: str) -> None:
    limit = import_limits().draft_bytes
    size = len(json.dumps(parsed, ensure_ascii=False).encode())
    if size > limit:
        raise limit_refusal("draft_bytes", limit=limit, found=size, filename=filename)


def _no_tasks(filename: str) -> DocumentImportError:
    return DocumentImportError(
        _("No tasks were found in %(name)s: it does not look like a work-point document or a task table.")
        % {"name": filename}
    )


def _needs_columns(*, filename: str, jurisdiction: Jurisdiction, tables: list[dict], reason: str) -> dict:
    return {"state": STATE_NEEDS_COLUMNS, "filename": filename, "jurisdiction": jurisdiction.name,
            "jurisdiction_id": jurisdiction.pk, "tables": tables, "reason": reason}


@transaction.atomic
def import_draft_create(*, user, jurisdiction: Jurisdiction, filename: str, data: bytes) -> ImportDraft:
    """Parse ``data`` and keep it as a draft of ``user``.

    A file refused (or read without a task) while it holds a table of two or more columns becomes
    a draft in the *needs columns* state (see :func:`import_draft_map_columns`) instead of a
    refusal. A file whose tasks were found but one of whose tables was not understood gets its
    preview, which offers the mapping (:func:`preview_offers_columns`): real documents carry
    such tables (page clutter, a header-less ledger read another way) and must import without a
    hand edit.
    Raises ParseError (unreadable file) or DocumentImportError (nothing to import, or an
    ImportLimitError for a file beyond the import limits); then nothing is saved.
    """
    import_upload_check(filename=filename, size=len(data))
    import_drafts_expire()
    try:
        parsed = build_preview(filename=filename, data=data, jurisdiction=jurisdiction)
    except ParseError as exc:
        tables = _mappable(table_summaries(exc.tables))
        if not tables:
            raise
        parsed = _needs_columns(filename=filename, jurisdiction=jurisdiction, tables=tables, reason=exc.code)
    else:
        if not any(doc["tasks"] for doc in parsed["documents"]):
            tables = _mappable(parsed["tables"])
            if not tables:
                raise _no_tasks(filename)
            parsed = _needs_columns(filename=filename, jurisdiction=jurisdiction, tables=tables, reason="no_tasks")
    _check_draft_size(parsed, filename)
    draft = ImportDraft(created_by=user, jurisdiction=jurisdiction, filename=filename[:255], content=data,
                        parsed=parsed)
    draft.full_clean()
    draft.save()
    return draft


def draft_tables(parsed) -> list[dict]:
    """The tables a draft offers for mapping (as stored; [] for old drafts)."""
    tables = parsed.get("tables") if isinstance(parsed, dict) else None
    return [t for t in tables if isinstance(t, dict)] if isinstance(tables, list) else []


def draft_column_map(parsed) -> dict[int, str]:
    """The mapping a draft was parsed with, keyed by column index ({} when none)."""
    stored = parsed.get("column_map") if isinstance(parsed, dict) else None
    if not isinstance(stored, dict):
        return {}
    result = {}
    for key, role in stored.items():
        if str(key).isdigit() and role in COLUMN_ROLES:
            result[int(key)] = role
    return result


def check_column_map(column_map: dict[int, str], *, width: int) -> None:
    """Refuse a mapping beyond the table (ColumnMapError, with the reason for the page)."""
    if not isinstance(column_map, dict) or not column_map:
        raise ColumnMapError(_("Choose what each column holds."))
    for index, role in column_map.items():
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < width:
            raise ColumnMapError(_("Column %(column)s is not a column of this table (it has %(width)s).")
                                 % {"column": index, "width": width})
        if role not in COLUMN_ROLES:
            raise ColumnMapError(_("%(role)s is not a column role.") % {"role": role})
    roles = list(column_map.values())
    if "task" not in roles:
        raise ColumnMapError(_("Choose the column that holds the task (the requirement)."))
    for role in UNIQUE_ROLES:
        if roles.count(role) > 1:
            raise ColumnMapError(_("Only one column can be “%(role)s”.") % {"role": role_label(role)})


def role_label(role: str) -> str:
    """A column role in the active language."""
    return str(COLUMN_ROLE_LABELS.get(role, role))


@transaction.atomic
def import_draft_map_columns(*, draft: ImportDraft, column_map: dict[int, str]) -> ImportDraft:
    """Parse the draft's upload again with ``column_map`` and keep the preview and the mapping.

    The mapping is checked against the widest stored table first (ColumnMapError); a mapping the
    parser refuses raises ParseError, one that still finds no task DocumentImportError; then the
    draft is left as it was.
    """
    locked = ImportDraft.objects.select_for_update().select_related("jurisdiction").filter(pk=draft.pk).first()
    if locked is None:
        raise _already_done()
    tables = draft_tables(locked.parsed)
    width = max((int(t.get("width") or 0) for t in tables), default=0)
    check_column_map(column_map, width=width)
    preview = build_preview(filename=locked.filename, data=bytes(locked.content), jurisdiction=locked.jurisdiction,
                            column_map=column_map)
    if not any(doc["tasks"] for doc in preview["documents"]):
        raise _no_tasks(locked.filename)
    _check_draft_size(preview, locked.filename)
    locked.parsed = preview
    locked.save(update_fields=["parsed"])
    return locked


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
