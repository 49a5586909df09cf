"""The inbox behind the bell, and each user's choice of reminder emails."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tasks.access import notification_for_user
from tasks.models import NotificationSetting
from tasks.selectors.notifications import digest_choice, inbox_for_user, unread_count
from tasks.services.inbox import notification_mark_read, notification_setting_update, notifications_mark_all_read

PER_PAGE = 20


def safe_local_url(url: str) -> str | None:
    """``url`` when it is a path on this site ("/…"), else None: never redirect anywhere else."""
    if not url or not url.startswith("/") or url.startswith(("//", "/\\")):
        return None
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return None
    return url


@login_required
def inbox(request):
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(inbox_for_user(user=request.user, unread_only=unread_only), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "tasks/notifications/inbox.html", {
        "page": page,
        "unread_only": unread_only,
        "unread_total": unread_count(user=request.user),
    })


@login_required
@require_POST
def notification_open(request, pk):
    """Mark the notification read and go where it points (a path on this site, else the inbox)."""
    notification = notification_for_user(request.user, pk)
    notification_mark_read(notification=notification)
    return redirect(safe_local_url(notification.url) or "notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("notifications:inbox")


class ReminderSettingsForm(forms.Form):
    digest = forms.ChoiceField(
        label=gettext_lazy("Email"),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        choices=[
            (NotificationSetting.Digest.DAILY,
             gettext_lazy("Daily digest of what is due, and an email for each event (report reviewed, urge, "
                          "extension)")),
            (NotificationSetting.Digest.NONE,
             gettext_lazy("No emails: notifications only appear in the inbox here")),
        ],
    )


@login_required
def reminder_settings(request):
    if request.method == "POST":
        form = ReminderSettingsForm(request.POST)
        if form.is_valid():
            notification_setting_update(user=request.user, digest=form.cleaned_data["digest"])
            messages.success(request, _("Your reminder settings were saved."))
            return redirect("notifications:settings")
    else:
        form = ReminderSettingsForm(initial={"digest": digest_choice(user=request.user)})
    return render(request, "tasks/notifications/settings.html", {"form": form})
