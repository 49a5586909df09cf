"""Emails from templates: a subject, a text body and an HTML body per kind of email.

Templates live in ``templates/emails/<kind>/{subject.txt,body.txt,body.html}``. They are rendered in
the site's language (settings.LANGUAGE_CODE), not in the language of whoever caused the email:
an office user browsing in English must not send English mail to a Chinese liaison. Links in
emails are absolute: ``settings.SITE_URL`` + path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tasks.models import NotificationSetting

SUBJECT_PREFIX = "[OpenSched] "


def absolute_url(path: str) -> str:
    """SITE_URL + path; a path that is already absolute is returned unchanged."""
    if path.startswith(("http://", "https://")):
        return path
    if not path.startswith("/"):
        path = "/" + path
    return settings.SITE_URL + path


def email_message(*, kind: str, user, context: dict) -> EmailMultiAlternatives:
    """One email of ``kind`` to ``user``: subject, text and HTML rendered from the kind's templates."""
    ctx = {
        "recipient": user,
        "recipient_name": user.get_full_name() or user.get_username(),
        "site_url": settings.SITE_URL,
        "settings_url": absolute_url(reverse("notifications:settings")),
        "inbox_url": absolute_url(reverse("notifications:inbox")),
        **context,
    }
    with translation.override(settings.LANGUAGE_CODE):
        ctx["language_code"] = translation.get_language()
        subject = " ".join(render_to_string(f"emails/{kind}/subject.txt", ctx).split())
        # Template tags leave blank lines behind; a text email shows them, so squeeze them.
        text = re.sub(r"\n[ \t]*(\n[ \t]*)+\n", "\n\n", render_to_string(f"emails/{kind}/body.txt", ctx)).strip() + "\n"
        html = render_to_string(f"emails/{kind}/body.html", ctx)
    message = EmailMultiAlternatives(subject=SUBJECT_PREFIX + subject, body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def _opted_out_settings():
    """Users who chose no emails have this setting (no row means the default: daily digest and event emails)."""
    return NotificationSetting.objects.filter(digest=NotificationSetting.Digest.NONE)


def email_opted_out_ids(user_ids: Iterable[int]) -> set[int]:
    """Users who chose no emails."""
    return set(_opted_out_settings().filter(user_id__in=list(user_ids)).values_list("user_id", flat=True))


def with_email_choice(users: QuerySet) -> QuerySet:
    """``users`` annotated with ``emails_off`` (the rule of :func:`email_opted_out_ids`), so that
    an event's recipients are read with their choice in the same query."""
    return users.annotate(emails_off=Exists(_opted_out_settings().filter(user_id=OuterRef("pk"))))


def users_wanting_email(user_ids: Iterable[int]) -> list:
    """Active users with an email address who have not turned emails off, in one or two queries."""
    ids = set(user_ids)
    if not ids:
        return []
    users = list(get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(email="").order_by("pk"))
    opted_out = email_opted_out_ids(u.pk for u in users)
    return [u for u in users if u.pk not in opted_out]
