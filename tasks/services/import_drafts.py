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

Large uploads (above ``settings.OPENSCHED_BACKGROUND_IMPORT_BYTES``, ``tasks.jobs.policy``) are
parsed by a worker: :func:`import_draft_start` checks every limit the bytes can show first (a
refusal saves nothing), keeps the draft in the *parsing* state, ``parsed = {"state":
"parsing", "stage": "queued" | "running", "done": n, "total": m, ...}``, and enqueues
``tasks.jobs.tasks.parse_import_draft``,
whose :func:`import_draft_parse` runs the same :func:`_parse_upload` as the immediate path and
stores the preview, the needs-columns state, or ``{"state": "failed", "error": {"code",
"params"}}`` (:func:`tasks.services.import_messages.refusal_data`), said in the reader's
language on the draft's page. The state lives in ``parsed`` (no migration, like needs-columns):
nothing else of a draft changes while it is read.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tasks.bounds import MAX_PARSING_IMPORTS
from tasks.jobs.policy import import_in_background
from tasks.models import Document, ImportDraft
from tasks.parsing import COLUMN_ROLES, ParseError, check_limits
from tasks.parsing.limits import ImportLimitExceeded
from tasks.services.errors import ColumnMapError, DocumentImportError
from tasks.services.import_limits import import_limits, limit_error, limit_refusal
from tasks.services.import_messages import CodedImportError, refusal_data
from tasks.services.import_preview import build_preview, preview_mismatches, table_summaries
from tasks.services.importing import document_import
from units.models import Jurisdiction

logger = logging.getLogger(__name__)

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
STATE_PARSING = "parsing"
STATE_FAILED = "failed"
STAGE_QUEUED = "queued"
STAGE_RUNNING = "running"
PROGRESS_SECONDS = 0.5  # how often a running parse writes its progress to its draft
# A parse that has not finished after this long (its worker died) stops counting against
# MAX_PARSING_IMPORTS; the draft itself expires with the others.
PARSING_WINDOW = timedelta(hours=1)
UNIQUE_ROLES = ("number", "task", "deadline")
MIN_MAPPED_COLUMNS = 2  # a "table" of one column has nothing to map  # at most one column each; the others may repeat


def draft_needs_columns(parsed) -> bool:
    """The draft waits for its column mapping (no preview to show yet)."""
    return isinstance(parsed, dict) and parsed.get("state") == STATE_NEEDS_COLUMNS


def draft_parsing(parsed) -> bool:
    """The draft's upload is waiting for (or in) a worker's parse: no preview yet."""
    return isinstance(parsed, dict) and parsed.get("state") == STATE_PARSING


def draft_failed(parsed) -> bool:
    """The draft's background parse refused the file; ``parsed["error"]`` says why."""
    return isinstance(parsed, dict) and parsed.get("state") == STATE_FAILED


def draft_pending(parsed) -> bool:
    """Parsing or failed: the draft has nothing to preview, map or confirm (only to discard)."""
    return draft_parsing(parsed) or draft_failed(parsed)


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
    return CodedImportError("no_tasks_found", name=filename)


def _needs_columns(*, filename: str, jurisdiction: Jurisdiction, tables: list[dict], reason: str) -> dict:
    return {"state": STATE_NEEDS_COLUMNS, "filename": filename, "jurisdiction": jurisdiction.name,
            "jurisdiction_id": jurisdiction.pk, "tables": tables, "reason": reason}


def _parse_upload(*, filename: str, data: bytes, jurisdiction: Jurisdiction, on_progress=None) -> dict:
    """The draft's ``parsed`` for an upload: its preview, or the needs-columns state.

    The one parse of an upload, in the request (:func:`import_draft_create`) or in a worker
    (:func:`import_draft_parse`, with ``on_progress``: see ``build_preview``). Raises ParseError
    or DocumentImportError; writes nothing.
    """
    try:
        parsed = build_preview(filename=filename, data=data, jurisdiction=jurisdiction, on_progress=on_progress)
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
    return parsed


def import_draft_upload(*, user, jurisdiction: Jurisdiction, filename: str, data: bytes) -> ImportDraft:
    """An upload from the web: parsed at once (:func:`import_draft_create`), or, above
    ``OPENSCHED_BACKGROUND_IMPORT_BYTES``, checked and queued (:func:`import_draft_start`)."""
    if import_in_background(len(data)):
        return import_draft_start(user=user, jurisdiction=jurisdiction, filename=filename, data=data)
    return import_draft_create(user=user, jurisdiction=jurisdiction, filename=filename, data=data)


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
    parsed = _parse_upload(filename=filename, data=data, jurisdiction=jurisdiction)
    draft = ImportDraft(created_by=user, jurisdiction=jurisdiction, filename=filename[:255], content=data,
                        parsed=parsed)
    draft.full_clean()
    draft.save()
    return draft


def _pending_state(state: str, *, filename: str, jurisdiction: Jurisdiction, **values) -> dict:
    return {"state": state, "filename": filename, "jurisdiction": jurisdiction.name,
            "jurisdiction_id": jurisdiction.pk, **values}


