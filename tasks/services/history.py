"""History rows for writes that bypass ``Model.save()``.

Optimistic locking needs ``QuerySet.update()`` (a conditional UPDATE), which django-simple-history
does not see; services call :func:`record_change` right after such an update so that every change
to a task, an assignment or a report still appears in its history. The same update sends no
signal either, so this is also where such a write marks the cached dashboards out of date.
"""

from django.db import models

from tasks.signals import instance_changed


def record_change(instance: models.Model, *, user=None, reason: str = "") -> None:
    """Write one "changed" history row holding the instance's current field values (and why)."""
    type(instance).history.bulk_history_create([instance], update=True, default_user=user,
                                               default_change_reason=reason or None)
    instance_changed(instance)  # its jurisdiction's cached figures
