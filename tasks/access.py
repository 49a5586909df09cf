"""Who may see and change what. Every view that touches a protected object goes through here.

Rules (see DESIGN.md):
- office staff read and write everything in their jurisdiction;
- supervisors read everything in their jurisdiction and write nothing (403 on writes);
- liaisons read and write their own units' assignments; they may read a task or document page
  only when one of their units is assigned in it; anything else answers 404 so that nobody
  learns what exists;
- superusers are office staff everywhere, and the system's operator: the national working-day
  calendar is theirs alone to change (office staff read it and keep their own jurisdiction's
  local days).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from tasks.caching import ReadScope
from tasks.models import Assignment, Document, ExportJob, ImportDraft, Notification, ProgressReport, Task
from units.models import (
    CollectiveReference,
    Jurisdiction,
    JurisdictionRole,
    Membership,
    Unit,
    UnitAlias,
    jurisdiction_title,
)


@dataclass(frozen=True)
class Access:
    """What one user may do, loaded once per request (two small queries)."""

    user_id: int | None
    is_superuser: bool = False
    office_jurisdictions: frozenset[int] = field(default_factory=frozenset)
    supervisor_jurisdictions: frozenset[int] = field(default_factory=frozenset)
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    unit_jurisdictions: frozenset[int] = field(default_factory=frozenset)
    # The portal title of the user's jurisdiction when there is exactly one (read with the roles, no
    # query of its own); "" otherwise. The header: tasks.context_processors.
    site_title: str = ""

    @property
    def is_office(self) -> bool:
        return self.is_superuser or bool(self.office_jurisdictions)

    @property
    def is_supervisor(self) -> bool:
        return bool(self.supervisor_jurisdictions)

    @property
    def is_liaison(self) -> bool:
        return bool(self.unit_ids)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def staff_jurisdiction_ids(self) -> frozenset[int]:
        """The jurisdictions the user reads as office staff or supervisor (not their units' ones;
        a superuser reads every jurisdiction without being listed here: see staff_jurisdictions)."""
        return self.office_jurisdictions | self.supervisor_jurisdictions

    def can_read_jurisdiction(self, jurisdiction_id: int) -> bool:
        return self.is_superuser or jurisdiction_id in self.staff_jurisdiction_ids

    def can_write_jurisdiction(self, jurisdiction_id: int) -> bool:
        return self.is_superuser or jurisdiction_id in self.office_jurisdictions

    def acts_for_unit(self, unit_id: int) -> bool:
        """The user acts as the unit itself (签收, 延期申请, its own reports): one of its liaisons,
        or a superuser. Office staff write a unit's assignment without acting as the unit."""
        return self.is_superuser or unit_id in self.unit_ids

    def can_read_assignment(self, jurisdiction_id: int, unit_id: int) -> bool:
        """Whether an assignment of ``unit_id`` in a document of ``jurisdiction_id`` is readable:
        its jurisdiction's staff, or the unit's own liaisons (a task page links only those rows)."""
        return self.can_read_jurisdiction(jurisdiction_id) or unit_id in self.unit_ids

    @property
    def read_scope(self) -> ReadScope:
        """What the user may read, as a cache key part: users with equal scopes see equal figures.

        It names the jurisdictions read (tasks.caching): a change elsewhere leaves its entries."""
        staff = self.staff_jurisdiction_ids
        return ReadScope((self.is_superuser, tuple(sorted(staff)), tuple(sorted(self.unit_ids))),
                         jurisdictions=None if self.is_superuser else staff | self.unit_jurisdictions)

    def staff_jurisdiction_filter(self, prefix: str = "") -> Q:
        """A Q limiting rows to jurisdictions the user reads as office staff or supervisor."""
        if self.is_superuser:
            return Q()
        return Q(**{f"{prefix}jurisdiction_id__in": self.staff_jurisdiction_ids})

    def visible_assignment_filter(self) -> Q:
        """A Q over Assignment for every assignment the user may read."""
        if self.is_superuser:
            return Q()
        return Q(jurisdiction_id__in=self.staff_jurisdiction_ids) | Q(unit_id__in=self.unit_ids)


ANONYMOUS = Access(user_id=None)


