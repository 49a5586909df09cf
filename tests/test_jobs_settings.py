"""The task backend comes from the environment: the database backend by default, RQ with REDIS_URL."""

import subprocess
import sys

from tests.test_settings_env import ROOT, _clean_env


def _tasks(env: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in _clean_env().items() if k not in ("REDIS_URL", "TASKS_BACKEND")}
    environment.update({"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "opensched.settings", **env})
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.TASKS['default']['BACKEND'], 'django_rq' in settings.INSTALLED_APPS)")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)


def test_the_database_backend_is_the_default():
    result = _tasks({})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django_tasks_db.DatabaseBackend", "False"]


def test_redis_url_sends_the_tasks_to_rq():
    result = _tasks({"REDIS_URL": "redis://127.0.0.1:6379/5"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django_tasks_rq.RQBackend", "True"]


def test_an_unknown_or_impossible_backend_stops_start_up():
    unknown = _tasks({"TASKS_BACKEND": "celery"})
    assert unknown.returncode != 0 and "TASKS_BACKEND='celery'" in unknown.stderr
    rq_without_redis = _tasks({"TASKS_BACKEND": "rq"})
    assert rq_without_redis.returncode != 0 and "TASKS_BACKEND=rq needs REDIS_URL" in rq_without_redis.stderr
