"""Booking invitations that calendar programs accept and later update (iTIP, RFC 5546)."""

from datetime import timedelta

import pytest

from assessments import services
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
        assert invitation.uid == f"vurdering-{booking.pk}@erfaringssentrum"
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
