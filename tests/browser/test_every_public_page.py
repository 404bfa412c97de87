"""Every public page, with the demo content, in a real browser: under the site's strict CSP
(the `page` fixture fails on any violation or outside request), axe-clean, and usable at
360 px."""

import io

from django.core.management import call_command

from tests.security.public_pages import public_pages


def test_every_public_page_in_the_browser(
    page, settings, assert_accessible, assert_fits_small_screen
):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    for path in public_pages():
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(path)
        assert_accessible(page)
        assert_fits_small_screen(page)
    assert not page.console_errors, page.console_errors
