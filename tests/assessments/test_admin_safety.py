"""Staff writes to slots go through slot_create / slot_update (the consultant's lock), and
cancelling bookings, or withdrawing booked slots, asks first: who is told, a reason, what
cannot be undone."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import Booking, Format, Slot, Status

pytestmark = pytest.mark.django_db

SLOTS = reverse("admin:assessments_slot_changelist")


def slot_form(consultant, start, end=None, **overrides):
    start, end = timezone.localtime(start), end and timezone.localtime(end)
    return {
        "starts_at_0": start.strftime("%d.%m.%Y"),
        "starts_at_1": start.strftime("%H:%M"),
        "ends_at_0": end.strftime("%d.%m.%Y") if end else "",
        "ends_at_1": end.strftime("%H:%M") if end else "",
        "format": "phone",
        "location": "",
        "consultant": consultant.pk,
        "is_published": "on",
        **overrides,
    }


def test_a_new_slot_in_admin_is_made_by_slot_create(staff_client, consultant, monkeypatch):
    made = []
    real = services.slot_create
    monkeypatch.setattr(services, "slot_create", lambda **kw: made.append(kw) or real(**kw))
    start = timezone.now() + timedelta(days=5)
    response = staff_client.post(
        reverse("admin:assessments_slot_add"), slot_form(consultant, start)
    )
    assert response.status_code == HTTPStatus.FOUND
    assert len(made) == 1 and Slot.objects.count() == 1
    assert Slot.objects.get().ends_at - Slot.objects.get().starts_at == timedelta(hours=1)


def test_moving_a_slot_onto_another_is_refused_by_slot_update(
    staff_client, consultant, slot_factory
):
    first, second = slot_factory(), slot_factory()
    url = reverse("admin:assessments_slot_change", args=[second.pk])
    onto = first.starts_at + timedelta(minutes=30)
    response = staff_client.post(url, slot_form(consultant, onto, onto + timedelta(hours=1)))
    assert response.status_code == HTTPStatus.OK
    assert "overlapper" in response.content.decode()
    second.refresh_from_db()
    assert second.starts_at != onto


def test_an_end_before_the_start_is_shown_beside_the_end(staff_client, consultant):
    start = timezone.now() + timedelta(days=5)
    response = staff_client.post(
        reverse("admin:assessments_slot_add"),
        slot_form(consultant, start, start - timedelta(hours=1)),
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors["ends_at"] == ["Slutt må være etter start."]
    assert not Slot.objects.exists()


def test_slot_update_keeps_a_booked_slot_in_place(slot_factory, booking_factory, user_factory):
    slot = slot_factory()
    booking_factory(slot=slot)
    other_format = next(f for f in Format if f != slot.format)
    for changes in (
        {"starts_at": slot.starts_at + timedelta(hours=1)},
        {"format": other_format},
        {"consultant": user_factory(is_staff=True)},
    ):
        with pytest.raises(services.FieldError):
            services.slot_update(slot=slot, changes=changes)
    services.slot_update(slot=slot, changes={"location": "Rom 2"})
    slot.refresh_from_db()
    assert slot.location == "Rom 2"


def test_unpublishing_free_slots_needs_no_confirmation(staff_client, slot_factory):
    slot = slot_factory()
    staff_client.post(SLOTS, {"action": "unpublish", "_selected_action": [slot.pk]})
    slot.refresh_from_db()
    assert not slot.is_published


def test_unpublishing_booked_slots_asks_first_and_cancels_with_the_reason(
    staff_client,
    slot_factory,
    booking_factory,
    mailoutbox,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.STAFF_NOTIFICATION_EMAILS = ["vurdering@erfaringssentrum.example"]
    free, booked = slot_factory(), slot_factory()
    booking = booking_factory(slot=booked, candidate_email="kari@example.org")
    selection = {"action": "unpublish", "_selected_action": [free.pk, booked.pk]}

    html = staff_client.post(SLOTS, selection).content.decode()
    assert "Dette kan ikke angres" in html
    assert booking.adviser.email in html and "kari@example.org" in html
    assert "vurdering@erfaringssentrum.example" in html
    booked.refresh_from_db()
    assert booked.is_published  # nothing happened yet

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            SLOTS, {**selection, "bekreft": "1", "reason": "Konsulenten har sluttet."}
        )
    free.refresh_from_db()
    booked.refresh_from_db()
    booking.refresh_from_db()
    assert not free.is_published and not booked.is_published
    assert booking.status == Status.CANCELLED and booking.cancelled_by_staff
    told = {m.to[0]: m for m in mailoutbox}
    assert set(told) == {
        booking.adviser.email,
        "kari@example.org",
        "vurdering@erfaringssentrum.example",
    }
    assert "Konsulenten har sluttet." in told["kari@example.org"].body
    assert "Konsulenten har sluttet." in told[booking.adviser.email].body


def test_slots_withdraw_needs_a_reason(slot_factory, booking_factory):
    slot = slot_factory()
    booking_factory(slot=slot)
    with pytest.raises(services.BookingError) as refused:
        services.slots_withdraw(slots=[slot], reason="  ")
    slot.refresh_from_db()
    assert slot.is_published
    assert [b.slot_id for b in refused.value.bookings] == [slot.pk]  # what staff must confirm


def test_slots_without_bookings_are_withdrawn_without_a_reason(slot_factory):
    slot = slot_factory()
    assert services.slots_withdraw(slots=[slot]) == []
    slot.refresh_from_db()
    assert not slot.is_published


def test_a_booking_is_deleted_only_once_its_cancellation_has_surely_been_sent(
    staff_client, staff_user, slot_factory, booking_factory, time_machine
):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    booking = booking_factory(slot=slot_factory(starts_at=start + timedelta(days=4)))
    change = reverse("admin:assessments_booking_change", args=[booking.pk])
    delete = reverse("admin:assessments_booking_delete", args=[booking.pk])
    assert delete not in staff_client.get(change).content.decode()  # no «Slett» link
    with pytest.raises(services.BookingError, match="Avbestill den først"):
        services.booking_delete(booking=booking)
    changelist = staff_client.get(reverse("admin:assessments_booking_changelist"))
    actions = dict(changelist.context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions and "cancel_with_message" in actions

    # The notices are queued, not sent: they are built from the booking when they go out.
    services.booking_cancel(booking=booking, by_staff=True, message="Kandidaten ba om det.")
    refused = staff_client.post(delete, {"post": "yes"}, follow=True)
    assert "beskjeden om det kan fortsatt være på vei" in refused.content.decode()
    assert Booking.objects.filter(pk=booking.pk).exists()

    time_machine.move_to(start + services.NOTICE_TIME + timedelta(minutes=1), tick=False)
    staff_client.force_login(staff_user)  # a staff session ends after hours idle
    assert delete in staff_client.get(change).content.decode()
    response = staff_client.post(delete, {"post": "yes"})
    assert response.status_code == HTTPStatus.FOUND
    assert not Booking.objects.filter(pk=booking.pk).exists()
    logged = LogEntry.objects.filter(object_id=str(booking.pk), content_type__model="booking")
    assert logged.exists()
    assert all(booking.candidate_initials not in entry.object_repr for entry in logged)


def test_a_slot_nobody_booked_is_deleted_through_the_service(staff_client, slot_factory):
    slot = slot_factory()
    delete = reverse("admin:assessments_slot_delete", args=[slot.pk])
    assert staff_client.get(delete).status_code == HTTPStatus.OK  # the confirmation page
    response = staff_client.post(delete, {"post": "yes"})
    assert response.status_code == HTTPStatus.FOUND
    assert not Slot.objects.filter(pk=slot.pk).exists()


def test_a_slot_that_was_booked_is_kept_for_its_booking(
    staff_client, slot_factory, booking_factory
):
    slot = slot_factory()
    booking = booking_factory(slot=slot)
    services.booking_cancel(booking=booking, by_staff=True, message="Syk")  # even cancelled
    change = reverse("admin:assessments_slot_change", args=[slot.pk])
    delete = reverse("admin:assessments_slot_delete", args=[slot.pk])
    page = staff_client.get(change).content.decode()
    assert delete not in page and "Avpubliser valgte tider" in page  # what to do instead
    refused = staff_client.post(delete, {"post": "yes"}, follow=True)
    assert "kan ikke slettes" in refused.content.decode()
    actions = staff_client.get(SLOTS).context["action_form"].fields["action"].choices
    assert "delete_selected" not in dict(actions)
    with pytest.raises(services.SlotHasBookings):
        services.slots_delete(slots=[slot])
    assert Slot.objects.filter(pk=slot.pk).exists()


def test_a_booking_while_staff_confirm_the_deletion_stops_it_with_a_message(
    staff_client, slot_factory, booking_factory
):
    slot = slot_factory()
    delete = reverse("admin:assessments_slot_delete", args=[slot.pk])
    assert staff_client.get(delete).status_code == HTTPStatus.OK
    booking = booking_factory(slot=slot)  # an adviser books it while staff read the page
    response = staff_client.post(delete, {"post": "yes"}, follow=True)
    assert "kan ikke slettes" in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).slot == slot
