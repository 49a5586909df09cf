"""What the public may see of published documents.

The public page, its JSON twin and the feed are all built from the plain dicts made here, and
those dicts are assembled field by field from ``values()`` queries: nothing reaches the public
side unless it is named in this module. Never read here: report texts, review comments, report
authors, liaisons or any user, returned or pending reports, attachments not marked public, and
anything of an unpublished document.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from django.db.models import Count, DateTimeField, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from tasks.models import Assignment, Attachment, Document, ProgressReport, Role, Section, Status, Task
from units.display import nested_unit_name

# Public status of a task or of one unit's part in it (完成 / 推进中 / 逾期).
DONE, IN_PROGRESS, OVERDUE, NOT_STARTED = "done", "in_progress", "overdue", "not_started"
_STARTED = (Status.IN_PROGRESS, Status.SUBMITTED, Status.RETURNED)
_ROLE_ORDER = {Role.LEAD: 0, Role.RESPONSIBLE: 1, Role.COOPERATING: 2}


@dataclass(frozen=True)
class PublicHeader:
    """A document's public header fields and the stamps its page version is made of."""

    id: int
    title: str
    doc_number: str
    issuer: str
    issued_on: date | None
    year: int | None
    jurisdiction: str
    jurisdiction_id: int
    is_published: bool
    published_at: datetime | None
    content_changed_at: datetime
    last_reviewed_at: datetime | None
    accepted_count: int

    @property
    def last_updated(self) -> datetime:
        """When the public page last changed: the document itself or its latest accepted report."""
        if self.last_reviewed_at and self.last_reviewed_at > self.content_changed_at:
            return self.last_reviewed_at
        return self.content_changed_at

    def version(self, *, today: date) -> str:
        """A short key that changes whenever the page would: content, accepted reports, the date.

        The date is part of it because a task turns overdue at midnight with nothing else changing.
        """
        parts = (self.id, self.content_changed_at.isoformat(), self.last_reviewed_at, self.accepted_count, today)
        raw = "|".join(str(part) for part in parts)
        return hashlib.sha1(raw.encode()).hexdigest()[:20]

    def as_public_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "doc_number": self.doc_number,
            "issuer": self.issuer,
            "issued_on": self.issued_on,
            "year": self.year,
            "jurisdiction": self.jurisdiction,
            "published_at": self.published_at,
            "last_updated": self.last_updated,
            "url": reverse("public:document", args=[self.id]),
            "data_url": reverse("public:document_data", args=[self.id]),
        }


_HEADER_FIELDS = (
    "id", "title", "doc_number", "issuer", "issued_on", "year", "jurisdiction_id", "is_published", "published_at",
    "content_changed_at", "last_reviewed_at", "accepted_count",
)


def _with_review_stamps(qs):
    """Annotate each document with its accepted reports' latest review time and count (subqueries)."""
    accepted = (
        ProgressReport.objects.filter(assignment__task__document=OuterRef("pk"), state=ProgressReport.State.ACCEPTED)
        .order_by()
        .values("assignment__task__document")
    )
    return qs.annotate(
        last_reviewed_at=Subquery(accepted.annotate(m=Max("reviewed_at")).values("m")[:1],
                                  output_field=DateTimeField()),
        accepted_count=Coalesce(
            Subquery(accepted.annotate(c=Count("pk")).values("c")[:1], output_field=IntegerField()), 0
        ),
    )


def _header(row: dict) -> PublicHeader:
    jurisdiction = row.pop("jurisdiction__name")
    return PublicHeader(jurisdiction=jurisdiction, **{k: row[k] for k in _HEADER_FIELDS})


def document_header(*, pk: int, published_only: bool = True) -> PublicHeader | None:
    """The header and version stamps of one document in one query; None if absent (or unpublished)."""
    qs = Document.objects.filter(pk=pk)
    if published_only:
        qs = qs.filter(is_published=True)
    row = _with_review_stamps(qs).values(*_HEADER_FIELDS, "jurisdiction__name").first()
    return _header(row) if row else None


