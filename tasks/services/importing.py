"""Save an import preview as documents, sections, tasks and assignments — one transaction.

``decisions`` carries what office staff changed in the preview page:

    {"tasks": {"<doc index>:<task index>": {"units": {"<unit id>": "lead" | "responsible" | "cooperating"},
                                              "names": {"区新单位": "lead", ...},   # optional
                                              "text": "…",        # optional: the requirement as corrected
                                              "phrase": "…",      # optional: the deadline phrase as corrected
                                              "pending": true}},  # optional: vague units left for later
     "create_units": ["区新单位", ...],          # unknown names to add to the registry
     "skip_documents": [<doc index>, ...],
     "replace_documents": [<doc index>, ...],   # optional: replace these even without replace=True
     "accept_suggestions": false}               # optional: tasks without units get their suggested units

A corrected phrase is resolved again (``due_dates.resolve_for_task`` with the jurisdiction's work
calendar). A task with a vague reference (区政府有关部门) keeps its ``vague_units`` flag, and the vague
names join its ``suggestions``, unless units were picked for it and it is not marked ``pending``: it
then waits on the task page for a person to pick its units (``task_pick_vague_units``).
A task listed in ``decisions["tasks"]`` gets exactly those units (``names`` refers to units created
through ``create_units`` in the same import, which have no id yet); other tasks get the matched
units of the preview (collectives expanded to their members, vague references left for a person).
Every unit id must be a unit of the jurisdiction and every role one of Role's values.
``replace=True`` replaces every document whose 文号 exists; ``replace_documents`` only those listed.
A document with progress reports is never replaced.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from tasks.bounds import MAX_DEADLINE_PHRASE_CHARS, MAX_TASK_TEXT_CHARS
from tasks.caching import data_changed
from tasks.models import Assignment, DeadlineKind, Document, ProgressReport, Role, Section, Task
from tasks.selectors.calendar import work_calendar
from tasks.services.due_dates import periods_sync, resolve_for_task, task_assignments_refresh_due
from tasks.services.errors import DocumentImportError
from tasks.services.import_messages import CodedImportError
from units.models import Jurisdiction, Unit

_ROLE_RANK = {Role.LEAD: 0, Role.RESPONSIBLE: 1, Role.COOPERATING: 2}
VAGUE_FLAG = "vague_units"
MAX_UNIT_NAME_CHARS = 100


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _task_units(task: dict, decision: dict | None, created: dict[str, int],
                accept_suggestions: bool = False) -> dict[int, str]:
    """unit id → role for one task, strongest role kept when a unit is named twice.

    With ``accept_suggestions`` a task without units gets the units its sentence names as its
    subject (what office staff confirm in the preview page; used for bulk and demo imports).
    """
    result: dict[int, str] = {}
    if decision is None and accept_suggestions and not task["units"] and task.get("suggested_unit_ids"):
        return {int(unit_id): Role.RESPONSIBLE for unit_id in task["suggested_unit_ids"]}

    def keep(unit_id: int, role: str) -> None:
        if unit_id not in result or _ROLE_RANK[role] < _ROLE_RANK[result[unit_id]]:
            result[unit_id] = role

    if decision is not None:
        for unit_id, role in (decision.get("units") or {}).items():
            keep(int(unit_id), role)
        for name, role in (decision.get("names") or {}).items():
            if name in created:
                keep(created[name], role)
        return result
    for unit in task["units"]:
        if unit.get("vague"):
            continue
        ids = [unit["unit_id"]] if unit.get("unit_id") else list(unit.get("member_ids") or [])
        if not ids and unit["name"] in created:
            ids = [created[unit["name"]]]
        for unit_id in ids:
            keep(unit_id, unit["role"])
    return result


def _flags_and_suggestions(task: dict, decision: dict | None, units: dict[int, str]) -> tuple[list, list]:
    """The task's flags and suggestions as saved: vague references resolved, or kept visibly pending."""
    flags = list(task.get("flags") or [])
    suggestions = list(task.get("suggestions") or [])
    vague = [u["name"] for u in task.get("units") or [] if u.get("vague")]
    if vague and VAGUE_FLAG not in flags:
        flags.append(VAGUE_FLAG)
    pending = bool(vague) and (decision is None or decision.get("pending") or not units)
    if vague and not pending:
        flags = [f for f in flags if f != VAGUE_FLAG]
    elif pending:
        suggestions += [name for name in vague if name not in suggestions]
    return flags, suggestions


