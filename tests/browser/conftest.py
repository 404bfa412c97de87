"""Browser test harness: Playwright drives Debian's headless Chromium against the live server.

Every later issue uses `page` (a fresh tab that fails the test on any request outside the
live server's origin or any Content Security Policy violation reported in the console) and
`assert_accessible(page)` (axe-core, zero violations).
"""

import os
import shutil
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls that tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_CANDIDATES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
# Without these, Chromium tries to reach Google's services at start (the network is closed).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path is None:
        message = (
            "Fant ingen Chromium (installer Debian-pakken 'chromium' eller sett CHROMIUM_PATH)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " – browsertester kan ikke hoppes over i CI.")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import expect, sync_playwright

    # expect() waits as long as the page's own actions (below), not Playwright's 5 s: on a
    # busy CI machine a page can take longer than that to answer.
    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class OutsideRequests(list):
    """The URLs a page tried to load from anywhere but the live server."""


@pytest.fixture
def outside_requests():
    return OutsideRequests()


@pytest.fixture
def page(browser, live_server, outside_requests, settings):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    settings.SITE_URL = live_server.url  # links in e-mails lead back to the site under test
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(live_server.url))
    settings.SITE_URL = origin  # links in e-mails lead to the live server
    context = browser.new_context(
        base_url=live_server.url,
        locale="nb-NO",
        timezone_id="Europe/Oslo",
        viewport={"width": 1280, "height": 900},
    )

    def guard(route):
        url = route.request.url
        if url.startswith(origin) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            outside_requests.append(url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    console_errors = []
    tab.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    tab.console_errors = console_errors
    yield tab
    context.close()
    assert not outside_requests, f"Siden hentet noe utenfor nettstedet: {outside_requests}"
    csp_violations = [text for text in console_errors if "Content Security Policy" in text]
    assert not csp_violations, f"Brudd på Content Security Policy: {csp_violations}"


@pytest.fixture
def assert_accessible():
    """Runs axe-core (bundled in the axe-playwright-python package) on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        # After a click the next page may still be loading its stylesheet; axe would then
        # judge Bootstrap's default colours instead of ours.
        page.wait_for_load_state("load")
        results = axe.run(page)
        assert results.violations_count == 0, (
            f"{page.url}: {results.violations_count} tilgjengelighetsbrudd\n"
            + results.generate_report()
        )
        assert page.locator("html").get_attribute("lang") == "nb"
        assert page.locator("h1").count() == 1, f"{page.url}: skal ha nøyaktig én h1"

    return check


@pytest.fixture
def assert_fits_small_screen():
    """At 360 px width the page must not scroll sideways, with the phone's text size and with
    large text (200 %, as Android's setting gives)."""

    def overflow(page):
        return page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )

    def check(page):
        page.set_viewport_size({"width": 360, "height": 740})
        assert overflow(page) <= 0, f"{page.url}: {overflow(page)}px horisontal rulling ved 360 px"
        page.evaluate(LARGE_TEXT, True)
        try:
            large = overflow(page)
        finally:
            page.evaluate(LARGE_TEXT, False)
        assert large <= 0, f"{page.url}: {large}px horisontal rulling ved 360 px og 200 % tekst"

    return check


# A style sheet made in the page (the CSP allows no <style> element): the root's text at 200 %.
LARGE_TEXT = """large => {
    if (large) {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync("html { font-size: 200% !important; }");
        window.__largeText = sheet;
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    } else {
        document.adoptedStyleSheets = document.adoptedStyleSheets.filter(
            sheet => sheet !== window.__largeText
        );
    }
}"""


@pytest.fixture
def check_page(assert_accessible, assert_fits_small_screen):
    """axe, one h1 and lang=nb, then no sideways scrolling at 360 px, axe again at 360 px (the
    collapsed menu), and back to the desktop width."""

    def check(page):
        assert_accessible(page)
        assert_fits_small_screen(page)
        assert_accessible(page)
        page.set_viewport_size({"width": 1280, "height": 900})

    return check
