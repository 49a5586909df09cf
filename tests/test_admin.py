"""The operator uses the admin for every model; the unit registry is there after seed_demo."""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", no_documents=True, stdout=io.StringIO())


def test_every_model_of_our_apps_is_in_the_admin():
    ours = [m for app in ("units", "tasks") for m in apps.get_app_config(app).get_models()
            if not m.__name__.startswith("Historical")]
    missing = [m.__name__ for m in ours if not admin.site.is_registered(m)]
    assert not missing


def test_operator_logs_into_admin_and_finds_jurisdictions_and_units_in_chinese(client, demo, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(User.objects.get(username="operator"))
    index = client.get(reverse("admin:index")).content.decode()
    assert "行政区" in index and "单位" in index
    jurisdictions = client.get(reverse("admin:units_jurisdiction_changelist")).content.decode()
    for name in ["薛城区", "台儿庄区", "临沂临港经济开发区", "冠县"]:
        assert name in jurisdictions
    units = client.get(reverse("admin:units_unit_changelist") + "?q=发改").content.decode()
    assert "区发展和改革局" in units


@pytest.mark.parametrize("model", ["document", "task", "assignment", "progressreport", "calendarday"])
def test_admin_changelists_open_for_the_operator(client, demo, model):
    client.force_login(User.objects.get(username="operator"))
    assert client.get(reverse(f"admin:tasks_{model}_changelist")).status_code == 200


@pytest.mark.parametrize("username", ["caizheng", "office", "leader"])
def test_portal_accounts_cannot_use_admin(client, demo, username):
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response["Location"]
