"""The preview where a person finishes the job: corrected text and deadline, a document of another
jurisdiction, vague references resolved or left for later, every message in one language."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils.translation import trans_real

from tasks.bounds import MAX_DEADLINE_PHRASE_CHARS, MAX_TASK_TEXT_CHARS
from tasks.models import Document, ImportDraft
from tasks.services.import_preview import document_mismatch
from tests import factories, factories_importing
from tests.factories_importing import seed_bytes
from tests.html import by_testid, hrefs
from tests.test_importing_web import client_for, form_fields, nothing_imported, task_index, unit_id, upload
from units.models import Jurisdiction

module_registry = factories_importing.module_registry


@pytest.fixture
def office(module_registry, db):
    return factories.office(jurisdiction=Jurisdiction.objects.get(name="薛城区"), username="office")


def _preview(client, seed="000", jurisdiction="薛城区"):
    upload(client, f"{seed}.txt", seed_bytes(seed), Jurisdiction.objects.get(name=jurisdiction))
    draft = ImportDraft.objects.get()
    url = reverse("importing:preview", args=[draft.pk])
    return draft, url, client.get(url).content.decode()


def _vague_tasks(draft) -> list[int]:
    return [i for i, t in enumerate(draft.parsed["documents"][0]["tasks"]) if any(u["vague"] for u in t["units"])]


# -- text and deadline phrase ------------------------------------------------------------------------


def test_corrected_text_and_phrase_change_the_imported_task_and_its_due_date(office):
    client = client_for(office)
    draft, url, page = _preview(client)
    closing = task_index(draft, "于7月15日前")
    assert f'name="text-0-{closing}"' in page and f'name="phrase-0-{closing}"' in page
    data = form_fields(page)
    data[f"text-0-{closing}"] = ["各镇街、各部门要于9月30日前制定并公开本单位工作方案。"]
    data[f"phrase-0-{closing}"] = ["9月30日前"]
    data["confirm_open"] = ["1"]
    response = client.post(url, data)
    assert response.status_code == 302
    task = Document.objects.get().tasks.get(order=closing + 1)
    assert task.text == "各镇街、各部门要于9月30日前制定并公开本单位工作方案。"
    assert task.deadline_phrase == "9月30日前" and task.deadline_kind == "fixed"
    assert task.due_on == date(2021, 9, 30)
    assert set(task.assignments.values_list("due_on", flat=True)) == {date(2021, 9, 30)}


def test_a_phrase_emptied_leaves_the_task_without_due_date(office):
    client = client_for(office)
    draft, url, page = _preview(client)
    closing = task_index(draft, "于7月15日前")
    response = client.post(url, {**form_fields(page), f"phrase-0-{closing}": [""], "confirm_open": ["1"]})
    assert response.status_code == 302
    task = Document.objects.get().tasks.get(order=closing + 1)
    assert task.deadline_phrase == "" and task.due_on is None


def test_working_day_phrase_counts_on_the_jurisdictions_calendar(office):
    client = client_for(office)
    draft, url, page = _preview(client)
    closing = task_index(draft, "于7月15日前")
    # 薛政办发〔2021〕14号 was issued 2021-06-23; 20 working days later, with no holiday between: 2021-07-21
    client.post(url, {**form_fields(page), f"phrase-0-{closing}": ["本要点印发后20个工作日内"], "confirm_open": ["1"]})
    task = Document.objects.get().tasks.get(order=closing + 1)
    assert task.deadline_kind == "workdays_after_issue" and task.due_on == date(2021, 7, 21)


@pytest.mark.parametrize("field, limit, value", [
    ("text", MAX_TASK_TEXT_CHARS, "长" * (MAX_TASK_TEXT_CHARS + 1)),
    ("phrase", MAX_DEADLINE_PHRASE_CHARS, "1" * (MAX_DEADLINE_PHRASE_CHARS + 1)),
    ("text", None, "   "),
])
def test_overlong_or_empty_corrections_are_refused_naming_the_limit(office, field, limit, value):
    client = client_for(office)
    draft, url, page = _preview(client)
    response = client.post(url, {**form_fields(page), f"{field}-0-0": [value], "confirm_open": ["1"]})
    assert response.status_code == 400 and nothing_imported()
    errors = response.context["form"].errors
    assert any("Task 1" in e and (limit is None or str(limit) in e) for e in errors), errors


# -- a document of another jurisdiction -------------------------------------------------------------


def test_taierzhuang_document_previewed_as_xuecheng_warns_and_needs_the_checkbox(office):
    client = client_for(office)
    draft, url, page = _preview(client, seed="001", jurisdiction="薛城区")
    assert 'data-testid="jurisdiction-mismatch"' in page
    top = page[page.index('id="confirm-form"'):]
    assert top.index('data-testid="jurisdiction-mismatch"') < top.index('data-testid="document"')
    assert "台儿庄区人民政府办公室" in page and "台儿庄区" in page and 'name="accept_mismatch"' in page
    data = {**form_fields(page), "confirm_open": ["1"]}
    response = client.post(url, data)
    assert response.status_code == 400 and nothing_imported()
    assert "Import into 薛城区 anyway" in " ".join(response.context["form"].errors)
    response = client.post(url, {**data, "accept_mismatch": ["1"]})
    assert response.status_code == 302
    assert Document.objects.get().jurisdiction.name == "薛城区"


def test_the_service_refuses_a_mismatch_the_page_did_not_confirm(office):
    from tasks.services.errors import DocumentImportError
    from tasks.services.import_drafts import import_draft_confirm

    client = client_for(office)
    draft, _url, _page = _preview(client, seed="001", jurisdiction="薛城区")
    with pytest.raises(DocumentImportError, match="anyway"):
        import_draft_confirm(draft=draft, user=office, decisions={})
    assert nothing_imported()


@pytest.mark.parametrize("seed, jurisdiction", [("000", "薛城区"), ("001", "台儿庄区"), ("002", "临沂临港经济开发区"),
                                                ("003", "冠县"), ("004", "薛城区")])
def test_seeds_in_their_own_jurisdiction_raise_no_warning(module_registry, db, seed, jurisdiction):
    office = factories.office(jurisdiction=Jurisdiction.objects.get(name=jurisdiction))
    _draft, _url, page = _preview(client_for(office), seed=seed, jurisdiction=jurisdiction)
    assert 'data-testid="jurisdiction-mismatch"' not in page


@pytest.mark.parametrize("doc, chosen, code", [
    ({"issuer": "", "doc_number": "台政办发〔2023〕6号"}, "薛城区", "number_other_jurisdiction"),
    ({"issuer": "", "doc_number": "薛政办发〔2023〕6号"}, "薛城区", None),
    ({"issuer": None, "doc_number": "临港办字[2021]6号"}, "临沂临港经济开发区", None),
    ({"issuer": "青川市人民政府办公室", "doc_number": ""}, "冠县", "issuer_other_jurisdiction"),
    ({"issuer": "枣庄市薛城区人民政府办公室", "doc_number": "枣薛政发〔2021〕1号"}, "薛城区", None),
    ({"issuer": "区政府办公室", "doc_number": ""}, "冠县", None),  # names no place: nothing to compare
    ({"issuer": "冠县人民政府办公室", "doc_number": "冠政办发〔2020〕33号"}, "台儿庄区", "issuer_other_jurisdiction"),
])
def test_mismatch_rule_compares_names_not_a_table(module_registry, db, doc, chosen, code):
    found = document_mismatch(doc, Jurisdiction.objects.get(name=chosen))
    assert (found or {}).get("code") == code


# -- vague references --------------------------------------------------------------------------------


def test_open_vague_references_are_listed_once_then_kept_pending(office):
    client = client_for(office)
    draft, url, page = _preview(client)
    vague = _vague_tasks(draft)
    assert vague and all(f'name="pending-0-{t}"' in page for t in vague)
    picked = task_index(draft, "互联网+执法")
    data = form_fields(page)
    data[f"add-0-{picked}"] = [str(unit_id("区司法局"))]
    response = client.post(url, data)
    assert response.status_code == 200 and nothing_imported()  # the second step, not an import
    body = response.content.decode()
    assert 'data-testid="open-items"' in body and 'data-testid="confirm-open"' in body
    assert body.count('data-testid="open-item"') == len(vague) - 1
    assert f"#task-0-{picked}" not in hrefs(by_testid(body, "open-items"))

    data["confirm_open"] = ["1"]
    response = client.post(url, data)
    assert response.status_code == 302
    document = Document.objects.get()
    resolved = document.tasks.get(order=picked + 1)
    assert "vague_units" not in resolved.flags
    assert "区司法局" in resolved.assignments.values_list("unit__name", flat=True)
    for t in set(vague) - {picked}:
        task = document.tasks.get(order=t + 1)
        assert "vague_units" in task.flags  # still waiting for its units, on the task page too
        names = [u["name"] for u in draft.parsed["documents"][0]["tasks"][t]["units"] if u["vague"]]
        assert set(names) <= set(task.suggestions)
    detail = client.get(reverse("portal:task_detail", args=[document.tasks.get(order=vague[-1] + 1).pk]))
    assert "units named vaguely" in detail.content.decode()


def test_leave_for_later_ticked_on_every_vague_task_imports_at_once(office):
    client = client_for(office)
    draft, url, page = _preview(client)
    vague = _vague_tasks(draft)
    data = {**form_fields(page), **{f"pending-0-{t}": ["1"] for t in vague}}
    response = client.post(url, data)
    assert response.status_code == 302
    assert all("vague_units" in Document.objects.get().tasks.get(order=t + 1).flags for t in vague)


# -- one language ------------------------------------------------------------------------------------

_ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}(?:[ ,.:’'-]+[A-Za-z]{2,}){2,}")
_BILINGUAL = re.compile(
    r"[\u3400-\u9fff][^<>]{0,40}? / [^<>]{0,10}?[A-Za-z]{3,}|[A-Za-z]{3,}[^<>]{0,10}? / [\u3400-\u9fff]"
)
UNTRANSLATED = "（待译）"


@pytest.fixture
def zh_marks_untranslated(monkeypatch):
    """zh-hans with every msgid the catalogue does not translate yet shown as 待译: whatever English is
    left on the page did not go through gettext (new msgids wait in the translations file)."""
    original, original_n = trans_real.DjangoTranslation.gettext, trans_real.DjangoTranslation.ngettext

    def gettext(self, message):
        result = original(self, message)
        if self.language() == "zh-hans" and result == message and re.search(r"[A-Za-z]{3}", message):
            return UNTRANSLATED
        return result

    def ngettext(self, singular, plural, number):
        result = original_n(self, singular, plural, number)
        if self.language() == "zh-hans" and result in (singular, plural) and re.search(r"[A-Za-z]{3}", result):
            return UNTRANSLATED
        return result

    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", gettext)
    monkeypatch.setattr(trans_real.DjangoTranslation, "ngettext", ngettext)


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'\s(?:title|placeholder|aria-label)="([^"]*)"', r"> \1 <", html)  # shown text too
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("seed, jurisdiction", [("000", "薛城区"), ("001", "薛城区"), ("004", "薛城区")])
def test_chinese_preview_has_no_bilingual_or_english_message(office, zh_marks_untranslated, seed, jurisdiction):
    client = client_for(office)
    client.cookies["django_language"] = "zh-hans"
    draft, url, page = _preview(client, seed=seed, jurisdiction=jurisdiction)
    for step in (page, client.post(url, form_fields(page)).content.decode()):  # the page, then the asking step
        text = _visible_text(step)
        assert not _BILINGUAL.search(text), _BILINGUAL.search(text).group(0)
        english = [m.group(0) for m in _ENGLISH_RUN.finditer(text)]
        assert not english, english[:5]
    assert 'lang="zh-hans"' in page


def test_chinese_upload_refusal_is_in_one_language(office, zh_marks_untranslated):
    from tests.factories_importing import BAD_FILES

    client = client_for(office)
    response = upload(client, "broken.docx", BAD_FILES["broken.docx"], Jurisdiction.objects.get(name="薛城区"),
                      language="zh-hans")
    text = _visible_text(response.content.decode())
    assert not _BILINGUAL.search(text) and "corrupt" not in text and "damaged" not in text
