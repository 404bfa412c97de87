import re
import time

from allauth.mfa import app_settings
from playwright.sync_api import expect

from erfaringssentrum.demo import current_totp_code
from tests.browser.helpers import label
from tests.factories import STAFF_TOTP_SECRET


def current_code():
    """The code for now; near the end of a 30-second step, wait for the next one so the code
    is still valid when the server checks it (a loaded CI machine can take seconds)."""
    period = app_settings.TOTP_PERIOD
    if period - time.time() % period < 8:
        time.sleep(period - time.time() % period + 0.5)
    return current_totp_code(STAFF_TOTP_SECRET)


def test_staff_log_in_to_admin_through_allauth_with_a_code(page, staff_user):
    page.goto("/admin/")
    page.get_by_label(label("E-post")).fill(staff_user.email)
    page.get_by_label(label("Passord")).fill("et-godt-passord-123")
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_label(label("Kode")).fill(current_code())
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.get_by_text("Administrasjon").first.wait_for()
