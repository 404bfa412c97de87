"""Site-wide guarantees for every public page, with the demo content in place."""

import io
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.test import Client

from tests.security.public_pages import public_pages

pytestmark = pytest.mark.django_db
STRICTLY_NECESSARY = {"csrftoken", "__Host-csrftoken"}


@pytest.fixture
def pages(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    return public_pages()


def test_every_public_page_answers_in_norwegian_with_title_and_description(pages):
    client = Client()
    for url in pages:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        html = response.content.decode()
        assert '<html lang="nb">' in html, url
        assert html.count("<h1") == 1, url
        assert "<title>" in html and "</title>" in html, url
        title = html.split("<title>", 1)[1].split("</title>", 1)[0].strip()
        assert len(title) > len("– Erfaringssentrum"), (url, title)
        assert '<meta name="description" content="' in html, url


def test_an_anonymous_visit_sets_no_cookie_but_the_strictly_necessary(pages):
    client = Client()
    for url in pages:
        cookies = set(client.get(url).cookies)
        assert cookies <= STRICTLY_NECESSARY, (url, cookies)


def test_every_public_page_sends_the_security_headers(pages):
    client = Client()
    for url in pages:
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
        for header in (
            "X-Content-Type-Options",
            "Referrer-Policy",
            "X-Frame-Options",
            "Cross-Origin-Opener-Policy",
            "Cross-Origin-Resource-Policy",
            "Permissions-Policy",
        ):
            assert header in response, (url, header)


def test_nothing_is_loaded_from_another_origin(pages):
    client = Client()
    for url in pages:
        html = client.get(url).content.decode()
        for attribute in (' src="http', " src='http", 'rel="stylesheet" href="http'):
            assert attribute not in html, url
