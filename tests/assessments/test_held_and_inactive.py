"""An appointment already held is recorded, never cancelled; a consultant whose account is
made inactive is not booked any more."""

from datetime import timedelta

import pytest
from django.urls import reverse

from assessments import emails, services
from assessments.models import Booking, Slot, Status

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def held(slot_factory, booking_factory, mailoutbox):
    """A booking whose appointment started an hour ago, its outcome not yet recorded."""
    booking = booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=4)), now=NOW)
    mailoutbox.clear()
    return booking, booking.slot.starts_at + timedelta(hours=1)


@pytest.mark.parametrize(
    ("builder", "arguments"),
    [
        (emails.booking_confirmation, {}),
        (emails.candidate_invitation, {}),
        (emails.booking_reminder, {"recipient": "adviser"}),
        (emails.booking_reminder, {"recipient": "candidate"}),
        (
            emails.booking_moved,
            {"recipient": "candidate", "previous_start": NOW.isoformat(), "by_staff": True},
        ),
    ],
)
def test_news_of_an_appointment_held_back_until_it_has_started_is_not_sent(
    held, time_machine, builder, arguments
):
    """The mail server was down until after the appointment: a reminder (with «bekreft at
    du kommer») or an invitation then would only confuse."""
    booking, _ = held
    Booking.objects.filter(pk=booking.pk).update(candidate_email="kandidat@example.org")
    time_machine.move_to(booking.slot.starts_at - timedelta(minutes=1), tick=False)
    assert builder(booking_id=booking.pk, **arguments) is not None
    time_machine.move_to(booking.slot.starts_at, tick=False)
    assert builder(booking_id=booking.pk, **arguments) is None


def test_the_centre_still_gets_its_record_of_a_new_time_sent_late(held, time_machine):
    booking, _ = held
    time_machine.move_to(booking.slot.starts_at + timedelta(hours=2), tick=False)
    moved = {"previous_start": NOW.isoformat(), "by_staff": True}
    assert emails.booking_moved(booking_id=booking.pk, recipient="staff", **moved) is not None


def test_staff_cannot_cancel_an_appointment_that_has_started(held, mailoutbox):
    booking, later = held
    with pytest.raises(services.BookingError, match="gjennomført eller «Møtte ikke»"):
        services.booking_cancel(booking=booking, by_staff=True, now=later)
    booking.refresh_from_db()
    assert booking.status == Status.ACTIVE
    services.booking_set_outcome(booking=booking, status=Status.COMPLETED, now=later)


def test_an_adviser_too_late_to_cancel_is_not_told_to_record_the_outcome(
    auth_client, user, slot_factory, booking_factory, time_machine
):
    # The cancel page opened the day before, «Ja, avbestill» pressed once the appointment has
    # begun: the adviser cannot mark it held or «Møtte ikke» (staff do), so is not told to.
    booking = booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=4)), adviser=user)
    time_machine.move_to(booking.slot.starts_at + timedelta(minutes=5), tick=False)
    auth_client.force_login(user)
    response = auth_client.post(
        reverse("assessments:booking-cancel", args=[booking.pk]), follow=True
    )
    text = response.content.decode()
    assert "har alt startet" in text
    assert "Møtte ikke" not in text and "Merk den" not in text
    booking.refresh_from_db()
    assert booking.status == Status.ACTIVE


def test_withdrawing_a_past_slot_leaves_its_held_appointment_alone(
    held, mailoutbox, django_capture_on_commit_callbacks
):
    booking, later = held
    with django_capture_on_commit_callbacks(execute=True):
        services.slots_withdraw(slots=[booking.slot], reason="Rydder", now=later)
    booking.refresh_from_db()
    assert booking.status == Status.ACTIVE
    assert not mailoutbox  # nobody is told of a cancellation that did not happen


def test_an_inactive_consultants_slots_are_not_offered_or_booked(
    consultant, slot_factory, booking_factory
):
    slot = slot_factory(starts_at=NOW + timedelta(days=4))
    assert list(Slot.objects.shown(now=NOW)) == [slot]
    consultant.is_active = False
    consultant.save(update_fields=["is_active"])

    assert not Slot.objects.shown(now=NOW).exists()
    with pytest.raises(services.SlotUnavailable):
        booking_factory(slot=slot, now=NOW)


def test_an_adviser_cannot_move_to_an_inactive_consultants_slot(
    consultant, user_factory, slot_factory, booking_factory
):
    booking = booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=4)), now=NOW)
    other = slot_factory(starts_at=NOW + timedelta(days=5), consultant=user_factory(is_staff=True))
    other.consultant.is_active = False
    other.consultant.save(update_fields=["is_active"])
    with pytest.raises(services.SlotUnavailable):
        services.booking_move(booking=booking, new_slot_id=other.pk, now=NOW)


def test_a_consultant_made_inactive_in_admin_leaves_the_cached_list_at_once(
    client, staff_client, consultant, slot_factory
):
    slot = slot_factory(starts_at=NOW + timedelta(days=4))
    index = reverse("assessments:index")
    booking_link = reverse("assessments:book", args=[slot.pk])
    assert booking_link in client.get(index).content.decode()  # now in the page cache

    response = staff_client.post(
        reverse("admin:erfaringssentrum_user_change", args=[consultant.pk]),
        {
            "email": consultant.email,
            "name": consultant.name,
            "is_staff": "on",  # «Aktiv» unticked
            "date_joined_0": "2026-01-05",
            "date_joined_1": "09:00:00",
        },
    )

    assert response.status_code == 302
    assert booking_link not in client.get(index).content.decode()


def test_staff_cannot_move_a_booking_to_an_inactive_consultants_slot(
    consultant, user_factory, slot_factory, booking_factory
):
    """Staff may use unpublished slots and those inside the lead time, but not a consultant
    who is no longer with us: nobody would hold the appointment."""
    booking = booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=4)), now=NOW)
    other = slot_factory(starts_at=NOW + timedelta(days=5), consultant=user_factory(is_staff=True))
    other.consultant.is_active = False
    other.consultant.save(update_fields=["is_active"])

    assert other not in services.slots_free_for_move(booking=booking, by_staff=True, now=NOW)
    with pytest.raises(services.SlotUnavailable):
        services.booking_move(booking=booking, new_slot_id=other.pk, by_staff=True, now=NOW)
    booking.refresh_from_db()
    assert booking.slot_id != other.pk
