import json
import re
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from erfaringssentrum.core.pagecache import forget_local_state

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def json_ld(response):
    match = JSON_LD.search(response.content.decode())
    assert match, "the FAQ page must carry its JSON-LD"
    return json.loads(match.group(1))


def test_questions_are_grouped_by_category_and_ordered_by_position(
    client, category_factory, question_factory
):
    later = category_factory(name="Å søke jobb", slug="a-soke-jobb", position=20)
    first = category_factory(name="Lønn og arbeidsvilkår", slug="lonn", position=10)
    question_factory(category=later, question="Hvordan søker jeg?", position=1)
    question_factory(category=first, question="Andre spørsmål om lønn?", position=2)
    question_factory(category=first, question="Første spørsmål om lønn?", position=1)

    html = client.get("/sporsmal-og-svar/").content.decode()
    html = html[html.index("<main") :]  # the JSON-LD in <head> names the questions too

    order = [
        html.index('<h2 id="kategori-lonn">Lønn og arbeidsvilkår</h2>'),
        html.index("Første spørsmål om lønn?"),
        html.index("Andre spørsmål om lønn?"),
        html.index('<h2 id="kategori-a-soke-jobb">Å søke jobb</h2>'),
        html.index("Hvordan søker jeg?"),
    ]
    assert order == sorted(order)
    # A table of contents links to each category's anchor.
    assert 'href="#kategori-lonn"' in html
    assert 'href="#kategori-a-soke-jobb"' in html
    # Plain HTML disclosure: works without JavaScript.
    assert html.count("<details") == 3
    assert "<summary" in html


def test_drafts_and_empty_categories_are_hidden(client, category_factory, question_factory):
    empty = category_factory(name="Tom kategori")
    question_factory(category=empty, question="Et utkast?", is_published=False)
    question_factory(question="Et publisert spørsmål?")

    response = client.get("/sporsmal-og-svar/")
    html = response.content.decode()
    assert "Et publisert spørsmål?" in html
    assert "Et utkast?" not in html
    assert "Tom kategori" not in html
    data = json_ld(response)
    assert [q["name"] for q in data["mainEntity"]] == ["Et publisert spørsmål?"]


