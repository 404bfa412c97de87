"""A search made only of common words («hvor mange», «hva er det?»): the full-text search
skips such words (PostgreSQL's Norwegian stop words), so it finds nothing, on SQLite as on
PostgreSQL, and the page says why and what to try instead, not to check the spelling."""

import pytest
from django.db import connection
from django.urls import reverse

from erfaringssentrum.core.search import STOP_WORDS, only_common_words

pytestmark = pytest.mark.django_db

SPELLING_TIP = "Sjekk at ordene er stavet riktig."
COMMON_WORDS_TIP = "består bare av vanlige ord som søket hopper over"


@pytest.fixture
def how_many(question_factory, resource_factory):
    """Content that has the common words in it, as the demo content does."""
    question = question_factory(
        question="Hvor mange erfaringskonsulenter finnes det i Norge?",
        answer="Det er mange: anslagsvis 300–500.",
    )
    resource = resource_factory(
        title="Hva gjør en erfaringskonsulent?", summary="Hva er det, og hvor mange er de?"
    )
    return question, resource


@pytest.mark.parametrize("typed", ["hvor mange", "Hva er det?", "hva  ER det", "og, i, på"])
def test_a_query_of_common_words_only_is_recognised(typed):
    assert only_common_words(typed)


@pytest.mark.parametrize("typed", ["", "  ", "lønn", "hvor mye lønn", "lonn", "???", "-hva"])
def test_a_query_with_a_word_to_search_for_is_not(typed):
    assert not only_common_words(typed)


@pytest.mark.parametrize("typed", ["hvor mange", "hva er det?"])
def test_the_site_search_says_the_words_are_too_common(client, how_many, typed):
    response = client.get("/sok/", {"q": typed})
    assert response.context["hits"] == []
    assert response.context["common_words_only"] is True
    assert response.context["did_you_mean"] == ""
    html = response.content.decode()
    assert SPELLING_TIP not in html
    assert f"«{typed}» {COMMON_WORDS_TIP}" in html
    assert 'for eksempel <a href="/sok/?q=l%C3%B8nn">lønn</a>' in html


def test_one_common_word_is_called_one(client, how_many):
    html = client.get("/sok/", {"q": "Hva?"}).content.decode()
    assert "«Hva?» er et så vanlig ord at søket hopper over det" in html
    assert SPELLING_TIP not in html


def test_a_misspelt_word_still_gets_the_spelling_tip(client, how_many):
    response = client.get("/sok/", {"q": "sjiraff"})
    assert response.context["common_words_only"] is False
    html = response.content.decode()
    assert SPELLING_TIP in html
    assert COMMON_WORDS_TIP not in html


def test_a_common_word_with_a_real_one_searches_the_real_one(client, how_many):
    """On SQLite too, «hvor mange erfaringskonsulenter» looks for «erfaringskonsulenter»
    only, as PostgreSQL does, and so finds the question."""
    question, _ = how_many
    hits = client.get("/sok/", {"q": "hvor mange erfaringskonsulenter?"}).context["hits"]
    assert question.get_absolute_url() in {hit.url for hit in hits}


def test_the_library_says_the_words_are_too_common(client, how_many):
    response = client.get(reverse("resources:index"), {"q": "hvor mange"})
    assert list(response.context["resources"]) == []
    assert response.context["did_you_mean"] == ""
    html = response.content.decode()
    assert f"«hvor mange» {COMMON_WORDS_TIP}" in html
    assert "Prøv et annet ord" not in html


def test_the_faq_says_the_words_are_too_common(client, how_many):
    response = client.get(reverse("faq:index"), {"q": "hvor mange"})
    assert response.context["results"] == []
    assert response.context["did_you_mean"] == ""
    html = response.content.decode()
    assert f"«hvor mange» {COMMON_WORDS_TIP}" in html
    assert "Prøv et annet eller kortere ord" not in html


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stop words")
def test_the_common_words_are_the_ones_postgresql_skips():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM unnest(%s::text[]) AS word"
            " WHERE to_tsvector('norwegian', word) = ''::tsvector",
            [sorted(STOP_WORDS)],
        )
        skipped = {word for (word,) in cursor.fetchall()}
    assert skipped == STOP_WORDS
