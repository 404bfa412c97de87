"""The form pattern in a browser: after a submit with mistakes the error summary has the focus,
its links put the focus in their field, and the page stays accessible at 360 and 1280 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import label

SUMMARY = "Du må rette dette før du kan gå videre"


@pytest.mark.parametrize("width", [360, 1280])
def test_mistakes_move_focus_to_the_summary_and_its_links_to_the_fields(
    page, width, assert_accessible, assert_fits_small_screen
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/konto/signup/")
    page.get_by_label(label("Navn")).fill("Kari Nordmann")
    page.locator("main").get_by_role("button").last.click()

    summary = page.get_by_role("region", name=SUMMARY)
    summary.wait_for()
    assert page.title().startswith("Feil: ")
    # The deferred script may run a moment after the summary is there.
    expect(page.locator("#feilsammendrag")).to_be_focused()
    # The next Tab reaches the first mistake's link; following it puts the cursor in the field.
    page.keyboard.press("Tab")
    first_mistake = summary.get_by_role("link").first
    expect(first_mistake).to_have_text("Skriv inn e-postadressen din.")
    expect(first_mistake).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_email")).to_be_focused()
    expect(page.locator("label[for='id_email']")).to_be_in_viewport()  # its label in view too
    # What was typed is kept.
    assert page.get_by_label(label("Navn")).input_value() == "Kari Nordmann"
    assert_accessible(page)
    assert_fits_small_screen(page)
