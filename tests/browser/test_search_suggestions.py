"""«Mente du «lønn»?» in a browser (issue #16): on PostgreSQL (pg_trgm) a misspelt search on
/sok/, in the FAQ and in the resource library offers the word the content uses; a keyboard
user reaches the suggestion with Tab, follows it with Enter and gets results. axe finds
nothing at 1280 and at 360 px. SQLite offers no suggestion (tests/site_search)."""

import re
from dataclasses import dataclass

import pytest
from django.db import connection
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="trigram similarity needs PostgreSQL"
    ),
]

SUGGESTION = "Mente du «lønn»?"
RESOURCE = "Lønn og arbeidsvilkår for erfaringskonsulenter"
QUESTION = "Hva er lønnen for en erfaringskonsulent?"  # the salary question of the demo content


@dataclass(frozen=True)
class SearchPlace:
    path: str
    box: str  # the search box's label
    nothing_found: str  # the heading when nothing matched, with {typed}
    before: tuple[str, str]  # (role, name) of the last control before the suggestion
    found_url: str
    found: str  # the heading after following the suggestion (a regular expression)
    hits: tuple[tuple[str, str], ...]  # (role, name) of what is found


PLACES = {
    "site": SearchPlace(
        path="/sok/",
        box="Hva leter du etter?",
        nothing_found="Ingen treff for «{typed}»",
        before=("button", "Søk"),
        found_url=r"/sok/\?q=l%C3%B8nn$",
        found=r"^\d+ treff for «lønn»$",
        hits=(("link", RESOURCE), ("link", QUESTION)),
    ),
    "faq": SearchPlace(
        path="/sporsmal-og-svar/",
        box="Søk i spørsmål og svar",
        nothing_found="Ingen spørsmål passer til «{typed}»",
        before=("button", "Vis"),
        found_url=r"/sporsmal-og-svar/\?.*q=l%C3%B8nn",
        found=r"^1 spørsmål passer til «lønn»$",
        hits=(("link", f"Fast lenke til «{QUESTION}»"),),  # inside the answer: shown open
    ),
    "library": SearchPlace(
        path="/ressurser/",
        box="Søk i ressursene",
        nothing_found="0 treff for «{typed}»",
        before=("link", "Nullstill"),
        found_url=r"/ressurser/\?.*q=l%C3%B8nn",
        found=r"^1 treff for «lønn»$",
        hits=(("link", RESOURCE),),
    ),
}


@pytest.fixture
def salary_content(transactional_db, resource_factory, salary_question):
    """The salary question as in the demo content and a published resource about salary."""
    assert salary_question.question == QUESTION
    resource_factory(title=RESOURCE, summary="Hva du tjener.")


@pytest.mark.parametrize("typed", ["lonn", "lønnn"])
@pytest.mark.parametrize("place", PLACES.values(), ids=PLACES.keys())
def test_a_misspelt_search_offers_lonn_and_the_keyboard_follows_it(
    page, salary_content, place, typed, assert_accessible, check_page
):
    page.goto(place.path)
    box = page.get_by_role("searchbox", name=place.box)
    box.fill(typed)
    box.press("Enter")

    nothing_found = place.nothing_found.format(typed=typed)
    expect(page.get_by_role("heading", name=nothing_found)).to_be_visible()
    expect(page.get_by_text(SUGGESTION)).to_be_visible()
    check_page(page)  # 1280 and 360 px

    # Tab from the last control before the suggestion reaches its link; Enter follows it.
    role, name = place.before
    before = page.get_by_role("main").get_by_role(role, name=name, exact=True)
    before.focus()
    expect(before).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="«lønn»")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(place.found_url))
    expect(page.get_by_role("heading", name=re.compile(place.found))).to_be_visible()
    for role, name in place.hits:
        expect(page.get_by_role(role, name=name).first).to_be_visible()
    assert_accessible(page)
