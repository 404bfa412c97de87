import datetime as dt
import io
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Course
from courses.search import site_search as course_search
from erfaringssentrum import site_search
from erfaringssentrum.core import dates
from erfaringssentrum.core.search import SearchHit

pytestmark = pytest.mark.django_db


def hit(title, rank, kind="Ressurs"):
    return SearchHit(title=title, url=f"/{title}/", summary="", kind=kind, rank=rank)


def test_hits_from_every_provider_are_merged_by_rank(monkeypatch):
    providers = {
        "a": lambda query, *, limit: [hit("a-høy", 0.9), hit("a-lav", 0.1)],
        "b": lambda query, *, limit: [hit("b-midt", 0.5, kind="Spørsmål og svar")],
    }
    monkeypatch.setattr(site_search, "search_providers", lambda: list(providers.values()))
    assert [h.title for h in site_search.search_page("x").hits] == ["a-høy", "b-midt", "a-lav"]
    assert site_search.search_page("  ").hits == []


def test_providers_are_asked_only_for_what_the_page_needs(monkeypatch):
    asked = []

    def provider(query, *, limit):
        asked.append(limit)
        return [hit(f"h{n}", 1 - n / 100) for n in range(min(limit, 45))]

    monkeypatch.setattr(site_search, "search_providers", lambda: [provider])
    first = site_search.search_page("x", number=1)
    assert asked == [21]
    assert (len(first.hits), first.more, first.has_next) == (20, True, True)
    third = site_search.search_page("x", number=3)
    assert asked[-1] == 61
    assert [h.title for h in third.hits] == [f"h{n}" for n in range(40, 45)]
    assert (third.found, third.more, third.has_next) == (45, False, False)
    assert site_search.search_page("x", number=9).number == 3  # past the end: the last page


def test_the_real_providers_are_the_faq_the_resource_library_and_the_courses():
    """In this order: hits of equal rank are shown so (not django.contrib.postgres.search,
    which shares the module name)."""
    assert [provider.__module__ for provider in site_search.search_providers()] == [
        "faq.search",
        "resources.search",
        "courses.search",
    ]



def test_search_page_shows_resources_and_answers_together_with_their_type(
    client, salary_question, resource_factory
):
    resource = resource_factory(
        title="Forhandle lønn som erfaringskonsulent", summary="Tips før du forhandler."
    )
    resource_factory(title="Utkast om lønn", is_published=False)

    response = client.get("/sok/", {"q": "lønn"})

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "2 treff for «lønn»" in html
    assert f'href="{salary_question.get_absolute_url()}"' in html
    assert f'href="{resource.get_absolute_url()}"' in html
    assert "Utkast om lønn" not in html
    assert ">Ressurs</span>" in html
    assert ">Spørsmål og svar</span>" in html
    # The header's search box keeps what was searched for.
    assert 'id="sok-topp" name="q" maxlength="200" placeholder="Søk" value="lønn"' in html
    assert "<title>Søk etter «lønn» – Erfaringssentrum</title>" in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_the_salary_answer_ranks_first_for_lonn_with_the_demo_content(client):
    from faq.demo import seed as seed_faq
    from resources.demo import seed as seed_resources

    seed_resources(stdout=io.StringIO())
    seed_faq(stdout=io.StringIO())
    hits = client.get("/sok/", {"q": "lønn"}).context["hits"]
    assert hits[0].title == "Hva er lønnen for en erfaringskonsulent?"
    assert hits[0].url == "/sporsmal-og-svar/hva-er-lonnen/"


def test_every_suggested_search_finds_something_in_the_demo_content(db):
    from faq.demo import seed

    seed(stdout=io.StringIO())
    for word in site_search.SUGGESTIONS:
        assert site_search.search_page(word).hits, f"forslaget «{word}» gir ingen treff"


def test_nothing_found_gives_a_helpful_message_with_suggestions(client, salary_question):
    html = client.get("/sok/", {"q": "sjiraff"}).content.decode()
    assert "Ingen treff for «sjiraff»" in html
    assert "Sjekk at ordene er stavet riktig" in html
    assert 'href="/sok/?q=l%C3%B8nn"' in html  # a suggested search
    assert 'href="/sporsmal-og-svar/"' in html
    assert 'href="/ressurser/"' in html


def test_an_empty_search_invites_a_query(client, db):
    response = client.get("/sok/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Skriv inn ett eller flere ord" in html
    assert "<title>Søk – Erfaringssentrum</title>" in html
    assert response.context["hit_count"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"q": "a" * 10_000},
        {"q": "lønn\x00\x1b[31m\u202e"},
        {"q": "' OR 1=1 --"},
        {"q": '"lønn'},
        {"q": "!!! & | ( :*"},
        {"q": "og i på"},
        {"q": "lønn", "page": "x"},
        {"q": "lønn", "page": "-1"},
        {"q": "lønn", "page": "999999999999999999999"},
        {"q": ["lønn", "utdanning"]},
    ],
)
def test_odd_input_never_fails(client, salary_question, params):
    response = client.get("/sok/", params)
    # A NUL byte is refused before any page (erfaringssentrum/middleware.py).
    if any("\x00" in str(value) for value in params.values()):
        assert response.status_code == HTTPStatus.BAD_REQUEST
        return
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["search_query"]) <= 200


def test_results_are_paged(client, question_factory):
    for number in range(25):
        question_factory(question=f"Lønn {number}?", answer="lønn")
    first = client.get("/sok/", {"q": "lønn"})
    assert len(first.context["hits"]) == 20
    assert "Over 20 treff for «lønn»" in first.content.decode()
    assert 'href="?q=l%C3%B8nn&amp;page=2"' in first.content.decode()
    second = client.get("/sok/", {"q": "lønn", "page": "2"})
    assert len(second.context["hits"]) == 5
    assert "25 treff for «lønn»" in second.content.decode()
    assert "Over 25" not in second.content.decode()
    assert "<title>Søk etter «lønn», side 2 –" in second.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(queries)


def test_search_runs_a_constant_number_of_queries(client, question_factory, resource_factory):
    def make(count):
        for _ in range(count):
            question_factory(answer="Om lønn.")
            resource_factory(summary="Om lønn.")

    make(10)
    client.get("/sok/?q=lønn")  # warm the contact details cache
    few = _queries(client, "/sok/?q=lønn")
    make(90)
    assert _queries(client, "/sok/?q=lønn") == few


def test_courses_that_take_signups_are_found_with_their_type(client, course_factory):
    now = timezone.now()
    open_course = course_factory()
    dated = course_factory(starts_at=now + dt.timedelta(days=9))
    course_factory(status=Course.Status.CANCELLED)
    course_factory(starts_at=now - dt.timedelta(days=9))

    response = client.get("/sok/", {"q": "fellessamlingen"})

    hits = response.context["hits"]
    assert {hit.url for hit in hits} == {open_course.get_absolute_url(), dated.get_absolute_url()}
    html = response.content.decode()
    assert ">Kurs</span>" in html
    assert "Slik veileder du kandidater. Forventet tid: februar eller mars." in html
    assert f"Tid: {dates.when(dated.starts_at)}." in html
    # Words from the description and the audience find the course too.
    assert course_search("veiledere")
    assert course_search("sjiraff") == []


def test_course_search_runs_one_query(course_factory, django_assert_num_queries):
    for _ in range(10):
        course_factory()
    with django_assert_num_queries(1):
        assert len(course_search("fellessamlingen")) == 10
