"""«Endre tid» in the browser, and the candidate's page on a phone: axe finds nothing, no
sideways scrolling at 360 px, and the candidate confirms without JavaScript."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from assessments import services
from assessments.models import Booking, Format
from tests.browser.helpers import log_in_as


@pytest.fixture
def booked(consultant, adviser_factory):
    slots = services.slots_bulk_create(
        consultant=consultant,
        weekdays=[0, 1, 2, 3, 4],
        start_time=time(10, 0),
        duration_minutes=60,
        weeks_ahead=2,
        format=Format.DIGITAL,
        location="https://video.erfaringssentrum.example/rom",
        now=timezone.now() + timedelta(days=1),
    )
    booking = services.booking_create(
        slot_id=slots[0].pk,
        adviser=adviser_factory(),
        organisation="NAV Eksempelby",
        adviser_role="Veileder",
        candidate_name="Kari",
        candidate_email="kari@example.org",
        adviser_attends=True,
        consent_version="test",
    )
    return booking, slots


def test_the_adviser_moves_a_booking_with_endre_tid(page, live_server, booked, check_page):
    booking, slots = booked
    log_in_as(page, live_server, booking.adviser)
    page.goto(f"/vurdering/booking/{booking.pk}/")
    page.get_by_role("link", name="Endre tid").click()
    page.get_by_role("heading", name="Endre tid").wait_for()
    check_page(page)
    new_slot = slots[3]
    page.locator(f"input[name=slot][value='{new_slot.pk}']").check()
    page.get_by_role("button", name="Flytt til valgt tid").click()
    page.get_by_text("Samtalen er flyttet til").wait_for()
    check_page(page)
    booking.refresh_from_db()
    assert booking.slot == new_slot


def test_the_candidate_page_on_a_phone_without_javascript(
    page, browser, live_server, booked, check_page
):
    booking, _ = booked
    url = f"/vurdering/kandidat/{services.booking_candidate_token(booking)}/"
    page.goto(url)
    page.get_by_role("heading", name="Samtalen din hos Erfaringssentrum").wait_for()
    check_page(page)

    phone = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        locale="nb-NO",
        viewport={"width": 360, "height": 740},
    )
    tab = phone.new_page()
    tab.goto(url)
    tab.get_by_text("Samtalen er gratis").wait_for()
    tab.get_by_label("Jeg trenger tilrettelegging").check()
    tab.get_by_role("button", name="Bekreft at jeg kommer").click()
    tab.get_by_text("at du trenger tilrettelegging").wait_for()
    tab.wait_for_load_state("load")  # measured once the whole page is laid out
    overflow = tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    phone.close()
    assert overflow <= 0
    booking = Booking.objects.get(pk=booking.pk)
    assert booking.candidate_confirmed_at is not None and booking.needs_adaptation
