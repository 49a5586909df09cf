"""Liaison and office accounts in bulk, one-time passwords, and the printable password sheet.

Every account made here gets a random one-time password and ``AccountProfile.must_change_password``:
the person changes it at first login (units.middleware). The passwords exist only in the
returned :class:`IssuedAccount` rows (for the sheet); the database keeps their hashes.

Usernames are ASCII and predictable from the unit: the pinyin of its short name without the
jurisdiction prefix (区财政局 → caizhengju); when another jurisdiction has that name already, the
jurisdiction's pinyin goes in front (xuecheng_caizhengju); a number is added on any further
collision (caizhengju2).
"""

from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass
from typing import BinaryIO

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks.services.errors import ServiceError
from units.models import AccountProfile, Jurisdiction, JurisdictionRole, Membership, Unit
from units.naming import split_prefix
from units.proposals import jurisdiction_prefixes

ROLE_LIAISON = "liaison"
ROLE_OFFICE = "office"
# The sheet is a paper form of the office: fixed Chinese, like the Excel ledger.
ROLE_LABELS = {ROLE_LIAISON: "联络员", ROLE_OFFICE: "公开办工作人员"}
SHEET_COLUMNS = ("用户名", "初始密码", "单位", "角色")

PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I
PASSWORD_LENGTH = 12
USERNAME_MAX = 40
# Liaison workbook bounds: checked before openpyxl reads anything beyond the zip envelope.
LIAISON_XLSX_MAX_BYTES = 2 * 1024 * 1024
LIAISON_XLSX_MAX_ROWS = 2000
LIAISON_COLUMNS = {"单位": "unit", "姓名": "name", "电话": "phone", "邮箱": "email", "用户名": "username"}
_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,39}$")
_PHONE_RE = re.compile(r"^[0-9+\- ]{3,30}$")


class AccountError(ServiceError):
    """An account request that cannot be carried out (a taken username, a bad workbook)."""


