import logging
import time
from http import HTTPStatus

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from erfaringssentrum.core.ratelimit import ratelimit_post
from erfaringssentrum.middleware import SessionLimitsMiddleware

pytestmark = pytest.mark.django_db


def test_every_page_sends_the_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_with_personal_data_are_not_stored(auth_client, client):
    assert auth_client.get("/min-side/")["Cache-Control"] == "no-store"
    assert auth_client.get("/")["Cache-Control"] == "no-store"
    assert client.get("/konto/login/")["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/").get("Cache-Control", "")


def test_anonymous_visit_sets_no_cookies(client):
    for url in ("/", "/om-oss/", "/personvern/", "/tilgjengelighet/"):
        assert not client.get(url).cookies, url


def test_session_is_ended_after_the_absolute_maximum(auth_client, settings):
    settings.SESSION_ABSOLUTE_MAX_AGE = 60
    assert auth_client.get("/min-side/").status_code == HTTPStatus.OK
    session = auth_client.session
    session[SessionLimitsMiddleware.STARTED] = int(time.time()) - 61
    session.save()
    response = auth_client.get("/min-side/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/konto/login/")


def test_logins_and_failures_are_logged_without_credentials(client, user, caplog):
    caplog.set_level(logging.INFO, logger="erfaringssentrum.security")
    client.post("/konto/login/", {"login": user.email, "password": "feil-passord"})
    client.post("/konto/login/", {"login": user.email, "password": "et-godt-passord-123"})
    client.post("/konto/logout/")
    messages = [record.getMessage() for record in caplog.records]
    assert any(m.startswith("login_failed") for m in messages)
    assert f"login user_id={user.pk} ip=127.0.0.1" in messages
    assert any(m.startswith(f"logout user_id={user.pk}") for m in messages)
    assert not any(user.email in m or "passord" in m for m in messages)


def test_rate_limit_gives_a_norwegian_429_after_the_limit(user, settings):
    settings.RATE_LIMITS = {"test": (2, 60)}

    @ratelimit_post(action="test")
    def view(request):
        return HttpResponse("ok")

    factory = RequestFactory()

    def post():
        request = factory.post("/x/")
        request.user = user
        return view(request)

    assert post().status_code == HTTPStatus.OK
    assert post().status_code == HTTPStatus.OK
    response = post()
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "For mange forsøk" in response.content.decode()
    get_request = factory.get("/x/")
    get_request.user = user
    assert view(get_request).status_code == HTTPStatus.OK


def test_repeated_failed_logins_are_limited_with_a_norwegian_message(client, user):
    for _ in range(5):
        client.post("/konto/login/", {"login": user.email, "password": "feil"})
    # allauth's own limit: even the right password is refused for a while, with a message.
    response = client.post(
        "/konto/login/", {"login": user.email, "password": "et-godt-passord-123"}
    )
    assert "For mange innloggingsforsøk" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_activity_extends_the_session_with_at_most_one_write_per_period(auth_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def session_writes():
        with CaptureQueriesContext(connection) as queries:
            auth_client.get("/min-side/")
        return [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]

    session_writes()
    assert session_writes() == []  # active again at once: no write
    session = auth_client.session
    session[SessionLimitsMiddleware.SEEN] = int(time.time()) - 301
    session.save()
    before = auth_client.session.get_expiry_date()
    assert len(session_writes()) == 1  # five minutes later: the expiry moves forward
    assert auth_client.session.get_expiry_date() >= before
