import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import label

PUBLIC_PAGES = [
    "/",
    "/om-oss/",
    "/personvern/",
    "/tilgjengelighet/",
    "/konto/login/",
    "/konto/signup/",
    "/konto/password/reset/",
    "/finnes-ikke/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_is_accessible_and_fits_a_phone(
    page, path, assert_accessible, assert_fits_small_screen
):
    page.goto(path)
    assert_accessible(page)
    assert_fits_small_screen(page)
    assert_accessible(page)  # the collapsed mobile menu too


def test_long_heading_wraps_on_a_phone(page, assert_fits_small_screen):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/tilgjengelighet/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Tilgjengelighetserklæring"
    box = heading.bounding_box()
    assert box["x"] + box["width"] <= 360
    assert_fits_small_screen(page)


def test_keyboard_user_reaches_main_content_with_the_skip_link(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hopp til hovedinnhold")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # it waits above the top edge until it has the focus
    expect(skip).not_to_have_css("outline-style", "none")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#hovedinnhold$"))
    main = page.get_by_role("main")
    expect(main).to_be_focused()
    expect(main).to_be_in_viewport()
    # The next Tab goes on inside the main content, not back through the header's links.
    page.keyboard.press("Tab")
    expect(page.locator("main :focus")).to_have_count(1)


def test_mobile_menu_opens_with_the_keyboard(page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    menu_link = page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Ressurser", exact=True
    )
    assert not menu_link.is_visible()
    toggler = page.get_by_role("button", name="Meny")
    toggler.focus()
    page.keyboard.press("Enter")
    expect(menu_link).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")


def test_account_journey(page, mailoutbox, assert_accessible):
    page.goto("/")
    page.get_by_role("link", name="Logg inn").click()
    page.get_by_role("link", name="Registrer deg").click()
    page.get_by_role("heading", level=1, name="Registrer deg").wait_for()
    assert_accessible(page)
    page.get_by_label(label("Navn")).fill("Kari Nordmann")
    page.get_by_label(label("E-post")).fill("kari@nav.example")
    page.get_by_label(label("Passord")).fill("et-godt-passord-123")
    page.get_by_label(label("Gjenta passordet")).fill("et-godt-passord-123")
    page.get_by_role("button", name="Registrer deg").click()
    page.get_by_role("heading", name="Bekreft e-postadressen din").wait_for()
    assert_accessible(page)

    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^\s]+/konto/confirm-email/[^\s]+/", mailoutbox[0].body).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Bekreft").click()
    page.get_by_role("heading", name="Min side").wait_for()
    expect(page.get_by_role("main")).to_contain_text("Kari Nordmann")
    expect(page.get_by_role("main")).to_contain_text("kari@nav.example")
    assert_accessible(page)

    page.get_by_role("button", name="Logg ut").click()
    page.get_by_role("link", name="Logg inn").wait_for()

    page.get_by_role("link", name="Logg inn").click()
    page.get_by_label(label("E-post")).fill("kari@nav.example")
    page.get_by_label(label("Passord")).fill("et-godt-passord-123")
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("heading", name="Min side").wait_for()
    page.get_by_role("button", name="Logg ut").click()
    # Logged out before the next page is opened, or that would cut the logout short.
    page.get_by_role("link", name="Logg inn").wait_for()

    page.goto("/konto/login/")
    page.get_by_role("link", name="Glemt passordet?").click()
    page.wait_for_url("**/konto/password/reset/")
    assert_accessible(page)
    page.get_by_label(label("E-post")).fill("kari@nav.example")
    page.get_by_role("button", name="Send meg en lenke").click()
    # The form and the page that follows it have the same h1: wait for the new address.
    expect(page).to_have_url(re.compile(r"/konto/password/reset/done/$"))
    assert_accessible(page)
    assert len(mailoutbox) == 2
    reset = re.search(r"https?://[^\s]+/konto/password/reset/key/[^\s]+/", mailoutbox[1].body)
    page.goto(reset.group(0))
    page.get_by_label(label("Nytt passord")).fill("et-nytt-passord-456")
    page.get_by_label(label("Gjenta det nye passordet")).fill("et-nytt-passord-456")
    assert_accessible(page)
    page.get_by_role("button", name="Endre passord").click()
    expect(page).to_have_url(re.compile(r"/konto/password/reset/key/done/$"))

    page.goto("/konto/login/")
    page.get_by_label(label("E-post")).fill("kari@nav.example")
    page.get_by_label(label("Passord")).fill("et-nytt-passord-456")
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("heading", name="Min side").wait_for()


def test_header_search_and_main_links_work_on_a_phone_without_javascript(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.goto("/")
    search = page.get_by_role("searchbox", name="Søk på nettstedet")
    assert search.is_visible()
    search.fill("lønn")
    search.press("Enter")
    page.wait_for_url("**/sok/?q=l*")
    footer = page.get_by_role("navigation", name="Innhold")
    for name in ("Ressurser", "Spørsmål og svar", "Vurdering", "Kurs"):
        assert footer.get_by_role("link", name=name).is_visible()
    context.close()
