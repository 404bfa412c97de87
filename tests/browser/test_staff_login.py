import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.browser.helpers import label
from tests.conftest import STAFF_TOTP_SECRET


def current_code():
    return format_hotp_value(
        hotp_value(STAFF_TOTP_SECRET, int(time.time()) // app_settings.TOTP_PERIOD)
    )


def test_staff_log_in_to_admin_through_allauth_with_a_code(page, staff_user):
    page.goto("/admin/")
    page.get_by_label(label("E-post")).fill(staff_user.email)
    page.get_by_label(label("Passord")).fill("et-godt-passord-123")
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_label(label("Kode")).fill(current_code())
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_text("Administrasjon").first.wait_for()
    assert page.url.endswith("/admin/")
