"""Cached dashboard reads, invalidated per jurisdiction.

The overviews and the light counts above every list aggregate every assignment in scope: at
city or province scale (10⁵ assignments) that is most of a page's time, while the answer
changes only when somebody writes. So those reads go through :func:`cached`, whose keys carry
the current **data versions of the scopes they read**; a change calls :func:`data_changed`
with the jurisdictions it touched, which moves those versions on, and every older entry is
simply never asked for again (it expires after ``OPENSCHED_CACHE_SECONDS``).

Versions, all in the cache:

- one per jurisdiction, moved by every change to that jurisdiction's documents, tasks,
  assignments, reports, units and local calendar days;
- ``any``, moved by every change anywhere: what reads everything (a superuser's scope, or a
  read whose parts name no :class:`ReadScope`) keys on it;
- ``global``, moved by changes that span every jurisdiction (the national calendar, a restore,
  a change whose jurisdiction cannot be told): every read keys on it;
- per unit, and per jurisdiction a *shared* one: a change confined to some units' assignments (an
  assignment saved, a report, an extension request or a period state of it: ``data_changed(...,
  units=[…])``) moves those units' versions; any other change of the jurisdiction (its documents,
  tasks, units, calendar, or a write that does not name its units) moves the shared one. A read
  about some units (:func:`unit_scope`: a liaison's home, a unit's page) keys on those units'
  versions and the shared one of their jurisdictions, not on the jurisdiction's: a report of
  one unit leaves the other units' homes warm, while the jurisdiction's own pages (ledger,
  overviews) are cold after any change in it.

So a report submitted in jurisdiction A makes A's pages (and a superuser's) and the reporting
unit's pages cold and leaves B's cached figures and A's other units' pages warm. A figure over
the whole of A can still be kept per unit (:func:`cached_per_unit`) and summed: then only the
reporting unit's part is computed again. A read names its
scope by passing a :class:`ReadScope` among its parts (``Access.read_scope`` is one;
:func:`unit_scope` makes one for a page about some units).

A service that moves an assignment to another unit must say so without ``units`` (or call
``data_changed()``): the unit an assignment left cannot be told from the saved row
(``units.registry.units_merge`` moves the global version).

Who calls ``data_changed``: ``tasks.signals`` for every save and delete of the models the
dashboards read (admin, forms, services that save), deriving the jurisdiction from the
instance; the services that write with ``QuerySet.update()`` or ``bulk_create`` (which send
no signals) call it themselves with the jurisdictions they wrote.

The versions live in the cache, not in a table: bumping one takes no database lock, so writers
never queue behind each other for it. A version is moved on at once (the writer's own next
page, and tests, see the change) and once more after the transaction commits, so that a page
computed between the two from data not yet committed is not kept. With several server
processes the cache must be shared (``REDIS_URL``); the per-process default is right for one
process and bounds staleness to the timeout otherwise.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

T = TypeVar("T")
VERSION_KEY = "opensched:data-version"  # the global version
ANY_KEY = "opensched:data-version:any"
_MISSING = object()


def jurisdiction_key(jurisdiction_id: int) -> str:
    return f"opensched:data-version:j:{int(jurisdiction_id)}"


def shared_key(jurisdiction_id: int) -> str:
    """Moved by the jurisdiction's changes that are not confined to some units' assignments."""
    return f"opensched:data-version:js:{int(jurisdiction_id)}"


def unit_key(unit_id: int) -> str:
    return f"opensched:data-version:u:{int(unit_id)}"


class ReadScope(tuple):
    """A cache key part naming what a read covers: ``jurisdictions`` (ids), or ``None`` for all;
    with ``units``, only those units' assignments in those jurisdictions (see the module's text).

    It compares and hashes as the plain tuple it holds, so equal scopes share entries."""

    jurisdictions: frozenset[int] | None
    units: frozenset[int] | None

    def __new__(cls, parts: Iterable, *, jurisdictions: Iterable[int] | None, units: Iterable[int] | None = None):
        scope = super().__new__(cls, tuple(parts))
        scope.jurisdictions = None if jurisdictions is None else frozenset(int(j) for j in jurisdictions)
        scope.units = None if units is None or jurisdictions is None else frozenset(int(u) for u in units)
        return scope

    def __getnewargs_ex__(self):
        return (tuple(self),), {"jurisdictions": self.jurisdictions, "units": self.units}

    def version_keys(self) -> set[str]:
        if self.jurisdictions is None:
            return {VERSION_KEY, ANY_KEY}
        if self.units is None:
            return {VERSION_KEY, *(jurisdiction_key(j) for j in self.jurisdictions)}
        return {VERSION_KEY, *(shared_key(j) for j in self.jurisdictions), *(unit_key(u) for u in self.units)}


def unit_scope(name: str, unit_ids: Iterable[int], *, jurisdictions: Iterable[int]) -> ReadScope:
    """The scope of a page about some units' assignments: moved by those units' own changes and
    by their jurisdictions' changes that are not confined to other units."""
    unit_ids = tuple(sorted(unit_ids))
    return ReadScope((name, unit_ids), jurisdictions=jurisdictions, units=unit_ids)


