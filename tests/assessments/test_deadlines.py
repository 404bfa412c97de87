"""The booking lead time and the cancellation cut-off are one setting each
(ASSESSMENTS_LEAD_TIME_HOURS, ASSESSMENTS_CANCEL_CUTOFF_HOURS, read in assessments/conf.py):
the rules, the pages, Min side, the e-mails and the error message all follow it."""

from datetime import timedelta

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Slot, Status

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def factory_now():
    return NOW


@pytest.fixture(autouse=True)
def _unusual_limits(settings, time_machine):
    settings.ASSESSMENTS_LEAD_TIME_HOURS = 36
    settings.ASSESSMENTS_CANCEL_CUTOFF_HOURS = 12
    time_machine.move_to(NOW, tick=False)


def test_the_lead_time_setting_decides_what_is_offered_and_what_the_page_says(
    client, slot_factory
):
    inside = slot_factory(starts_at=NOW + timedelta(hours=35))
    outside = slot_factory(starts_at=NOW + timedelta(hours=36))
    assert list(Slot.objects.bookable(now=NOW)) == [outside]
    assert inside not in Slot.objects.bookable(now=NOW)
    html = client.get(reverse("assessments:index")).content.decode()
    assert "Du kan booke frem til 36 timer før samtalen." in html


def test_the_cutoff_setting_decides_when_a_booking_can_be_cancelled(
    slot_factory, booking_factory
):
    booking = booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=2)))
    cutoff = booking.slot.starts_at - timedelta(hours=12)
    assert booking.is_cancellable(now=cutoff)
    assert not booking.is_cancellable(now=cutoff + timedelta(seconds=1))
    with pytest.raises(services.CancelTooLate) as refused:
        services.booking_cancel(booking=booking, now=cutoff + timedelta(seconds=1))
    assert "frem til 12 timer før samtalen" in refused.value.message
    with pytest.raises(services.BookingError) as refused:
        services.booking_move(
            booking=booking,
            new_slot_id=slot_factory().pk,
            now=cutoff + timedelta(seconds=1),
        )
    assert "frem til 12 timer før samtalen" in refused.value.message
    services.booking_cancel(booking=booking, now=cutoff)
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED


def test_pages_and_the_confirmation_state_the_cutoff_setting(
    auth_client, user, slot_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_factory(slot=slot_factory(), adviser=user)
    (confirmation,) = [m for m in mailoutbox if m.to == [user.email]]
    assert "frem til 12 timer før samtalen" in confirmation.body
    html_body, _ = confirmation.alternatives[0]
    assert "frem til 12 timer før samtalen" in html_body
    min_side = auth_client.get(reverse("min-side")).content.decode()
    assert "eller avbestille frem til 12 timer før samtalen." in min_side

    booking.slot.starts_at = NOW + timedelta(hours=11)
    booking.slot.ends_at = booking.slot.starts_at + timedelta(hours=1)
    booking.slot.save()
    detail = auth_client.get(reverse("assessments:booking-detail", args=[booking.pk]))
    assert "avbestille på nettet frem til 12 timer før samtalen." in detail.content.decode()
    cancel = auth_client.get(reverse("assessments:booking-cancel", args=[booking.pk]))
    assert "Fristen er 12 timer før samtalen." in cancel.content.decode()
    move = auth_client.get(reverse("assessments:booking-move", args=[booking.pk]))
    assert "frem til 12 timer før samtalen" in move.content.decode()
