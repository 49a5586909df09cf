"""Cached dashboard reads, invalidated by one data version.

The overviews and the light counts above every list aggregate every assignment in scope: at
city or province scale (10⁵ assignments) that is most of a page's time, while the answer
changes only when somebody writes. So those reads go through :func:`cached`, whose keys carry
the current **data version**; any change to the data the dashboards read calls
:func:`data_changed`, which moves the version on, and every older entry is simply never asked
for again (it expires after ``OPENSCHED_CACHE_SECONDS``).

Who calls ``data_changed``: ``tasks.signals`` for every save and delete of the models the
dashboards read (admin, forms, services that save), and the services that write with
``QuerySet.update()`` or ``bulk_create`` (which send no signals) call it themselves.

The version lives in the cache, not in a table: bumping it takes no database lock, so writers
never queue behind each other for it. It is moved on at once (the writer's own next page, and
tests, see the change) and once more after the transaction commits, so that a page computed
between the two from data not yet committed is not kept. With several server processes the
cache must be shared (``REDIS_URL``); the per-process default is right for one process and
bounds staleness to the timeout otherwise.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

T = TypeVar("T")
VERSION_KEY = "opensched:data-version"
_MISSING = object()


def data_version() -> int:
    """The current data version; started from the clock when missing so that a version lost
    from the cache (eviction, restart) never comes back to an old value."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # missing: start it (from the clock, see data_version)
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def data_changed() -> None:
    """Mark every cached dashboard read as out of date (now, and again after the commit)."""
    _bump()
    if connection.in_atomic_block and not any(
        callback is _bump for _sids, callback, *_rest in connection.run_on_commit
    ):
        transaction.on_commit(_bump)  # once per transaction


def cache_key(name: str, *parts) -> str:
    """A short cache key for ``name`` and any parts with a stable ``repr`` (ids, dates, strings)."""
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    return f"opensched:{name}:{digest}"


def cached(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``'s result for ``parts`` at the current data version, computed once per version."""
    key = cache_key(name, data_version(), *parts)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, settings.OPENSCHED_CACHE_SECONDS)
    return value