def _version_keys(jurisdictions: frozenset[int] | None) -> list[str]:
    if jurisdictions is None:
        return [VERSION_KEY, ANY_KEY]
    return [VERSION_KEY, *(jurisdiction_key(j) for j in sorted(jurisdictions))]


def _read_keys(parts: tuple) -> list[str]:
    """The version keys a read with these key parts depends on (the union over its ReadScopes;
    everything when it names none)."""
    scopes = _scopes_in(parts)
    if not scopes:
        return [VERSION_KEY, ANY_KEY]
    keys: set[str] = set()
    for scope in scopes:
        keys |= scope.version_keys()
    if ANY_KEY in keys:
        return [VERSION_KEY, ANY_KEY]
    return [VERSION_KEY, *sorted(keys - {VERSION_KEY})]


def _versions(keys: list[str]) -> tuple:
    """The versions at ``keys`` (one round trip); a missing one is started from the clock so that a
    version lost from the cache (eviction, restart) never comes back to an old value."""
    pending = _current_pending()
    if pending is not None:
        pending.moved_unread.clear()  # read at these versions: a further change must move them again
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        now = time.time_ns()
        for key in missing:
            cache.add(key, now, timeout=None)
        found.update(cache.get_many(missing))
    return tuple(found.get(key, 0) for key in keys)


def data_version(jurisdictions: Iterable[int] | None = None) -> tuple:
    """The versions a read of ``jurisdictions`` (default: everything) keys on."""
    scope = None if jurisdictions is None else frozenset(jurisdictions)
    return _versions(_version_keys(scope))


