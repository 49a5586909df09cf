"""Liaison accounts of a jurisdiction (namespace ``registry``) and the operator's first-run page.

The one-time passwords exist only in the IssuedAccount rows the services return. To be shown once
and downloaded as a sheet they are kept in the cache (never the database: sessions live there)
under a random key that only this browser's session holds, for ISSUED_SECONDS; showing them the
first time clears the "show" flag, and a new batch replaces the old one.
"""

import io
import secrets
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tasks.access import jurisdiction_for_user, registry_unit_for_user, require_operator
from tasks.exports.download import file_download
from tasks.forms.accounts import FirstJurisdictionForm, IssuerForm, LiaisonUploadForm
from tasks.selectors.accounts import units_missing_liaison, units_with_liaisons
from tasks.views.portal_common import report_errors
from units import accounts as services
from units.first_run import jurisdiction_with_office_create
from units.models import Jurisdiction, Membership
from units.naming import guess_jurisdiction
from units.onboarding import OnboardError

ISSUED_SESSION_KEY = "opensched_issued_accounts"
ISSUED_SECONDS = 30 * 60
# The password sheet's writer and type by its extension.
SHEETS = {
    "xlsx": (services.password_sheet_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": (services.password_sheet_pdf, "application/pdf"),
}


def _remember_issued(request, jurisdiction, issued: list[services.IssuedAccount]) -> None:
    old = request.session.get(ISSUED_SESSION_KEY)
    if old:
        cache.delete(f"issued:{old['token']}")
    token = secrets.token_urlsafe(24)
    rows = [{"username": a.username, "password": a.password, "unit": a.unit, "role": a.role,
             "jurisdiction": a.jurisdiction} for a in issued]
    cache.set(f"issued:{token}", rows, ISSUED_SECONDS)
    request.session[ISSUED_SESSION_KEY] = {"token": token, "jurisdiction": jurisdiction.pk, "show": True,
                                           "until": time.time() + ISSUED_SECONDS}


def _issued(request, jurisdiction, *, take_show: bool = False) -> tuple[list[services.IssuedAccount] | None, bool]:
    """The batch issued in this session for the jurisdiction (or None) and whether to show it now."""
    kept = request.session.get(ISSUED_SESSION_KEY)
    if not kept or kept.get("jurisdiction") != jurisdiction.pk or kept.get("until", 0) < time.time():
        return None, False
    rows = cache.get(f"issued:{kept['token']}")
    if rows is None:
        return None, False
    show = bool(kept.get("show"))
    if take_show and show:
        request.session[ISSUED_SESSION_KEY] = {**kept, "show": False}
    return [services.IssuedAccount(**row) for row in rows], show


def _accounts_url(jurisdiction) -> str:
    return reverse("registry:accounts", args=[jurisdiction.pk])


@never_cache
@login_required
@require_safe
def accounts(request, pk):
    jurisdiction, _can_write = jurisdiction_for_user(request.user, pk, write=True)
    units = units_with_liaisons(jurisdiction)
    issued, show = _issued(request, jurisdiction, take_show=True)
    return render(request, "tasks/registry/accounts.html", {
        "jurisdiction": jurisdiction, "units": units, "missing": units_missing_liaison(units),
        "issued": issued if show else None, "sheet_ready": issued is not None,
        "upload_form": LiaisonUploadForm(), "max_rows": services.LIAISON_XLSX_MAX_ROWS,
        "never_count": sum(1 for u in units for m in u.liaison_list if m.user.last_login is None),
    })


def _after_issue(request, jurisdiction, issued, nothing_message: str, done_message: str = ""):
    if issued:
        _remember_issued(request, jurisdiction, issued)
        messages.success(request, done_message or _(
            "%(count)s accounts were made. Hand out their one-time passwords now: they are shown only once.")
            % {"count": len(issued)})
    else:
        messages.info(request, nothing_message)
    return redirect(_accounts_url(jurisdiction))


@login_required
@require_POST
def accounts_generate(request, pk):
    jurisdiction, _can_write = jurisdiction_for_user(request.user, pk, write=True)
    issued = services.liaison_accounts_generate(jurisdiction=jurisdiction, user=request.user)
    return _after_issue(request, jurisdiction, issued,
                        _("Every unit that has assignments has a liaison already: no account was made."))


@login_required
@require_POST
def accounts_upload(request, pk):
    jurisdiction, _can_write = jurisdiction_for_user(request.user, pk, write=True)
    form = LiaisonUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        report_errors(request, form)
        return redirect(_accounts_url(jurisdiction))
    try:
        issued = services.liaison_accounts_import_xlsx(jurisdiction=jurisdiction, data=form.cleaned_data["file"].read(),
                                                       user=request.user)
    except services.LiaisonImportError as error:
        messages.error(request, _("Nothing was created: the workbook has errors."))
        for line in error.errors[:50]:
            messages.error(request, line)
        return redirect(_accounts_url(jurisdiction))
    except services.AccountError as error:
        messages.error(request, error.message)
        return redirect(_accounts_url(jurisdiction))
    return _after_issue(request, jurisdiction, issued,
                        _("Every liaison of the workbook has an account already: no account was made."))


@login_required
@require_POST
def account_reset(request, pk):
    """A new one-time password for one liaison (``pk`` is the liaison's membership)."""
    membership = get_object_or_404(Membership.objects.select_related("user", "unit"), pk=pk,
                                   role=Membership.Role.LIAISON)
    unit, _can_write = registry_unit_for_user(request.user, membership.unit_id, write=True)
    if membership.user.is_superuser or membership.user.is_staff:
        messages.error(request, _("The password of an administrator cannot be reset here."))
        return redirect(_accounts_url(unit.jurisdiction))
    issued = services.password_reset(user=membership.user)
    return _after_issue(request, unit.jurisdiction, [issued], "", _(
        "%(username)s has a new one-time password, shown below only once; it must be changed at the next login.")
        % {"username": issued.username})


def _sheet(request, pk, kind: str):
    jurisdiction, _can_write = jurisdiction_for_user(request.user, pk, write=True)
    issued, _show = _issued(request, jurisdiction)
    if issued is None:
        messages.error(request, _("The one-time passwords are no longer kept (they are kept for %(minutes)s minutes "
                                  "in the browser that made them). Reset a password to issue a new one.")
                       % {"minutes": ISSUED_SECONDS // 60})
        return redirect(_accounts_url(jurisdiction))
    write, content_type = SHEETS[kind]
    out = io.BytesIO()  # in memory: the one-time passwords are never written to a disk
    write(issued, out)
    out.seek(0)
    return file_download(out, filename=f"accounts-{jurisdiction.pk}.{kind}", content_type=content_type,
                         no_store=True)


@login_required
@require_safe
def accounts_sheet_xlsx(request, pk):
    return _sheet(request, pk, "xlsx")


@login_required
@require_safe
def accounts_sheet_pdf(request, pk):
    return _sheet(request, pk, "pdf")


# ---------------------------------------------------------------- first run


def _first_run_initial(issuer: str) -> dict:
    guess = guess_jurisdiction(issuer) if issuer else None
    if guess is None:
        return {"office_accounts": 1}
    parent = Jurisdiction.objects.filter(name=guess.parent).first() if guess.parent else None
    return {"name": guess.name, "level": guess.level, "unit_prefix": guess.unit_prefix, "parent": parent,
            "office_accounts": 1}


@login_required
@require_http_methods(["GET", "POST"])
def first_run(request):
    """The operator's first step on a fresh install: the first jurisdiction and its office accounts."""
    require_operator(request.user)
    issuer_form = IssuerForm(request.GET or None)
    issuer = issuer_form.cleaned_data["issuer"] if issuer_form.is_valid() else ""
    guessed = bool(issuer) and guess_jurisdiction(issuer) is not None
    if request.method == "POST":
        form = FirstJurisdictionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                jurisdiction, issued = jurisdiction_with_office_create(
                    name=data["name"], level=data["level"], unit_prefix=data["unit_prefix"] or "",
                    parent=data["parent"], office_accounts=data["office_accounts"], user=request.user)
            except OnboardError as error:
                form.add_error("name", error.message)
            else:
                _remember_issued(request, jurisdiction, issued)
                messages.success(request, _("%(name)s was created.") % {"name": jurisdiction.name})
                return redirect("registry:first_run_done", jurisdiction.pk)
    else:
        form = FirstJurisdictionForm(initial=_first_run_initial(issuer))
    return render(request, "tasks/registry/first_run.html", {
        "form": form, "issuer_form": issuer_form, "issuer": issuer, "guessed": guessed,
        "jurisdictions": list(Jurisdiction.objects.all()[:50]),
    }, status=400 if form.errors else 200)


@never_cache
@login_required
@require_safe
def first_run_done(request, pk):
    """The office accounts just made (passwords shown once), then on to the import."""
    require_operator(request.user)
    jurisdiction = get_object_or_404(Jurisdiction, pk=pk)
    issued, show = _issued(request, jurisdiction, take_show=True)
    return render(request, "tasks/registry/first_run_done.html", {
        "jurisdiction": jurisdiction, "issued": issued if show else None, "sheet_ready": issued is not None,
    })
