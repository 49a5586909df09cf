"""The Chinese catalogue is complete and safe, the compiled catalogues match their sources, and the site is Chinese by
default with English one click away.

The .po files are the only source of the translations (edit them directly or with a translation tool, then
`make messages`); they are read here with polib.
"""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

LOCALE = Path(settings.BASE_DIR) / "locale"
ZH_PO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
CATALOGUES = [ZH_PO, LOCALE / "en" / "LC_MESSAGES" / "django.po"]


def _name(entry):
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def _translations(entry) -> dict[int, str]:
    return dict(entry.msgstr_plural) if entry.msgid_plural else {0: entry.msgstr}


@pytest.fixture(scope="module")
def zh_catalogue():
    return polib.pofile(str(ZH_PO))


@pytest.fixture(scope="module")
def zh_entries(zh_catalogue):
    return [entry for entry in zh_catalogue if not entry.obsolete]


def test_header_declares_chinese_with_one_plural_form(zh_catalogue):
    header = zh_catalogue.metadata
    assert not zh_catalogue.metadata_is_fuzzy
    assert header["Language"] == "zh_Hans"
    assert header["Plural-Forms"] == "nplurals=1; plural=0;"
    assert "charset=UTF-8" in header["Content-Type"]


def test_every_entry_is_translated_and_not_fuzzy(zh_catalogue, zh_entries):
    assert len(zh_entries) > 500, "the catalogue looks truncated"
    untranslated = [_name(e) for e in zh_catalogue.untranslated_entries()]
    fuzzy = [_name(e) for e in zh_catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated ({len(untranslated)}): translate them in {ZH_PO}: {untranslated[:20]}"
    assert not fuzzy, f"fuzzy ({len(fuzzy)}): check them in {ZH_PO}: {fuzzy[:20]}"


def test_plural_entries_fill_the_single_chinese_form(zh_entries):
    for entry in zh_entries:
        if entry.msgid_plural:
            assert set(entry.msgstr_plural) == {0}, _name(entry)


_NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_POSITIONAL = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_BRACES = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")
_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")


def placeholders(text):
    """Named %(x)s (with their conversion), the count of bare %s/%d, {x} fields and HTML tags of a string."""
    text = text.replace("%%", "")
    named = sorted(m.group(0) for m in _NAMED.finditer(text))
    positional = len(_POSITIONAL.findall(_NAMED.sub("", text)))
    return {
        "named": sorted(set(named)),
        "positional": positional,
        "braces": sorted(set(_BRACES.findall(text))),
        "tags": sorted(_TAGS.findall(text)),
    }


def test_placeholders_and_tags_are_kept(zh_entries):
    problems = []
    for entry in zh_entries:
        for index, translation in _translations(entry).items():
            source = entry.msgid_plural or entry.msgid
            expected, got = placeholders(source), placeholders(translation)
            if entry.msgid_plural:  # a count may be left out of the singular, never of the plural
                expected["named"] = sorted(set(placeholders(entry.msgid)["named"]) | set(expected["named"]))
            if expected != got:
                problems.append(f"{_name(entry)!r} [{index}] -> {translation!r}: expected {expected}, got {got}")
    assert not problems, "\n".join(problems)


def test_percent_signs_survive_python_format(zh_entries):
    """A python-format string's msgstr is %-formatted: every lone % must be a placeholder."""
    for entry in zh_entries:
        if "python-format" in entry.flags:
            for translation in _translations(entry).values():
                rest = _NAMED.sub("", _POSITIONAL.sub("", translation.replace("%%", "")))
                assert "%" not in rest, f"stray % in {translation!r}"


msgfmt = shutil.which("msgfmt") or "msgfmt"  # gettext, installed by `make system-deps`


def _catalog(mo_path):
    """The compiled messages, header included but without its dates (makemessages rewrites them on every run)."""
    with open(mo_path, "rb") as f:
        catalog = dict(gettext.GNUTranslations(f)._catalog)
    catalog[""] = re.sub(r"(?m)^(POT-Creation-Date|PO-Revision-Date):.*\n", "", catalog.get("", ""))
    return catalog


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_compiled_catalogue_is_valid_and_up_to_date(po, tmp_path):
    """msgfmt --check accepts the .po, and the committed .mo holds exactly what compiling the .po gives now.

    The comparison is by content, not bytes or mtimes: a git checkout resets mtimes, and msgfmt versions lay out the
    file differently. Fix a failure with `DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv`.
    """
    fresh = tmp_path / "django.mo"
    result = subprocess.run([msgfmt, "--check", "-o", str(fresh), str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run compilemessages"
    assert _catalog(committed) == _catalog(fresh), f"{committed} is older than {po}: run compilemessages"


@pytest.mark.django_db
def test_site_is_chinese_by_default_and_english_on_request(client, settings):
    from opensched import settings as production

    assert production.LANGUAGE_CODE == "zh-hans"
    settings.LANGUAGE_CODE = production.LANGUAGE_CODE  # in case a fixture switched the suite to English
    login = reverse("login")
    page = client.get(login).content.decode()
    assert 'lang="zh-hans"' in page
    assert "登录" in page
    assert "Log in" not in page

    response = client.post(reverse("set_language"), {"language": "en", "next": login})
    assert response.status_code == 302
    page = client.get(login).content.decode()
    assert 'lang="en"' in page
    assert "Log in" in page
    assert "登录" not in page

    client.post(reverse("set_language"), {"language": "zh-hans", "next": login})
    assert "登录" in client.get(login).content.decode()


def test_browser_language_does_not_override_the_chinese_default(client, settings, db):
    settings.LANGUAGE_CODE = "zh-hans"
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert "Log in" in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()


def test_the_language_menu_names_each_language_in_itself(client, settings, db):
    settings.LANGUAGE_CODE = "zh-hans"
    page = client.get(reverse("login")).content.decode()
    assert 'lang="en">English</option>' in page and "英语" not in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("login")).content.decode()
    assert ">简体中文</option>" in page and "Simplified Chinese" not in page
