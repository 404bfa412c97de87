"""One word per thing: a booking is «avbestilt» (a course is «avlyst»), in the subject and
in the body alike, whoever cancels it."""

from datetime import timedelta

import pytest

from assessments import services
from erfaringssentrum.models import ContactDetails

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


@pytest.mark.parametrize(
    ("candidate_email", "told"),
    [
        ("kandidat@example.org", "Kandidaten har fått den samme beskjeden."),
        ("", "Kandidaten får ingen e-post fra oss, så gi kandidaten den nye tiden selv."),
    ],
)
def test_a_staff_move_tells_the_adviser_whether_the_candidate_knows(
    candidate_email,
    told,
    slot_factory,
    booking_factory,
    mailoutbox,
    django_capture_on_commit_callbacks,
    time_machine,
):
    time_machine.move_to(NOW, tick=False)  # the e-mails are built as they are sent
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=3)),
        candidate_email=candidate_email,
        now=NOW,
    )
    new_slot = slot_factory(starts_at=NOW + timedelta(days=4))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_move(booking=booking, new_slot_id=new_slot.pk, by_staff=True, now=NOW)
    (to_adviser,) = [m for m in mailoutbox if m.to == [booking.adviser.email]]
    assert told in to_adviser.body
    assert told in to_adviser.alternatives[0][0]


@pytest.mark.parametrize(
    ("candidate_email", "told"),
    [
        ("kandidat@example.org", "Kandidaten har fått den samme beskjeden."),
        ("", "Kandidaten får ingen e-post fra oss, så si fra til kandidaten."),
    ],
)
def test_a_staff_cancellation_tells_the_adviser_whether_the_candidate_knows(
    candidate_email,
    told,
    slot_factory,
    booking_factory,
    mailoutbox,
    django_capture_on_commit_callbacks,
    time_machine,
):
    time_machine.move_to(NOW, tick=False)
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=3)),
        candidate_email=candidate_email,
        now=NOW,
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, by_staff=True, message="Syk.", now=NOW)
    (to_adviser,) = [m for m in mailoutbox if m.to == [booking.adviser.email]]
    assert told in to_adviser.body
    assert told in to_adviser.alternatives[0][0]
    for mail in mailoutbox:
        if mail.to != [booking.adviser.email]:
            assert "Kandidaten har fått" not in mail.body and "si fra til" not in mail.body


def test_a_reminder_tells_the_adviser_what_they_can_still_do_on_the_site(
    slot_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    ContactDetails.objects.update(email="post@senteret.no", phone="")
    # Monday 9 am: Tuesday's 2 pm appointment is 29 hours away, so still the adviser's to
    # change; Tuesday's 8 am one, 23 hours away, is not.
    morning = NOW.replace(hour=9)
    time_machine.move_to(morning, tick=False)
    late = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=1, hours=2)), now=NOW - timedelta(days=3)
    )
    early = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(hours=20)), now=NOW - timedelta(days=3)
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.bookings_send_reminders(now=morning) == 2
    by_adviser = {m.to[0]: m for m in mailoutbox}
    for booking, says, not_says in (
        (late, "Du kan endre tid eller avbestille på siden for bookingen", "Må du avbestille nå"),
        (early, "Må du avbestille nå, kontakt oss", "Du kan endre tid"),
    ):
        mail = by_adviser[booking.adviser.email]
        for text in (mail.body, mail.alternatives[0][0]):
            assert says in text and not_says not in text


def test_the_confirmation_says_where_its_link_leads_in_both_parts(
    slot_factory, user, booking_data, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(NOW, tick=False)
    slot = slot_factory(starts_at=NOW + timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(slot_id=slot.pk, adviser=user, now=NOW, **booking_data)
    (mail,) = [m for m in mailoutbox if m.to == [user.email]]
    link = f"/vurdering/booking/{booking.pk}/"
    for text in (mail.body, mail.alternatives[0][0]):
        # The link is the booking's own page, where the time can be changed too.
        assert "Må du endre tid eller avbestille? Det gjør du på" in text
        assert "siden for bookingen" in text and "Det gjør du på Min side" not in text
        assert link in text


def test_the_new_time_reads_as_the_other_subjects_do(
    slot_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    """«… avbestilt: mandag 2. mars …», «Ny booking: mandag …»: a date after a colon or in
    brackets is not capitalised, in «Ny tid» and «Flyttet» neither."""
    time_machine.move_to(NOW, tick=False)
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=3)),
        candidate_email="kandidat@example.org",
        now=NOW,
    )
    new_slot = slot_factory(starts_at=NOW + timedelta(days=4))  # Friday 6 March
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_move(booking=booking, new_slot_id=new_slot.pk, now=NOW)
    subjects = sorted(m.subject for m in mailoutbox)
    assert subjects == [
        "[Erfaringssentrum] Flyttet: fredag 6. mars 2026 kl. 12.00–13.00",
        "[Erfaringssentrum] Ny tid for vurderingssamtalen: fredag 6. mars 2026 kl. 12.00–13.00",
        "[Erfaringssentrum] Ny tid for vurderingssamtalen: fredag 6. mars 2026 kl. 12.00–13.00",
    ]
    (to_staff,) = [m for m in mailoutbox if m.subject.startswith("[Erfaringssentrum] Flyttet")]
    assert "Den gamle tiden (torsdag 5. mars 2026 kl. 12.00)" in to_staff.body
