"""The pages issue #16 changed, at 360 and 1280 px, with axe: course cards, the header's
current section, the error summary and the «Passer jeg?» result with its print summary."""

import pytest
from playwright.sync_api import expect

from courses.models import Course


@pytest.fixture
def rounds(db, course_factory, signup_factory):
    course_factory(expected_period="mars 2027", town="Oslo", place="Storgata 1")
    course_factory(expected_period="mars 2027", format=Course.Format.VIDEO)
    waiting = course_factory(expected_period="april 2027", place="")
    for _ in range(2):
        signup_factory(waiting)
    return waiting


@pytest.mark.parametrize("width", [360, 1280])
def test_changed_pages_are_accessible_at_both_widths(
    page, rounds, width, assert_accessible, assert_fits_small_screen
):
    def check(path=None):
        if path:
            page.goto(path)
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        assert_fits_small_screen(page)

    check("/kurs/")
    assert page.locator(".course-card").count() == 3
    assert page.get_by_text("Stedet er ikke bestemt ennå").count() == 1
    assert page.locator('header a[href="/kurs/"]').get_attribute("aria-current") == "page"
    check(rounds.get_absolute_url())
    assert page.locator('header a[href="/kurs/"]').get_attribute("aria-current") == "true"

    check("/ressurser/passer-jeg/")
    page.set_viewport_size({"width": width, "height": 900})
    page.get_by_role("button", name="Se tilbakemeldingen").click()
    page.locator("#feilsammendrag").wait_for()
    # The deferred script may run a moment after the summary is there.
    expect(page.locator("#feilsammendrag")).to_be_focused()
    check()
    page.set_viewport_size({"width": width, "height": 900})
    groups = page.get_by_role("group")
    for index in range(groups.count()):
        groups.nth(index).get_by_label("Delvis eller usikker", exact=True).check()
    page.get_by_role("button", name="Se tilbakemeldingen").click()
    page.get_by_role("heading", name="Ta med til veilederen").wait_for()
    check()
    assert not page.console_errors, page.console_errors