def _decisions_check(jurisdiction: Jurisdiction, decisions: dict) -> None:
    """Refuse unit ids from another jurisdiction and unknown roles (one query)."""
    ids, roles = set(), set()
    for key, decision in (decisions.get("tasks") or {}).items():
        for unit_id, role in (decision.get("units") or {}).items():
            try:
                ids.add(int(unit_id))
            except (TypeError, ValueError):
                raise CodedImportError("invalid_unit_id", value=repr(unit_id)) from None
            roles.add(role)
        roles.update((decision.get("names") or {}).values())
        _edits_check(key, decision)
    if roles - set(Role.values):
        raise CodedImportError("invalid_role", value=repr(sorted(roles - set(Role.values))[0]))
    known = set(Unit.objects.filter(jurisdiction=jurisdiction, pk__in=ids).values_list("pk", flat=True))
    if ids - known:
        raise CodedImportError("unit_not_in_jurisdiction", value=sorted(ids - known)[0],
                               jurisdiction=jurisdiction.name)


def _edits_check(key: str, decision: dict) -> None:
    """The corrected text and phrase stay within their limits (the page checks them first)."""
    task = key.split(":")[-1]
    task = int(task) + 1 if task.isdigit() else task
    if "text" in decision:
        text = decision["text"]
        if not isinstance(text, str) or not text.strip():
            raise CodedImportError("task_text_empty", task=task)
        if len(text) > MAX_TASK_TEXT_CHARS:
            raise CodedImportError("task_text_too_long", task=task, limit=MAX_TASK_TEXT_CHARS)
    if "phrase" in decision:
        phrase = decision["phrase"]
        if not isinstance(phrase, str) or len(phrase) > MAX_DEADLINE_PHRASE_CHARS:
            raise CodedImportError("phrase_too_long", task=task, limit=MAX_DEADLINE_PHRASE_CHARS)


def _create_units(jurisdiction: Jurisdiction, names: list[str]) -> dict[str, int]:
    created = {}
    for name in names:
        name = name.strip()
        if not name:
            continue
        unit = Unit.objects.filter(jurisdiction=jurisdiction, name=name).first()
        if unit is None:
            if len(name) > MAX_UNIT_NAME_CHARS:
                raise CodedImportError("unit_name_too_long", name=name[:30], limit=MAX_UNIT_NAME_CHARS)
            unit = Unit(jurisdiction=jurisdiction, name=name)
            unit.full_clean()
            unit.save()
        created[name] = unit.pk
    return created


def _replace_existing(jurisdiction: Jurisdiction, doc_number: str, replace: bool) -> None:
    existing = Document.objects.filter(jurisdiction=jurisdiction, doc_number=doc_number).first()
    if existing is None:
        return
    if not replace:
        raise CodedImportError("exists_use_replace", number=doc_number, jurisdiction=jurisdiction.name)
    if ProgressReport.objects.filter(assignment__task__document=existing).exists():
        raise CodedImportError("exists_with_reports", number=doc_number)
    existing.delete()


