"""One word per thing: a booking is «avbestilt» (a course is «avlyst»), in the subject and
in the body alike, whoever cancels it."""

from datetime import timedelta

import pytest

from assessments import services

from .conftest import NOW


@pytest.mark.parametrize("by_staff", [True, False])
def test_a_cancelled_booking_is_avbestilt_never_avlyst(
    by_staff, slot_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks
):
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=2)),
        candidate_email="kandidat@example.org",
        now=NOW,
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, by_staff=by_staff, now=NOW)
    assert len(mailoutbox) >= 2
    for mail in mailoutbox:
        for text in (mail.subject, mail.body, mail.alternatives[0][0]):
            assert "avlys" not in text.lower(), text
        assert "avbestilt" in mail.subject.lower()