def access_for(user) -> Access:
    """The Access of a user, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_opensched_access", None)
    if cached is not None:
        return cached
    office, supervisor = set(), set()
    titles = {}
    title_fields = ("name", "level", "portal_title")
    for jurisdiction_id, role, *fields in JurisdictionRole.objects.filter(user=user).values_list(
        "jurisdiction_id", "role", *(f"jurisdiction__{f}" for f in title_fields)
    ):
        (office if role == JurisdictionRole.Role.OFFICE else supervisor).add(jurisdiction_id)
        titles[jurisdiction_id] = fields
    units = []
    for unit_id, jurisdiction_id, *fields in Membership.objects.filter(user=user).values_list(
        "unit_id", "unit__jurisdiction_id", *(f"unit__jurisdiction__{f}" for f in title_fields)
    ):
        units.append((unit_id, jurisdiction_id))
        titles[jurisdiction_id] = fields
    site_title = ""
    if len(titles) == 1 and not user.is_superuser:
        site_title = jurisdiction_title(**dict(zip(title_fields, next(iter(titles.values())), strict=True)))
    access = Access(
        user_id=user.pk,
        is_superuser=user.is_superuser,
        office_jurisdictions=frozenset(office),
        supervisor_jurisdictions=frozenset(supervisor),
        unit_ids=frozenset(unit_id for unit_id, _ in units),
        unit_jurisdictions=frozenset(j for _, j in units),
        site_title=site_title,
    )
    user._opensched_access = access
    return access


def staff_jurisdictions(access: Access) -> QuerySet[Jurisdiction]:
    """The jurisdictions the user reads as office staff or supervisor (every one for a superuser),
    in their order: the overviews, the registry and the yearly review list these."""
    jurisdictions = Jurisdiction.objects.order_by("order", "name")
    if access.is_superuser:
        return jurisdictions
    return jurisdictions.filter(pk__in=access.staff_jurisdiction_ids)


def writable_jurisdictions(access: Access) -> QuerySet[Jurisdiction]:
    """The jurisdictions the user writes as office staff (every one for a superuser): an import's targets."""
    jurisdictions = Jurisdiction.objects.order_by("order", "name")
    if access.is_superuser:
        return jurisdictions
    return jurisdictions.filter(pk__in=access.office_jurisdictions)


def visible_documents(access: Access) -> QuerySet[Document]:
    """The documents the user may read: their staff jurisdictions', and those assigning their units."""
    if access.is_superuser:
        return Document.objects.all()
    mine = Assignment.objects.filter(unit_id__in=access.unit_ids).values("task__document_id")
    return Document.objects.filter(jurisdiction_id__in=access.staff_jurisdiction_ids) | Document.objects.filter(
        pk__in=mine)


def _deny_write(can_write: bool, write: bool) -> None:
    if write and not can_write:
        raise PermissionDenied


def visible_assignments(who) -> QuerySet[Assignment]:
    """Every assignment ``who`` (a user, or an ``Access`` already loaded) may read: the one
    definition the pages, the exports and the selectors use."""
    access = who if isinstance(who, Access) else access_for(who)
    return Assignment.objects.filter(access.visible_assignment_filter())


def assignment_for_user(user, pk, *, write: bool = False) -> tuple[Assignment, bool]:
    """The assignment and whether the user may write it; 404 to outsiders, 403 to read-only users."""
    access = access_for(user)
    # order_by(): a lookup by key needs none (first() would sort by the Meta ordering's joins).
    assignment = (
        Assignment.objects.select_related("task__document__jurisdiction", "task__section", "unit")
        .filter(pk=pk).order_by()
        .first()
    )
    if assignment is None:
        raise Http404
    jurisdiction_id = assignment.task.document.jurisdiction_id
    if access.can_write_jurisdiction(jurisdiction_id) or assignment.unit_id in access.unit_ids:
        can_write = True
    elif access.can_read_jurisdiction(jurisdiction_id):
        can_write = False
    else:
        raise Http404
    _deny_write(can_write, write)
    return assignment, can_write


def office_assignment_for_user(user, pk) -> Assignment:
    """An assignment an office-only action applies to (催办, roles, removal, its own due date,
    extension decisions): 404 to outsiders, 403 to anyone else who can see it (supervisors, the
    unit's own liaisons)."""
    assignment, _can_write = assignment_for_user(user, pk)
    if not access_for(user).can_write_jurisdiction(assignment.task.document.jurisdiction_id):
        raise PermissionDenied
    return assignment