def import_draft_start(*, user, jurisdiction: Jurisdiction, filename: str, data: bytes) -> ImportDraft:
    """Keep a large upload as a draft in the *parsing* state and enqueue its parse.

    Everything that can refuse the file without parsing it runs first, in the request: its name
    and size, every import limit its bytes show (``tasks.parsing.check_limits``: size, lines, the
    zip directory, a streamed count of each XML part), and MAX_PARSING_IMPORTS; a refusal raises
    as in :func:`import_draft_create` (ParseError or DocumentImportError) and saves nothing.
    When the queue cannot take the task (Redis down), the draft is kept as failed with
    ``queue_unavailable``, so its page says so instead of waiting for ever.

    The draft is committed before the task is enqueued (a worker must find it), so this does not
    run inside ``transaction.atomic``.
    """
    from tasks.jobs.tasks import parse_import_draft

    import_upload_check(filename=filename, size=len(data))
    import_drafts_expire()
    parsing = ImportDraft.objects.filter(created_by=user, parsed__state=STATE_PARSING,
                                         created_at__gte=timezone.now() - PARSING_WINDOW)
    if parsing.count() >= MAX_PARSING_IMPORTS:
        raise CodedImportError("too_many_parsing", limit=MAX_PARSING_IMPORTS)
    try:
        check_limits(filename, data, import_limits())
    except ImportLimitExceeded as exc:
        raise limit_error(exc, filename=filename) from None
    with transaction.atomic():
        draft = ImportDraft(created_by=user, jurisdiction=jurisdiction, filename=filename[:255], content=data,
                            parsed=_pending_state(STATE_PARSING, filename=filename, jurisdiction=jurisdiction,
                                                  stage=STAGE_QUEUED))
        draft.full_clean()
        draft.save()
    try:
        parse_import_draft.enqueue(draft.pk)
    except Exception:  # the backend's own errors (Redis connection, database) differ by backend
        logger.exception("could not enqueue the parse of import draft %s", draft.pk)
        _store_result(draft.pk, _pending_state(STATE_FAILED, filename=filename, jurisdiction=jurisdiction,
                                               error={"code": "queue_unavailable", "params": {}}))
        draft.refresh_from_db()
    return draft


def import_draft_parse(*, draft_id: int) -> str:
    """The worker's parse of a draft in the *parsing* state (``tasks.jobs.tasks.parse_import_draft``).

    The draft is marked running first (under a row lock, so a task delivered twice parses once),
    then parsed outside any transaction (seconds, not holding a lock), and its result stored
    unless the draft was discarded meanwhile. A refusal is stored as the failed state with its
    code; an unexpected error too (``background_failed``), and logged. Returns the final state
    ("preview", "needs_columns", "failed", or "skipped" for a draft gone or not parsing).
    """
    with transaction.atomic():
        draft = (ImportDraft.objects.select_for_update().select_related("jurisdiction")
                 .filter(pk=draft_id).first())
        if draft is None or not draft_parsing(draft.parsed) or draft.parsed.get("stage") != STAGE_QUEUED:
            return "skipped"
        draft.parsed = {**draft.parsed, "stage": STAGE_RUNNING}
        draft.save(update_fields=["parsed"])
    progress = ParseProgress(draft_id, draft.parsed)
    try:
        parsed = _parse_upload(filename=draft.filename, data=bytes(draft.content), jurisdiction=draft.jurisdiction,
                               on_progress=progress)
    except (ParseError, DocumentImportError) as exc:
        parsed = _pending_state(STATE_FAILED, filename=draft.filename, jurisdiction=draft.jurisdiction,
                                error=refusal_data(exc))
    except Exception:
        logger.exception("the background parse of import draft %s failed", draft_id)
        parsed = _pending_state(STATE_FAILED, filename=draft.filename, jurisdiction=draft.jurisdiction,
                                error={"code": "background_failed", "params": {}})
    if not _store_result(draft_id, parsed):
        return "skipped"
    if draft_failed(parsed):
        return STATE_FAILED
    return STATE_NEEDS_COLUMNS if draft_needs_columns(parsed) else "preview"


class ParseProgress:
    """A running parse's progress, kept in its draft (``parsed["done"]`` of ``parsed["total"]``
    tasks matched to the registry) for the draft's page to show; written at most every
    PROGRESS_SECONDS, and at the start and the end of the matching, with an UPDATE that changes
    nothing once the draft is discarded or no longer being read."""

    def __init__(self, draft_id: int, parsed: dict):
        self.draft_id, self.parsed, self.written = draft_id, dict(parsed), None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done not in (0, total) and self.written is not None and now - self.written < PROGRESS_SECONDS:
            return
        self.written = now
        self.parsed.update(done=done, total=total)
        ImportDraft.objects.filter(pk=self.draft_id, parsed__state=STATE_PARSING).update(parsed=self.parsed)


def draft_progress(parsed) -> tuple[int, int] | None:
    """(done, total) of a running parse's matching, or None while the file is still being read."""
    done, total = parsed.get("done"), parsed.get("total")
    if isinstance(done, int) and isinstance(total, int) and 0 <= done <= total:
        return done, total
    return None


@transaction.atomic
def _store_result(draft_id: int, parsed: dict) -> bool:
    """Replace a parsing draft's state with ``parsed``; False when it was discarded meanwhile."""
    draft = ImportDraft.objects.select_for_update().filter(pk=draft_id).only("pk", "parsed").first()
    if draft is None or not draft_parsing(draft.parsed):
        return False
    draft.parsed = parsed
    draft.save(update_fields=["parsed"])
    return True


def _not_ready(draft: ImportDraft) -> DocumentImportError:
    return CodedImportError("draft_not_ready", name=draft.filename)


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
    if draft_pending(locked.parsed):
        raise _not_ready(locked)
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
    if draft_pending(locked.parsed):
        raise _not_ready(locked)
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
