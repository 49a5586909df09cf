"""The importer's messages: a code plus parameters in the data, one language on the page.

The parser stays free of Django, so what it reports (document warnings, ParseError) and what the
preview service finds (an unknown unit, a 文号 already imported, a document of another
jurisdiction) is kept as ``{"code": …, "params": {…}}``; :func:`message_text` turns a code into the
active language through gettext where it is shown (the preview page, the upload form, the
``import_document`` command).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tasks.services.errors import DocumentImportError

MESSAGES = {
    # preview service
    "unknown_unit": _("“%(name)s” is not in the unit registry: pick the unit it means, or create it."),
    "already_imported": _("%(number)s has already been imported in %(jurisdiction)s."),
    "issuer_other_jurisdiction": _(
        "The issuer “%(issuer)s” is not %(jurisdiction)s: this document seems to belong to %(other)s."
    ),
    "number_other_jurisdiction": _(
        "The document number %(number)s does not look like one of %(jurisdiction)s (its prefix is “%(prefix)s”)."
    ),
    "no_jurisdiction": _("Cannot tell the jurisdiction from the file: choose it (--jurisdiction)."),
    # parser: document warnings
    "procedure_no_tasks": _("A procedure or rules document (办法, 规则): no task list was taken from it."),
    "annex_ignored": _("The text names the units already: the annexed task table was not imported."),
    "no_issue_date": _("No issue date found."),
    "no_doc_number": _("No document number (文号) found."),
    "tasks_without_units": _("%(n)s tasks name no responsible unit."),
    "parser_note": _("Note from the reader: %(text)s"),
    # parser: files that cannot be read (ParseError.code)
    "parse_empty": _("The file is empty or has no readable content."),
    "parse_binary": _("The file is not text and cannot be read."),
    "parse_no_structure": _(
        "No document structure was recognised (numbered headings, unit annotations or a task table)."
    ),
    "parse_no_header": _("No header row (工作任务, 具体要求, 责任单位 …) was found in the table."),
    "parse_no_rows": _("The table has no task rows."),
    "parse_unsupported": _(
        "This type of file cannot be read: save it as .docx, .xlsx or text (.txt) and upload it again."
    ),
    "parse_corrupt": _("The file is damaged or is not really a %(kind)s file."),
    "parse_bad_column_map": _("The column mapping is not valid: choose a role for each column again."),
    "no_such_file": _("No such file: %(path)s"),
    "parse_invalid": _("The file cannot be read."),
    # importing service refusals
    "invalid_unit_id": _("Invalid unit %(value)s."),
    "invalid_role": _("Invalid role %(value)s."),
    "unit_not_in_jurisdiction": _("Unit %(value)s is not a unit of %(jurisdiction)s."),
    "unit_name_too_long": _("The unit name “%(name)s…” is longer than %(limit)s characters."),
    "preview_other_jurisdiction": _("The preview was made for another jurisdiction."),
    "nothing_to_import": _("There is nothing to import."),
    "exists_use_replace": _(
        "%(number)s already exists in %(jurisdiction)s: tick “replace” in the preview, or use --replace, "
        "to import it again."
    ),
    "exists_with_reports": _("%(number)s already has progress reports from units and cannot be replaced."),
    "task_text_empty": _("Task %(task)s: the requirement text is empty."),
    "task_text_too_long": _("Task %(task)s: the requirement text is longer than %(limit)s characters."),
    "phrase_too_long": _("Task %(task)s: the deadline phrase is longer than %(limit)s characters."),
    "mismatch_not_confirmed": _(
        "This file seems to belong to another jurisdiction: tick “Import into %(jurisdiction)s anyway” to go on."
    ),
    "no_tasks_found": _(
        "No tasks were found in %(name)s: it does not look like a work-point document or a task table."
    ),
    # a large upload parsed in the background (tasks.services.import_drafts.import_draft_parse)
    "draft_not_ready": _("%(name)s is still being read: wait for its preview."),
    "queue_unavailable": _("The background service is not available. Try again later."),
    "background_failed": _(
        "The file could not be read in the background. Upload it again; if it fails again, tell the administrator."
    ),
    "too_many_parsing": _("You already have %(limit)s large files being read; wait for one to finish."),
}


def message_text(code: str, params: dict | None = None) -> str:
    """The message of ``code`` in the active language (an unknown code is shown as it is)."""
    template = MESSAGES.get(code)
    if template is None:
        return code
    try:
        return gettext(str(template)) % (params or {}) if params else gettext(str(template))
    except (KeyError, TypeError, ValueError):
        return gettext(str(template))


def warning_text(warning: dict) -> str:
    """A stored preview warning ({"code", "params"}; drafts made before codes carry "message")."""
    if warning.get("code"):
        return message_text(warning["code"], warning.get("params"))
    return _one_language(str(warning.get("message") or ""))


class CodedImportError(DocumentImportError):
    """A refusal of the importer with a code: ``str()`` is its message in the active language."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(message_text(code, params))


