"""Log-in throttling that holds behind the proxy, and log-in pages that take any input."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from opensched.client_ip import client_ip
from tests import factories

PASSWORD = "pw-123456-test"


def _request(remote="127.0.0.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.fixture
def behind_proxy(settings):
    settings.OPENSCHED_PROXY_COUNT = 1
    settings.OPENSCHED_TRUSTED_PROXIES = ["127.0.0.1", "::1"]


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.OPENSCHED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.5", "198.51.100.1")) == "203.0.113.5"


def test_behind_the_proxy_the_address_the_proxy_saw_counts(behind_proxy):
    assert client_ip(_request("127.0.0.1", "198.51.100.7")) == "198.51.100.7"


def test_a_client_cannot_choose_its_address_by_sending_the_header_itself(behind_proxy):
    # nginx appends the address it saw: whatever the client sent stays on the left.
    assert client_ip(_request("127.0.0.1", "10.9.9.9, 198.51.100.7")) == "198.51.100.7"


def test_the_header_counts_only_from_a_trusted_proxy(behind_proxy):
    assert client_ip(_request("203.0.113.5", "198.51.100.7")) == "203.0.113.5"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", " , ", "x" * 5000])
def test_a_malformed_header_falls_back_to_the_proxy_address(behind_proxy, forwarded):
    assert client_ip(_request("127.0.0.1", forwarded)) == "127.0.0.1"


def test_two_proxies_take_the_second_entry_from_the_right(settings):
    settings.OPENSCHED_PROXY_COUNT = 2
    settings.OPENSCHED_TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(_request("127.0.0.1", "10.9.9.9, 198.51.100.7, 192.0.2.1")) == "198.51.100.7"


def _login(client, username, password, address):
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


@pytest.mark.django_db
def test_failures_from_one_address_do_not_lock_the_user_out_elsewhere(client, behind_proxy, settings):
    factories.user(username="office")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "office", "wrong", "198.51.100.66")
    locked = _login(client, "office", PASSWORD, "198.51.100.66")
    assert locked.status_code == 429
    # Spoofing the header from the locked address does not help: the proxy appends the real one.
    assert _login(client, "office", PASSWORD, "192.0.2.10, 198.51.100.66").status_code == 429
    # The real user, from their own address, logs in.
    response = _login(client, "office", PASSWORD, "198.51.100.7")
    assert response.status_code == 302 and response.url == reverse("portal:home")


@pytest.mark.django_db
def test_the_lockout_page_is_a_429_in_chinese(client, behind_proxy, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    factories.user(username="office")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = _login(client, "office", "wrong", "198.51.100.66")
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录失败次数过多" in page and "Too many" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["login", "admin:login"])
@pytest.mark.parametrize("username", ["u" * 151, "u" * 300, "名" * 10_000, "\x00", " "])
def test_any_username_gets_a_page_not_a_500(client, url, username):
    response = client.post(reverse(url), {"username": username, "password": "x"})
    assert response.status_code == 200
    assert all(len(name or "") <= 255 for name in AccessAttempt.objects.values_list("username", flat=True))


@pytest.mark.django_db
def test_a_too_long_username_is_told_so(client):
    page = client.post(reverse("login"), {"username": "u" * 300, "password": "x"}).content.decode()
    assert "at most 150 characters" in page


@pytest.mark.django_db
def test_a_huge_password_is_refused_before_hashing(client):
    factories.user(username="office")
    response = client.post(reverse("login"), {"username": "office", "password": "p" * 100_000})
    assert response.status_code == 200 and "at most 4096 characters" in response.content.decode()
