"""ResilientRedisCache.incr_versions against the machine's Redis (database 15): every data version
of a change moved in one round trip, a missing one started from the given clock value, and an
outage swallowed as every other write is. tasks.caching._move uses it; the per-key fallback
(LocMem) is what the rest of the suite runs on."""

import pytest
import redis

from opensched.cache import ResilientRedisCache
from tasks import caching

LIVE = "redis://127.0.0.1:6379/15"
DEAD = "redis://127.0.0.1:1/0"


@pytest.fixture
def backend():
    cache = ResilientRedisCache(LIVE, {"KEY_PREFIX": "opensched-test-incr-versions"})
    cache.delete_many(["a", "b", "c"])
    yield cache
    cache.delete_many(["a", "b", "c"])


def test_existing_versions_move_by_one_and_missing_ones_start_from_the_clock(backend):
    backend.set("a", 7, timeout=None)
    backend.incr_versions(["a", "b"], start=1_000)
    assert backend.get("a") == 8
    assert backend.get("b") == 1_001  # started at the clock, then moved: never an old value again
    backend.incr_versions(["b"], start=5)
    assert backend.get("b") == 1_002


def test_the_keys_carry_the_cache_prefix_and_never_expire(backend):
    backend.incr_versions(["c"], start=10)
    raw = redis.Redis.from_url(LIVE)
    name = backend.make_and_validate_key("c")
    assert name.startswith("opensched-test-incr-versions:")
    assert int(raw.get(name)) == 11
    assert raw.ttl(name) == -1  # no expiry, as cache.add(..., timeout=None) gave


def test_all_keys_go_in_one_round_trip(backend, monkeypatch):
    sent = []
    real = redis.client.Pipeline.execute

    def execute(pipe, *args, **kwargs):
        sent.append(len(pipe.command_stack))
        return real(pipe, *args, **kwargs)

    monkeypatch.setattr(redis.client.Pipeline, "execute", execute)
    backend.incr_versions(["a", "b", "c"], start=1)
    assert sent == [6]  # SET NX and INCR per key, one pipeline


def test_an_outage_is_swallowed_like_every_write():
    down = ResilientRedisCache(DEAD, {"OPTIONS": {"RETRY_SECONDS": 60}})
    down.incr_versions(["a"], start=1)  # no exception
    assert down.is_down


def test_caching_moves_versions_through_it_when_the_cache_has_it(settings):
    settings.CACHES = {"default": {"BACKEND": "opensched.cache.ResilientRedisCache", "LOCATION": LIVE,
                                   "KEY_PREFIX": "opensched-test-incr-versions-caching"}}
    from django.core.cache import cache

    try:
        cache.clear()
        before = caching.data_version([5])
        caching.data_changed(jurisdictions=[5], units=[9])
        after = caching.data_version([5])
        assert after[1] == before[1] + 1  # the jurisdiction's version
        assert cache.get(caching.unit_key(9)) is not None and cache.get(caching.ANY_KEY) is not None
    finally:
        cache.clear()
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