def test_permalink_shows_one_question_with_its_sanitised_answer(client, question_factory):
    question = question_factory(
        question="Hva er lønnen?",
        slug="hva-er-lonnen",
        answer="Den **varierer**.\n\n<script>alert('x')</script>\n\n[Les mer](javascript:alert(1))",
    )
    other = question_factory(category=question.category, question="Et annet spørsmål?")

    index = client.get("/sporsmal-og-svar/").content.decode()
    assert 'href="/sporsmal-og-svar/hva-er-lonnen/"' in index
    assert f'id="{question.anchor}"' in index

    response = client.get("/sporsmal-og-svar/hva-er-lonnen/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<h1>Hva er lønnen?</h1>" in html
    assert "<strong>varierer</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "<title>Hva er lønnen? – Spørsmål og svar – Erfaringssentrum</title>" in html
    assert '<meta name="description" content="Den varierer.' in html
    assert other.get_absolute_url() in html  # more questions in the same category
    assert question.category.get_absolute_url() in html


def test_draft_permalink_is_404_for_visitors_and_a_preview_for_staff(
    client, staff_client, question_factory
):
    draft = question_factory(question="Kommer snart?", is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert client.get("/sporsmal-og-svar/finnes-ikke/").status_code == HTTPStatus.NOT_FOUND
    preview = staff_client.get(draft.get_absolute_url())
    assert preview.status_code == HTTPStatus.OK
    assert "Utkast" in preview.content.decode()
    assert '<meta name="robots" content="noindex">' in preview.content.decode()


def test_filter_by_category(client, category_factory, question_factory):
    salary = category_factory(name="Lønn", slug="lonn")
    jobs = category_factory(name="Jobb", slug="jobb")
    question_factory(category=salary, question="Om lønn?")
    question_factory(category=jobs, question="Om jobb?")

    html = client.get("/sporsmal-og-svar/?kategori=lonn").content.decode()
    assert "Om lønn?" in html
    assert "Om jobb?" not in html
    assert '<option value="lonn" selected>' in html
    assert "<title>Lønn – Spørsmål og svar" in html


def test_unknown_category_is_an_error_next_to_the_field_not_a_500(client, question_factory):
    question_factory(question="Synlig likevel?")
    response = client.get("/sporsmal-og-svar/?kategori=finnes-ikke&side=x")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Vi kjenner ikke den kategorien" in html
    assert "Synlig likevel?" in html
    assert "data-error-summary" in html  # the title says «Feil:»; the summary says where


def test_search_within_the_faq(client, salary_question, question_factory):
    question_factory(question="Hvordan søker jeg jobb?", answer="Les annonsene.")

    html = client.get("/sporsmal-og-svar/?q=lønnen").content.decode()
    assert "1 spørsmål passer til «lønnen»" in html
    assert salary_question.question in html
    assert "Hvordan søker jeg jobb?" not in html

    html = client.get("/sporsmal-og-svar/?q=sjiraff").content.decode()
    assert "Ingen spørsmål passer til «sjiraff»" in html
    assert 'href="/sok/?q=sjiraff"' in html
    # Search results are not for search engines; the FAQ page itself is.
    assert '<meta name="robots" content="noindex, follow">' in html
    assert "robots" not in client.get("/sporsmal-og-svar/").content.decode()


def test_search_within_one_category(client, salary_question, question_factory):
    other = question_factory(question="Lønn i en annen kategori?")
    html = client.get(
        f"/sporsmal-og-svar/?q=lønn&kategori={salary_question.category.slug}"
    ).content.decode()
    assert salary_question.question in html
    assert other.question not in html


@pytest.mark.parametrize(
    "query",
    ["", "   ", "a" * 10_000, "lønn\x00\x07\u202e", "' OR 1=1 --", '"', "!!!", "-", "og"],
)
def test_odd_queries_never_fail(client, salary_question, query):
    response = client.get("/sporsmal-og-svar/", {"q": query})
    # A NUL byte is refused before any page (erfaringssentrum/middleware.py); the rest is shown.
    assert response.status_code == (HTTPStatus.BAD_REQUEST if "\x00" in query else HTTPStatus.OK)


def test_a_very_long_query_is_shown_trimmed(client, salary_question):
    response = client.get("/sporsmal-og-svar/", {"q": "lønn " + "x" * 10_000})
    assert response.status_code == HTTPStatus.OK
    assert "x" * 201 not in response.content.decode()


def test_permalink_runs_a_constant_number_of_queries(
    client, category_factory, question_factory, resource_factory
):
    category = category_factory()
    question = question_factory(category=category, slug="malet")

    def add(count):
        for _ in range(count):
            question_factory(category=category)
            question.related_resources.add(resource_factory())

    add(2)
    client.get("/sporsmal-og-svar/malet/")
    few = _count_queries(client, "/sporsmal-og-svar/malet/")
    add(30)
    assert _count_queries(client, "/sporsmal-og-svar/malet/") == few


def test_json_ld_is_valid_faq_page_with_every_published_question(client, question_factory):
    tricky = question_factory(
        question="Kan et svar inneholde </script> & <!-- ?",
        answer="Ja: </script><script>alert(1)</script> blir bare tekst.",
    )
    questions = [tricky] + [question_factory() for _ in range(3)]
    question_factory(question="Utkast?", is_published=False)

    response = client.get("/sporsmal-og-svar/")
    data = json_ld(response)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    assert sorted(entity["name"] for entity in data["mainEntity"]) == sorted(
        q.question for q in questions
    )
    entity = next(e for e in data["mainEntity"] if e["name"] == tricky.question)
    assert entity["@type"] == "Question"
    assert entity["acceptedAnswer"]["@type"] == "Answer"
    assert entity["acceptedAnswer"]["text"]
    assert entity["url"] == f"http://testserver{tricky.get_absolute_url()}"
    # The element cannot be closed early. A JSON-LD data block is never executed, so the
    # CSP's script-src does not apply to it: it needs no nonce (the browser tests fail on any
    # CSP violation), and without a nonce the page can be served from the page cache.
    script = JSON_LD.search(response.content.decode()).group(1)
    assert "<" not in script and ">" not in script and "&" not in script
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_faq_page_has_a_title_and_description(client, question_factory):
    question_factory()
    html = client.get("/sporsmal-og-svar/").content.decode()
    assert "<title>Spørsmål og svar – Erfaringssentrum</title>" in html
    assert '<meta name="description" content="Svar på det folk oftest spør om' in html
    assert html.count("<h1") == 1


def test_empty_faq_says_so(client, db):
    html = client.get("/sporsmal-og-svar/").content.decode()
    assert "Det er ingen publiserte spørsmål ennå" in html


def _count_queries(client, url):
    cache.clear()  # count the work behind the page, not the page cache
    forget_local_state()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def _make_questions(category_factory, question_factory, resource_factory, count):
    categories = [category_factory(position=i) for i in range(5)]
    for number in range(count):
        question = question_factory(
            category=categories[number % 5],
            question=f"Lønn og spørsmål {number}?",
            answer="Svar om lønn.",
            position=number,
        )
        question.related_resources.add(resource_factory())


@pytest.mark.parametrize("url", ["/sporsmal-og-svar/", "/sporsmal-og-svar/?q=lønn"])
def test_faq_page_runs_a_constant_number_of_queries(
    client, category_factory, question_factory, resource_factory, url
):
    _make_questions(category_factory, question_factory, resource_factory, 10)
    client.get(url)  # warm the contact details cache
    few = _count_queries(client, url)
    _make_questions(category_factory, question_factory, resource_factory, 90)
    assert _count_queries(client, url) == few


def test_related_resources_are_linked_when_published(client, question_factory, resource_factory):
    question = question_factory(question="Hvordan søker jeg?", slug="soke")
    published = resource_factory(title="Slik skriver du søknaden")
    draft = resource_factory(title="Uferdig ressurs", is_published=False)
    question.related_resources.add(published, draft)

    for url in ("/sporsmal-og-svar/", "/sporsmal-og-svar/soke/", "/sporsmal-og-svar/?q=søker"):
        html = client.get(url).content.decode()
        assert f'href="{published.get_absolute_url()}"' in html, url
        assert "Slik skriver du søknaden" in html
        assert "Uferdig ressurs" not in html


def test_a_question_anchor_sits_inside_its_answer_and_a_deferred_script_backs_it_up(
    client, question_factory
):
    question = question_factory(question="Hva er lønnen?", slug="hva-er-lonnen")
    html = client.get("/sporsmal-og-svar/").content.decode()

    # Browsers open a closed <details> for a link to something inside it, not to itself.
    details = html[html.index('<details class="faq-question') : html.index("</details>")]
    assert details.index("</summary>") < details.index(f'id="{question.anchor}"')
    # The fallback script: our own origin, deferred, no inline code (the CSP allows no inline
    # script), so the page stays cacheable.
    assert re.search(r'<script src="/static/faq/faq[.\w]*\.js" defer></script>', html)
    assert "nonce" not in html


def test_a_search_with_few_answers_shows_them_open(client, salary_question, question_factory):
    html = client.get("/sporsmal-og-svar/", {"q": "lønn"}).content.decode()
    assert html.count("<details") == html.count("<details ") == 1
    assert re.search(r'<details class="faq-question[^"]*" open>', html)

    for number in range(4):
        question_factory(question=f"Lønn nummer {number}?")
    html = client.get("/sporsmal-og-svar/", {"q": "lønn"}).content.decode()
    assert "5 spørsmål passer" in html
    assert " open>" not in html  # a longer list stays easy to scan
    assert " open>" not in client.get("/sporsmal-og-svar/").content.decode()


def test_a_large_category_lists_its_first_questions_and_links_to_the_rest(
    client, category_factory, question_factory
):
    from faq.views import QUESTIONS_PER_CATEGORY

    big = category_factory(name="Om lønn og arbeidsvilkår", slug="lonn")
    small = category_factory(name="Rollen", slug="rollen", position=1)
    for number in range(QUESTIONS_PER_CATEGORY + 5):
        question_factory(category=big, question=f"Stort spørsmål {number}?", position=number)
    question_factory(category=small, question="Lite spørsmål?")

    html = client.get("/sporsmal-og-svar/").content.decode()
    assert f"Stort spørsmål {QUESTIONS_PER_CATEGORY - 1}?" in html
    assert f"Stort spørsmål {QUESTIONS_PER_CATEGORY}?" not in html
    assert f"Se alle {QUESTIONS_PER_CATEGORY + 5} spørsmål i «Om lønn og arbeidsvilkår»" in html
    assert 'href="?kategori=lonn"' in html
    assert "Lite spørsmål?" in html and "Se alle 1" not in html

    whole = client.get("/sporsmal-og-svar/", {"kategori": "lonn"}).content.decode()
    assert f"Stort spørsmål {QUESTIONS_PER_CATEGORY + 4}?" in whole
    assert "Se alle" not in whole
