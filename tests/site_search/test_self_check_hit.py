"""The self-check «Passer jeg til å bli erfaringskonsulent?» is a page, not a resource: the
site search finds it by the words people use for it, first among the hits."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

SELF_CHECK = "/ressurser/passer-jeg/"


@pytest.fixture
def content(resource_factory):
    return resource_factory(
        title="Kurs som passer for deg", summary="Velg et kurs etter egen erfaring."
    )


def test_the_self_check_address():
    assert reverse("resources:self-check") == SELF_CHECK


@pytest.mark.parametrize(
    "typed", ["egenvurdering", "Egenvurderingen", "passer jeg", "Passer jeg?", "selvtest"]
)
def test_the_self_check_is_found_first(client, content, typed):
    hits = client.get("/sok/", {"q": typed}).context["hits"]
    assert hits[0].url == SELF_CHECK
    assert hits[0].title == "Passer jeg til å bli erfaringskonsulent?"
    assert [hit.url for hit in hits].count(SELF_CHECK) == 1


def test_with_a_word_of_its_title_too(client, content):
    hits = client.get("/sok/", {"q": "passer jeg som erfaringskonsulent"}).context["hits"]
    assert hits[0].url == SELF_CHECK


def test_among_the_pages_with_some_of_the_words(client, content):
    response = client.get("/sok/", {"q": "egenvurdering for sykepleiere"})
    assert response.context["some_words"] is True
    assert response.context["hits"][0].url == SELF_CHECK


@pytest.mark.parametrize(
    "typed",
    [
        "erfaringskonsulent",
        "kurs",
        "passord",
        "lønn",
        "-passer",
        "egenvurdering -passer",
        "passer -erfaringskonsulent",
        # Searched again for some of the words, the word left out stays left out.
        "egenvurdering for sykepleiere -erfaringskonsulent",
    ],
)
def test_not_for_other_words(client, content, typed):
    hits = client.get("/sok/", {"q": typed}).context["hits"]
    assert SELF_CHECK not in [hit.url for hit in hits]


def test_it_costs_no_query(client, content):
    client.get("/sok/", {"q": "kurs"})  # warm caches
    with CaptureQueriesContext(connection) as other:
        assert client.get("/sok/", {"q": "kurs"}).context["hits"]
    with CaptureQueriesContext(connection) as self_check:
        client.get("/sok/", {"q": "egenvurdering"})
    assert len(self_check) == len(other)
