"""Response headers and production settings that keep pages safe: CSP, private caching,
gunicorn's proxy trust, and a refused weak secret key."""

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from opensched.env import secret_key_weakness
from tests import factories_portal as fp

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
# Rendered by WeasyPrint or sent as e-mail, never shown by a browser under the CSP.
NOT_BROWSER_PAGES = ("emails/", "tasks/exports/", "tasks/yearly_review/report_pdf.html")


def _directives(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.mark.django_db
def test_every_page_carries_a_csp_without_inline_script(client, world):
    client.force_login(world.office)
    for url in (reverse("portal:overview"), reverse("public:index"), reverse("login")):
        policy = _directives(client.get(url)["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"]
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in policy["style-src-elem"]


def _browser_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if not name.startswith(NOT_BROWSER_PAGES):
            yield name, path.read_text(encoding="utf-8")


def test_no_page_template_has_inline_script_style_or_event_handlers():
    offenders = []
    for name, text in _browser_templates():
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append((name, "inline <script>"))
        if "<style" in text:
            offenders.append((name, "<style> element"))
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append((name, "on…= handler"))
        if "javascript:" in text:
            offenders.append((name, "javascript: URL"))
    assert not offenders


@pytest.mark.django_db
def test_pages_behind_the_login_are_private_and_not_stored(client, world):
    report, attachment = fp.report_with_attachment(assignment=world.assignment, author=world.liaison)
    client.force_login(world.office)
    for url in (
        reverse("portal:overview"),
        reverse("portal:assignment_detail", args=[world.assignment.pk]),
        reverse("exports:document_ledger", args=[world.document.pk]) + "?format=csv",
        reverse("portal:attachment_download", args=[attachment.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= control, url
        assert "public" not in control


@pytest.mark.django_db
def test_public_pages_for_visitors_are_not_marked_no_store(client, world):
    response = client.get(reverse("public:index"))
    assert "no-store" not in response.get("Cache-Control", "")


def _gunicorn_conf(monkeypatch, **env):
    for name in ("BEHIND_PROXY", "TRUSTED_PROXIES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import opensched.gunicorn_conf as conf

    return importlib.reload(conf)


def test_gunicorn_trusts_forwarded_headers_from_nobody_unless_behind_the_proxy(monkeypatch):
    assert _gunicorn_conf(monkeypatch).forwarded_allow_ips == ""
    assert _gunicorn_conf(monkeypatch, BEHIND_PROXY="0").forwarded_allow_ips == ""


def test_gunicorn_trusts_the_configured_proxies_behind_the_proxy(monkeypatch):
    assert _gunicorn_conf(monkeypatch, BEHIND_PROXY="1").forwarded_allow_ips == "127.0.0.1,::1"
    assert _gunicorn_conf(monkeypatch, BEHIND_PROXY="1", TRUSTED_PROXIES="10.0.0.2").forwarded_allow_ips == "10.0.0.2"


@pytest.mark.parametrize("key", [
    "a" * 36, "a" * 80, "abcd" * 20, "short-but-random-Zq9", "django-insecure-" + "k3y-abcdefghij" * 5,
])
def test_weak_secret_keys_are_named(key):
    assert secret_key_weakness(key)


def test_a_long_random_key_is_fine():
    assert secret_key_weakness("k3y-" + "abcdefghij" * 6) is None


@pytest.mark.parametrize("key", ["a" * 36, "abcd" * 20])
def test_production_refuses_to_start_with_a_weak_secret_key(key):
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "0", "SECRET_KEY": key, "ALLOWED_HOSTS": "gk.example.gov.cn",
           "DJANGO_SETTINGS_MODULE": "opensched.settings"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_the_admin_is_the_operator_site():
    from django.contrib import admin

    from opensched.admin_site import OperatorAdminSite

    assert isinstance(admin.site, OperatorAdminSite)
    assert "opensched.apps.OperatorAdminConfig" in django_settings.INSTALLED_APPS
