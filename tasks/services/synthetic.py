"""Synthetic data at scale, for benchmarks, load tests and trying the pages with a full ledger.

``synthetic_data_generate`` builds jurisdictions with units and users (office staff, a supervisor,
one liaison per unit), documents with numbered sections (一、 → （一）), tasks with realistic text,
assignments to several units with roles, statuses that agree with the due dates, reporting periods
for recurring tasks and report histories (see ``tasks.services.synthetic_plan``).

Everything derives from ``random.Random(seed)`` and the reference day, so the same arguments give
the same rows (primary keys aside). Rows are planned in memory and written with ``bulk_create`` in
batches: bulk inserts send no signals, so django-simple-history keeps no history of synthetic rows,
and every user shares one password hash computed once (hashing is slow on purpose).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from tasks.caching import data_changed
from tasks.models import (
    Assignment,
    AssignmentPeriod,
    Attachment,
    Document,
    ExtensionRequest,
    ImportDraft,
    ProgressReport,
    ReportingPeriod,
    Section,
    Task,
    Urge,
)
from tasks.services.errors import ServiceError
from tasks.services.synthetic_plan import (
    NAME_PREFIX,
    SYNTHETIC_PASSWORD,
    SYNTHETIC_USERNAME,
    USERNAME_PREFIX,
    Plan,
    jurisdiction_name,
)
from units.models import Jurisdiction, JurisdictionRole, Membership, Unit

_BATCH = 2000


class SyntheticError(ServiceError):
    """The synthetic data cannot be generated as asked (bad size, or it exists already)."""


@dataclass(frozen=True)
class SyntheticSpec:
    """What to generate. Units and documents are per jurisdiction, tasks per document, reports in total."""

    jurisdictions: int = 1
    units: int = 20
    documents: int = 1
    tasks: int = 40
    reports: int | None = None  # None: about 1.3 reports per assignment that has reported
    seed: int = 1
    today: date | None = None  # the day statuses and lights are judged against
    password: str = SYNTHETIC_PASSWORD

    def check(self) -> None:
        if not 1 <= self.jurisdictions <= 999:
            raise SyntheticError("--jurisdictions must be between 1 and 999.")
        if self.units < 3:
            raise SyntheticError("--units must be at least 3 (an office, a town and a department).")
        if self.documents < 1 or self.tasks < 1:
            raise SyntheticError("--documents and --tasks must be at least 1.")
        if self.reports is not None and self.reports < 0:
            raise SyntheticError("--reports cannot be negative.")

def synthetic_jurisdictions():
    return Jurisdiction.objects.filter(name__startswith=NAME_PREFIX)


@contextmanager
def _keep_given_timestamps(model, *names):
    """Let bulk_create store the given ``created_at`` instead of now (auto_now_add is a pre_save rule)."""
    fields = [model._meta.get_field(name) for name in names]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def synthetic_data_generate(*, spec: SyntheticSpec, batch_size: int = _BATCH) -> dict[str, int]:
    """Generate the data described by ``spec`` in one transaction; returns the counts written."""
    spec.check()
    names = [jurisdiction_name(j) for j in range(spec.jurisdictions)]
    if Jurisdiction.objects.filter(name__in=names).exists() or get_user_model().objects.filter(
            username__startswith=f"{USERNAME_PREFIX}01-").exists():
        raise SyntheticError("Synthetic data exists already: run again with --flush to replace it.")
    plan = Plan(spec)
    plan.build()
    plan.fit_reports()
    rows = plan.rows
    order = [
        ("jurisdictions", Jurisdiction), ("units", Unit), ("users", get_user_model()), ("roles", JurisdictionRole),
        ("memberships", Membership), ("documents", Document), ("top_sections", Section), ("sections", Section),
        ("tasks", Task), ("periods", ReportingPeriod), ("assignments", Assignment),
        ("assignment_periods", AssignmentPeriod), ("reports", ProgressReport),
    ]
    with transaction.atomic(), _keep_given_timestamps(ProgressReport, "created_at"):
        for key, model in order:
            model.objects.bulk_create(rows[key], batch_size=batch_size)
        data_changed(jurisdictions=[j.pk for j in rows["jurisdictions"]])  # bulk_create sends no signals
    counts = {key: len(rows[key]) for key, _ in order}
    counts["sections"] += counts.pop("top_sections")
    counts["provisional_tasks"] = sum(1 for t in rows["tasks"] if t.due_provisional)
    return counts


@transaction.atomic
def synthetic_data_flush() -> dict[str, int]:
    """Delete every synthetic jurisdiction with all its rows, and the synthetic users.

    The large tables are emptied with one DELETE each (``_raw_delete``): the ORM's cascade would
    load every row and write a history record per row.
    """
    jurisdictions = list(synthetic_jurisdictions().values_list("pk", flat=True))
    in_scope = {"task__document__jurisdiction_id__in": jurisdictions}
    counts: dict[str, int] = {}
    data_changed(jurisdictions=jurisdictions)  # raw deletes send no signals

    def raw(model, **lookup):
        qs = model.objects.filter(**lookup)
        counts[model._meta.model_name] = qs._raw_delete(qs.db)

    raw(AssignmentPeriod, **{f"assignment__{k}": v for k, v in in_scope.items()})
    raw(Attachment, **{f"report__assignment__{k}": v for k, v in in_scope.items()})
    raw(ProgressReport, **{f"assignment__{k}": v for k, v in in_scope.items()})
    raw(Urge, **{f"assignment__{k}": v for k, v in in_scope.items()})
    raw(ExtensionRequest, **{f"assignment__{k}": v for k, v in in_scope.items()})
    raw(Assignment, **in_scope)
    raw(ReportingPeriod, **in_scope)
    Task.objects.filter(origin__document__jurisdiction_id__in=jurisdictions).update(origin=None)
    raw(Task, document__jurisdiction_id__in=jurisdictions)
    raw(Section, document__jurisdiction_id__in=jurisdictions)
    raw(ImportDraft, jurisdiction_id__in=jurisdictions)
    raw(Document, jurisdiction_id__in=jurisdictions)
    users = get_user_model().objects.filter(username__regex=SYNTHETIC_USERNAME)
    counts["user"] = users.delete()[1].get(get_user_model()._meta.label, 0)
    Unit.objects.filter(jurisdiction_id__in=jurisdictions).update(parent=None)
    counts["unit"] = Unit.objects.filter(jurisdiction_id__in=jurisdictions).delete()[1].get("units.Unit", 0)
    counts["jurisdiction"] = synthetic_jurisdictions().delete()[1].get("units.Jurisdiction", 0)
    return counts


__all__ = [
    "NAME_PREFIX",
    "SYNTHETIC_PASSWORD",
    "SyntheticError",
    "SyntheticSpec",
    "synthetic_data_flush",
    "synthetic_data_generate",
]