def documents_for_publishing(access) -> list[Document]:
    """The documents an office user may publish or withdraw (every one for a superuser)."""
    documents = Document.objects.select_related("jurisdiction").order_by(
        "jurisdiction__order", "jurisdiction__name", "-year", "-issued_on", "pk"
    )
    if not access.is_superuser:
        documents = documents.filter(jurisdiction_id__in=access.office_jurisdictions)
    return list(documents)


def task_status(*, units: int, done: int, overdue: int, started: int) -> str:
    """完成 when every unit has completed, 逾期 when any unit is overdue, 推进中 when any unit has
    started (reported or completed), else 未开始: nobody has started is not "in progress"."""
    if units and done == units:
        return DONE
    if overdue:
        return OVERDUE
    if done or started:
        return IN_PROGRESS
    return NOT_STARTED


def _unit_status(status: str, due_on: date | None, today: date) -> str:
    if status == Status.COMPLETED:
        return DONE
    if due_on is not None and due_on < today:
        return OVERDUE
    return IN_PROGRESS if status in _STARTED else NOT_STARTED


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _summary(statuses: list[str]) -> dict:
    total = len(statuses)
    done = statuses.count(DONE)
    return {
        "tasks": total,
        "done": done,
        "in_progress": statuses.count(IN_PROGRESS),
        "not_started": statuses.count(NOT_STARTED),
        "overdue": statuses.count(OVERDUE),
        "percent": _percent(done, total),
    }


def published_documents(*, today: date) -> list[dict]:
    """Every published document, grouped by jurisdiction, with its overall completion (two queries)."""
    rows = list(
        _with_review_stamps(Document.objects.filter(is_published=True))
        .order_by("jurisdiction__order", "jurisdiction__name", "-year", "-issued_on", "pk")
        .values(*_HEADER_FIELDS, "jurisdiction__name")
    )
    headers = [_header(row) for row in rows]
    per_document: dict[int, list[str]] = defaultdict(list)
    task_counts = (
        Task.objects.filter(document__is_published=True)
        .order_by()
        .annotate(
            n=Count("assignments"),
            n_done=Count("assignments", filter=Q(assignments__status=Status.COMPLETED)),
            n_overdue=Count(
                "assignments",
                filter=~Q(assignments__status=Status.COMPLETED) & Q(assignments__due_on__lt=today),
            ),
            n_started=Count("assignments", filter=Q(assignments__status__in=_STARTED)),
        )
        .values_list("document_id", "n", "n_done", "n_overdue", "n_started")
    )
    for document_id, n, n_done, n_overdue, n_started in task_counts:
        per_document[document_id].append(task_status(units=n, done=n_done, overdue=n_overdue, started=n_started))
    groups: list[dict] = []
    for header in headers:
        if not groups or groups[-1]["jurisdiction"] != header.jurisdiction:
            groups.append({"jurisdiction": header.jurisdiction, "documents": []})
        item = header.as_public_dict()
        item["summary"] = _summary(per_document.get(header.id, []))
        groups[-1]["documents"].append(item)
    return groups


def safe_evidence_url(item) -> dict | None:
    """An evidence entry as {url, title}, or None unless it is an http(s) link (no javascript: etc.)."""
    if isinstance(item, dict):
        url, title = item.get("url", ""), item.get("title") or item.get("label") or ""
    else:
        url, title = item, ""
    if not isinstance(url, str) or not isinstance(title, str):
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return {"url": url, "title": title.strip()[:200]}


def _sections(document_id: int) -> tuple[list[dict], dict[int, int | None]]:
    """Sections in order with their depth (0 = top level), and each section's parent."""
    rows = list(
        Section.objects.filter(document_id=document_id).order_by("order", "pk").values("id", "parent_id", "label",
                                                                                      "title")
    )
    parent_of = {row["id"]: row.pop("parent_id") for row in rows}
    for row in rows:
        node, depth, seen = row["id"], 0, set()
        while parent_of.get(node) is not None and node not in seen:
            seen.add(node)
            node, depth = parent_of[node], depth + 1
        row["depth"] = depth
    return rows, parent_of


