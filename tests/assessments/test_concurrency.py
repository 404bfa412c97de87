"""Rules that must hold when requests come at the same moment: twenty advisers submit the
same slot (one booking, nineteen told why); eight advisers invite one candidate (three
invitations); four hourly jobs run at once (one e-mail to staff).

Runs only on PostgreSQL, where each thread gets its own real connection and
select_for_update() really locks (on SQLite it is a no-op and writes are serialised anyway).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments import services
from assessments.models import AdviserApproval, Booking, CandidateInvitation, Slot
from tests.concurrency import POSTGRES_ONLY, run_at_once

from .conftest import NOW

THREADS = 20

pytestmark = POSTGRES_ONLY


@pytest.fixture(autouse=True)
def _no_emails(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_twenty_advisers_booking_the_same_slot_at_once(
    slot_factory, adviser_factory, booking_data
):
    slot = slot_factory(starts_at=timezone.now() + timedelta(days=3))
    advisers = [adviser_factory() for _ in range(THREADS)]

    def book(adviser):
        return services.booking_create(slot_id=slot.pk, adviser=adviser, **booking_data)

    outcomes = run_at_once(book, advisers)

    booked = [o for o in outcomes if isinstance(o, Booking)]
    assert len(booked) == 1, outcomes
    losers = [o for o in outcomes if not isinstance(o, Booking)]
    assert all(isinstance(o, services.SlotTaken) for o in losers), losers
    assert all(o.message.startswith("Denne tiden ble nettopp booket") for o in losers)
    assert Booking.objects.filter(slot=slot).count() == 1


def test_an_adviser_one_below_the_limit_booking_two_slots_at_once_gets_one(
    settings, slot_factory, booking_factory, adviser_factory
):
    # Five advisers at once, each racing two bookings: a race that slips through the limit
    # shows up in at least one of them.
    settings.ASSESSMENTS_MAX_OPEN_BOOKINGS = 2
    advisers = [adviser_factory() for _ in range(5)]
    attempts = []
    for adviser in advisers:
        booking_factory(slot=slot_factory(start=NOW), adviser=adviser, now=NOW)
        attempts += [(adviser, slot_factory(start=NOW)) for _ in range(2)]

    def book(attempt):
        adviser, slot = attempt
        return booking_factory(slot=slot, adviser=adviser, now=NOW)

    outcomes = run_at_once(book, attempts)

    for adviser in advisers:
        theirs = [o for (a, _), o in zip(attempts, outcomes, strict=True) if a == adviser]
        assert sum(isinstance(o, Booking) for o in theirs) == 1, theirs
        assert sum(isinstance(o, services.BookingLimitReached) for o in theirs) == 1, theirs
        assert Booking.objects.for_adviser(adviser).open(now=NOW).count() == 2


def test_two_overlapping_reminder_runs_remind_each_booking_once(slot_factory, booking_factory):
    tomorrow = [
        booking_factory(
            slot=slot_factory(starts_at=NOW + timedelta(days=1, hours=h)),
            now=NOW - timedelta(days=7),
        )
        for h in range(12)
    ]
    later = booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=2)), now=NOW)

    sent = run_at_once(lambda _: services.bookings_send_reminders(now=NOW), range(2))

    assert sum(sent) == len(tomorrow), sent
    assert not Booking.objects.filter(pk__in=[b.pk for b in tomorrow], reminder_sent_at=None)
    later.refresh_from_db()
    assert later.reminder_sent_at is None


def test_eight_advisers_inviting_one_candidate_at_once_send_three_invitations(
    slot_factory, adviser_factory, booking_data
):
    pairs = [(slot_factory(), adviser_factory()) for _ in range(8)]

    def book(pair):
        slot, adviser = pair
        return services.booking_create(
            slot_id=slot.pk, adviser=adviser, candidate_email="kari@example.org", **booking_data
        ).candidate_invitation_withheld

    withheld = run_at_once(book, pairs)
    assert sorted(withheld, key=str) == [False] * 3 + [True] * 5, withheld
    assert CandidateInvitation.objects.count() == 3
    assert Booking.objects.exclude(candidate_email="").count() == 3


def test_four_hourly_jobs_at_once_send_one_staff_email(user_factory):
    for n in range(5):
        user = user_factory(email=f"veileder{n}@tiltak.example")
        services.adviser_email_confirmed(user=user, email=user.email)
    listed = run_at_once(lambda _: services.advisers_notify_staff(), range(4))
    assert sorted(listed, key=str) == [0, 0, 0, 5], listed
    assert not AdviserApproval.objects.filter(staff_notified_at__isnull=True).exists()


def test_twenty_advisers_moving_to_the_same_free_slot_at_once(
    slot_factory, booking_factory, adviser_factory
):
    """«Endre tid» locks both slots: one move wins, the others keep the time they had."""
    start = timezone.now() + timedelta(days=3)
    bookings = [
        booking_factory(slot=slot_factory(start=start), adviser=adviser_factory())
        for _ in range(THREADS)
    ]
    old_slots = {booking.pk: booking.slot_id for booking in bookings}
    target = slot_factory(start=start)

    def move(booking):
        return services.booking_move(booking=booking, new_slot_id=target.pk)

    outcomes = run_at_once(move, bookings)

    moved = [o for o in outcomes if isinstance(o, Booking)]
    assert len(moved) == 1, outcomes
    losers = [o for o in outcomes if not isinstance(o, Booking)]
    assert all(isinstance(o, services.SlotTaken) for o in losers), losers
    assert Booking.objects.filter(slot=target).count() == 1
    for booking in Booking.objects.exclude(pk=moved[0].pk):
        assert booking.slot_id == old_slots[booking.pk]  # nobody lost their old time
        assert booking.status == "active" and booking.calendar_sequence == 0


def test_overlapping_slots_created_at_once_give_one_slot(consultant):
    """Five staff members (or five quick submits) create overlapping slots for one consultant
    at the same moment: slot_create checks the overlap under the consultant's lock, so one
    is saved and the others are told why."""
    start = NOW + timedelta(days=7)

    def create(minutes):
        begins = start + timedelta(minutes=minutes)
        return services.slot_create(
            consultant=consultant,
            starts_at=begins,
            ends_at=begins + timedelta(hours=1),
            format="phone",
        )

    outcomes = run_at_once(create, [0, 10, 20, 30, 40])

    created = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(created) == 1, outcomes
    assert all(isinstance(o, services.SlotOverlap) for o in outcomes if o not in created)
    assert consultant.assessment_slots.count() == 1


@pytest.fixture
def staff_and_adviser_at_once(slot_factory, adviser_factory, booking_data):
    """`race(staff_action)`: a new slot three days ahead, which staff act on with
    `staff_action(slot)` while an adviser books it; returns the slot and both outcomes."""

    def race(staff_action):
        slot = slot_factory(starts_at=timezone.now() + timedelta(days=3))
        adviser = adviser_factory()

        def act(who):
            if who == "staff":
                return staff_action(slot)
            return services.booking_create(slot_id=slot.pk, adviser=adviser, **booking_data)

        staff, booking = run_at_once(act, ["staff", "adviser"])
        return slot, staff, booking

    return race


def test_a_booking_and_staff_deleting_its_slot_at_once_end_in_one_or_the_other(
    staff_and_adviser_at_once,
):
    """Either the booking wins and the deletion is refused, or the slot is gone and the
    adviser is told to pick another: never a database error for either."""
    for _ in range(5):
        slot, staff, booking = staff_and_adviser_at_once(
            lambda slot: services.slots_delete(slots=[slot])
        )
        if isinstance(booking, Booking):
            assert isinstance(staff, services.SlotHasBookings), staff
            assert Booking.objects.filter(slot=slot).exists()
        else:
            assert staff == 1 and not Slot.objects.filter(pk=slot.pk).exists(), (staff, booking)
            assert isinstance(booking, services.SlotUnavailable), booking


def test_a_booking_and_staff_unpublishing_its_slot_at_once_never_leave_a_hidden_booking(
    staff_and_adviser_at_once,
):
    """Staff unpublish without a reason (the slot looked free); an adviser books it at the same
    moment. Either the booking wins and the unpublishing asks for a reason, or the slot is
    unpublished and the booking is refused: never an unpublished slot holding a booking."""
    for _ in range(5):
        slot, staff, booking = staff_and_adviser_at_once(
            lambda slot: services.slots_withdraw(slots=[slot])
        )
        slot.refresh_from_db()
        if isinstance(booking, Booking):
            assert isinstance(staff, services.ReasonNeeded), staff
            assert slot.is_published
        else:
            assert staff == [] and not slot.is_published, (staff, booking)
            assert isinstance(booking, services.SlotUnavailable), booking
