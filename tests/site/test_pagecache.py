import gzip

import pytest
from django.test import Client

from erfaringssentrum.models import ContactDetails

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _contact_details_exist():
    ContactDetails.load()  # its first creation counts as a content change


def test_anonymous_front_page_is_served_from_the_cache(client):
    assert client.get("/")["X-Page-Cache"] == "miss"
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert "Vil du bli erfaringskonsulent?" in response.content.decode()
    assert "Content-Security-Policy" in response  # headers are still added per request


def test_changing_content_invalidates_the_cache_at_once(client, save_contact_phone):
    client.get("/")
    save_contact_phone("+47 99 88 77 66")
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "+47 99 88 77 66" in response.content.decode()


def test_logged_in_users_never_get_or_fill_the_cache(client, auth_client, user):
    html = auth_client.get("/").content.decode()
    assert "X-Page-Cache" not in auth_client.get("/")
    assert user.email not in client.get("/").content.decode()
    assert "csrfmiddlewaretoken" in html  # the logout form
    anonymous = client.get("/").content.decode()
    assert "csrfmiddlewaretoken" not in anonymous
    assert "Logg ut" not in anonymous


def test_a_page_that_sets_a_cookie_is_not_cached():
    client = Client()
    client.get("/konto/login/")  # sets the CSRF cookie; not a cached view anyway
    response = client.get("/")
    # A visitor with only a CSRF cookie is still anonymous and gets the shared page,
    # which never contains a token.
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_cached_pages_are_stored_compressed_for_browsers_that_accept_it(client):
    plain = client.get("/").content
    assert client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")["X-Page-Cache"] == "miss"
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["X-Page-Cache"] == "hit"
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content) == plain
    assert len(response.content) < len(plain) / 2
    unencoded = client.get("/")
    assert unencoded["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in unencoded
    assert "Accept-Encoding" in unencoded["Vary"]


def test_pages_that_are_not_cached_are_compressed_too(client):
    response = client.get("/sok/?q=l%C3%B8nn", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Søk på nettstedet" in gzip.decompress(response.content).decode()
