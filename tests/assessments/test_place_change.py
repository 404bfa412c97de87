"""A booked slot keeps its time, form and consultant, but staff may correct where it is held
(the address, the video link, the number). The adviser and the candidate of a booking still
ahead then get the new place, with their calendar entry updated in place (same UID, higher
SEQUENCE); nobody hears of a change that does not change what they were told."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from assessments import emails, services
from assessments.models import Booking, CallTo, Format, Status
from tests.invitations import read_invitation

from .conftest import NOW

pytestmark = pytest.mark.django_db

CANDIDATE = "kandidat@example.org"


@pytest.fixture
def book(
    slot_factory,
    booking_factory,
    user,
    django_capture_on_commit_callbacks,
    mailoutbox,
    time_machine,
):
    """Books a slot `days` after NOW (made with `slot_fields`) for the adviser `user`, with
    a candidate address and `booking_fields`; the booking's own e-mails are cleared. The
    clock is NOW, for the e-mails (they are built as they are sent)."""
    time_machine.move_to(NOW)

    def create(booking_fields=None, days=4, **slot_fields):
        with django_capture_on_commit_callbacks(execute=True):
            booking = booking_factory(
                slot=slot_factory(starts_at=NOW + timedelta(days=days), **slot_fields),
                adviser=user,
                candidate_email=CANDIDATE,
                now=NOW,
                **(booking_fields or {}),
            )
        mailoutbox.clear()
        return booking

    return create


def change(slot, capture, now=NOW, **changes):
    with capture(execute=True):
        return services.slot_update(slot=slot, changes=changes, now=now)


def test_a_new_address_goes_to_the_adviser_and_the_candidate_with_an_updated_calendar_entry(
    book, user, mailoutbox, django_capture_on_commit_callbacks
):
    booking = book(format=Format.IN_PERSON, location="Storgata 1, 0155 Oslo")

    change(booking.slot, django_capture_on_commit_callbacks, location="Kirkegata 5, 0153 Oslo")

    booking.refresh_from_db()
    assert booking.calendar_sequence == 1
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {user.email, CANDIDATE}  # staff made the change themselves
    for message in mailoutbox:
        assert "Nytt sted for vurderingssamtalen fredag 6. mars" in message.subject
        assert "Før: Oppmøte: Storgata 1, 0155 Oslo" in message.body
        assert "Slik deltar du: Oppmøte: Kirkegata 5, 0153 Oslo" in message.body
        assert "Vi har endret stedet for vurderingssamtalen" in message.body
        assert "Tiden er den samme" in message.body
        invitation = read_invitation(message)
        assert invitation.method == "REQUEST" and invitation.status == "CONFIRMED"
        assert invitation.uid == f"vurdering-{booking.pk}@testserver"
        assert invitation.sequence == 1
        assert str(invitation.event["location"]) == "Kirkegata 5, 0153 Oslo"
        assert invitation.event.decoded("dtstart") == booking.slot.starts_at
        html = message.alternatives[0][0]
        assert "Kirkegata 5, 0153 Oslo" in html and "Storgata 1, 0155 Oslo" in html
    assert "for Kari" in by_address[user.email].body
    assert "Kandidaten har fått den samme beskjeden" in by_address[user.email].body
    assert "Hei Kari!" in by_address[CANDIDATE].body


@pytest.mark.parametrize(
    ("link_before", "subject", "opening"),
    [
        ("https://video.example/gammel", "Ny lenke til", "Vi har endret lenken til"),
        ("", "Lenken til", "Her er lenken til"),  # the link the booking was promised
    ],
    ids=["new", "promised"],
)
def test_a_digital_booking_is_sent_its_new_link(
    book, mailoutbox, django_capture_on_commit_callbacks, link_before, subject, opening
):
    booking = book(format=Format.DIGITAL, location=link_before)

    change(booking.slot, django_capture_on_commit_callbacks, location="https://video.example/ny")

    assert len(mailoutbox) == 2
    for message in mailoutbox:
        assert f"{subject} vurderingssamtalen" in message.subject
        assert f"{opening} vurderingssamtalen" in message.body
        assert "Digitalt møte: https://video.example/ny" in message.body
        assert str(read_invitation(message).event["url"]) == "https://video.example/ny"
        assert ("Før:" in message.body) == bool(link_before)


def test_a_queued_mail_about_a_place_is_dropped_once_the_booking_moved_or_started(
    book, slot_factory, mailoutbox, time_machine
):
    booking = book(format=Format.IN_PERSON, location="Storgata 1")
    services.slot_update(slot=booking.slot, changes={"location": "Kirkegata 5"}, now=NOW)
    booking.refresh_from_db()
    about_this_slot = {
        "booking_id": booking.pk,
        "slot_id": booking.slot_id,
        "previous_place": "Oppmøte: Storgata 1",
        "first_link": False,
    }
    time_machine.move_to(NOW)
    assert emails.booking_place_changed(recipient="adviser", **about_this_slot) is not None

    time_machine.move_to(booking.slot.starts_at)
    assert emails.booking_place_changed(recipient="adviser", **about_this_slot) is None

    time_machine.move_to(NOW)
    Booking.objects.filter(pk=booking.pk).update(
        slot=slot_factory(starts_at=NOW + timedelta(days=6))
    )
    assert emails.booking_place_changed(recipient="adviser", **about_this_slot) is None


@pytest.mark.parametrize(
    "changes",
    [
        {"location": "https://video.example/rom"},  # the same link
        {"is_published": False},  # nothing the invitation says
    ],
)
def test_a_change_that_leaves_the_place_as_it_was_sends_nothing(
    book, mailoutbox, django_capture_on_commit_callbacks, changes
):
    booking = book(format=Format.DIGITAL, location="https://video.example/rom")

    change(booking.slot, django_capture_on_commit_callbacks, **changes)

    booking.refresh_from_db()
    assert booking.calendar_sequence == 0
    assert mailoutbox == []


def test_a_phone_booking_with_a_number_to_call_is_not_told_of_the_slots_number(
    book, mailoutbox, django_capture_on_commit_callbacks
):
    booking = book(
        format=Format.PHONE,
        location="",
        booking_fields={"call_to": CallTo.CANDIDATE, "call_number": "+47 412 34 567"},
    )

    change(booking.slot, django_capture_on_commit_callbacks, location="+47 22 00 00 00")

    assert mailoutbox == []  # we still call the candidate on their number


def test_no_one_is_told_once_the_booking_is_cancelled_or_the_time_has_passed(
    book, slot_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks
):
    cancelled = book(format=Format.IN_PERSON, location="Storgata 1")
    Booking.objects.filter(pk=cancelled.pk).update(status=Status.CANCELLED)
    change(cancelled.slot, django_capture_on_commit_callbacks, location="Kirkegata 5")

    held = book(format=Format.IN_PERSON, location="Storgata 1", days=5)
    after = held.slot.ends_at + timedelta(hours=1)
    change(held.slot, django_capture_on_commit_callbacks, now=after, location="Kirkegata 5")

    assert mailoutbox == []
    for booking in (cancelled, held):
        booking.refresh_from_db()
        assert booking.calendar_sequence == 0


def test_staff_are_told_on_the_form_and_the_change_reaches_both_in_admin(
    book, staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    booking = book(format=Format.IN_PERSON, location="Storgata 1")
    url = reverse("admin:assessments_slot_change", args=[booking.slot.pk])
    page = staff_client.get(url).content.decode()
    assert "får veilederen og kandidaten e-post" in page
    assert "Adresse ved oppmøte" in page  # the field's own help is kept

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"location": "Kirkegata 5", "is_published": "on"})

    assert response.status_code == HTTPStatus.FOUND
    assert len(mailoutbox) == 2
    assert all("Oppmøte: Kirkegata 5" in message.body for message in mailoutbox)


def test_staff_who_may_only_look_see_a_booked_slot(book, user_factory):
    booking = book(format=Format.IN_PERSON, location="Storgata 1")
    viewer = user_factory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_slot"))
    client = Client()
    client.force_login(viewer)
    url = reverse("admin:assessments_slot_change", args=[booking.slot.pk])
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert "Storgata 1" in response.content.decode()


def correct(booking, capture, **changes):
    with capture(execute=True):
        return services.booking_staff_correct(booking=booking, changes=changes, now=NOW)


def test_staff_calling_someone_else_tell_both_and_update_their_calendars(
    book, user, mailoutbox, django_capture_on_commit_callbacks
):
    booking = book(
        {"call_to": CallTo.CANDIDATE, "call_number": "912 34 567", "adviser_attends": True},
        format=Format.PHONE,
    )

    # The candidate asks to sit with the adviser after all: staff note it in admin.
    correct(
        booking,
        django_capture_on_commit_callbacks,
        call_to=CallTo.ADVISER,
        call_number="22 33 44 55",
    )

    booking.refresh_from_db()
    assert booking.calendar_sequence == 1
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {user.email, CANDIDATE}
    candidate = by_address[CANDIDATE]
    assert "Før: Telefon: Vi ringer deg på 912 34 567." in candidate.body
    assert "Vi ringer veilederen din, og du sitter sammen med veilederen." in candidate.body
    adviser = by_address[user.email]
    assert "Før: Telefon: Vi ringer kandidaten på 912 34 567." in adviser.body
    assert "Vi ringer veilederen på 22 33 44 55" in adviser.body
    assert "Kandidaten har fått den samme beskjeden." in adviser.body
    for message in mailoutbox:
        invitation = read_invitation(message)
        assert invitation.method == "REQUEST" and invitation.sequence == 1
        assert "912 34 567" not in str(invitation.event["description"])


def test_a_new_number_for_the_adviser_is_news_to_the_adviser_only(
    book, user, mailoutbox, django_capture_on_commit_callbacks
):
    booking = book(
        {"call_to": CallTo.ADVISER, "call_number": "912 34 567", "adviser_attends": True},
        format=Format.PHONE,
    )

    correct(booking, django_capture_on_commit_callbacks, call_number="22 33 44 55")

    (message,) = mailoutbox  # the candidate was told «we call your adviser»: still true
    assert message.to == [user.email]
    assert "Vi ringer veilederen på 22 33 44 55" in message.body
    assert "Kandidaten har fått den samme beskjeden" not in message.body
    assert "så kandidaten får ingen beskjed" in message.body


def test_a_correction_that_changes_nothing_anyone_was_told_sends_nothing(
    book, mailoutbox, django_capture_on_commit_callbacks
):
    booking = book(
        {"call_to": CallTo.CANDIDATE, "call_number": "912 34 567", "adviser_attends": True},
        format=Format.PHONE,
    )
    correct(booking, django_capture_on_commit_callbacks, organisation="NAV Annenby")
    assert mailoutbox == []
    booking.refresh_from_db()
    assert booking.calendar_sequence == 0
