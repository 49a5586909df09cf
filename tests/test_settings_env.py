"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from opensched.env import env_bool, env_int

ROOT = Path(__file__).resolve().parents[1]


_OURS = {
    "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
}


def _clean_env() -> dict[str, str]:
    """The environment without the variables the test settings set for this process."""
    return {k: v for k, v in os.environ.items() if k not in _OURS}


def _start(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    """Import the production settings in a fresh interpreter, as start-up would."""
    env = _clean_env()
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "opensched.settings"
    code = "import django; django.setup(); from django.conf import settings; print('DEBUG', settings.DEBUG)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def test_bad_debug_value_stops_start_up_with_clear_message():
    result = _start({"DEBUG": "ture", "SECRET_KEY": "k3y-" + "abcdefghij" * 6, "ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "DEBUG='ture' is not a boolean" in result.stderr


def test_missing_secret_key_in_production_stops_start_up():
    result = _start({"DEBUG": "0", "ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_missing_allowed_hosts_in_production_stops_start_up():
    result = _start({"DEBUG": "0", "SECRET_KEY": "k3y-" + "abcdefghij" * 6})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_malformed_database_url_stops_start_up():
    result = _start({"DEBUG": "1", "DATABASE_URL": "notascheme://"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_debug_on_needs_no_other_setting():
    result = _start({"DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert "DEBUG True" in result.stdout


def test_production_settings_pass_check_deploy():
    env = _clean_env()
    env.update({"DEBUG": "0", "SECRET_KEY": "k3y-" + "abcdefghij" * 6, "ALLOWED_HOSTS": "gk.example.gov.cn",
                "DJANGO_SETTINGS_MODULE": "opensched.settings"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("raw,expected", [("1", True), ("true", True), ("Yes", True), ("on", True),
                                          ("0", False), ("false", False), ("no", False), ("", False)])
def test_env_bool_accepts_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG") is expected


def test_env_int_rejects_words(monkeypatch):
    monkeypatch.setenv("X_NUM", "five")
    with pytest.raises(ImproperlyConfigured, match="not an integer"):
        env_int("X_NUM", 1)


def test_bare_manage_py_is_development_but_wsgi_still_needs_a_secret_key():
    bare = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=_clean_env(),
                          capture_output=True, text=True)
    assert bare.returncode == 0, bare.stderr
    server = subprocess.run([sys.executable, "-c", "import opensched.wsgi"], cwd=ROOT, env=_clean_env(),
                            capture_output=True, text=True)
    assert server.returncode != 0
    assert "SECRET_KEY must be set" in server.stderr


def _cache_check(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    """Start with the given environment and move the data version on through the configured cache."""
    env = _clean_env()
    env.update({"DEBUG": "1", **env_overrides, "DJANGO_SETTINGS_MODULE": "opensched.settings"})
    code = (
        "import django; django.setup(); from django.conf import settings; from tasks.caching import "
        "data_changed, data_version; v = data_version(); data_changed(); assert data_version() != v; "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def test_without_redis_url_each_process_keeps_its_own_cache():
    result = _cache_check({})
    assert result.returncode == 0, result.stderr
    assert "LocMemCache" in result.stdout


def test_redis_url_shares_the_cache_between_processes():
    # The machine's Redis is part of the suite's world (CI has it): no skip when it is missing.
    result = _cache_check({"REDIS_URL": "redis://127.0.0.1:6379/15", "CACHE_KEY_PREFIX": "opensched-test"})
    assert result.returncode == 0, result.stderr
    assert "ResilientRedisCache" in result.stdout
