import io
import re

import pytest
from playwright.sync_api import expect

from faq import demo

SALARY_QUESTION = "Hva er lønnen for en erfaringskonsulent?"


@pytest.fixture
def faq_content(transactional_db):
    demo.seed(stdout=io.StringIO())


def test_visitor_searches_lonn_from_the_header_and_reaches_the_salary_answer(
    page, faq_content, assert_accessible, assert_fits_small_screen
):
    page.goto("/")
    box = page.get_by_role("searchbox", name="Søk på nettstedet")
    box.fill("lønn")
    box.press("Enter")

    page.get_by_role("heading", name=re.compile(r"\d+ treff for «lønn»")).wait_for()
    assert page.get_by_role("searchbox", name="Søk på nettstedet").input_value() == "lønn"
    first = page.locator(".search-hit").first
    expect(first).to_contain_text("Spørsmål og svar")
    assert_accessible(page)
    assert_fits_small_screen(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    first.get_by_role("link", name=SALARY_QUESTION).click()
    page.get_by_role("heading", level=1, name=SALARY_QUESTION).wait_for()
    expect(page).to_have_url(re.compile(r"/sporsmal-og-svar/hva-er-lonnen/$"))
    expect(page.locator("main")).to_contain_text("350 000 og 550 000")
    assert_accessible(page)
    assert_fits_small_screen(page)
    assert not page.console_errors


def test_nothing_found_page_helps_the_visitor_on(page, faq_content, assert_accessible):
    page.goto("/sok/?q=sjiraff")
    page.get_by_role("heading", name="Ingen treff for «sjiraff»").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="utdanning").click()
    page.get_by_role("heading", name=re.compile(r"treff for «utdanning»")).wait_for()


def test_faq_questions_open_and_close_with_the_keyboard(
    page, faq_content, assert_accessible, assert_fits_small_screen
):
    page.goto("/sporsmal-og-svar/")
    assert_accessible(page)
    summary = page.locator("summary", has_text=SALARY_QUESTION)
    details = page.locator("details", has=summary)
    answer = details.get_by_text("350 000 og 550 000", exact=False)
    assert not answer.is_visible()

    # Tab from the last link in the category list reaches the first question.
    page.get_by_role("navigation", name="Kategorier").get_by_role("link").last.focus()
    page.keyboard.press("Tab")
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    expect(answer).to_be_visible()
    expect(details).to_have_js_property("open", True)
    assert_accessible(page)  # with an answer open

    page.keyboard.press("Space")
    expect(answer).to_be_hidden()
    expect(details).to_have_js_property("open", False)
    assert_fits_small_screen(page)
    assert not page.console_errors  # the JSON-LD is allowed by the CSP


def test_category_links_filter_and_search_within_the_faq(page, faq_content, assert_accessible):
    page.goto("/sporsmal-og-svar/")
    page.get_by_role("link", name="Å ansette").click()
    expect(page).to_have_url(re.compile(r"#kategori-a-ansette$"))
    expect(page.locator("#kategori-a-ansette")).to_be_in_viewport()

    page.get_by_label("Kategori", exact=True).select_option(label="Utdanning og kurs")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url(re.compile(r"kategori=utdanning-og-kurs"))
    headings = page.locator("main h2").all_inner_texts()
    assert headings == ["Utdanning og kurs"]
    assert_accessible(page)

    page.get_by_label("Kategori", exact=True).select_option(label="Alle kategorier")
    page.get_by_label("Søk i spørsmål og svar").fill("brukerrepresentant")
    page.get_by_role("button", name="Vis").click()
    page.get_by_role("heading", name=re.compile("passer til «brukerrepresentant»")).wait_for()
    # A search with few answers shows them open; the permalink is right there.
    found = page.locator("details", has_text="og en brukerrepresentant?")
    expect(found).to_have_js_property("open", True)
    found.get_by_role("link", name=re.compile("Fast lenke")).click()
    page.get_by_role("heading", level=1, name=re.compile("og en brukerrepresentant")).wait_for()
    page.go_back()
    expect(found).to_have_js_property("open", True)
    page.locator("summary", has_text="og en brukerrepresentant?").press("Enter")
    expect(found).to_have_js_property("open", False)  # and it still closes
    assert_accessible(page)


