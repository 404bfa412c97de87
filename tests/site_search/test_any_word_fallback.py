"""A question typed on a phone («trenger jeg utdanning», «lønn erfaringskonsulent oslo»)
rarely has every word on one page. When a search of two or more words finds nothing, the
site search, the FAQ and the library search again for pages with any of the words, those
with the most of them first, and say so. The normal search is not touched."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from erfaringssentrum.core.search import searched_words
from erfaringssentrum.models import SearchSynonym

pytestmark = pytest.mark.django_db

SOME_WORDS = "Ingen treff på alle ordene. Viser treff på noen av dem."


@pytest.fixture
def pages(resource_factory, question_factory):
    education = resource_factory(
        title="Utdanning for erfaringskonsulenter", summary="Kurs og studier som passer."
    )
    salary = resource_factory(
        title="Lønn for erfaringskonsulenter", summary="Hva en erfaringskonsulent tjener."
    )
    other = resource_factory(title="Brukermedvirkning i kommunen", summary="Om å bli hørt.")
    question = question_factory(
        question="Må jeg ha utdanning?", answer="Nei, men et kurs hjelper mange."
    )
    return education, salary, other, question


def test_a_question_whose_words_are_not_all_on_one_page_finds_the_pages_with_some(client, pages):
    education, salary, other, question = pages
    response = client.get("/sok/", {"q": "trenger jeg utdanning"})
    urls = [hit.url for hit in response.context["hits"]]
    assert set(urls) == {education.get_absolute_url(), question.get_absolute_url()}
    assert response.context["some_words"] is True
    assert SOME_WORDS in response.content.decode()


def test_pages_matching_more_of_the_words_come_first(client, pages):
    education, salary, other, question = pages
    hits = client.get("/sok/", {"q": "lønn erfaringskonsulent oslo"}).context["hits"]
    # «lønn» and «erfaringskonsulent» before the page with only «erfaringskonsulent».
    assert [hit.url for hit in hits] == [salary.get_absolute_url(), education.get_absolute_url()]


def test_synonyms_are_kept_in_the_fallback(client, pages):
    education, salary, other, question = pages
    SearchSynonym.objects.update_or_create(word="betalt", defaults={"means": "lønn"})
    hits = client.get("/sok/", {"q": "hvor mye får man betalt"}).context["hits"]
    assert [hit.url for hit in hits] == [salary.get_absolute_url()]


def test_a_search_that_finds_every_word_is_not_widened(client, pages):
    education, salary, other, question = pages
    response = client.get("/sok/", {"q": "lønn erfaringskonsulent"})
    assert [hit.url for hit in response.context["hits"]] == [salary.get_absolute_url()]
    assert response.context["some_words"] is False
    assert SOME_WORDS not in response.content.decode()


def test_one_word_that_finds_nothing_is_not_widened(client, pages):
    response = client.get("/sok/", {"q": "sjiraff"})
    assert response.context["hits"] == []
    assert response.context["some_words"] is False


def test_nothing_on_any_word_is_still_no_hits(client, pages):
    response = client.get("/sok/", {"q": "sjiraff elefant"})
    assert response.context["hits"] == []
    assert SOME_WORDS not in response.content.decode()
    assert "Ingen treff for «sjiraff elefant»" in response.content.decode()


def test_the_faq_and_the_library_widen_the_same_way(client, pages):
    education, salary, other, question = pages
    faq = client.get(reverse("faq:index"), {"q": "trenger jeg utdanning"})
    assert [q.pk for q in faq.context["results"]] == [question.pk]
    assert SOME_WORDS in faq.content.decode()
    # Not «passer til» the words: the question has only some of them.
    assert "1 treff for «trenger jeg utdanning»" in faq.content.decode()
    assert "passer til «trenger jeg utdanning»" not in faq.content.decode()

    library = client.get(reverse("resources:index"), {"q": "lønn erfaringskonsulent oslo"})
    assert [r.pk for r in library.context["resources"]] == [salary.pk, education.pk]
    assert SOME_WORDS in library.content.decode()

    strict = client.get(reverse("resources:index"), {"q": "lønn erfaringskonsulent"})
    assert [r.pk for r in strict.context["resources"]] == [salary.pk]
    assert SOME_WORDS not in strict.content.decode()


def test_a_query_that_finds_something_runs_no_extra_query(client, pages):
    client.get("/sok/", {"q": "lønn"})  # warm caches
    with CaptureQueriesContext(connection) as one_word:
        client.get("/sok/", {"q": "lønn"})
    with CaptureQueriesContext(connection) as two_words:
        client.get("/sok/", {"q": "lønn erfaringskonsulent"})
    assert len(two_words) == len(one_word)


@pytest.mark.parametrize(
    "typed",
    [
        "lønn -erfaringskonsulent oslo",
        "\"lønn oslo\" 'x'",
        "lønn & oslo | ! ( ) :* <-> \\",
        "or or",
        "lønn or",
        "- -- -lønn",
        "lønn:* oslo:A",
        "ø" * 200,
        "lønn " * 40,
        "a' | b",
        "x_ _y __",
    ],
)
def test_odd_input_never_fails(client, pages, typed):
    for url in ("/sok/", reverse("faq:index"), reverse("resources:index")):
        assert client.get(url, {"q": typed}).status_code == 200


def test_the_words_searched_again_are_plain_words():
    assert searched_words("Lønn & oslo | :* -utdanning or hva <-> 'x'") == ["lønn", "oslo", "x"]
    assert searched_words("betalt or lønn") == ["betalt", "lønn"]
    assert searched_words("hvor mange") == []


def test_courses_are_searched_again_too(client, course_factory):
    course = course_factory()
    response = client.get("/sok/", {"q": "fellessamling sjiraff"})
    assert [hit.url for hit in response.context["hits"]] == [course.get_absolute_url()]
    assert response.context["some_words"] is True


def test_the_next_page_of_the_pages_with_some_of_the_words(client, resource_factory):
    for number in range(25):
        resource_factory(title=f"Lønn, del {number}")
    first = client.get("/sok/", {"q": "lønn sjiraff"})
    second = client.get("/sok/", {"q": "lønn sjiraff", "page": 2})
    assert len(first.context["hits"]) == 20
    assert len(second.context["hits"]) == 5
    assert second.context["some_words"] is True
    assert not {h.url for h in first.context["hits"]} & {h.url for h in second.context["hits"]}


def test_a_word_left_out_with_a_minus_stays_left_out_when_widened(client, resource_factory):
    # «lønn kurs -oslo»: the page with every word is left out for «oslo»; searched again
    # for some of the words, it must not come back first, nor any other page about Oslo.
    in_oslo = resource_factory(title="Lønn og kurs i Oslo", summary="Om Oslo.")
    salary = resource_factory(title="Lønn for erfaringskonsulenter", summary="Hva man tjener.")
    response = client.get("/sok/", {"q": "lønn kurs -oslo"})
    assert response.context["some_words"] is True
    assert [hit.url for hit in response.context["hits"]] == [salary.get_absolute_url()]
    assert in_oslo.get_absolute_url() not in response.content.decode()
