"""Log in, log out, change password, and django-axes locking a username + IP after five failures."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Pages in English whatever translations exist, so assertions on words stay stable."""
    settings.LANGUAGE_CODE = "en"

PASSWORD = "pw-123456-test"


def login(client, username, password, ip="10.0.0.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_anonymous_is_sent_to_login(world, client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_login_takes_liaison_home_and_office_to_overview(world, client):
    response = login(client, "caizheng", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200
    client.post(reverse("logout"))
    login(client, "office", PASSWORD)
    assert client.get(reverse("portal:home")).url == reverse("portal:overview")


def test_wrong_password_shows_an_error(world, client):
    response = login(client, "caizheng", "nope")
    assert response.status_code == 200 and response.context["form"].errors
    assert "alert-danger" in response.content.decode()


def test_logout(world, client):
    login(client, "caizheng", PASSWORD)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("portal:home")).status_code == 302


def test_change_password(world, client):
    login(client, "caizheng", PASSWORD)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "Another-pass-2021!", "new_password2": "Another-pass-2021!",
    })
    assert response.status_code == 302
    world.liaison.refresh_from_db()
    assert world.liaison.check_password("Another-pass-2021!")


def test_sixth_attempt_is_locked_out_even_with_the_right_password(world, client, settings):
    settings.AXES_ENABLED = True
    for _ in range(4):
        assert login(client, "caizheng", "wrong-password").status_code == 200
    assert login(client, "caizheng", "wrong-password").status_code == 429  # the fifth failure locks
    response = login(client, "caizheng", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address, or another user from the same address, is not locked.
    assert login(client, "caizheng", PASSWORD, ip="10.0.0.8").status_code == 302
    client.post(reverse("logout"))
    assert login(client, "shichang", PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(world, client):
    for _ in range(4):
        login(client, "caizheng", "wrong-password")
    assert login(client, "caizheng", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        login(client, "caizheng", "wrong-password")
    assert login(client, "caizheng", PASSWORD).status_code == 302
    factories.user()