class LiaisonImportError(AccountError):
    """The liaison workbook has errors; ``errors`` lists them row by row. Nothing was created."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("；".join(errors[:20]) + ("…" if len(errors) > 20 else ""))


@dataclass(frozen=True)
class IssuedAccount:
    """An account with the one-time password just given to it (one row of the password sheet)."""

    username: str
    password: str
    unit: str
    role: str
    jurisdiction: str = ""

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


def one_time_password() -> str:
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(PASSWORD_LENGTH))
        if any(c.isdigit() for c in password) and any(c.isupper() for c in password) and any(
                c.islower() for c in password):
            return password


def pinyin(text: str) -> str:
    """ASCII letters and digits only: 财政局 → caizhengju."""
    from pypinyin import Style, lazy_pinyin

    joined = "".join(lazy_pinyin(text or "", style=Style.NORMAL, errors="default"))
    return re.sub(r"[^a-z0-9]", "", joined.lower())


def _jurisdiction_stem(jurisdiction: Jurisdiction) -> str:
    name = jurisdiction.short_name or jurisdiction.name
    core = re.sub(r"(区|县|市|镇|乡|街道)$", "", name) if len(name) > 2 else name
    return pinyin(core)[:20] or f"j{jurisdiction.pk}"


def _unit_stem(unit: Unit) -> str:
    prefixes = jurisdiction_prefixes(unit.jurisdiction)
    name = min(filter(None, (unit.short_name, unit.name)), key=len)
    _prefix, core = split_prefix(name, prefixes)
    return pinyin(core)[:USERNAME_MAX - 6] or f"unit{unit.pk}"


def _taken(username: str) -> bool:
    return get_user_model().objects.filter(username__iexact=username).exists()


def _owned_elsewhere(username: str, jurisdiction: Jurisdiction) -> bool:
    """The name belongs to an account of another jurisdiction (or of none)."""
    user = get_user_model().objects.filter(username__iexact=username).first()
    if user is None:
        return False
    mine = Membership.objects.filter(user=user, unit__jurisdiction=jurisdiction).exists() or \
        JurisdictionRole.objects.filter(user=user, jurisdiction=jurisdiction).exists()
    return not mine


def username_for(stem: str, jurisdiction: Jurisdiction, reserved: set[str] | None = None) -> str:
    """A free username from ``stem`` (see the module docstring for the order tried)."""
    reserved = reserved or set()
    base = stem[:USERNAME_MAX - 4]
    if _taken(base) and _owned_elsewhere(base, jurisdiction):
        base = f"{_jurisdiction_stem(jurisdiction)}_{base}"[:USERNAME_MAX - 4]
    candidate, number = base, 2
    while _taken(candidate) or candidate in reserved:
        candidate = f"{base}{number}"
        number += 1
    return candidate


def _issue(user, password: str) -> None:
    user.set_password(password)
    user.save()
    AccountProfile.objects.update_or_create(
        user=user, defaults={"must_change_password": True, "password_issued_at": timezone.now()})


def _new_user(username: str, *, first_name: str = "", email: str = ""):
    return get_user_model()(username=username, first_name=first_name[:150], email=email[:254], is_active=True)


@transaction.atomic
def liaison_accounts_generate(*, jurisdiction: Jurisdiction, units=None, user=None) -> list[IssuedAccount]:
    """One liaison account per unit that has assignments and no liaison yet (idempotent).

    ``units`` narrows the units considered (a queryset or list of the jurisdiction's units).
    """
    candidates = Unit.objects.filter(jurisdiction=jurisdiction, active=True, assignments__isnull=False)
    if units is not None:
        candidates = candidates.filter(pk__in=[u.pk for u in units])
    candidates = candidates.exclude(memberships__role=Membership.Role.LIAISON).distinct().order_by("order", "name")
    issued: list[IssuedAccount] = []
    reserved: set[str] = set()
    for unit in candidates.select_related("jurisdiction"):
        username = username_for(_unit_stem(unit), jurisdiction, reserved)
        reserved.add(username)
        password = one_time_password()
        account = _new_user(username, first_name="")
        _issue(account, password)
        membership = Membership(user=account, unit=unit, role=Membership.Role.LIAISON)
        membership._history_user = user
        membership.save()
        issued.append(IssuedAccount(username, password, unit.name, ROLE_LIAISON, jurisdiction.name))
    return issued


@transaction.atomic
def office_account_create(*, jurisdiction: Jurisdiction, username: str | None = None, user=None) -> IssuedAccount:
    """A new office-staff account of the jurisdiction with a one-time password."""
    if username:
        username = username.strip()
        if not _USERNAME_RE.match(username):
            raise AccountError(_("A username has 2–40 lower-case ASCII letters, digits, '.', '_' or '-'."))
        if _taken(username):
            raise AccountError(_("The username %(username)s is taken.") % {"username": username})
    else:
        username = username_for(f"{_jurisdiction_stem(jurisdiction)}_office", jurisdiction)
    password = one_time_password()
    account = _new_user(username)
    _issue(account, password)
    role = JurisdictionRole(user=account, jurisdiction=jurisdiction, role=JurisdictionRole.Role.OFFICE)
    role._history_user = user
    role.save()
    return IssuedAccount(username, password, jurisdiction.name, ROLE_OFFICE, jurisdiction.name)


@transaction.atomic
def password_reset(*, user) -> IssuedAccount:
    """A new one-time password for ``user``, to be changed at the next login."""
    password = one_time_password()
    _issue(user, password)
    membership = Membership.objects.filter(user=user).select_related("unit__jurisdiction").first()
    if membership:
        return IssuedAccount(user.username, password, membership.unit.name, ROLE_LIAISON,
                             membership.unit.jurisdiction.name)
    role = JurisdictionRole.objects.filter(user=user).select_related("jurisdiction").first()
    place = role.jurisdiction.name if role else ""
    return IssuedAccount(user.username, password, place, ROLE_OFFICE if role else "", place)


@transaction.atomic
def password_change_completed(*, user) -> None:
    """The person chose their own password: no more forced change."""
    AccountProfile.objects.filter(user=user, must_change_password=True).update(must_change_password=False)


def must_change_password(user) -> bool:
    return AccountProfile.objects.filter(user=user, must_change_password=True).exists()


# ---------------------------------------------------------------- liaison workbook

def _read_liaison_rows(data: bytes) -> list[tuple[int, dict]]:
    from tasks.parsing.bounds import check_office
    from tasks.parsing.limits import ImportLimitExceeded
    from tasks.parsing.model import ParseError
    from tasks.services.import_limits import import_limits, limit_error

    if not data:
        raise AccountError(_("The file is empty."))
    if len(data) > LIAISON_XLSX_MAX_BYTES:
        raise AccountError(_("The liaison workbook is %(size)d KB; at most %(limit)d KB is accepted.")
                           % {"size": len(data) // 1024, "limit": LIAISON_XLSX_MAX_BYTES // 1024})
    if not data.startswith(b"PK\x03\x04"):
        raise AccountError(_("The liaison list must be an .xlsx workbook."))
    try:
        check_office(data, "xlsx", import_limits())
    except ImportLimitExceeded as exc:
        raise AccountError(limit_error(exc).message) from None
    except ParseError:
        raise AccountError(_("The liaison workbook cannot be read.")) from None
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows: list[tuple[int, dict]] = []
        header: dict[int, str] | None = None
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else str(v).strip() for v in values]
            if header is None:
                if "单位" in cells:
                    header = {i: LIAISON_COLUMNS[c] for i, c in enumerate(cells) if c in LIAISON_COLUMNS}
                elif number > 10:
                    break
                continue
            if not any(cells):
                continue
            if len(rows) >= LIAISON_XLSX_MAX_ROWS:
                raise AccountError(_("The liaison workbook has more than %(limit)d rows.")
                                   % {"limit": LIAISON_XLSX_MAX_ROWS})
            rows.append((number, {field: cells[i] if i < len(cells) else "" for i, field in header.items()}))
        workbook.close()
    except AccountError:
        raise
    except Exception:  # openpyxl raises many types on a damaged file; all mean "unreadable"
        raise AccountError(_("The liaison workbook cannot be read.")) from None
    if header is None:
        raise AccountError(_("No header row with the column 单位 was found in the liaison workbook."))
    return rows


@transaction.atomic
def liaison_accounts_import_xlsx(*, jurisdiction: Jurisdiction, data: bytes, user=None) -> list[IssuedAccount]:
    """Liaison accounts from a workbook with the columns 单位, 姓名, 电话, 邮箱, 用户名.

    Every row is checked first; any error refuses the whole file (LiaisonImportError with one
    message per row) and nothing is created. A row whose account already exists as a liaison
    of that unit (same username, or no username and a liaison of the same name) is skipped, so
    the same workbook can be uploaded twice.
    """
    from tasks.services.import_preview import registry_for

    rows = _read_liaison_rows(data)
    registry = registry_for(jurisdiction)
    units = {u.pk: u for u in Unit.objects.filter(jurisdiction=jurisdiction)}
    errors: list[str] = []
    plans: list[tuple[Unit, dict, str | None]] = []
    seen: set[str] = set()
    User = get_user_model()
    for number, row in rows:
        problems = []
        unit = None
        if not row.get("unit"):
            problems.append(_("the unit is missing"))
        else:
            match = registry.match(row["unit"][:100])
            unit = units.get(match.unit_id) if match.unit_id else None
            if unit is None:
                problems.append(_("unknown unit %(unit)s") % {"unit": row["unit"][:40]})
        if len(row.get("name", "")) > 150:
            problems.append(_("the name is longer than 150 characters"))
        if row.get("phone") and not _PHONE_RE.match(row["phone"]):
            problems.append(_("the phone number %(phone)s is not valid") % {"phone": row["phone"][:30]})
        if row.get("email"):
            try:
                validate_email(row["email"])
            except ValidationError:
                problems.append(_("the e-mail address %(email)s is not valid") % {"email": row["email"][:60]})
        username = (row.get("username") or "").strip().lower() or None
        existing = None
        if username:
            if not _USERNAME_RE.match(username):
                problems.append(_("the username %(username)s is not 2–40 lower-case ASCII letters, digits, '.', "
                                  "'_' or '-'") % {"username": username[:40]})
            elif username in seen:
                problems.append(_("the username %(username)s is used twice in the file") % {"username": username})
            else:
                existing = User.objects.filter(username__iexact=username).first()
                if existing and unit and not Membership.objects.filter(user=existing, unit=unit).exists():
                    problems.append(_("the username %(username)s is taken") % {"username": username})
            seen.add(username or "")
        if problems:
            errors.append(_("row %(row)d: %(problems)s") % {"row": number, "problems": "、".join(problems)})
            continue
        if existing is not None:
            continue  # already this unit's account
        if not username and row.get("name") and Membership.objects.filter(
                unit=unit, role=Membership.Role.LIAISON, user__first_name=row["name"]).exists():
            continue
        plans.append((unit, row, username))
    if errors:
        raise LiaisonImportError(errors)
    issued: list[IssuedAccount] = []
    reserved: set[str] = set(seen)
    for unit, row, username in plans:
        username = username or username_for(_unit_stem(unit), jurisdiction, reserved)
        reserved.add(username)
        password = one_time_password()
        account = _new_user(username, first_name=row.get("name", ""), email=row.get("email", ""))
        _issue(account, password)
        AccountProfile.objects.filter(user=account).update(phone=row.get("phone", "")[:30])
        membership = Membership(user=account, unit=unit, role=Membership.Role.LIAISON)
        membership._history_user = user
        membership.save()
        issued.append(IssuedAccount(username, password, unit.name, ROLE_LIAISON, jurisdiction.name))
    return issued


# ---------------------------------------------------------------- the password sheet

def _sheet_rows(accounts: list[IssuedAccount]) -> list[tuple[str, str, str, str]]:
    from tasks.exports.safe import safe_cell

    return [tuple(safe_cell(v) for v in (a.username, a.password, a.unit, a.role_label)) for a in accounts]


def password_sheet_xlsx(accounts: list[IssuedAccount], out: BinaryIO) -> None:
    """The one-time passwords as a workbook into ``out``: 用户名, 初始密码, 单位, 角色; one row per
    account. (The page sends it with tasks.exports.download.file_download.)"""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "初始密码"
    sheet.append(list(SHEET_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _sheet_rows(accounts):
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"
    for column, width in zip("ABCD", (24, 18, 36, 16), strict=True):
        sheet.column_dimensions[column].width = width
    workbook.save(out)


def password_sheet_pdf(accounts: list[IssuedAccount], out: BinaryIO, *, title: str = "账号及初始密码") -> None:
    """The same sheet as a printable PDF into ``out`` (the shared PDF frame of tasks/exports/pdf.py)."""
    from tasks.exports.pdf import render_pdf

    context = {"page_title": title, "header_title": title, "generated_on": timezone.localdate(),
               "columns": SHEET_COLUMNS, "rows": _sheet_rows(accounts), "title": title}
    render_pdf("tasks/exports/password_sheet.html", context, out)