def test_shared_permalink_opens_the_question_page(page, faq_content, assert_accessible):
    page.goto("/sporsmal-og-svar/erfaringskonsulent-eller-brukerrepresentant/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == (
        "Hva er forskjellen på en erfaringskonsulent og en brukerrepresentant?"
    )
    assert "Spørsmål og svar – Erfaringssentrum" in page.title()
    assert_accessible(page)
    page.get_by_role("link", name="Rollen").click()
    expect(page).to_have_url(re.compile(r"/sporsmal-og-svar/#kategori-rollen$"))


COUNT_QUESTION = "Hvor mange erfaringskonsulenter finnes det i Norge?"
COUNT_ANCHOR = "/sporsmal-og-svar/#sporsmal-hvor-mange-erfaringskonsulenter"


def _question_is_open_and_in_view(page, question):
    details = page.locator("details", has=page.locator("summary", has_text=question))
    expect(details).to_have_js_property("open", True)
    expect(details.get_by_text("mellom 300 og 500")).to_be_visible()
    # The question is far below the fold at 360 px: in view means the page scrolled to it.
    # With reduced motion the scroll is one jump, so once in view it is where it stays.
    expect(details).to_be_in_viewport()
    assert abs(details.bounding_box()["y"]) < 10  # at the top, not somewhere on the screen


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_shared_anchor_opens_its_question(browser, live_server, faq_content, javascript):
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=javascript,
        viewport={"width": 360, "height": 740},
        reduced_motion="reduce",  # no smooth scrolling to wait for
    )
    page = context.new_page()
    try:
        page.goto(COUNT_ANCHOR)
        _question_is_open_and_in_view(page, COUNT_QUESTION)
        expect(page.locator("details[open]")).to_have_count(1)

        # Following such a link from within the page opens the question too.
        page.goto("/sporsmal-og-svar/")
        expect(page.locator("details[open]")).to_have_count(0)
        page.evaluate("location.hash = '#sporsmal-hvor-mange-erfaringskonsulenter'")
        _question_is_open_and_in_view(page, COUNT_QUESTION)
    finally:
        context.close()


def test_faq_script_opens_the_linked_question_where_the_browser_does_not(page, faq_content):
    # Chromium opens it by itself; close it again to see the script do the browser's part.
    page.emulate_media(reduced_motion="reduce")
    page.goto(COUNT_ANCHOR)
    details = page.locator("details", has=page.locator("summary", has_text=COUNT_QUESTION))
    details.evaluate("el => { el.open = false; window.scrollTo(0, 0); }")
    page.evaluate("window.dispatchEvent(new HashChangeEvent('hashchange'))")
    _question_is_open_and_in_view(page, COUNT_QUESTION)

    # A fragment that names no question, or nothing at all, is left alone: read the page once
    # the script has had each hashchange (listeners run in order; ours was added first).
    for fragment in ("#kategori-rollen", "#finnes-ikke"):
        page.evaluate(
            """fragment => new Promise(resolve => {
                window.addEventListener("hashchange", () => resolve(), { once: true });
                location.hash = fragment;
            })""",
            fragment,
        )
    expect(page.locator("details[open]")).to_have_count(1)
    assert not page.console_errors


@pytest.mark.parametrize(
    "path",
    [
        "/sok/",
        "/sok/?q=erfaringskonsulent&page=2",
        "/sporsmal-og-svar/?q=sjiraff",
        "/sporsmal-og-svar/?kategori=finnes-ikke",
    ],
)
def test_more_search_and_faq_pages_are_accessible_and_fit_a_phone(
    page, faq_content, path, assert_accessible, assert_fits_small_screen
):
    page.goto(path)
    assert_accessible(page)
    assert_fits_small_screen(page)
    assert_accessible(page)


def test_faq_and_site_search_work_without_javascript(browser, live_server, faq_content):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    outside = []

    def guard(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    try:
        page.goto("/sporsmal-og-svar/")
        details = page.locator("details", has_text=SALARY_QUESTION)
        page.locator("summary", has_text=SALARY_QUESTION).click()
        expect(details).to_have_js_property("open", True)
        expect(details.get_by_text("350 000 og 550 000")).to_be_visible()

        page.get_by_label("Kategori", exact=True).select_option(label="Å ansette")
        page.get_by_role("button", name="Vis").click()
        page.wait_for_url("**kategori=a-ansette**")
        assert page.locator("main h2").all_inner_texts() == ["Å ansette"]

        page.get_by_role("searchbox", name="Søk på nettstedet").fill("lønnen")
        page.get_by_role("button", name="Søk", exact=True).first.click()
        page.wait_for_url("**/sok/?q=**")
        assert page.locator(".search-hit h3").first.inner_text() == SALARY_QUESTION
    finally:
        context.close()
    assert not outside
