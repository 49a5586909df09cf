"""Web import for office staff: upload a file, check and correct the preview, confirm or discard.

Nothing is written to documents, sections, tasks or assignments before confirmation: the upload
is parsed at once and kept as an ImportDraft of its uploader (404 to everybody else). A large
upload is parsed by a worker: its draft page shows a progress indicator (polling ``draft_status``
through static/js/job-progress.js; a reload link without JavaScript) until the preview is ready,
or says why the file was refused.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tasks.access import draft_for_user, require_office, writable_jurisdictions
from tasks.bounds import MAX_DEADLINE_PHRASE_CHARS, MAX_TASK_TEXT_CHARS
from tasks.forms.importing import ColumnMapForm, ImportDecisionsForm, UploadForm
from tasks.models import Role
from tasks.parsing import ParseError
from tasks.selectors.importing import existing_documents, picker_units, user_drafts
from tasks.services.errors import DocumentImportError
from tasks.services.import_drafts import (
    STAGE_RUNNING,
    draft_column_map,
    draft_failed,
    draft_needs_columns,
    draft_parsing,
    draft_pending,
    draft_progress,
    draft_tables,
    import_draft_confirm,
    import_draft_discard,
    import_draft_map_columns,
    import_draft_upload,
    import_drafts_expire,
    import_upload_check,
    preview_offers_columns,
)
from tasks.services.import_messages import parse_error_text, refusal_text
from tasks.services.import_preview import preview_mismatches
from tasks.services.import_registry import draft_unit_proposal, import_draft_units_create, proposal_new_units
from units.models import CollectiveReference, Unit
from units.proposals import RegistryProposalError


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    access = require_office(request.user)
    import_drafts_expire()
    jurisdictions = list(writable_jurisdictions(access))
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, jurisdictions=writable_jurisdictions(access))
        if form.is_valid():
            upload_file = form.cleaned_data["file"]
            try:
                import_upload_check(filename=upload_file.name, size=upload_file.size)
                draft = import_draft_upload(
                    user=request.user,
                    jurisdiction=form.cleaned_data["jurisdiction"],
                    filename=upload_file.name,
                    data=upload_file.read(),
                )
            except ParseError as exc:
                form.add_error("file", f"{upload_file.name}: {parse_error_text(exc)}")
            except DocumentImportError as exc:
                form.add_error("file", str(exc))
            else:
                if draft_needs_columns(draft.parsed):
                    return redirect("importing:columns", draft_id=draft.pk)
                return redirect("importing:preview", draft_id=draft.pk)
    else:
        initial = {"jurisdiction": jurisdictions[0]} if len(jurisdictions) == 1 else {}
        form = UploadForm(initial=initial, jurisdictions=writable_jurisdictions(access))
    drafts = user_drafts(access)
    return render(
        request,
        "tasks/importing/upload.html",
        {"form": form, "drafts": drafts, "max_upload_mb": settings.OPENSCHED_MAX_UPLOAD_MB,
         "draft_days": settings.OPENSCHED_IMPORT_DRAFT_DAYS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def preview(request, draft_id: int):
    draft = draft_for_user(request.user, draft_id)
    if draft_pending(draft.parsed):
        return render(request, "tasks/importing/parsing.html", {"draft": draft, "status": _draft_status(draft)})
    if draft_needs_columns(draft.parsed):
        return redirect("importing:columns", draft_id=draft.pk)
    if not isinstance(draft.parsed, dict) or not isinstance(draft.parsed.get("documents"), list):
        messages.error(request, _("%(name)s cannot be shown: discard it and upload the file again.")
                       % {"name": draft.filename})
        return redirect("importing:upload")
    units = picker_units(draft.jurisdiction)
    form = ImportDecisionsForm(
        preview=draft.parsed,
        units=units,
        existing=existing_documents(draft.jurisdiction, draft.parsed),
        data=request.POST if request.method == "POST" else None,
        mismatches=preview_mismatches(draft.parsed, draft.jurisdiction),
        jurisdiction_name=draft.jurisdiction.name,
    )
    if request.method == "POST" and form.is_valid() and not form.asks_open_items:
        try:
            documents = import_draft_confirm(draft=draft, user=request.user, decisions=form.decisions())
        except DocumentImportError as exc:
            form.errors.append(str(exc))
        else:
            tasks = sum(d.tasks.count() for d in documents)
            messages.success(
                request,
                _("Imported %(documents)s: %(tasks)s tasks.")
                % {"documents": "、".join(str(d) for d in documents), "tasks": tasks},
            )
            return redirect(documents[0].get_absolute_url())
    status = 400 if form.errors else 200
    return render(
        request,
        "tasks/importing/preview.html",
        {
            "draft": draft,
            "form": form,
            "units": units,
            "roles": Role.choices,
            "text_limit": MAX_TASK_TEXT_CHARS,
            "phrase_limit": MAX_DEADLINE_PHRASE_CHARS,
            "task_total": sum(d.task_count for d in form.documents),
            "attention_total": sum(d.attention_count for d in form.documents),
            "column_map_used": bool(draft_column_map(draft.parsed)),
            "offers_columns": preview_offers_columns(draft.parsed),
            **_unit_proposal_context(draft, form),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def columns(request, draft_id: int):
    """Say what each column of the file's table holds; the upload is parsed again with it."""
    draft = draft_for_user(request.user, draft_id)
    if draft_pending(draft.parsed):
        return redirect("importing:preview", draft_id=draft.pk)
    tables = draft_tables(draft.parsed)
    width = max((int(t.get("width") or 0) for t in tables), default=0)
    if not width:
        messages.info(request, _("%(name)s has no table whose columns could be chosen.") % {"name": draft.filename})
        return redirect("importing:preview", draft_id=draft.pk)
    table = next((t for t in tables if t.get("needs_mapping")), None) or max(tables, key=lambda t: t.get("width") or 0)
    form = ColumnMapForm(request.POST if request.method == "POST" else None, table=table, width=width,
                         initial_map=draft_column_map(draft.parsed))
    if request.method == "POST" and form.is_valid():
        try:
            import_draft_map_columns(draft=draft, column_map=form.cleaned_data["column_map"])
        except ParseError as exc:
            form.add_error(None, _("These columns cannot be read: choose the column that holds the task.")
                           if exc.code == "bad_column_map" else parse_error_text(exc))
        except DocumentImportError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("importing:preview", draft_id=draft.pk)
    return render(
        request,
        "tasks/importing/columns.html",
        {"draft": draft, "form": form, "table_count": len(tables),
         "needs_columns": draft_needs_columns(draft.parsed)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def discard(request, draft_id: int):
    draft = draft_for_user(request.user, draft_id, light=True)
    name = draft.filename
    import_draft_discard(draft=draft)
    messages.info(request, _("Discarded %(name)s; nothing was imported.") % {"name": name})
    return redirect("importing:upload")


def _draft_status(draft) -> dict:
    """What the draft page and its JSON status say about a draft (the shape of an export job's)."""
    parsed = draft.parsed
    if draft_parsing(parsed):
        running = parsed.get("stage") == STAGE_RUNNING
        progress = draft_progress(parsed) if running else None
        percent = None
        if not running:
            label = _("Waiting for a worker…")
        elif progress is None:
            label = _("Reading the file…")
        else:
            done, total = progress
            percent = round(100 * done / total) if total else 100
            label = _("Matching the units of the tasks: %(done)s of %(total)s") % {"done": done, "total": total}
        return {"state": "running" if running else "queued", "finished": False, "percent": percent, "label": label,
                "error": "", "next_url": ""}
    if draft_failed(parsed):
        error = refusal_text(parsed.get("error"))
        return {"state": "failed", "finished": True, "percent": None, "label": error, "error": error,
                "next_url": ""}
    page = "importing:columns" if draft_needs_columns(parsed) else "importing:preview"
    return {"state": "done", "finished": True, "percent": 100, "label": _("Ready."), "error": "",
            "next_url": reverse(page, args=[draft.pk])}


@login_required
@require_GET
def draft_status(request, draft_id: int):
    """The JSON the parsing page polls (static/js/job-progress.js)."""
    draft = draft_for_user(request.user, draft_id)
    response = JsonResponse(_draft_status(draft))
    response["Cache-Control"] = "no-store"
    return response


def _unit_proposal_context(draft, form) -> dict:
    """The "create all units" block: shown only when the preview has names the registry lacks."""
    if not form.unknown_units:
        return {}
    proposal = draft_unit_proposal(draft)
    kinds = dict(Unit.Kind.choices)
    rules = dict(CollectiveReference.Rule.choices)
    units = [{**u, "kind_label": kinds.get(u["kind"], u["kind"])} for u in proposal_new_units(proposal)]
    collectives = [{**c, "rule_label": rules.get(c["rule"], c["rule"])}
                   for c in proposal["collectives"] if not c.get("existing")]
    aliases = sum(len(u.get("aliases") or []) for u in proposal["units"] if u.get("existing"))
    return {"unit_proposal": {"units": units, "collectives": collectives, "existing_aliases": aliases}}


@login_required
@require_POST
def units_create(request, draft_id: int):
    """Create every unit and collective the draft names (one action), then show the re-matched preview."""
    draft = draft_for_user(request.user, draft_id)
    if draft_pending(draft.parsed):
        return redirect("importing:preview", draft_id=draft.pk)
    try:
        counts = import_draft_units_create(draft=draft, user=request.user)
    except (RegistryProposalError, DocumentImportError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _(
            "%(units)s units, %(aliases)s other names and %(collectives)s collective references were added to "
            "the registry; the preview now matches them.") % {
            "units": counts["units_created"], "aliases": counts["aliases_created"],
            "collectives": counts["collectives_created"]})
    return redirect("importing:preview", draft_id=draft.pk)
