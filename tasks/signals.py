"""Saves and deletes of what the dashboards read move the data version on (tasks.caching).

``QuerySet.update()``, ``bulk_create`` and raw SQL send no signals: the services that use them
call ``tasks.caching.data_changed`` themselves.
"""

from django.db.models.signals import post_delete, post_save

from tasks.caching import data_changed

# Everything a cached dashboard figure or the light window is computed from.
WATCHED = (
    "tasks.Document", "tasks.Section", "tasks.Task", "tasks.Assignment", "tasks.ReportingPeriod",
    "tasks.AssignmentPeriod", "tasks.ProgressReport", "tasks.ExtensionRequest", "tasks.CalendarYear",
    "tasks.CalendarDay", "units.Jurisdiction", "units.Unit",
)


def _changed(sender, **kwargs) -> None:
    data_changed()


def connect() -> None:
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        uid = f"opensched-data-version-{label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
