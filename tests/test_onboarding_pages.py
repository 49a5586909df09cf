"""The onboarding pages: create all units from the import preview, liaison accounts, first run."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse

from tasks.models import ImportDraft
from tasks.services.import_drafts import import_draft_create
from tests import factories
from units.models import AccountProfile, CollectiveReference, Jurisdiction, JurisdictionRole, Membership, Unit
from units.onboarding import jurisdiction_create

pytestmark = pytest.mark.django_db
User = get_user_model()
QINGCHUAN = Path(__file__).resolve().parent / "onboarding" / "qingchuan_2025.txt"


@pytest.fixture
def city(db):
    jurisdiction, _created = jurisdiction_create(name="青川市", level="city")
    office = factories.office(jurisdiction=jurisdiction, username="qcoffice")
    return jurisdiction, office


@pytest.fixture
def draft(city):
    jurisdiction, office = city
    return import_draft_create(user=office, jurisdiction=jurisdiction, filename="qingchuan.txt",
                               data=QINGCHUAN.read_bytes())


def _unit_with_assignment(jurisdiction, name, **kw):
    document = factories.document(jurisdiction=jurisdiction, doc_number=f"测试〔2025〕{Unit.objects.count() + 1}号")
    unit = factories.unit(jurisdiction=jurisdiction, name=name, **kw)
    factories.assignment(task=factories.task(document=document), unit=unit)
    return unit


# ---------------------------------------------------------------- create all units


def test_preview_proposes_every_unknown_unit_once_with_the_full_name(client, city, draft):
    client.force_login(city[1])
    response = client.get(reverse("importing:preview", args=[draft.pk]))
    assert response.status_code == 200
    proposal = response.context["unit_proposal"]
    names = [u["name"] for u in proposal["units"]]
    assert "市发展和改革局" in names and "市发改局" not in names
    assert len(names) == len(set(names)) == 8
    assert {c["name"] for c in proposal["collectives"]} >= {"市政府各部门"}
    assert b'data-testid="create-all-units"' in response.content


def test_create_all_units_creates_them_and_rematches_the_draft(client, city, draft):
    jurisdiction, office = city
    client.force_login(office)
    response = client.post(reverse("importing:units_create", args=[draft.pk]))
    assert response.status_code == 302 and response.url == reverse("importing:preview", args=[draft.pk])
    assert Unit.objects.filter(jurisdiction=jurisdiction).count() == 8
    assert Unit.objects.get(jurisdiction=jurisdiction, name="市发展和改革局").short_name == "市发改局"
    assert CollectiveReference.objects.filter(jurisdiction=jurisdiction, name="市政府各部门").exists()
    draft.refresh_from_db()
    assert "市发改局" not in draft.parsed["unknown_units"]
    first = draft.parsed["documents"][0]["tasks"][0]["units"][0]
    assert first["unit_id"] == Unit.objects.get(name="市发展和改革局").pk
    page = client.get(reverse("importing:preview", args=[draft.pk]))
    assert page.status_code == 200 and "unit_proposal" not in page.context


def test_create_all_units_twice_creates_nothing_more(client, city, draft):
    client.force_login(city[1])
    client.post(reverse("importing:units_create", args=[draft.pk]))
    count = Unit.objects.count()
    response = client.post(reverse("importing:units_create", args=[draft.pk]))
    assert response.status_code == 302 and Unit.objects.count() == count


def test_create_all_units_is_the_uploaders_alone(client, city, draft):
    other = factories.office(jurisdiction=city[0], username="qcoffice2")
    client.force_login(other)
    assert client.post(reverse("importing:units_create", args=[draft.pk])).status_code == 404
    assert not Unit.objects.exists()
    assert client.get(reverse("importing:units_create", args=[draft.pk])).status_code == 405


def test_create_all_units_then_import_assigns_the_new_units(client, city, draft):
    client.force_login(city[1])
    client.post(reverse("importing:units_create", args=[draft.pk]))
    response = client.post(reverse("importing:preview", args=[draft.pk]), {"confirm_open": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not ImportDraft.objects.filter(pk=draft.pk).exists()
    assert Unit.objects.get(name="市财政局").assignments.count() == 1


# ---------------------------------------------------------------- liaison accounts


@pytest.fixture
def office_client(client, city):
    client.force_login(city[1])
    return client


def _generate(client, jurisdiction):
    return client.post(reverse("registry:accounts_generate", args=[jurisdiction.pk]))


def test_accounts_page_marks_liaisons_who_never_logged_in(office_client, city):
    jurisdiction, _office = city
    unit = _unit_with_assignment(jurisdiction, "市财政局")
    factories.liaison(unit=unit, username="caizheng")
    response = office_client.get(reverse("registry:accounts", args=[jurisdiction.pk]))
    assert response.status_code == 200
    assert response.content.count(b'data-testid="never-logged-in"') == 1


def test_generate_shows_the_passwords_once_and_keeps_only_hashes(office_client, city):
    jurisdiction, _office = city
    _unit_with_assignment(jurisdiction, "市财政局")
    _unit_with_assignment(jurisdiction, "市发展和改革局", short_name="市发改局")
    factories.unit(jurisdiction=jurisdiction, name="市统计局")  # no assignments: no account
    response = _generate(office_client, jurisdiction)
    assert response.status_code == 302
    liaisons = Membership.objects.filter(unit__jurisdiction=jurisdiction, role="liaison")
    assert sorted(m.user.username for m in liaisons) == ["caizhengju", "fagaiju"]
    page = office_client.get(reverse("registry:accounts", args=[jurisdiction.pk]))
    issued = page.context["issued"]
    assert len(issued) == 2 and "no-store" in page["Cache-Control"]
    for account in issued:
        user = User.objects.get(username=account.username)
        assert user.check_password(account.password) and account.password not in user.password
        assert AccountProfile.objects.get(user=user).must_change_password
        assert account.password.encode() in page.content
        for session in Session.objects.all():  # the database's sessions never hold them
            assert account.password not in str(session.get_decoded())
            assert account.password not in session.session_data
    again = office_client.get(reverse("registry:accounts", args=[jurisdiction.pk]))
    assert again.context["issued"] is None and again.context["sheet_ready"]
    assert issued[0].password.encode() not in again.content
    assert _generate(office_client, jurisdiction).status_code == 302  # nothing more to make
    assert liaisons.count() == 2


def test_password_sheets_hold_the_issued_accounts_and_are_formula_safe(office_client, city):
    jurisdiction, _office = city
    _unit_with_assignment(jurisdiction, "=HYPERLINK(\"http://x\")局")
    _generate(office_client, jurisdiction)
    issued = office_client.get(reverse("registry:accounts", args=[jurisdiction.pk])).context["issued"]
    xlsx = office_client.get(reverse("registry:accounts_sheet_xlsx", args=[jurisdiction.pk]))
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].startswith("attachment")
    assert "no-store" in xlsx["Cache-Control"]
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0] == ("用户名", "初始密码", "单位", "角色")
    assert rows[1][0] == issued[0].username and rows[1][1] == issued[0].password
    assert not str(rows[1][2]).startswith("=")
    pdf = office_client.get(reverse("registry:accounts_sheet_pdf", args=[jurisdiction.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert "no-store" in pdf["Cache-Control"] and pdf["Content-Disposition"].startswith("attachment")


def test_password_sheet_is_gone_once_the_cache_forgets_it(office_client, city):
    jurisdiction, _office = city
    _unit_with_assignment(jurisdiction, "市财政局")
    _generate(office_client, jurisdiction)
    cache.clear()
    response = office_client.get(reverse("registry:accounts_sheet_xlsx", args=[jurisdiction.pk]))
    assert response.status_code == 302 and response.url == reverse("registry:accounts", args=[jurisdiction.pk])


def test_password_sheet_is_only_the_session_that_issued_it(office_client, city):
    from django.test import Client

    jurisdiction, _office = city
    _unit_with_assignment(jurisdiction, "市财政局")
    _generate(office_client, jurisdiction)
    colleague = Client()
    colleague.force_login(factories.office(jurisdiction=jurisdiction, username="qcoffice3"))
    assert colleague.get(reverse("registry:accounts_sheet_xlsx", args=[jurisdiction.pk])).status_code == 302


def _workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["单位", "姓名", "电话", "邮箱", "用户名"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, jurisdiction, data, name="liaisons.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("registry:accounts_upload", args=[jurisdiction.pk]),
                       {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_upload_creates_the_liaisons_of_the_workbook(office_client, city):
    jurisdiction, _office = city
    factories.unit(jurisdiction=jurisdiction, name="市财政局")
    response = _upload(office_client, jurisdiction, _workbook([["市财政局", "张三", "0632-1234567", "z@example.com",
                                                                 "zhangsan"]]))
    assert response.status_code == 200
    user = User.objects.get(username="zhangsan")
    assert user.first_name == "张三" and user.memberships.get().unit.name == "市财政局"
    assert response.context["issued"][0].username == "zhangsan"


def test_upload_with_a_bad_row_creates_nothing_and_names_the_row(office_client, city):
    jurisdiction, _office = city
    factories.unit(jurisdiction=jurisdiction, name="市财政局")
    response = _upload(office_client, jurisdiction, _workbook([["市财政局", "张三", "", "", "zhangsan"],
                                                                ["市不存在局", "李四", "", "", "lisi"]]))
    assert not User.objects.filter(username__in=["zhangsan", "lisi"]).exists()
    texts = [str(m) for m in response.context["messages"]]
    assert any("3" in t and "市不存在局" in t for t in texts)


def test_upload_refuses_a_file_that_is_not_xlsx_or_too_large(office_client, city, monkeypatch):
    jurisdiction, _office = city
    response = _upload(office_client, jurisdiction, b"hello", name="liaisons.csv")
    assert response.status_code == 200 and any(".xlsx" in str(m) for m in response.context["messages"])
    monkeypatch.setattr("tasks.forms.accounts.LIAISON_XLSX_MAX_BYTES", 10)
    response = _upload(office_client, jurisdiction, _workbook([]))
    assert any("MB" in str(m) for m in response.context["messages"])


def test_reset_gives_a_new_one_time_password_and_forces_a_change(office_client, city, client):
    jurisdiction, _office = city
    unit = _unit_with_assignment(jurisdiction, "市财政局")
    liaison = factories.liaison(unit=unit, username="caizheng")
    membership = Membership.objects.get(user=liaison)
    response = office_client.post(reverse("registry:account_reset", args=[membership.pk]), follow=True)
    issued = response.context["issued"]
    assert [a.username for a in issued] == ["caizheng"]
    liaison.refresh_from_db()
    assert liaison.check_password(issued[0].password)
    office_client.logout()
    login = office_client.post(reverse("login"), {"username": "caizheng", "password": issued[0].password})
    assert login.status_code == 302
    forced = office_client.get(reverse("portal:home"))
    assert forced.status_code == 302 and forced.url == reverse("password_change")


def test_reset_refuses_a_superuser_behind_a_membership(office_client, city):
    jurisdiction, _office = city
    unit = factories.unit(jurisdiction=jurisdiction, name="市财政局")
    admin = User.objects.create_superuser("root", password="pw-123456-test")
    membership = Membership.objects.create(user=admin, unit=unit)
    office_client.post(reverse("registry:account_reset", args=[membership.pk]))
    admin.refresh_from_db()
    assert admin.check_password("pw-123456-test")


# ---------------------------------------------------------------- first run


@pytest.fixture
def operator(db):
    return User.objects.create_superuser("operator", password="pw-123456-test")


def test_fresh_install_sends_the_operator_to_the_first_run_page(client, operator):
    client.force_login(operator)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response.url == reverse("registry:first_run")
    factories.jurisdiction(name="冠县")
    assert client.get(reverse("portal:home")).url == reverse("portal:overview")


def test_first_run_prefills_from_an_issuer_line(client, operator):
    client.force_login(operator)
    response = client.get(reverse("registry:first_run"), {"issuer": "青川市人民政府办公室"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["name"] == "青川市" and form.initial["level"] == "city" and form.initial["unit_prefix"] == "市"
    too_long = client.get(reverse("registry:first_run"), {"issuer": "青" * 61})
    assert too_long.status_code == 200 and too_long.context["issuer_form"].errors


def test_first_run_creates_the_jurisdiction_and_its_office_accounts(client, operator):
    client.force_login(operator)
    response = client.post(reverse("registry:first_run"), {"name": "青川市", "level": "city", "unit_prefix": "市",
                                                           "parent": "", "office_accounts": "2"})
    jurisdiction = Jurisdiction.objects.get(name="青川市")
    assert response.status_code == 302 and response.url == reverse("registry:first_run_done", args=[jurisdiction.pk])
    roles = JurisdictionRole.objects.filter(jurisdiction=jurisdiction, role="office")
    assert roles.count() == 2
    done = client.get(response.url)
    issued = done.context["issued"]
    assert {a.username for a in issued} == {r.user.username for r in roles}
    for account in issued:
        user = User.objects.get(username=account.username)
        assert user.check_password(account.password) and AccountProfile.objects.get(user=user).must_change_password
    assert client.get(response.url).context["issued"] is None
    assert client.get(reverse("registry:accounts_sheet_xlsx", args=[jurisdiction.pk])).status_code == 200


@pytest.mark.parametrize("fields", [{"office_accounts": "11"}, {"name": ""}, {"level": "planet"},
                                    {"name": "青" * 101}])
def test_first_run_refuses_bad_fields(client, operator, fields):
    client.force_login(operator)
    data = {"name": "青川市", "level": "city", "unit_prefix": "市", "parent": "", "office_accounts": "1", **fields}
    response = client.post(reverse("registry:first_run"), data)
    assert response.status_code == 400 and not Jurisdiction.objects.exists()


def test_first_run_refuses_a_jurisdiction_that_exists(client, operator):
    factories.jurisdiction(name="青川市")
    client.force_login(operator)
    response = client.post(reverse("registry:first_run"), {"name": "青川市", "level": "city", "unit_prefix": "市",
                                                           "parent": "", "office_accounts": "1"})
    assert response.status_code == 400 and not JurisdictionRole.objects.exists()
