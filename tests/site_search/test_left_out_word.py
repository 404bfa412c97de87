"""A word left out with a minus («lønn -oslo», websearch syntax) leaves out the pages with it,
on SQLite as on PostgreSQL, in the site search, the FAQ and the library."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(resource_factory):
    oslo = resource_factory(title="Lønn i Oslo", summary="Hva kommunen betaler.")
    bergen = resource_factory(title="Lønn i Bergen", summary="Hva kommunen betaler.")
    return oslo, bergen


def test_a_word_left_out_leaves_out_its_pages(client, towns):
    oslo, bergen = towns
    hits = client.get("/sok/", {"q": "lønn -oslo"}).context["hits"]
    assert [hit.url for hit in hits] == [bergen.get_absolute_url()]

    library = client.get(reverse("resources:index"), {"q": "lønn -oslo"})
    assert [r.pk for r in library.context["resources"]] == [bergen.pk]


def test_only_words_left_out_finds_nothing(client, towns):
    assert client.get("/sok/", {"q": "-oslo"}).context["hits"] == []


def test_a_lone_minus_leaves_out_nothing(client, towns):
    oslo, bergen = towns
    hits = client.get("/sok/", {"q": "lønn - -- -hva"}).context["hits"]
    assert {hit.url for hit in hits} == {oslo.get_absolute_url(), bergen.get_absolute_url()}
