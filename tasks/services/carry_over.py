"""Carry unfinished tasks of a past year's document into this year's (回头看 → 结转).

A carried task is a new Task row in the target document, linked to its original by
``Task.origin``, placed in the section "上年度未完成任务" (created at the end of the target
document when missing). It keeps the original's heading, text and section path and its units
with their roles, as new assignments that have not started. It gets no deadline: last year's
deadline means nothing this year, so office staff set a new one in the portal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks.models import Assignment, Document, Section, Status, Task
from tasks.selectors.yearly_review import CARRY_OVER_SECTION_TITLE
from tasks.services.errors import ServiceError


class CarryOverError(ServiceError):
    """Tasks that cannot be carried into the chosen document."""


def _names(tasks: Iterable[Task]) -> str:
    return "、".join(str(task) for task in tasks)


def _carry_over_section(document: Document) -> Section:
    section = Section.objects.filter(document=document, parent=None, title=CARRY_OVER_SECTION_TITLE).first()
    if section is not None:
        return section
    last = Section.objects.filter(document=document).aggregate(m=Max("order"))["m"] or 0
    section = Section(document=document, title=CARRY_OVER_SECTION_TITLE, level=1, order=last + 1)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def carry_over_tasks(*, tasks: Iterable[Task], target_document: Document, user) -> list[Task]:
    """Copy the given tasks into ``target_document``; returns the new tasks in the originals' order.

    Refused as a whole (nothing is written) when any task belongs to another jurisdiction, is in the
    target document itself, or was already carried into it. Units that are no longer active are
    not assigned again.
    """
    ids = {task.pk for task in tasks}
    if not ids:
        raise CarryOverError(_("Choose at least one task to carry over."))
    # Locking the target serialises two people carrying tasks into it at the same moment.
    target = Document.objects.select_for_update().get(pk=target_document.pk)
    originals = list(
        Task.objects.select_related("document").filter(pk__in=ids).order_by("document__year", "document_id",
                                                                             "order", "pk")
    )
    foreign = [task for task in originals if task.document.jurisdiction_id != target.jurisdiction_id]
    if foreign:
        raise CarryOverError(
            _("These tasks belong to another jurisdiction and cannot be carried into %(document)s: %(tasks)s")
            % {"document": target, "tasks": _names(foreign)}
        )
    own = [task for task in originals if task.document_id == target.pk]
    if own:
        raise CarryOverError(
            _("These tasks are already in %(document)s: %(tasks)s") % {"document": target, "tasks": _names(own)}
        )
    already = list(Task.objects.filter(document=target, origin_id__in=ids).select_related("origin"))
    if already:
        raise CarryOverError(
            _("These tasks were already carried into %(document)s: %(tasks)s")
            % {"document": target, "tasks": _names(copy.origin for copy in already)}
        )

    section = _carry_over_section(target)
    next_order = (Task.objects.filter(document=target).aggregate(m=Max("order"))["m"] or 0) + 1
    next_number = Task.objects.filter(section=section).count() + 1
    units_of: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in (
        Assignment.objects.filter(task_id__in=ids, unit__active=True).select_related("unit").order_by("unit__order",
                                                                                                       "pk")
    ):
        units_of[assignment.task_id].append(assignment)

    created: list[Task] = []
    for index, original in enumerate(originals):
        task = Task(
            document=target,
            section=section,
            number=str(next_number + index),
            order=next_order + index,
            heading=original.heading,
            text=original.text,
            section_path=list(original.section_path or []),
            origin=original,
        )
        task._history_user = user
        task.full_clean()
        task.save()
        for old in units_of[original.pk]:
            assignment = Assignment(task=task, unit=old.unit, role=old.role, status=Status.NOT_STARTED)
            assignment._history_user = user
            assignment.full_clean()
            assignment.save()
        created.append(task)

    target.content_changed_at = timezone.now()
    target._history_user = user
    target.save(update_fields=["content_changed_at", "updated_at"])
    return created


__all__ = ["CarryOverError", "carry_over_tasks"]
