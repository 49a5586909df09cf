"""Build the import preview: parse a file, match its units against the registry, resolve deadlines.

The preview is plain JSON-safe data (kept in ImportDraft.parsed between upload and confirmation,
printed by ``import_document --json``). Nothing here writes to the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tasks import deadlines
from tasks.parsing import ParsedDocument, ParsedTask, UnitRef, parse_bytes
from tasks.parsing.limits import ImportLimitExceeded
from tasks.parsing.unit_matching import UnitRegistry
from tasks.selectors.calendar import work_calendar
from tasks.services.errors import DocumentImportError
from tasks.services.import_limits import import_limits, limit_error
from tasks.workdays import WorkCalendar
from units.models import CollectiveReference, Jurisdiction, Unit, UnitAlias

FLAG_UNKNOWN_UNIT = "unknown_unit"


__all__ = ["DocumentImportError", "build_preview", "guess_jurisdiction", "registry_for"]


def registry_for(jurisdiction: Jurisdiction) -> UnitRegistry:
    """The jurisdiction's units and collective references as the pure matcher wants them (3 queries)."""
    aliases: dict[int, list[str]] = {}
    for unit_id, name in UnitAlias.objects.filter(unit__jurisdiction=jurisdiction).values_list("unit_id", "name"):
        aliases.setdefault(unit_id, []).append(name)
    units = [
        {
            "id": u.pk,
            "name": u.name,
            "short_name": u.short_name,
            "aliases": aliases.get(u.pk, []),
            "parent_id": u.parent_id,
            "kind": u.kind,
        }
        for u in Unit.objects.filter(jurisdiction=jurisdiction, active=True)
    ]
    collectives = []
    for c in CollectiveReference.objects.filter(jurisdiction=jurisdiction).prefetch_related("members"):
        collectives.append(
            {
                "id": c.pk,
                "name": c.name,
                "aliases": list(c.aliases or []),
                "vague": c.is_vague or c.rule == CollectiveReference.Rule.VAGUE,
                "member_ids": [u.pk for u in c.resolve_units()],
            }
        )
    return UnitRegistry.from_data(units, collectives)


def guess_jurisdiction(documents: list[ParsedDocument]) -> Jurisdiction | None:
    """The jurisdiction whose name appears in the issuer or title (longest name wins)."""
    names = sorted(Jurisdiction.objects.values_list("name", flat=True), key=len, reverse=True)
    for doc in documents:
        haystack = f"{doc.issuer or ''} {doc.title or ''} {doc.doc_number or ''}"
        for name in names:
            if name in haystack:
                return Jurisdiction.objects.get(name=name)
    return None


@dataclass
class PreviewContext:
    jurisdiction: Jurisdiction
    registry: UnitRegistry
    calendar: WorkCalendar
    unit_names: dict[int, str]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _task_preview(task: ParsedTask, doc: ParsedDocument, ctx: PreviewContext) -> tuple[dict, list[str]]:
    warnings: list[str] = []
    flags = list(task.flags)
    units = []
    for ref in task.units:
        match = ctx.registry.match(ref)
        unit_id = match.unit_id
        entry = {
            "name": ref.display,
            "role": ref.role,
            "unit": ctx.unit_names.get(unit_id) if unit_id else None,
            "unit_id": unit_id,
            "collective": bool(ref.collective or match.collective_id),
            "collective_id": match.collective_id,
            "member_ids": list(match.member_ids or []),
            "vague": bool(match.vague or ref.vague),
            "method": match.method,
        }
        if entry["vague"] and "vague_units" not in flags:
            flags.append("vague_units")
        if unit_id is None and match.collective_id is None:
            if FLAG_UNKNOWN_UNIT not in flags:
                flags.append(FLAG_UNKNOWN_UNIT)
            warnings.append(f"未知单位「{ref.display}」：请在预览中选择对应单位或新建 / unknown unit {ref.display}")
        units.append(entry)
    phrase_source = task.deadline_text or task.text
    deadline = deadlines.resolve_text(phrase_source, issued_on=doc.issued_on, year=doc.year, calendar=ctx.calendar)
    suggestions = list(task.suggestions)
    suggested_ids = []
    for name in suggestions:
        try:
            m = ctx.registry.match(UnitRef(name=name))
        except ValueError:
            continue
        if m.unit_id:
            suggested_ids.append(m.unit_id)
        suggested_ids.extend(m.member_ids or [])
    return (
        {
            "number": task.number,
            "section": list(task.section_path),
            "section_key": task.section_key,
            "heading": task.heading,
            "text": task.text,
            "units": units,
            "deadline": {
                "phrase": deadline.phrase,
                "kind": deadline.kind,
                "due": _iso(deadline.due),
                "provisional": bool(deadline.provisional and deadline.due),
                **({"warnings": list(deadline.warnings)} if deadline.warnings else {}),
            },
            "flags": flags,
            "suggestions": suggestions,
            "suggested_unit_ids": sorted(set(suggested_ids)),
        },
        warnings,
    )


