"""Liaison and office accounts: ASCII usernames, one-time passwords, the sheet, the forced change."""

import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests import factories
from units.accounts import (
    SHEET_COLUMNS,
    IssuedAccount,
    LiaisonImportError,
    liaison_accounts_generate,
    liaison_accounts_import_xlsx,
    office_account_create,
    password_reset,
    password_sheet_pdf,
    password_sheet_xlsx,
)
from units.models import AccountProfile, Membership

User = get_user_model()


def _with_assignment(unit, document):
    task = factories.task(document=document)
    factories.assignment(task=task, unit=unit)
    return unit


@pytest.fixture
def place(db):
    j = factories.jurisdiction(name="薛城区")
    document = factories.document(jurisdiction=j)
    units = [_with_assignment(factories.unit(jurisdiction=j, name=name, short_name=short), document)
             for name, short in (("区财政局", ""), ("区人力资源和社会保障局", "区人社局"), ("临城街道", ""))]
    idle = factories.unit(jurisdiction=j, name="区统计局")
    return j, document, units, idle


def test_one_liaison_per_unit_with_assignments_ascii_predictable_and_idempotent(place):
    j, _document, units, idle = place
    issued = liaison_accounts_generate(jurisdiction=j)
    assert sorted(a.username for a in issued) == ["caizhengju", "linchengjiedao", "rensheju"]
    assert all(a.username.isascii() and a.role == "liaison" for a in issued)
    assert not Membership.objects.filter(unit=idle).exists()
    for account in issued:
        user = User.objects.get(username=account.username)
        assert user.check_password(account.password)
        assert AccountProfile.objects.get(user=user).must_change_password
    assert liaison_accounts_generate(jurisdiction=j) == []


def test_a_taken_username_gets_the_jurisdiction_then_a_number(place):
    j, _document, units, _idle = place
    other = factories.jurisdiction(name="台儿庄区")
    factories.liaison(unit=factories.unit(jurisdiction=other, name="区财政局"), username="caizhengju")
    factories.user(username="xuecheng_caizhengju")
    issued = {a.unit: a.username for a in liaison_accounts_generate(jurisdiction=j)}
    assert issued["区财政局"] == "xuecheng_caizhengju2"
    second = factories.unit(jurisdiction=j, name="区财正局")  # same pinyin, same jurisdiction
    _with_assignment(second, factories.document(jurisdiction=j, doc_number="薛政办发〔2022〕1号"))
    assert liaison_accounts_generate(jurisdiction=j)[0].username == "xuecheng_caizhengju3"


def test_same_pinyin_in_one_jurisdiction_gets_a_number(db):
    j = factories.jurisdiction(name="冠县")
    document = factories.document(jurisdiction=j)
    for name in ("县财政局", "县财正局"):
        _with_assignment(factories.unit(jurisdiction=j, name=name), document)
    assert sorted(a.username for a in liaison_accounts_generate(jurisdiction=j)) == ["caizhengju", "caizhengju2"]


def test_office_account_and_password_reset_are_one_time(place):
    j, *_ = place
    office = office_account_create(jurisdiction=j)
    assert office.username == "xuecheng_office" and office.role == "office"
    user = User.objects.get(username=office.username)
    assert user.jurisdiction_roles.get().role == "office"
    AccountProfile.objects.filter(user=user).update(must_change_password=False)
    again = password_reset(user=user)
    user.refresh_from_db()
    assert user.check_password(again.password) and not user.check_password(office.password)
    assert AccountProfile.objects.get(user=user).must_change_password


def test_password_sheet_has_the_columns_and_no_cell_is_a_formula():
    accounts = [IssuedAccount("caizhengju", "Ab3defGh7jkL", "区财政局", "liaison"),
                IssuedAccount("x", "=cmd|' /C calc'!A0", "@SUM(1)", "office")]
    out = io.BytesIO()
    password_sheet_xlsx(accounts, out)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert tuple(rows[0]) == SHEET_COLUMNS == ("用户名", "初始密码", "单位", "角色")
    assert rows[1] == ["caizhengju", "Ab3defGh7jkL", "区财政局", "联络员"]
    assert rows[2][1].startswith("'=") and rows[2][2].startswith("'@")
    assert all(c.data_type == "s" for row in sheet.iter_rows() for c in row)


