"""«Mente du «lønn»?» in a browser (issue #16): on PostgreSQL (pg_trgm) a misspelt search on
/sok/, in the FAQ and in the resource library offers the word the content uses; a keyboard
user reaches the suggestion with Tab, follows it with Enter and gets results. axe finds
nothing at 1280 and at 360 px. SQLite offers no suggestion (tests/site_search)."""

import re

import pytest
from django.db import connection
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="trigram similarity needs PostgreSQL"
    ),
]

TYPED = ["lonn", "lønnn"]
SUGGESTION = "Mente du «lønn»?"


@pytest.fixture
def salary_content(transactional_db, resource_factory, salary_question):
    """The salary question as in the demo content and a published resource about salary."""
    resource_factory(
        title="Lønn og arbeidsvilkår for erfaringskonsulenter", summary="Hva du tjener."
    )
    return salary_question


def follow_the_suggestion_with_the_keyboard(page, before):
    """Tab from `before` (the last control ahead of the suggestion) to the link, then Enter."""
    link = page.get_by_role("link", name="«lønn»")
    before.focus()
    expect(before).to_be_focused()
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")


def check_both_sizes(page, assert_accessible, assert_fits_small_screen):
    assert_accessible(page)
    assert_fits_small_screen(page)
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("typed", TYPED)
def test_site_search_offers_lonn_and_the_keyboard_follows_it(
    page, salary_content, typed, assert_accessible, assert_fits_small_screen
):
    page.goto("/sok/")
    box = page.get_by_role("searchbox", name="Hva leter du etter?")
    box.fill(typed)
    box.press("Enter")

    expect(page.get_by_role("heading", name=f"Ingen treff for «{typed}»")).to_be_visible()
    expect(page.get_by_text(SUGGESTION)).to_be_visible()
    check_both_sizes(page, assert_accessible, assert_fits_small_screen)

    search_button = page.get_by_role("main").get_by_role("button", name="Søk", exact=True)
    follow_the_suggestion_with_the_keyboard(page, search_button)
    expect(page).to_have_url(re.compile(r"/sok/\?q=l%C3%B8nn$"))
    expect(page.get_by_role("heading", name=re.compile(r"^\d+ treff for «lønn»$"))).to_be_visible()
    expect(page.get_by_role("link", name=salary_content.question)).to_be_visible()
    expect(
        page.get_by_role("link", name="Lønn og arbeidsvilkår for erfaringskonsulenter")
    ).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("typed", TYPED)
def test_faq_search_offers_lonn_and_the_keyboard_follows_it(
    page, salary_content, typed, assert_accessible, assert_fits_small_screen
):
    page.goto("/sporsmal-og-svar/")
    box = page.get_by_role("searchbox", name="Søk i spørsmål og svar")
    box.fill(typed)
    box.press("Enter")

    expect(page.get_by_role("heading", name=f"Ingen spørsmål passer til «{typed}»")).to_be_visible()
    expect(page.get_by_text(SUGGESTION)).to_be_visible()
    check_both_sizes(page, assert_accessible, assert_fits_small_screen)

    follow_the_suggestion_with_the_keyboard(
        page, page.get_by_role("button", name="Vis", exact=True)
    )
    expect(page).to_have_url(re.compile(r"/sporsmal-og-svar/\?.*q=l%C3%B8nn"))
    expect(
        page.get_by_role("heading", name=re.compile(r"^1 spørsmål passer til «lønn»$"))
    ).to_be_visible()
    expect(page.locator("summary", has_text=salary_content.question)).to_be_visible()
    expect(page.get_by_text("350 000 og 550 000", exact=False)).to_be_visible()  # opened
    assert_accessible(page)


@pytest.mark.parametrize("typed", TYPED)
def test_library_search_offers_lonn_and_the_keyboard_follows_it(
    page, salary_content, typed, assert_accessible, assert_fits_small_screen
):
    page.goto("/ressurser/")
    box = page.get_by_role("searchbox", name="Søk i ressursene")
    box.fill(typed)
    box.press("Enter")

    expect(page.get_by_role("heading", name=f"0 treff for «{typed}»")).to_be_visible()
    expect(page.get_by_text(SUGGESTION)).to_be_visible()
    check_both_sizes(page, assert_accessible, assert_fits_small_screen)

    follow_the_suggestion_with_the_keyboard(page, page.get_by_role("link", name="Nullstill"))
    expect(page).to_have_url(re.compile(r"/ressurser/\?.*q=l%C3%B8nn"))
    expect(page.get_by_role("heading", name="1 treff for «lønn»")).to_be_visible()
    expect(
        page.get_by_role("link", name="Lønn og arbeidsvilkår for erfaringskonsulenter")
    ).to_be_visible()
    assert_accessible(page)
