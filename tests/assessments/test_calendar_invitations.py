"""Booking invitations that calendar programs accept and later update (iTIP, RFC 5546)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from assessments import services
from erfaringssentrum.models import ContactDetails
from tests.invitations import organizer, read_invitation

from .conftest import NOW

pytestmark = pytest.mark.django_db


def test_booking_and_cancellation_are_one_event_that_calendars_update(
    slot_factory, user, booking_data, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(NOW, tick=False)  # the e-mails are built as they are sent
    slot = slot_factory(starts_at=NOW + timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(
            slot_id=slot.pk,
            adviser=user,
            candidate_email="kandidat@example.org",
            now=NOW,
            **booking_data,
        )
    invited = {m.to[0]: read_invitation(m) for m in mailoutbox if m.attachments}
    assert set(invited) == {user.email, "kandidat@example.org"}
    for address, invitation in invited.items():
        assert invitation.method == "REQUEST"
        assert invitation.status == "CONFIRMED"
        assert invitation.organizer == organizer()
        assert invitation.attendees == [f"mailto:{address}"]  # each names its own recipient
        assert invitation.uid == f"vurdering-{booking.pk}@testserver"
        assert invitation.sequence == 0

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, now=NOW)
    cancelled = {m.to[0]: read_invitation(m) for m in mailoutbox if m.attachments}
    assert set(cancelled) == {user.email, "kandidat@example.org"}
    for address, cancellation in cancelled.items():
        assert cancellation.method == "CANCEL"
        assert cancellation.status == "CANCELLED"
        assert cancellation.uid == invited[address].uid
        assert cancellation.sequence > invited[address].sequence
        assert cancellation.organizer == organizer()
        assert cancellation.attendees == [f"mailto:{address}"]
    booking.refresh_from_db()
    assert booking.calendar_sequence == 1


def test_a_sender_with_a_display_name_still_gives_calendars_an_address_to_reach(
    slot_factory,
    user,
    booking_data,
    mailoutbox,
    django_capture_on_commit_callbacks,
    time_machine,
    settings,
):
    # DEFAULT_FROM_EMAIL may be written with a name (the launch check reads it so too).
    settings.DEFAULT_FROM_EMAIL = "Erfaringssentrum <ikke-svar@senteret.no>"
    ContactDetails.objects.update(email="post@senteret.no", phone="22 22 22 22")
    time_machine.move_to(NOW, tick=False)
    slot = slot_factory(starts_at=NOW + timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(
            slot_id=slot.pk,
            adviser=user,
            candidate_email="kandidat@example.org",
            now=NOW,
            **booking_data,
        )
    invitations = [read_invitation(m) for m in mailoutbox if m.attachments]
    assert len(invitations) == 2
    for invitation in invitations:
        # A calendar replies to, and shows, the ORGANIZER: a bare mailto: address.
        assert invitation.organizer == "mailto:ikke-svar@senteret.no"
        # The questions go where the e-mail and the pages send them: the centre's contact
        # details, not the sender address.
        description = str(invitation.event["description"])
        assert "kontakt oss på e-post post@senteret.no eller telefon 22 22 22 22" in description
        assert "ikke-svar" not in description and "<" not in description


def test_without_contact_details_the_calendar_entry_names_no_address(
    slot_factory, user, booking_data, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    ContactDetails.objects.update(email="", phone="")
    time_machine.move_to(NOW, tick=False)
    slot = slot_factory(starts_at=NOW + timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(slot_id=slot.pk, adviser=user, now=NOW, **booking_data)
    (invitation,) = [read_invitation(m) for m in mailoutbox if m.attachments]
    description = str(invitation.event["description"])
    assert description.endswith("Gratis samtale om veien mot å bli erfaringskonsulent.")


def test_the_calendar_uid_names_the_site_it_came_from(
    slot_factory,
    user,
    booking_data,
    mailoutbox,
    django_capture_on_commit_callbacks,
    time_machine,
    settings,
    client,
):
    """A test booking on staging must not replace or cancel a real appointment in someone's
    calendar: the UID carries the host of SITE_URL, never that of the request."""
    settings.SITE_URL = "https://staging.erfaringssentrum.no:8443"
    settings.ALLOWED_HOSTS = ["staging.erfaringssentrum.no", "annen.example"]
    time_machine.move_to(NOW, tick=False)
    slot = slot_factory(starts_at=NOW + timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(
            slot_id=slot.pk,
            adviser=user,
            candidate_email="kandidat@example.org",
            now=NOW,
            **booking_data,
        )
    uids = {read_invitation(m).uid for m in mailoutbox if m.attachments}
    assert uids == {f"vurdering-{booking.pk}@staging.erfaringssentrum.no"}

    client.force_login(user)
    response = client.get(
        reverse("assessments:booking-ics", kwargs={"pk": booking.pk}), HTTP_HOST="annen.example"
    )
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["uid"]) == f"vurdering-{booking.pk}@staging.erfaringssentrum.no"
