"""Background work, through Django's Tasks API (the ``django-tasks`` backport).

- ``policy``: what runs in the background (PDFs always; ledgers above
  ``settings.OPENSCHED_BACKGROUND_EXPORT_ROWS`` rows; uploads above
  ``settings.OPENSCHED_BACKGROUND_IMPORT_BYTES``) and how long a result is kept;
- ``storage``: the private storage of finished exports (under MEDIA_ROOT, never served directly);
- ``tasks``: the task functions the workers run (``run_export``, ``recompute_due_dates``,
  ``parse_import_draft``).

The backend is a setting (``TASKS``, opensched/settings.py): the database backend and its
``db_worker`` by default, RQ workers with ``REDIS_URL``. Only ``tasks.py`` imports the Tasks API,
so Django 6's built-in ``django.tasks`` changes that import and nothing else.
"""