def _save_document(*, jurisdiction, doc: dict, index: int, decisions: dict, created_units: dict, user,
                   replace: bool, publish: bool, source: tuple[str, bytes] | None, calendar,
                   stored: dict) -> Document:
    if doc.get("doc_number"):
        _replace_existing(jurisdiction, doc["doc_number"],
                          replace or index in set(decisions.get("replace_documents") or []))
    now = timezone.now()
    document = Document(
        jurisdiction=jurisdiction,
        title=(doc.get("title") or "")[:300] or "未命名文件",
        doc_number=doc.get("doc_number") or "",
        issuer=(doc.get("issuer") or "")[:200],
        issued_on=_date(doc.get("issued_on")),
        year=doc.get("year"),
        kind=doc.get("kind") or Document.Kind.OTHER,
        addressees="、".join(doc.get("addressees") or []),
        created_by=user,
        is_published=publish,
        published_at=now if publish else None,
    )
    if source is not None:
        document.source_name = source[0][:255]
    try:
        document.full_clean(exclude=["source_file"])
    except ValidationError as exc:
        raise DocumentImportError(f"{document.doc_number or document.title}: {'; '.join(exc.messages)}")
    if source is not None:
        # One stored copy of the file, shared by every document it holds (004 holds three).
        if stored.get("name"):
            document.source_file.name = stored["name"]
        else:
            document.source_file.save(source[0], ContentFile(source[1]), save=False)
            stored["name"] = document.source_file.name
    document.save()

    sections: dict[str, Section] = {}
    for s in sorted(doc.get("sections", []), key=lambda s: s["order"]):
        sections[s["key"]] = Section.objects.create(
            document=document,
            parent=sections.get(s.get("parent_key")),
            label=(s.get("label") or "")[:30],
            title=(s.get("title") or "")[:500],
            level=s.get("level") or 1,
            order=s["order"],
        )

    tasks, unit_sets, resolved = [], [], []
    for t_index, t in enumerate(doc.get("tasks", [])):
        decision = decisions.get("tasks", {}).get(f"{index}:{t_index}")
        phrase = (t.get("deadline") or {}).get("phrase") or ""
        if decision is not None and "phrase" in decision:
            phrase = " ".join(decision["phrase"].split())
        units = _task_units(t, decision, created_units, accept_suggestions=decisions.get("accept_suggestions", False))
        flags, suggestions = _flags_and_suggestions(t, decision, units)
        task = Task(
            document=document,
            section=sections.get(t.get("section_key")),
            number=(t.get("number") or "")[:50],
            order=t_index + 1,
            heading=(t.get("heading") or "")[:300],
            text=(decision.get("text") if decision and "text" in decision else t.get("text")) or "",
            section_path=list(t.get("section") or []),
            deadline_phrase=phrase[:MAX_DEADLINE_PHRASE_CHARS],
            flags=flags,
            suggestions=suggestions,
        )
        deadline = resolve_for_task(task, calendar=calendar, phrase=task.deadline_phrase or None)
        task.deadline_kind = deadline.kind if deadline.kind in DeadlineKind.values else DeadlineKind.NONE
        task.deadline_data = deadline.to_dict()
        task.due_on = deadline.due
        task.due_provisional = bool(deadline.provisional and deadline.due)
        tasks.append(task)
        resolved.append(deadline)
        unit_sets.append(units)
    tasks = bulk_create_with_history(tasks, Task, default_user=user, default_change_reason="imported")
    # bulk_create_with_history returns objects with primary keys on PostgreSQL and SQLite >= 3.35.
    assignments = [
        Assignment(task=task, unit_id=unit_id, role=role, due_on=task.due_on, due_provisional=task.due_provisional,
                   document_id=task.document_id, jurisdiction_id=task.document.jurisdiction_id)
        for task, units in zip(tasks, unit_sets, strict=True)
        for unit_id, role in units.items()
    ]
    if assignments:
        bulk_create_with_history(assignments, Assignment, default_user=user, default_change_reason="imported")
    for task, deadline in zip(tasks, resolved, strict=True):
        if deadline.kind == "recurring" and deadline.periods:
            periods_sync(task, deadline)
            task_assignments_refresh_due(task)
    return document


@transaction.atomic
def document_import(*, preview: dict, jurisdiction: Jurisdiction, user=None, decisions: dict | None = None,
                    replace: bool = False, publish: bool = False,
                    source: tuple[str, bytes] | None = None) -> list[Document]:
    """Save every document of the preview (except skipped ones); all or nothing."""
    decisions = decisions or {}
    if preview.get("jurisdiction_id") not in (None, jurisdiction.pk):
        raise CodedImportError("preview_other_jurisdiction")
    skip = set(decisions.get("skip_documents", []))
    documents = [d for i, d in enumerate(preview.get("documents", [])) if i not in skip]
    if not documents:
        raise CodedImportError("nothing_to_import")
    _decisions_check(jurisdiction, decisions)
    data_changed(jurisdictions=[jurisdiction.pk])  # tasks and assignments are bulk-created: no signals
    created_units = _create_units(jurisdiction, decisions.get("create_units", []))
    calendar = work_calendar(jurisdiction=jurisdiction)
    stored: dict[str, str] = {}
    saved = []
    for index, doc in enumerate(preview["documents"]):
        if index in skip:
            continue
        saved.append(
            _save_document(jurisdiction=jurisdiction, doc=doc, index=index, decisions=decisions,
                           created_units=created_units, user=user, replace=replace, publish=publish,
                           source=source, calendar=calendar, stored=stored)
        )
    return saved