def _units_by_task(document_id: int, today: date) -> dict[int, list[dict]]:
    units: dict[int, list[dict]] = defaultdict(list)
    rows = (
        Assignment.objects.filter(task__document_id=document_id)
        .order_by("unit__order", "unit__name", "pk")
        .values("task_id", "role", "status", "due_on", "completed_on", "unit__name", "unit__short_name",
                "unit__parent__name", "unit__parent__short_name")
    )
    for row in rows:
        units[row["task_id"]].append({
            "name": nested_unit_name(row["unit__name"], row["unit__short_name"], row["unit__parent__name"],
                                     row["unit__parent__short_name"]),
            "role": row["role"],
            "status": _unit_status(row["status"], row["due_on"], today),
            "due_on": row["due_on"],
            "completed_on": row["completed_on"] if row["status"] == Status.COMPLETED else None,
        })
    for task_units in units.values():
        task_units.sort(key=lambda unit: _ROLE_ORDER.get(unit["role"], 9))
    return units


def _evidence_by_task(document_id: int) -> dict[int, list[dict]]:
    """Evidence links of accepted reports only, in review order, each link once per task."""
    evidence: dict[int, list[dict]] = defaultdict(list)
    seen: set[tuple[int, str]] = set()
    rows = (
        ProgressReport.objects.filter(assignment__task__document_id=document_id, state=ProgressReport.State.ACCEPTED)
        .order_by("reviewed_at", "pk")
        .values("assignment__task_id", "evidence_urls", "assignment__unit__name", "assignment__unit__short_name")
    )
    for row in rows:
        items = row["evidence_urls"] if isinstance(row["evidence_urls"], list) else []
        for item in items:
            link = safe_evidence_url(item)
            if link is None or (row["assignment__task_id"], link["url"]) in seen:
                continue
            seen.add((row["assignment__task_id"], link["url"]))
            link["unit"] = row["assignment__unit__short_name"] or row["assignment__unit__name"]
            evidence[row["assignment__task_id"]].append(link)
    return evidence


def public_attachment(*, pk: int) -> Attachment | None:
    """One attachment the public may download, or None: public, accepted report, published document."""
    return (
        Attachment.objects.filter(
            pk=pk,
            is_public=True,
            report__state=ProgressReport.State.ACCEPTED,
            report__assignment__task__document__is_published=True,
        )
        .only("file", "original_name")
        .first()
    )


def _attachments_by_task(document_id: int) -> dict[int, list[dict]]:
    files: dict[int, list[dict]] = defaultdict(list)
    rows = (
        Attachment.objects.filter(report__assignment__task__document_id=document_id, is_public=True,
                                  report__state=ProgressReport.State.ACCEPTED)
        .order_by("uploaded_at", "pk")
        .values("id", "original_name", "size", "report__assignment__task_id")
    )
    for row in rows:
        files[row["report__assignment__task_id"]].append({
            "id": row["id"],
            "name": row["original_name"],
            "size": row["size"],
            "url": reverse("public:attachment", args=[row["id"]]),
        })
    return files