# -- what the parser reports: codes and their values ---------------------------------------------------


def parser_warning(warning) -> dict:
    """One of ParsedDocument.warnings (a tasks.parsing.Notice) as {"code", "params"}."""
    code = getattr(warning, "code", None)
    if code:
        return {"code": str(code), "params": dict(getattr(warning, "params", None) or {})}
    if isinstance(warning, dict) and warning.get("code"):
        return {"code": str(warning["code"]), "params": dict(warning.get("params") or {})}
    return {"code": "parser_note", "params": {"text": _one_language(str(warning))}}


def parse_error_text(exc) -> str:
    """A ParseError in the active language, from its code and params."""
    if getattr(exc, "code", None) == "limit" and getattr(exc, "limit_name", None):
        from tasks.services.import_limits import limit_error

        return limit_error(exc).message
    code = f"parse_{getattr(exc, 'code', 'invalid')}"
    if code not in MESSAGES:
        code = "parse_invalid"
    params = dict(getattr(exc, "params", None) or {})
    if code == "parse_corrupt":
        params.setdefault("kind", "")
    return message_text(code, params)


def refusal_data(exc: Exception) -> dict:
    """A refusal of an upload as ``{"code", "params"}`` (JSON), kept on a draft whose background
    parse failed and said in the reader's language by :func:`refusal_text` when the page is read."""
    from tasks.parsing import ParseError
    from tasks.services.errors import ImportLimitError

    if isinstance(exc, ImportLimitError):
        return {"code": "limit", "params": {**exc.params, "limit_name": exc.limit_name}}
    if isinstance(exc, ParseError) and exc.code == "limit" and getattr(exc, "limit_name", None):
        return {"code": "limit", "params": {**exc.message_params(), "limit_name": exc.limit_name}}
    if isinstance(exc, ParseError):
        code = f"parse_{exc.code}" if f"parse_{exc.code}" in MESSAGES else "parse_invalid"
        params = {k: v for k, v in dict(exc.params or {}).items() if isinstance(v, str | int | float)}
        if code == "parse_corrupt":
            params.setdefault("kind", "")
        return {"code": code, "params": params}
    if isinstance(exc, CodedImportError):
        return {"code": exc.code, "params": {k: v for k, v in exc.params.items() if isinstance(v, str | int | float)}}
    return {"code": "background_failed", "params": {}}


def refusal_text(refusal) -> str:
    """A stored refusal (:func:`refusal_data`) in the active language."""
    if not isinstance(refusal, dict):
        return message_text("background_failed")
    params = refusal.get("params") if isinstance(refusal.get("params"), dict) else {}
    if refusal.get("code") == "limit":
        from tasks.parsing.limits import MESSAGES as LIMIT_MESSAGES

        template = LIMIT_MESSAGES.get(str(params.get("limit_name")))
        if template is None:
            return message_text("background_failed")
        try:
            return gettext(template) % {"limit": params.get("limit", "?"), "found": params.get("found", "?")}
        except (KeyError, TypeError, ValueError):
            return message_text("background_failed")
    return message_text(str(refusal.get("code") or "background_failed"), params)


_CJK = re.compile(r"[\u3400-\u9fff]")


def _one_language(text: str) -> str:
    """"中文 / English" → "中文" (previews stored before the parser spoke in codes)."""
    head, sep, _tail = text.partition(" / ")
    return head if sep and _CJK.search(head) else text
