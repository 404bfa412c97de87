"""Download my data, delete my account and retention, for assessment bookings."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments import privacy
from assessments.models import Booking, Slot, Status
from erfaringssentrum.models import User
from erfaringssentrum.privacy import user_delete

from .conftest import NOW

pytestmark = pytest.mark.django_db


def test_my_data_includes_the_advisers_bookings(auth_client, user, slot_factory, booking_factory):
    booking_factory(slot=slot_factory(), adviser=user, candidate_name="Kari", phone="+4700000000")
    booking_factory(slot=slot_factory(), candidate_name="Annens")
    data = json.loads(auth_client.get("/min-side/mine-data/").content)
    (exported,) = data["vurderingssamtaler"]
    assert exported["kandidat"] == "Kari"
    assert exported["telefon"] == "+4700000000"
    assert exported["status"] == "Booket"
    assert exported["samtykketekst_versjon"]


def test_deleting_the_account_cancels_upcoming_and_anonymises_past_bookings(
    user, slot_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.STAFF_NOTIFICATION_EMAILS = ["ansatte@erfaringssentrum.example"]
    upcoming = booking_factory(slot=slot_factory(), adviser=user, candidate_email="k@example.org")
    past_slot = slot_factory(starts_at=timezone.now() - timedelta(days=10))
    past = booking_factory(slot=slot_factory(), adviser=user)
    Booking.objects.filter(pk=past.pk).update(slot=past_slot)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=user)
    upcoming.refresh_from_db()
    assert upcoming.status == Status.CANCELLED
    assert upcoming.slot in Slot.objects.bookable()
    assert sorted(m.to[0] for m in mailoutbox) == [
        "ansatte@erfaringssentrum.example",
        "k@example.org",
    ]
    past.refresh_from_db()
    assert past.adviser is None and past.candidate_name == "" and past.anonymised_at


def test_deleting_the_account_cancels_a_booking_inside_the_cutoff_too(
    user, slot_factory, booking_factory
):
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=2)), adviser=user, now=NOW
    )
    two_hours_before = booking.slot.starts_at - timedelta(hours=2)
    assert not booking.is_cancellable(now=two_hours_before)  # an adviser could not cancel now
    user_delete(user=user, now=two_hours_before)
    assert not User.objects.filter(pk=user.pk).exists()
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED
    assert booking.cancelled_at == two_hours_before
    assert booking.slot in Slot.objects.bookable(now=NOW)


def test_retention_hook_anonymises_old_bookings(slot_factory, booking_factory):
    now = timezone.now()
    old = booking_factory(slot=slot_factory())
    Booking.objects.filter(pk=old.pk).update(slot=slot_factory(starts_at=now - timedelta(days=400)))
    booking_factory(slot=slot_factory())
    assert privacy.apply_retention(now=now) == 1
    old.refresh_from_db()
    assert old.candidate_name == ""
