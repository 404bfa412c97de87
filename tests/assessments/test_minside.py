"""Min side: «Kommende» lists only active bookings still to come; cancelled and past ones are
under «Tidligere», each with its status."""

from datetime import timedelta

import pytest
from django.urls import reverse

from assessments import services

from .conftest import NOW

pytestmark = pytest.mark.django_db


def _parts(page):
    section = page[page.index('id="bookinger"') :]
    upcoming, _, past = section.partition(">Tidligere<")
    return upcoming, past


def test_cancelled_and_past_bookings_are_under_tidligere_with_their_status(
    auth_client, user, slot_factory, booking_factory, time_machine
):
    time_machine.move_to(NOW)
    active = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=3)), adviser=user, candidate_name="Aktiv"
    )
    cancelled = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=4)), adviser=user, candidate_name="Avlyst"
    )
    services.booking_cancel(booking=cancelled, now=NOW)
    held = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=5)), adviser=user, candidate_name="Holdt"
    )
    time_machine.move_to(NOW + timedelta(days=3, hours=3))  # «Aktiv» is over, «Holdt» to come

    upcoming, past = _parts(auth_client.get(reverse("min-side")).content.decode())

    assert "Holdt" in upcoming
    assert "Aktiv" not in upcoming and "Avlyst" not in upcoming
    assert "Aktiv" in past
    assert "Avlyst" in past and "Avbestilt" in past
    assert active.pk and held.pk


def test_a_booking_under_tidligere_links_to_its_page(
    auth_client, user, slot_factory, booking_factory, time_machine
):
    # The booking page says who cancelled, when, and the centre's message: an adviser whose
    # booking the centre cancelled finds it from Min side, not only in the e-mail.
    time_machine.move_to(NOW)
    cancelled = booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=4)), adviser=user)
    services.booking_cancel(
        booking=cancelled, by_staff=True, message="Konsulenten er syk.", now=NOW
    )

    _, past = _parts(auth_client.get(reverse("min-side")).content.decode())

    detail_url = reverse("assessments:booking-detail", args=[cancelled.pk])
    assert f'href="{detail_url}"' in past
    page = auth_client.get(detail_url).content.decode()
    assert "Senteret har avbestilt samtalen" in page and "Konsulenten er syk." in page



def test_an_appointment_under_way_offers_no_correction_on_min_side(
    auth_client, user, slot_factory, booking_factory, time_machine
):
    """While the appointment runs it is still under «Kommende», but «Rett opp eller send på
    nytt» led to a page that says it is too late: Min side says it is under way instead."""
    time_machine.move_to(NOW)
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(hours=1)),
        adviser=user,
        candidate_email="kari@example.org",
        now=NOW - timedelta(days=3),
    )
    correct = reverse("assessments:booking-correct", args=[booking.pk])
    upcoming, _ = _parts(auth_client.get(reverse("min-side")).content.decode())
    assert correct in upcoming
    time_machine.move_to(booking.slot.starts_at + timedelta(minutes=10))

    upcoming, _ = _parts(auth_client.get(reverse("min-side")).content.decode())

    assert correct not in upcoming
    assert "Samtalen er i gang nå." in upcoming