def _incr(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # missing: start it (from the clock, see _versions)
        cache.add(key, time.time_ns(), timeout=None)


def _move(keys: list[str]) -> None:
    """Move the versions at ``keys`` on: in one round trip where the cache can
    (``opensched.cache.ResilientRedisCache.incr_versions``), else one call per key."""
    if not keys:
        return
    incr_versions = getattr(cache, "incr_versions", None)
    if incr_versions is not None:
        incr_versions(keys, start=time.time_ns())
        return
    for key in keys:
        _incr(key)


def _bump_keys(jurisdictions: frozenset[int] | None, *, units: frozenset[int] = frozenset(),
               shared: frozenset[int] | None = None) -> list[str]:
    """The versions a change moves: ``jurisdictions`` (None: everything), the versions of
    ``units``, and the shared versions of ``shared`` (default: all of ``jurisdictions``)."""
    if jurisdictions is None:
        return [VERSION_KEY]
    keys = [jurisdiction_key(j) for j in sorted(jurisdictions)]
    keys += [shared_key(j) for j in sorted(jurisdictions if shared is None else shared)]
    keys += [unit_key(u) for u in sorted(units)]
    if jurisdictions:
        keys.append(ANY_KEY)
    return keys


class _AfterCommit:
    """The one on-commit callback of a transaction: bumps again whatever it was told about."""

    def __init__(self):
        self.everything = False
        self.jurisdictions: set[int] = set()
        self.shared: set[int] = set()
        self.units: set[int] = set()
        self.memo: dict = {}  # tasks.signals: parents' jurisdictions, valid for this transaction only
        # Versions this transaction has moved at once and nobody has read since (data_changed
        # need not move them at once again: see there).
        self.moved_unread: set[str] = set()

    def add(self, jurisdictions: frozenset[int] | None, units: frozenset[int] | None = None) -> None:
        if jurisdictions is None:
            self.everything = True
            return
        self.jurisdictions |= jurisdictions
        if units is None:
            self.shared |= jurisdictions
        else:
            self.units |= units

    def __call__(self) -> None:
        keys = _bump_keys(None) if self.everything else []
        keys += _bump_keys(frozenset(self.jurisdictions), units=frozenset(self.units), shared=frozenset(self.shared))
        _move(keys)


def data_changed(*, jurisdictions: Iterable[int | None] | None = None,
                 units: Iterable[int | None] | None = None) -> None:
    """Mark the cached reads of ``jurisdictions`` out of date (now, and again after the commit).

    Without ``jurisdictions`` (or with an unknown one, ``None``, among them) every cached read
    is out of date: that is for changes that span jurisdictions, such as the national calendar.
    ``units`` says the change is confined to those units' assignments (and what hangs off them:
    reports, extension requests, period states): reads about other units of the jurisdiction
    (:func:`unit_scope`) stay warm. Leave it out when in doubt (an unknown unit, ``None``, among
    them counts as leaving it out)."""
    scope = None
    if jurisdictions is not None:
        ids = list(jurisdictions)
        scope = None if any(j is None for j in ids) else frozenset(int(j) for j in ids)
    confined = None
    if units is not None:
        unit_ids = list(units)
        confined = None if any(u is None for u in unit_ids) else frozenset(int(u) for u in unit_ids)
    if scope is None:
        keys = _bump_keys(None)
    elif confined is None:
        keys = _bump_keys(scope)
    else:
        keys = _bump_keys(scope, units=confined, shared=frozenset())
    pending = _pending()
    if pending is not None:
        pending.add(scope, confined)
        # A second change of the same transaction need not move again at once what the first
        # moved, unless a cached read came between them (and may have kept the first change
        # only): other processes cannot see either change before the commit, whose bump moves
        # everything again.
        keys = [key for key in keys if key not in pending.moved_unread]
        pending.moved_unread.update(keys)
    _move(keys)


def _current_pending() -> _AfterCommit | None:
    """The current transaction's after-commit bump if it has one."""
    if not connection.in_atomic_block:
        return None
    return next((callback for _sids, callback, *_rest in connection.run_on_commit
                 if isinstance(callback, _AfterCommit)), None)


def _pending() -> _AfterCommit | None:
    """The current transaction's after-commit bump (made on first use); None outside a transaction."""
    if not connection.in_atomic_block:
        return None
    pending = _current_pending()
    if pending is None:
        pending = _AfterCommit()
        transaction.on_commit(pending)  # once per transaction
    return pending


def transaction_memo() -> dict | None:
    """A dict that lives as long as the current transaction (None outside one): a rollback or a
    commit ends it, so nothing in it outlives the rows it was read from."""
    pending = _pending()
    return None if pending is None else pending.memo


def cache_key(name: str, *parts) -> str:
    """A short cache key for ``name`` and any parts with a stable ``repr`` (ids, dates, strings)."""
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    return f"opensched:{name}:{digest}"


def _scopes_in(parts, depth: int = 0) -> list[ReadScope]:
    found = []
    for part in parts:
        if isinstance(part, ReadScope):
            found.append(part)
        elif isinstance(part, (tuple, list)) and depth < 4:
            found += _scopes_in(part, depth + 1)
    return found


def read_jurisdictions(parts: tuple) -> frozenset[int] | None:
    """The jurisdictions a read with these key parts covers: the union of the ReadScopes among
    them (nested parts included), or ``None`` (everything) when there is none or one covers
    everything."""
    scopes = _scopes_in(parts)
    if not scopes or any(scope.jurisdictions is None for scope in scopes):
        return None
    return frozenset().union(*(scope.jurisdictions for scope in scopes))


def versioned_key(name: str, parts: tuple) -> str:
    """The key of ``name`` and ``parts`` at the current versions of the scopes they read: what
    :func:`cached` keys on, and what a template's ``{% cache %}`` fragment varies on."""
    versions = _versions(_read_keys(parts))
    return cache_key(name, versions, *parts)


def cached(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``'s result for ``parts`` at the current versions of the scopes it reads."""
    key = versioned_key(name, parts)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, settings.OPENSCHED_CACHE_SECONDS)
    return value


def jurisdiction_wide(parts: tuple) -> frozenset[int] | None:
    """The jurisdictions of a read that covers them whole (its ReadScopes name jurisdictions and no
    units), else None: such a read may be cached per unit (:func:`cached_per_unit`)."""
    scopes = _scopes_in(parts)
    if not scopes or any(scope.jurisdictions is None or scope.units is not None for scope in scopes):
        return None
    return frozenset().union(*(scope.jurisdictions for scope in scopes))


def cached_per_unit(name: str, parts: tuple, *, jurisdictions: Iterable[int], units: Iterable[int],
                    compute: Callable[[list[int]], dict[int, T]], empty: Callable[[], T]) -> dict[int, T]:
    """``compute``'s value for each of ``units``, kept per unit.

    Each unit's entry keys on that unit's version and on the shared versions of ``jurisdictions``
    (the read's, see the module's text): a change confined to one unit's assignments (a report)
    leaves the other units' entries warm, so a jurisdiction-wide figure summed over its units is
    computed again for that unit only; any other change of those jurisdictions (a document, a
    task, the registry, the calendar) or the global version makes every entry cold. ``compute``
    gets the units whose entries are missing (one call, so one query) and returns a value per
    unit; a unit it leaves out gets ``empty()``.
    """
    unit_ids = sorted({int(u) for u in units})
    shared = [shared_key(j) for j in sorted({int(j) for j in jurisdictions})]
    keys = [VERSION_KEY, *shared, *(unit_key(u) for u in unit_ids)]
    versions = dict(zip(keys, _versions(keys), strict=True))
    common = tuple(versions[key] for key in (VERSION_KEY, *shared))
    entries = {u: cache_key(name, common, versions[unit_key(u)], u, *parts) for u in unit_ids}
    found = cache.get_many(list(entries.values()))
    result = {u: found[key] for u, key in entries.items() if key in found}
    missing = [u for u in unit_ids if u not in result]
    if missing:
        computed = compute(missing)
        fresh = {u: computed[u] if u in computed else empty() for u in missing}
        cache.set_many({entries[u]: value for u, value in fresh.items()}, settings.OPENSCHED_CACHE_SECONDS)
        result.update(fresh)
    return result

