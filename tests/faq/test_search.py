import io

import pytest
from django.db import connection

from faq import demo
from faq.search import KIND, site_search

pytestmark = pytest.mark.django_db


def on_postgres(test):
    """PostgreSQL only; on SQLite skipped, decided by the connection when the test runs."""
    skip = pytest.mark.skipif(
        "connection.vendor != 'postgresql'", reason="Stemming needs PostgreSQL's full-text search"
    )
    return pytest.mark.postgres(skip(test))


def test_site_search_returns_hits_with_type_and_permalink(salary_question, question_factory):
    question_factory(question="Hva er en brukerrepresentant?", answer="En representant.")
    question_factory(question="Utkast om lønn?", answer="Lønn.", is_published=False)

    hits = site_search("lønn")

    assert [hit.title for hit in hits] == [salary_question.question]
    hit = hits[0]
    assert hit.kind == KIND == "Spørsmål og svar"
    assert hit.url == "/sporsmal-og-svar/hva-er-lonnen/"
    assert "350 000" in hit.summary and "**" not in hit.summary
    assert hit.rank > 0


def test_the_salary_question_ranks_first_for_lonn(salary_question, question_factory):
    question_factory(
        question="Finnes det en tariffavtale?",
        answer="Nei, så lønn avtales med hver arbeidsgiver.",
    )
    question_factory(question="Hva gjør en erfaringskonsulent?", answer="Mye, også lønnet.")
    hits = site_search("lønn")
    assert hits[0].title == salary_question.question
    assert len(hits) >= 2


def test_limit_and_empty_query(question_factory):
    for number in range(5):
        question_factory(question=f"Om lønn {number}?", answer="lønn")
    assert len(site_search("lønn", limit=3)) == 3
    assert site_search("") == []
    assert site_search("   \x00 ") == []


def test_site_search_runs_one_query(question_factory, django_assert_num_queries):
    for number in range(20):
        question_factory(question=f"Om lønn {number}?", answer="lønn")
    with django_assert_num_queries(1):
        site_search("lønn")


@on_postgres
@pytest.mark.parametrize("query", ["lønn", "lønnen", "lønnsnivå"])
def test_norwegian_word_forms_find_the_salary_answer_on_postgres(query):
    assert connection.vendor == "postgresql"
    demo.seed(stdout=io.StringIO())  # the real copy, with all its other questions
    hits = site_search(query)
    assert hits, f"«{query}» fant ingenting"
    assert hits[0].url == "/sporsmal-og-svar/hva-er-lonnen/"


@on_postgres
def test_stemming_is_real_on_postgres_not_substring_matching(question_factory):
    question_factory(question="Om lønnen?", slug="lonnen", answer="Lønnen varierer.")
    question_factory(question="Om lønnsslipp?", slug="slipp", answer="En lønnsslipp.")
    assert [hit.url for hit in site_search("lønn")] == ["/sporsmal-og-svar/lonnen/"]


@on_postgres
def test_the_search_uses_a_gin_index_on_the_stored_vector_on_postgres(salary_question):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'faq_question_search_vector_idx'"
        )
        (definition,) = cursor.fetchone()
    assert "gin (search_vector)" in definition.lower()
    salary_question.refresh_from_db()
    assert "'lønn" in salary_question.search_vector  # filled by the Norwegian trigger
