"""A cache outage degrades, never breaks: pages compute without it, and it comes back.

Runs against the machine's Redis (127.0.0.1:6379, database 15) for the recovery, and against a
port where nothing listens for the outage.
"""

import logging

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

from opensched.cache import ResilientRedisCache
from tasks import caching
from tests import factories_public as fpub

LIVE = "redis://127.0.0.1:6379/15"
DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused at once


def _cache_settings(location, **options):
    return {"default": {"BACKEND": "opensched.cache.ResilientRedisCache", "LOCATION": location,
                        "KEY_PREFIX": "opensched-test-outage",
                        "OPTIONS": {"RESET_ON_RECOVERY": [caching.VERSION_KEY], **options}}}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = _cache_settings(DEAD)
    yield
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_the_machine_has_redis():
    """The recovery tests below need the real service; a machine without it fails here, not silently."""
    assert redis.Redis.from_url(LIVE, socket_connect_timeout=1).ping()


@pytest.mark.django_db
def test_every_page_answers_while_redis_is_down(world, client, redis_down, caplog):
    doc, _sections, _tasks = fpub.document_with_tasks(jurisdiction=world.j, units=[world.unit], n_tasks=2)
    client.force_login(world.office)
    urls = [
        reverse("portal:overview"), reverse("portal:assignment_list"),
        reverse("portal:document_list"), reverse("portal:document_detail", args=[world.document.pk]),
        reverse("portal:task_detail", args=[world.task.pk]),
        reverse("portal:assignment_detail", args=[world.assignment.pk]),
        reverse("portal:jurisdiction_overview", args=[world.j.pk]),
        reverse("exports:document_ledger", args=[world.document.pk]) + "?format=csv",
        reverse("public:index"), reverse("public:document", args=[doc.pk]),
    ]
    with caplog.at_level(logging.WARNING, logger="opensched.cache"):
        statuses = {url: client.get(url).status_code for url in urls}
        client.force_login(world.liaison)
        statuses["liaison home"] = client.get(reverse("portal:home")).status_code
    assert statuses == dict.fromkeys([*urls, "liaison home"], 200)
    outage_lines = [r for r in caplog.records if r.name == "opensched.cache"]
    assert len(outage_lines) == 1 and "unreachable" in outage_lines[0].getMessage()


@pytest.mark.django_db
def test_writes_still_work_while_redis_is_down(world, client, redis_down):
    client.force_login(world.liaison)
    response = client.post(reverse("portal:report_submit", args=[world.assignment.pk]),
                           {"text": "已公开", "percent": "40", "evidence_urls": ""})
    assert response.status_code == 302
    assert world.assignment.reports.get().percent == 40


def test_a_down_cache_answers_as_a_miss_without_trying_again_at_once():
    backend = ResilientRedisCache(DEAD, {"OPTIONS": {"RETRY_SECONDS": 60}})
    assert backend.get("k", "default") == "default"
    assert backend.is_down
    assert backend.add("k", 1) is False
    assert backend.set("k", 1) is None
    assert backend.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError):  # as for a missing key: callers start the counter again
        backend.incr("k")
    # Within the retry window nothing is tried: not even a connection attempt.
    backend._cache.get = lambda *a, **k: pytest.fail("tried Redis inside the retry window")  # noqa: SLF001
    assert backend.get("k") is None


def test_after_an_outage_the_data_version_starts_afresh(monkeypatch, caplog):
    backend = ResilientRedisCache(LIVE, {"KEY_PREFIX": "opensched-test-recovery",
                                         "OPTIONS": {"RETRY_SECONDS": 0, "RESET_ON_RECOVERY": [caching.VERSION_KEY]}})
    backend.set(caching.VERSION_KEY, 41)
    assert backend.get(caching.VERSION_KEY) == 41
    real_get = type(backend._cache).get  # noqa: SLF001

    def refuse(*args, **kwargs):
        raise redis.exceptions.ConnectionError("down for the test")

    monkeypatch.setattr(type(backend._cache), "get", refuse)  # noqa: SLF001
    assert backend.get(caching.VERSION_KEY) is None and backend.is_down
    monkeypatch.setattr(type(backend._cache), "get", real_get)  # noqa: SLF001
    with caplog.at_level(logging.WARNING, logger="opensched.cache"):
        # The first call after the outage succeeds; the version written before it is gone, so no
        # figure cached under it (before writes that could not move it) is served again.
        assert backend.get("anything") is None
    assert not backend.is_down
    assert backend.get(caching.VERSION_KEY) is None
    assert any("reachable again" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_pages_use_the_cache_again_when_it_is_back(world, client, settings):
    settings.CACHES = _cache_settings(LIVE, RETRY_SECONDS=0)
    try:
        cache.clear()
        client.force_login(world.office)
        assert client.get(reverse("portal:overview")).status_code == 200
        assert cache.get(caching.VERSION_KEY) is not None  # the version lives in Redis again
    finally:
        cache.clear()
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
