"""The page cache keeps only the query strings each page understands (issue #13): anything
else is rendered but not stored, so made-up query strings cannot fill the shared cache."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client

from faq.models import Category, Question
from resources.models import Audience, Kind, Resource

pytestmark = pytest.mark.django_db

DATABASE_CACHE = {
    "default": {
        "BACKEND": "erfaringssentrum.core.failsoft_cache.DatabaseCache",
        "LOCATION": "django_cache",
    }
}


@pytest.fixture
def stored_entries(settings):
    """The number of entries in the shared cache (a table in the database here)."""
    settings.CACHES = DATABASE_CACHE  # its table is made by a migration

    def count():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM django_cache")
            return cursor.fetchone()[0]

    return count


@pytest.fixture
def content(db):
    from django.utils import timezone

    category = Category.objects.create(name="Lønn", slug="lonn")
    Question.objects.create(
        category=category, question="Hva tjener man?", slug="hva", answer="Lønn.",
        is_published=True,
    )  # fmt: skip
    audience = Audience.objects.get(slug="arbeidsgiver")
    resource = Resource.objects.create(
        title="Om lønn", slug="om-lonn", kind=Kind.ARTICLE, summary="S", body="B",
        is_published=True, published_at=timezone.now(),
    )  # fmt: skip
    resource.audiences.add(audience)


def cached(client, url) -> bool:
    client.get(url)
    return client.get(url).get("X-Page-Cache") == "hit"


def test_a_hundred_made_up_query_strings_add_no_entries(content, stored_entries):
    client = Client()
    client.get("/sporsmal-og-svar/")  # the page itself and the content version are stored
    before = stored_entries()
    for n in range(100):
        response = client.get(f"/sporsmal-og-svar/?utm={n}")
        assert response.status_code == HTTPStatus.OK
        assert "X-Page-Cache" not in response
    assert stored_entries() == before


@pytest.mark.parametrize(
    "url",
    [
        "/sporsmal-og-svar/?kategori=ukjent-{n}",
        "/sporsmal-og-svar/?q=lønn{n}",
        "/sporsmal-og-svar/?kategori=lonn&kategori={n}",
        "/ressurser/?fbclid={n}",
        "/ressurser/?page={n}99",
        "/ressurser/?type=ukjent{n}",
        "/ressurser/?malgruppe=ukjent{n}",
        "/ressurser/?q=lønn{n}",
        "/?{n}",
        "/kurs/?side={n}",
        "/vurdering/?uke={n}",
        "/ressurser/om-lonn/?ref={n}",
        "/ressurser/?type=artikkel&page=1&x" + "y" * 100 + "{n}",
    ],
)
def test_query_strings_a_page_does_not_understand_add_no_entries(content, stored_entries, url):
    client = Client()
    client.get(url.partition("?")[0])
    # A first search reads the synonyms, whose version is one shared entry of its own.
    client.get(url.format(n="først"))
    before = stored_entries()
    for n in range(10):
        response = client.get(url.format(n=n))
        assert response.status_code == HTTPStatus.OK
        assert "X-Page-Cache" not in response
    assert stored_entries() == before


@pytest.mark.parametrize("path", ["/ressurser/", "/sporsmal-og-svar/"])
def test_searches_for_nothing_but_blanks_add_no_entries(content, stored_entries, path):
    client = Client()
    client.get(path)
    client.get(f"{path}?q=")  # the filter form's empty search: the page itself
    before = stored_entries()
    for n in range(1, 11):
        response = client.get(path, {"q": " " * n})
        assert response.status_code == HTTPStatus.OK
        assert "X-Page-Cache" not in response
    assert stored_entries() == before


def test_the_query_parameters_a_page_understands_are_cached(content, stored_entries):
    client = Client()
    assert cached(client, "/ressurser/?type=artikkel&malgruppe=arbeidsgiver")
    # The same parameters in another order are the same page.
    assert client.get("/ressurser/?malgruppe=arbeidsgiver&type=artikkel")["X-Page-Cache"] == "hit"
    assert cached(client, "/ressurser/?q=&type=artikkel")  # the filter form sends an empty q
    assert cached(client, "/sporsmal-og-svar/?kategori=lonn")
    assert cached(client, "/ressurser/?page=1")


def test_a_page_asked_for_with_an_unknown_parameter_is_rendered_for_it(content):
    """Links on the page keep the query string ({% querystring %}), so a stored page must never
    be served for another one."""
    client = Client()
    assert cached(client, "/ressurser/?type=artikkel")
    response = client.get("/ressurser/?type=artikkel&utm_source=nyhetsbrev")
    assert "X-Page-Cache" not in response
    assert "utm_source=nyhetsbrev" in response.content.decode()