def unit_assignment_for_user(user, pk) -> Assignment:
    """An assignment a unit's own act (签收, 延期申请) applies to: only its liaisons (and superusers);
    404 to outsiders, 403 to anyone else who can see it, office staff included."""
    assignment, _can_write = assignment_for_user(user, pk, write=True)
    if not access_for(user).acts_for_unit(assignment.unit_id):
        raise PermissionDenied
    return assignment


def office_report_for_user(user, pk) -> ProgressReport:
    """A report office staff act on (review): 404 to whoever cannot read its assignment, 403 to
    anyone else who can (supervisors, the unit's own liaisons)."""
    report = ProgressReport.objects.only("pk", "assignment_id").filter(pk=pk).first()
    if report is None:
        raise Http404
    office_assignment_for_user(user, report.assignment_id)
    return ProgressReport.objects.select_related("assignment__task__document", "assignment__unit").get(pk=pk)


def task_for_user(user, pk, *, write: bool = False) -> tuple[Task, bool]:
    """A task: staff of its jurisdiction, or a liaison of a unit assigned to it (read only).

    Only office staff write a task: ``write=True`` is the check of office-only task actions
    (deadline, assigning units)."""
    access = access_for(user)
    task = Task.objects.select_related("document__jurisdiction", "section").filter(pk=pk).first()
    if task is None:
        raise Http404
    jurisdiction_id = task.document.jurisdiction_id
    if access.can_write_jurisdiction(jurisdiction_id):
        can_write = True
    elif access.can_read_jurisdiction(jurisdiction_id) or (
        access.unit_ids and task.assignments.filter(unit_id__in=access.unit_ids).exists()
    ):
        can_write = False
    else:
        raise Http404
    _deny_write(can_write, write)
    return task, can_write


def document_for_user(user, pk, *, write: bool = False) -> tuple[Document, bool]:
    """A document: staff of its jurisdiction, or a liaison with an assignment in it (read only).

    Only office staff write a document: ``write=True`` is the check of office-only document
    actions (publishing)."""
    access = access_for(user)
    document = Document.objects.select_related("jurisdiction").filter(pk=pk).first()
    if document is None:
        raise Http404
    if access.can_write_jurisdiction(document.jurisdiction_id):
        can_write = True
    elif access.can_read_jurisdiction(document.jurisdiction_id) or (
        access.unit_ids
        and Assignment.objects.filter(task__document=document, unit_id__in=access.unit_ids).exists()
    ):
        can_write = False
    else:
        raise Http404
    _deny_write(can_write, write)
    return document, can_write


def jurisdiction_for_user(user, pk, *, write: bool = False) -> tuple[Jurisdiction, bool]:
    """A jurisdiction's pages are for its office staff and supervisors only."""
    access = access_for(user)
    jurisdiction = Jurisdiction.objects.filter(pk=pk).first()
    if jurisdiction is None or not access.can_read_jurisdiction(jurisdiction.pk):
        raise Http404
    can_write = access.can_write_jurisdiction(jurisdiction.pk)
    _deny_write(can_write, write)
    return jurisdiction, can_write


def staff_document_for_user(user, pk, *, write: bool = False) -> tuple[Document, bool]:
    """A document for its jurisdiction's office staff and supervisors only (the yearly review);
    liaisons and outsiders get 404, unlike document_for_user."""
    document = Document.objects.select_related("jurisdiction").filter(pk=pk).first()
    if document is None:
        raise Http404
    _jurisdiction, can_write = jurisdiction_for_user(user, document.jurisdiction_id, write=write)
    return document, can_write


def draft_for_user(user, pk, *, light: bool = False) -> ImportDraft:
    """An import draft is its uploader's alone, and only while they are office staff of its
    jurisdiction: 404 otherwise.

    ``light`` loads the key, name and owner only, never the content or the preview (discard).
    """
    access = require_office(user)
    drafts = ImportDraft.objects.filter(pk=pk, created_by_id=access.user_id)
    if light:
        drafts = drafts.only("pk", "filename", "created_by_id", "jurisdiction_id")
    else:
        drafts = drafts.select_related("jurisdiction")
    draft = drafts.first()
    if draft is None or not access.can_write_jurisdiction(draft.jurisdiction_id):
        raise Http404
    return draft


