"""A Redis cache whose outage slows pages down instead of breaking them.

The cache only ever holds figures that can be computed again (``tasks.caching``), so when Redis is
unreachable every operation answers as if the key were missing and writes are dropped: pages are
computed from the database. The first failure of an outage is logged once; for
``RETRY_SECONDS`` after it the cache is not tried at all, so a down Redis costs no connection
attempt per call. When Redis answers again, the keys named in ``RESET_ON_RECOVERY`` are deleted:
writes made during the outage could not move the dashboards' data version, so the version is
started afresh and nothing computed before the outage is served again.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from functools import cached_property

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis import Redis
from redis.exceptions import RedisError

logger = logging.getLogger("opensched.cache")
_FAILURES = (RedisError, OSError)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        self.reset_on_recovery = list(options.pop("RESET_ON_RECOVERY", ()))
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1.0)
        super().__init__(server, {**params, "OPTIONS": options})
        # Where Django's client writes (the first server), for incr_versions' own client.
        self._write_url = (re.split("[;,]", server) if isinstance(server, str) else list(server))[0]
        self._timeouts = {name: options[name] for name in ("socket_connect_timeout", "socket_timeout")}
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._retry_at = 0.0

    @property
    def is_down(self) -> bool:
        return self._down_since is not None

    def _call(self, operation, fallback, *args, **kwargs):
        if self._down_since is not None and time.monotonic() < self._retry_at:
            return fallback
        try:
            result = operation(*args, **kwargs)
        except _FAILURES as exc:
            with self._lock:
                if self._down_since is None:
                    logger.warning("Cache unreachable, pages are computed without it: %s", exc)
                    self._down_since = time.monotonic()
                self._retry_at = time.monotonic() + self.retry_seconds
            return fallback
        if self._down_since is not None:
            self._recovered()
        return result

    def _recovered(self) -> None:
        with self._lock:
            if self._down_since is None:
                return
            self._down_since = None
        try:
            for key in self.reset_on_recovery:
                super().delete(key)
        except _FAILURES:  # gone again: the next call notices
            return
        logger.warning("Cache reachable again.")

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        # While down, behave as a missing key does (callers start it again with add()).
        result = self._call(super().incr, _DOWN, key, delta, version)
        if result is _DOWN:
            raise ValueError("cache unavailable")
        return result

    @cached_property
    def _versions_client(self) -> Redis:
        """A client of redis-py's own (thread-safe, its own pool) for :meth:`incr_versions`:
        Django's RedisCache has no public way to send several commands in one round trip."""
        return Redis.from_url(self._write_url, **self._timeouts)

    def incr_versions(self, keys, *, start: int) -> None:
        """Move each counter in ``keys`` on by one in one round trip; a missing one is started at
        ``start`` first (``SET NX``), as ``tasks.caching`` starts a lost version from the clock.
        The values stay plain integers, which Django's serializer reads back as such."""
        def send():
            pipe = self._versions_client.pipeline(transaction=False)
            for key in keys:
                name = self.make_and_validate_key(key)
                pipe.set(name, start, nx=True)
                pipe.incr(name)
            pipe.execute()

        self._call(send, None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, None, keys, version)

    def clear(self):
        return self._call(super().clear, False)


_DOWN = object()