class _Outline:
    """Tasks grouped under their headings, in document order.

    A task goes under its section, below the headings of the section's ancestors; a task without
    a section (a row of an annexed task table) goes under its section path as the importer read
    it; a task with neither under "other tasks". Headings form a tree in order of first use, so
    each appears once and under its parent even when the tasks jump back and forth. Sections with
    no task at any depth are left out. Top-level headings also collect the statuses for the
    completion-by-section table.
    """

    def __init__(self, sections: list[dict], parent_of: dict[int, int | None]):
        self.sections = {section["id"]: section for section in sections}
        self.parent_of = parent_of
        self.by_key: dict[tuple, dict] = {}
        self.children: dict[tuple | None, list[tuple]] = defaultdict(list)
        self.roots: dict[tuple, dict] = {}

    def _group(self, key: tuple, parent: tuple | None, *, id: int | None, label: str, title: str,
               depth: int) -> dict:
        if key not in self.by_key:
            self.by_key[key] = {"id": id, "label": label, "title": title, "depth": depth, "tasks": []}
            self.children[parent].append(key)
        return self.by_key[key]

    def _section_group(self, section_id: int, parent: tuple | None) -> dict:
        section = self.sections[section_id]
        return self._group(("s", section_id), parent, id=section_id, label=section["label"], title=section["title"],
                           depth=section["depth"])

    @property
    def groups(self) -> list[dict]:
        """The headings depth first, each with its own tasks."""
        out: list[dict] = []
        stack = list(reversed(self.children[None]))
        while stack:
            key = stack.pop()
            out.append(self.by_key[key])
            stack.extend(reversed(self.children.get(key, [])))
        return out

    def _chain(self, section_id: int) -> list[int]:
        chain, node = [], section_id
        while node is not None and node not in chain:
            chain.append(node)
            node = self.parent_of.get(node)
        return chain[::-1]

    def add(self, task: dict, section_id: int | None, path: list) -> None:
        if section_id in self.sections:
            chain = self._chain(section_id)
            parent = None
            for section in chain:
                group = self._section_group(section, parent)
                parent = ("s", section)
            top = self.sections[chain[0]]
            root_key, root = ("s", top["id"]), {"id": top["id"], "label": top["label"], "title": top["title"]}
        elif path:
            top = str(path[0])
            group = self._group(("p", top), None, id=None, label="", title=top, depth=0)
            if len(path) > 1:
                group = self._group(("p", top, str(path[1])), ("p", top), id=None, label="", title=str(path[1]),
                                    depth=1)
            root_key, root = ("p", top), {"id": None, "label": "", "title": top}
        else:
            group = self._group(("none",), None, id=None, label="", title="", depth=0)
            root_key, root = ("none",), {"id": None, "label": "", "title": ""}
        group["tasks"].append(task)
        self.roots.setdefault(root_key, {**root, "statuses": []})["statuses"].append(task["status"])

    def completion(self) -> list[dict]:
        rows = [{**{k: v for k, v in root.items() if k != "statuses"}, **_summary(root["statuses"])}
                for root in self.roots.values()]
        return sorted(rows, key=lambda row: not (row["title"] or row["label"]))  # "other tasks" last


def public_document_data(*, header: PublicHeader, today: date) -> dict:
    """Everything the public page and data.json show of one document (five queries, any size)."""
    sections, parent_of = _sections(header.id)
    tasks = list(
        Task.objects.filter(document_id=header.id).order_by("order", "pk").values(
            "id", "section_id", "section_path", "number", "heading", "text", "deadline_phrase", "due_on",
            "due_provisional",
        )
    )
    units = _units_by_task(header.id, today)
    evidence = _evidence_by_task(header.id)
    files = _attachments_by_task(header.id)

    outline = _Outline(sections, parent_of)
    for task in tasks:
        task_units = units.get(task["id"], [])
        section_id = task.pop("section_id")
        path = task.pop("section_path")
        task["status"] = task_status(
            units=len(task_units),
            done=sum(unit["status"] == DONE for unit in task_units),
            overdue=sum(unit["status"] == OVERDUE for unit in task_units),
            started=sum(unit["status"] == IN_PROGRESS for unit in task_units),
        )
        task["deadline"] = task.pop("deadline_phrase")
        task["units"] = task_units
        task["evidence"] = evidence.get(task["id"], [])
        task["attachments"] = files.get(task["id"], [])
        outline.add(task, section_id, path if isinstance(path, list) else [])
    return {
        "document": header.as_public_dict(),
        "summary": _summary([task["status"] for task in tasks]),
        "completion_by_section": outline.completion(),
        "sections": outline.groups,
    }
