"""Build the import preview: parse a file, match its units against the registry, resolve deadlines.

The preview is plain JSON-safe data (kept in ImportDraft.parsed between upload and confirmation,
printed by ``import_document --json``). Nothing here writes to the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from tasks import deadlines
from tasks.parsing import ParsedDocument, ParsedTask, UnitRef, parse_bytes
from tasks.parsing.limits import ImportLimitExceeded
from tasks.parsing.unit_matching import UnitRegistry
from tasks.selectors.calendar import work_calendar
from tasks.services.errors import DocumentImportError
from tasks.services.import_limits import import_limits, limit_error
from tasks.services.import_messages import CodedImportError, parser_warning
from tasks.workdays import WorkCalendar
from units.models import CollectiveReference, Jurisdiction, Unit, UnitAlias

FLAG_UNKNOWN_UNIT = "unknown_unit"


__all__ = ["DocumentImportError", "build_preview", "document_mismatch", "guess_jurisdiction", "preview_mismatches",
           "registry_for", "table_summaries"]


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


def _task_preview(task: ParsedTask, doc: ParsedDocument, ctx: PreviewContext) -> tuple[dict, list[dict]]:
    warnings: list[dict] = []
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
            warnings.append({"code": "unknown_unit", "params": {"name": ref.display}})
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


# What a preview keeps of each table for the column-mapping page: a few rows, short cells.
TABLE_PREVIEW_ROWS = 5
TABLE_PREVIEW_CELL_CHARS = 120


def table_summaries(tables) -> list[dict]:
    """The parser's tables (``ParsedTable``) as small JSON-safe dicts: header, roles, width, a few rows."""
    summaries = []
    for table in tables:
        rows = [[str(c)[:TABLE_PREVIEW_CELL_CHARS] for c in row] for row in table.rows[:TABLE_PREVIEW_ROWS]]
        width = max([len(table.header), len(table.roles), *(len(row) for row in table.rows)], default=0)
        summaries.append({
            "table_id": table.table_id,
            "header": [str(c)[:TABLE_PREVIEW_CELL_CHARS] for c in table.header],
            "roles": list(table.roles),
            "width": width,
            "needs_mapping": bool(table.needs_mapping),
            "mapped": bool(table.mapped),
            "rows": rows,
        })
    return summaries