def unit_for_user(user, pk, *, write: bool = False) -> tuple[Unit, bool]:
    """A unit's page: staff of its jurisdiction, or its own liaisons."""
    access = access_for(user)
    unit = Unit.objects.select_related("jurisdiction", "parent").filter(pk=pk).first()
    if unit is None:
        raise Http404
    if access.can_write_jurisdiction(unit.jurisdiction_id):
        can_write = True
    elif access.can_read_jurisdiction(unit.jurisdiction_id) or unit.pk in access.unit_ids:
        can_write = False
    else:
        raise Http404
    _deny_write(can_write, write)
    return unit, can_write


def _registry_access(user, jurisdiction_id: int, write: bool) -> bool:
    """The registry pages are their jurisdiction's staff's: office staff write, supervisors read
    (403 on writes), everybody else, a unit's own liaisons included, gets 404."""
    access = access_for(user)
    if not access.can_read_jurisdiction(jurisdiction_id):
        raise Http404
    can_write = access.can_write_jurisdiction(jurisdiction_id)
    _deny_write(can_write, write)
    return can_write


def registry_unit_for_user(user, pk, *, write: bool = False) -> tuple[Unit, bool]:
    """A unit as the registry pages show it (not its liaisons' unit page: see unit_for_user)."""
    unit = Unit.objects.select_related("jurisdiction", "parent").filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit, _registry_access(user, unit.jurisdiction_id, write)


def unit_alias_for_user(user, pk, *, write: bool = False) -> tuple[UnitAlias, bool]:
    alias = UnitAlias.objects.select_related("unit__jurisdiction").filter(pk=pk).first()
    if alias is None:
        raise Http404
    return alias, _registry_access(user, alias.unit.jurisdiction_id, write)


def collective_for_user(user, pk, *, write: bool = False) -> tuple[CollectiveReference, bool]:
    collective = CollectiveReference.objects.select_related("jurisdiction").filter(pk=pk).first()
    if collective is None:
        raise Http404
    return collective, _registry_access(user, collective.jurisdiction_id, write)


def require_office(user) -> Access:
    """For office-only pages that are not about one object (review queue, import): 404 otherwise."""
    access = access_for(user)
    if not access.is_office:
        raise Http404
    return access


def require_operator(user) -> Access:
    """For the operator's writes (the national calendar): 404 to whoever is not office staff, as
    require_office; 403 to office staff who are not the operator."""
    access = require_office(user)
    if not access.is_superuser:
        raise PermissionDenied
    return access


def require_staff(user) -> Access:
    """For pages office staff and supervisors share (overviews): 404 otherwise."""
    access = access_for(user)
    if not (access.is_office or access.is_supervisor):
        raise Http404
    return access


# Where the jurisdiction of each kind of row a batch action ticks is found.
_BATCH_JURISDICTION = {
    Task: "document__jurisdiction_id",
    Assignment: "jurisdiction_id",
    ProgressReport: "assignment__task__document__jurisdiction_id",
}


def office_batch_ids(user, model: type[Task | Assignment | ProgressReport], ids) -> list[int]:
    """The rows of ``model`` a batch action of office staff applies to (many tasks, assignments or
    reports).

    Anyone who is neither office staff nor supervisor gets 404 (as on the review queue); a row that
    does not exist or lies outside the jurisdictions the user reads is 404; a row the user may read
    but not change (a supervisor) is 403. Returns the ids, each once.
    """
    access = require_staff(user)
    wanted = set(ids)
    rows = dict(model.objects.filter(pk__in=wanted).values_list("pk", _BATCH_JURISDICTION[model]))
    if len(rows) != len(wanted) or not all(access.can_read_jurisdiction(j) for j in rows.values()):
        raise Http404
    if not all(access.can_write_jurisdiction(j) for j in rows.values()):
        raise PermissionDenied
    return sorted(rows)


def notification_for_user(user, pk) -> Notification:
    """A notification is its recipient's alone: 404 to everybody else, office staff included."""
    notification = Notification.objects.filter(pk=pk, recipient_id=access_for(user).user_id).first()
    if notification is None:
        raise Http404
    return notification


def export_job_for_user(user, pk) -> ExportJob:
    """A background export is its asker's alone: 404 to everybody else, superusers included
    (the file holds what its asker may read, which is not what another person may)."""
    job = ExportJob.objects.filter(pk=pk, user_id=getattr(user, "pk", None)).first() if user.is_authenticated else None
    if job is None:
        raise Http404
    return job
