"""The inbox behind the bell and the reminder settings page."""

import pytest
from django.urls import reverse

from tasks.models import Notification, NotificationSetting
from tests import factories
from tests import factories_notifications as fn


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def mine(world):
    return fn.notification(recipient=world.liaison, title="Report returned: 制定工作方案",
                           url=f"/assignments/{world.assignment.pk}/")


def open_url(n):
    return reverse("notifications:open", args=[n.pk])


def test_inbox_lists_own_notifications_with_unread_count(client, world, mine):
    fn.notification(recipient=world.other_liaison, title="别人的通知")
    client.force_login(world.liaison)
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Report returned: 制定工作方案" in html
    assert "别人的通知" not in html
    assert f'action="{open_url(mine)}"' in html
    assert response.context["unread_notifications"] == 1


def test_inbox_is_paginated_and_filters_unread(client, world):
    for i in range(25):
        fn.notification(recipient=world.liaison, title=f"通知{i:02d}")
    Notification.objects.filter(title="通知00").update(read_at="2021-07-12T08:00:00+08:00")
    client.force_login(world.liaison)
    first = client.get(reverse("notifications:inbox"))
    assert len(first.context["page"].object_list) == 20
    assert client.get(reverse("notifications:inbox") + "?page=2").context["page"].number == 2
    unread = client.get(reverse("notifications:inbox") + "?show=unread&page=2")
    assert unread.context["page"].paginator.count == 24


def test_opening_marks_read_and_redirects_to_its_link(client, world, mine):
    client.force_login(world.liaison)
    response = client.post(open_url(mine))
    assert response.status_code == 302 and response["Location"] == mine.url
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_opening_needs_post(client, world, mine):
    client.force_login(world.liaison)
    assert client.get(open_url(mine)).status_code == 405
    mine.refresh_from_db()
    assert mine.read_at is None


@pytest.mark.parametrize("url", [
    "https://evil.example.com/", "//evil.example.com/x", "/\\evil.example.com", "javascript:alert(1)",
    "http://testserver/assignments/1/", "assignments/1/",
])
def test_opening_never_redirects_off_site(client, world, url):
    n = fn.notification(recipient=world.liaison, url=url)
    client.force_login(world.liaison)
    response = client.post(open_url(n))
    assert response.status_code == 302 and response["Location"] == reverse("notifications:inbox")


def test_another_users_notification_is_404_and_stays_unread(client, world, mine):
    for intruder in (world.other_liaison, world.office, world.supervisor):
        client.force_login(intruder)
        assert client.post(open_url(mine)).status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None


def test_anonymous_is_sent_to_login(client, world, mine):
    for response in (client.get(reverse("notifications:inbox")), client.post(open_url(mine)),
                     client.get(reverse("notifications:settings"))):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_mark_all_read_marks_only_own(client, world, mine):
    other = fn.notification(recipient=world.other_liaison)
    fn.notification(recipient=world.liaison, title="第二条")
    client.force_login(world.liaison)
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=world.liaison, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_writes_require_csrf(world, mine):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.liaison)
    assert client.post(open_url(mine)).status_code == 403
    assert client.post(reverse("notifications:mark_all_read")).status_code == 403
    assert client.post(reverse("notifications:settings"), {"digest": "none"}).status_code == 403


def test_settings_default_daily_and_can_turn_emails_off(client, world):
    client.force_login(world.liaison)
    page = client.get(reverse("notifications:settings"))
    assert page.status_code == 200 and page.context["form"].initial["digest"] == "daily"
    response = client.post(reverse("notifications:settings"), {"digest": "none"})
    assert response.status_code == 302
    assert NotificationSetting.objects.get(user=world.liaison).digest == NotificationSetting.Digest.NONE
    assert client.get(reverse("notifications:settings")).context["form"].initial["digest"] == "none"
    client.post(reverse("notifications:settings"), {"digest": "daily"})
    assert NotificationSetting.objects.get(user=world.liaison).digest == NotificationSetting.Digest.DAILY


def test_settings_rejects_unknown_choice(client, world):
    client.force_login(world.liaison)
    response = client.post(reverse("notifications:settings"), {"digest": "hourly"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not NotificationSetting.objects.exists()


def test_settings_warns_when_account_has_no_email(client, world):
    client.force_login(world.liaison)
    assert "no email address" in client.get(reverse("notifications:settings")).content.decode()
    user = factories.user(email="x@example.org")
    client.force_login(user)
    assert "x@example.org" in client.get(reverse("notifications:settings")).content.decode()