def test_password_sheet_pdf_renders():
    out = io.BytesIO()
    password_sheet_pdf([IssuedAccount("caizhengju", "Ab3defGh7jkL", "区财政局", "liaison")], out)
    assert out.getvalue().startswith(b"%PDF")


def _workbook(rows, header=("单位", "姓名", "电话", "邮箱", "用户名")):
    book = openpyxl.Workbook()
    book.active.append(list(header))
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_liaison_workbook_creates_accounts_once(place):
    j, *_ = place
    data = _workbook([("区人社局", "张三", "0632-1234567", "zs@example.cn", "zhangsan"),
                      ("区财政局", "李四", "", "", "")])
    issued = liaison_accounts_import_xlsx(jurisdiction=j, data=data)
    assert sorted(a.username for a in issued) == ["caizhengju", "zhangsan"]
    zhang = User.objects.get(username="zhangsan")
    assert zhang.first_name == "张三" and zhang.email == "zs@example.cn"
    assert zhang.account_profile.phone == "0632-1234567"
    assert zhang.memberships.get().unit.name == "区人力资源和社会保障局"
    assert liaison_accounts_import_xlsx(jurisdiction=j, data=data) == []


def test_liaison_workbook_with_errors_names_each_row_and_creates_nothing(place):
    j, *_ = place
    factories.user(username="taken")
    data = _workbook([("区财政局", "李四", "", "", "lisi"), ("区不存在局", "王五", "", "", ""),
                      ("区财政局", "赵六", "abc", "not-mail", "Taken"), ("区财政局", "", "", "", "lisi")])
    with pytest.raises(LiaisonImportError) as caught:
        liaison_accounts_import_xlsx(jurisdiction=j, data=data)
    message = " ".join(caught.value.errors)
    assert "row 3" in message and "unknown unit" in message
    assert "row 4" in message and "phone" in message and "e-mail" in message and "taken" in message
    assert "row 5" in message and "twice" in message
    assert not User.objects.filter(username="lisi").exists()


@pytest.mark.parametrize("data, words", [
    (b"", "empty"), (b"PK\x03\x04" + b"\0" * (2 * 1024 * 1024 + 1), "at most 2048 KB"),
    ("单位,姓名\n".encode(), ".xlsx"), (b"PK\x03\x04broken", "cannot be read"),
])
def test_liaison_workbook_is_bounded_before_it_is_read(place, data, words):
    j, *_ = place
    with pytest.raises(Exception, match=words):
        liaison_accounts_import_xlsx(jurisdiction=j, data=data)


def test_liaison_workbook_row_limit(place, monkeypatch):
    j, *_ = place
    monkeypatch.setattr("units.accounts.LIAISON_XLSX_MAX_ROWS", 2)
    with pytest.raises(Exception, match="more than 2 rows"):
        liaison_accounts_import_xlsx(jurisdiction=j, data=_workbook([("区财政局",)] * 3))


def test_one_time_password_forces_a_change_then_frees_the_user(place, client):
    j, *_ = place
    issued = liaison_accounts_generate(jurisdiction=j)[0]
    assert client.post(reverse("login"), {"username": issued.username, "password": issued.password}).status_code == 302
    for url in (reverse("portal:home"), "/inbox/", "/calendar/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("password_change")
    assert client.get(reverse("password_change")).status_code == 200
    same = client.post(reverse("password_change"), {"old_password": issued.password,
                                                    "new_password1": issued.password,
                                                    "new_password2": issued.password})
    assert same.status_code == 200  # the one-time password cannot be kept
    assert client.get(reverse("portal:home")).status_code == 302
    changed = client.post(reverse("password_change"), {"old_password": issued.password,
                                                       "new_password1": "Qinghe-2024-liaison",
                                                       "new_password2": "Qinghe-2024-liaison"})
    assert changed.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200
    assert not AccountProfile.objects.get(user__username=issued.username).must_change_password
    client.logout()
    client.post(reverse("login"), {"username": issued.username, "password": "Qinghe-2024-liaison"})
    assert client.get(reverse("portal:home")).status_code == 200


def test_accounts_without_the_flag_are_never_redirected(world, client):
    client.force_login(world.liaison)
    assert client.get(reverse("portal:home")).status_code == 200
