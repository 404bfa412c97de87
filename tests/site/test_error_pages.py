from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path

from erfaringssentrum.urls import urlpatterns as site_urlpatterns


def bad_request(request):
    raise SuspiciousOperation("test")


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("test")


handler500 = "erfaringssentrum.views.server_error"

urlpatterns = [
    path("test/400/", bad_request),
    path("test/403/", forbidden),
    path("test/500/", broken),
    *site_urlpatterns,
]


@pytest.fixture
def error_client(settings, db):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "url, status, heading",
    [
        ("/test/400/", HTTPStatus.BAD_REQUEST, "Noe var feil i adressen eller skjemaet"),
        ("/test/403/", HTTPStatus.FORBIDDEN, "Du har ikke tilgang til denne siden"),
        ("/finnes-ikke/", HTTPStatus.NOT_FOUND, "Vi fant ikke siden"),
        ("/test/500/", HTTPStatus.INTERNAL_SERVER_ERROR, "Noe gikk galt hos oss"),
    ],
)
def test_error_pages_are_norwegian_in_the_site_design(error_client, url, status, heading):
    response = error_client.get(url)
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert '<html lang="nb">' in html
    assert 'href="#hovedinnhold"' in html  # the site's own layout, skip link and all
    assert 'href="/ressurser/"' in html and 'href="/personvern/"' in html  # header, footer


def test_csrf_failure_is_a_norwegian_403(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Vi kunne ikke ta imot skjemaet" in response.content.decode()