def build_preview(*, filename: str, data: bytes, jurisdiction: Jurisdiction | None = None) -> dict:
    """Parse ``data`` and return the preview dict. Raises ParseError / DocumentImportError
    (ImportLimitError, before parsing, for a file beyond the import limits)."""
    try:
        parsed = parse_bytes(filename, data, import_limits())
    except ImportLimitExceeded as exc:
        raise limit_error(exc, filename=filename) from None
    if jurisdiction is None:
        jurisdiction = guess_jurisdiction(parsed)
        if jurisdiction is None:
            raise DocumentImportError(
                "无法从文件判断所属行政区，请指定 / cannot tell the jurisdiction from the file: give --jurisdiction"
            )
    registry = registry_for(jurisdiction)
    ctx = PreviewContext(
        jurisdiction=jurisdiction,
        registry=registry,
        calendar=work_calendar(jurisdiction=jurisdiction),
        unit_names=dict(Unit.objects.filter(jurisdiction=jurisdiction).values_list("pk", "name")),
    )
    existing = set(
        jurisdiction.documents.exclude(doc_number="").values_list("doc_number", flat=True)
    )
    preview: dict = {"jurisdiction": jurisdiction.name, "jurisdiction_id": jurisdiction.pk,
                     "filename": filename, "documents": [], "warnings": []}
    unknown: set[str] = set()
    for d_index, doc in enumerate(parsed):
        tasks = []
        for t_index, task in enumerate(doc.tasks):
            entry, warnings = _task_preview(task, doc, ctx)
            tasks.append(entry)
            preview["warnings"].extend({"document": d_index, "task": t_index, "message": w} for w in warnings)
            unknown.update(u["name"] for u in entry["units"] if u["unit_id"] is None and u["collective_id"] is None)
        preview["warnings"].extend({"document": d_index, "task": None, "message": w} for w in doc.warnings)
        if doc.doc_number and doc.doc_number in existing:
            preview["warnings"].append(
                {"document": d_index, "task": None,
                 "message": f"{doc.doc_number} 已存在 / already imported in {jurisdiction.name}"}
            )
        preview["documents"].append(
            {
                "doc_number": doc.doc_number,
                "title": doc.title,
                "issuer": doc.issuer,
                "issued_on": _iso(doc.issued_on),
                "year": doc.year,
                "kind": doc.kind,
                "addressees": list(doc.addressees),
                "exists": bool(doc.doc_number and doc.doc_number in existing),
                "sections": [
                    {"key": s.key, "label": s.label, "title": s.title, "level": s.level,
                     "parent_key": s.parent_key, "order": s.order}
                    for s in doc.sections
                ],
                "tasks": tasks,
            }
        )
    preview["unknown_units"] = sorted(unknown)
    return preview
