"""Behind the reverse proxy every request comes from the proxy: the client's own address is
read from X-Forwarded-For, one way for every rate limit and the security log (issue #13)."""

import logging
from http import HTTPStatus

import pytest
from django.test import Client, RequestFactory

from erfaringssentrum.core.client_ip import client_ip
from erfaringssentrum.core.ratelimit import client_key

PROXY = "127.0.0.1"
ATTACKER = "203.0.113.66"
VISITOR = "198.51.100.7"
PASSWORD = "et-godt-passord-123"  # user_factory's


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def through_proxy(address: str, claimed: str = "") -> Client:
    """A client whose requests reach the site through nginx, which appends the address it saw
    to whatever X-Forwarded-For the client sent itself."""
    forwarded = f"{claimed}, {address}" if claimed else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def request_from(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_the_client_is_the_address_the_trusted_proxy_saw(behind_proxy):
    assert client_ip(request_from(PROXY, VISITOR)) == VISITOR
    # Whatever the client claims itself comes before what our proxy appended.
    assert client_ip(request_from(PROXY, f"10.0.0.1, {VISITOR}")) == VISITOR
    # A request that did not pass the proxy (a health check on the host itself).
    assert client_ip(request_from(PROXY)) == PROXY


def test_two_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from(PROXY, f"10.9.9.9, {VISITOR}, 10.0.0.2")) == VISITOR


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from(VISITOR, "10.0.0.1")) == VISITOR


def test_a_garbled_header_falls_back_to_the_connection(behind_proxy):
    assert client_ip(request_from(PROXY, "ikke-en-adresse")) == PROXY


def test_allauth_reads_the_same_setting(settings):
    from django.conf import settings as django_settings

    assert django_settings.ALLAUTH_TRUSTED_PROXY_COUNT == django_settings.TRUSTED_PROXY_COUNT


def test_the_site_rate_limit_counts_per_client(behind_proxy):
    from django.contrib.auth.models import AnonymousUser

    first, second = request_from(PROXY, ATTACKER), request_from(PROXY, VISITOR)
    first.user = second.user = AnonymousUser()
    assert client_key(first) == f"ip:{ATTACKER}"
    assert client_key(second) == f"ip:{VISITOR}"


@pytest.mark.django_db
def test_failed_logins_from_one_client_do_not_lock_out_another(behind_proxy, user, caplog):
    caplog.set_level(logging.INFO, logger="erfaringssentrum.security")
    attacker = through_proxy(ATTACKER)
    for n in range(11):
        response = attacker.post(
            "/konto/login/", {"login": f"gjett{n}@example.org", "password": "feil"}
        )
    # allauth allows ten failed logins a minute per address: the attacker is stopped ...
    assert "For mange innloggingsforsøk" in response.content.decode()
    # ... and a visitor behind the same proxy, spoofing the attacker's address, logs in.
    visitor = through_proxy(VISITOR, claimed=ATTACKER)
    response = visitor.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == HTTPStatus.FOUND
    assert visitor.session["_auth_user_id"] == str(user.pk)
    messages = [record.getMessage() for record in caplog.records]
    assert f"login_failed ip={ATTACKER}" in messages
    assert f"login user_id={user.pk} ip={VISITOR}" in messages
    assert not any(f"ip={PROXY}" in message for message in messages)


@pytest.mark.django_db
def test_another_port_in_the_host_header_gives_no_fresh_login_attempts(user, settings):
    """allauth's per-account limit is keyed on the address typed in, not on the Host header."""
    settings.ALLOWED_HOSTS = ["erfaringssentrum.example"]
    for port in range(6000, 6005):
        Client(HTTP_HOST=f"erfaringssentrum.example:{port}").post(
            "/konto/login/", {"login": user.email, "password": "feil"}
        )
    client = Client(HTTP_HOST="erfaringssentrum.example:7000")
    response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    assert "For mange innloggingsforsøk" in response.content.decode()
    assert "_auth_user_id" not in client.session