def build_preview(*, filename: str, data: bytes, jurisdiction: Jurisdiction | None = None,
                  column_map: dict[int, str] | None = None,
                  on_progress: Callable[[int, int], None] | None = None) -> dict:
    """Parse ``data`` and return the preview dict. Raises ParseError / DocumentImportError
    (ImportLimitError, before parsing, for a file beyond the import limits).

    ``column_map`` (column index → role) is handed to the parser and kept in the preview
    (``column_map``, string keys); ``tables`` lists the file's tables for the mapping page.
    ``on_progress(done, total)``, when given, hears of each task matched to the registry once
    the file is read (a background parse shows it as its progress bar)."""
    try:
        parsed = parse_bytes(filename, data, import_limits(), column_map=column_map)
    except ImportLimitExceeded as exc:
        raise limit_error(exc, filename=filename) from None
    if jurisdiction is None:
        jurisdiction = guess_jurisdiction(parsed)
        if jurisdiction is None:
            raise CodedImportError("no_jurisdiction")
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
    total, done = sum(len(doc.tasks) for doc in parsed), 0
    if on_progress is not None:
        on_progress(done, total)
    for d_index, doc in enumerate(parsed):
        tasks = []
        for t_index, task in enumerate(doc.tasks):
            entry, warnings = _task_preview(task, doc, ctx)
            done += 1
            if on_progress is not None:
                on_progress(done, total)
            tasks.append(entry)
            preview["warnings"].extend({"document": d_index, "task": t_index, **w} for w in warnings)
            unknown.update(u["name"] for u in entry["units"] if u["unit_id"] is None and u["collective_id"] is None)
        preview["warnings"].extend({"document": d_index, "task": None, **parser_warning(w)} for w in doc.warnings)
        if doc.doc_number and doc.doc_number in existing:
            preview["warnings"].append(
                {"document": d_index, "task": None, "code": "already_imported",
                 "params": {"number": doc.doc_number, "jurisdiction": jurisdiction.name}}
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
    preview["tables"] = table_summaries([table for doc in parsed for table in doc.tables])
    preview["column_map"] = {str(k): v for k, v in sorted((column_map or {}).items())}
    preview["mismatches"] = preview_mismatches(preview, jurisdiction)
    return preview


# -- a document of another jurisdiction ------------------------------------------------------------
# A general rule over the names, not a table of prefixes: the issuer names a place (台儿庄区人民政府办公室)
# and the 文号's 机关代字 starts with its abbreviation (台政办发, 临港办字); either should fit the
# jurisdiction the office chose.

_LEVEL_SUFFIXES = ("经济技术开发区", "高新技术产业开发区", "经济开发区", "开发区", "高新区", "新区", "自治州",
                   "自治县", "自治区", "自治旗", "街道", "省", "市", "区", "县", "旗", "州", "镇", "乡")
_PLACE = re.compile(r"^\s*(?P<place>[\u4e00-\u9fff]{1,16}?(?:" + "|".join(_LEVEL_SUFFIXES) + r"))")
_GENERIC_STEMS = {"本", "全", "各", "我", "该", "某"}
_NUMBER_PREFIX = re.compile(r"^\s*(?P<prefix>[\u4e00-\u9fff]{1,12})\s*[〔\[［(（【]")
_BODY_CHARS = set("政府办党委发字函")


def _stem(name: str) -> str:
    for suffix in _LEVEL_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _name_cores(jurisdiction: Jurisdiction) -> set[str]:
    """The strings whose presence in an issuer names this jurisdiction: 薛城区, 薛城; 临港区, 临港 …"""
    cores = set()
    for name in (jurisdiction.name, jurisdiction.short_name):
        name = (name or "").strip()
        if not name:
            continue
        cores.add(name)
        stem = _stem(name)
        if len(stem) >= 2:
            cores.add(stem)
    return cores


def _other_jurisdiction(text: str, chosen: Jurisdiction, others: list[tuple[str, str]]) -> str:
    for name, short_name in others:
        if name != chosen.name and (name in text or (short_name and short_name in text)):
            return name
    return ""


def document_mismatch(doc: dict, jurisdiction: Jurisdiction,
                      others: list[tuple[str, str]] | None = None) -> dict | None:
    """{"code", "params"} when the document's issuer or 文号 points to another jurisdiction, else None."""
    cores = _name_cores(jurisdiction)
    if others is None:
        others = sorted(Jurisdiction.objects.values_list("name", "short_name"), key=lambda r: len(r[0]), reverse=True)
    issuer = (doc.get("issuer") or "").strip()
    if issuer and any(core in issuer for core in cores):
        return None  # the issuer names the chosen jurisdiction: trust it
    place = _PLACE.match(issuer) if issuer else None
    if place and _stem(place.group("place")) not in _GENERIC_STEMS:
        other = _other_jurisdiction(issuer, jurisdiction, others) or place.group("place")
        return {"code": "issuer_other_jurisdiction",
                "params": {"issuer": issuer, "jurisdiction": jurisdiction.name, "other": other}}
    number = (doc.get("doc_number") or "").strip()
    prefix = _NUMBER_PREFIX.match(number) if number else None
    if prefix and prefix.group("prefix")[0] not in _BODY_CHARS:
        letters = set("".join(n for n in (jurisdiction.name, jurisdiction.short_name) if n))
        if prefix.group("prefix")[0] not in letters:
            return {"code": "number_other_jurisdiction",
                    "params": {"number": number, "jurisdiction": jurisdiction.name,
                               "prefix": prefix.group("prefix")}}
    return None


def preview_mismatches(preview: dict, jurisdiction: Jurisdiction) -> dict[str, dict]:
    """Document index (as a string, JSON keys) → mismatch, for every document that has one (one query)."""
    others = sorted(Jurisdiction.objects.values_list("name", "short_name"), key=lambda r: len(r[0]), reverse=True)
    result = {}
    for index, doc in enumerate(preview.get("documents") or []):
        found = document_mismatch(doc, jurisdiction, others)
        if found:
            result[str(index)] = found
    return result
