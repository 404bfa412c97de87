"""Every retention rule, run the way cron runs it (`manage.py apply_retention`) on old and on
recent data, checking every personal field (issues #13 and #18)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command

from assessments import services as booking_services
from assessments.models import Booking, CallTo, Format, Status
from courses import services as course_services
from courses.models import Course, InterestEntry, PollAnswer, Signup
from erfaringssentrum.core.privacy import SCRUBBED
from erfaringssentrum.models import User
from tests.factories import admin_log_entry

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 6, 15, 3, 30, tzinfo=ZoneInfo("Europe/Oslo"))  # when cron runs it
DAY = timedelta(days=1)

# Every field of a booking is one or the other: anonymising blanks the first kind, keeps the
# second (for the centre's statistics). A new field must be placed here.
PERSONAL_BOOKING_FIELDS = {
    "adviser": None,
    "consent_confirmed_by": None,
    "adviser_role": "",
    "phone": "",
    "call_number": "",
    "needs_adaptation": False,
    "candidate_name": "",
    "candidate_email": "",
    "question": "",
    "cancellation_message": "",
}
KEPT_BOOKING_FIELDS = {
    "id", "slot", "status", "organisation", "adviser_attends", "consent_confirmed_at",
    "consent_version", "candidate_confirmed_at", "created_at", "cancelled_at",
    "cancelled_by_staff", "reminder_sent_at", "anonymised_at", "calendar_sequence",
    "candidate_invitation_withheld", "call_to",
}  # fmt: skip


def run_retention(time_machine):
    time_machine.move_to(NOW)
    call_command("apply_retention", stdout=open("/dev/null", "w"))  # noqa: SIM115


def personal_values(booking):
    booking.refresh_from_db()
    return {name: getattr(booking, name) for name in PERSONAL_BOOKING_FIELDS}


def test_every_booking_field_is_either_personal_or_kept():
    fields = {field.name for field in Booking._meta.concrete_fields}
    assert fields == set(PERSONAL_BOOKING_FIELDS) | KEPT_BOOKING_FIELDS


# --- Bookings ---------------------------------------------------------------------------------


@pytest.fixture
def book(slot_factory, booking_factory, adviser_factory):
    """A booking with every personal field filled in, for an appointment at `starts_at`."""

    def create(starts_at, *, cancelled_at=None):
        slot = slot_factory(starts_at=starts_at, format=Format.PHONE, location="")
        booking = booking_factory(
            slot=slot,
            adviser=adviser_factory(),
            now=starts_at - 10 * DAY,
            adviser_role="Veileder",
            phone="+47 41 23 45 67",
            call_to=CallTo.CANDIDATE,
            call_number="+47 98 76 54 32",
            candidate_name="Zelmira",
            candidate_email="zelmira@example.org",
            question="Passer det?",
        )
        Booking.objects.filter(pk=booking.pk).update(needs_adaptation=True)
        if cancelled_at is not None:
            booking_services.booking_cancel(
                booking=booking, by_staff=True, message="Beklager, Zelmira.", now=cancelled_at
            )
        filled = personal_values(booking)
        if cancelled_at is None:
            del filled["cancellation_message"]
        assert all(value not in (None, "") for value in filled.values())
        return booking

    return create


def test_anonymising_blanks_every_personal_field_of_a_booking(book):
    booking = book(NOW + 5 * DAY, cancelled_at=NOW)
    before = {name: getattr(booking, name) for name in KEPT_BOOKING_FIELDS - {"anonymised_at"}}
    assert booking_services.bookings_anonymise(
        now=NOW, bookings=Booking.objects.filter(pk=booking.pk)
    ) == 1
    assert personal_values(booking) == PERSONAL_BOOKING_FIELDS
    assert {name: getattr(booking, name) for name in before} == before
    assert booking.anonymised_at == NOW


def test_bookings_are_anonymised_six_months_after_the_appointment(book, staff_user, time_machine):
    old = book(NOW - timedelta(days=186))
    old_cancelled = book(NOW - timedelta(days=200), cancelled_at=NOW - timedelta(days=205))
    recent = book(NOW - timedelta(days=150))
    upcoming = book(NOW + 5 * DAY)
    old_entry = admin_log_entry(old, user=staff_user)
    recent_entry = admin_log_entry(recent, user=staff_user)

    run_retention(time_machine)

    for booking in (old, old_cancelled):
        assert personal_values(booking) == PERSONAL_BOOKING_FIELDS, booking.pk
        assert booking.anonymised_at is not None
    for booking in (recent, upcoming):
        assert personal_values(booking)["candidate_name"] == "Zelmira", booking.pk
        assert booking.anonymised_at is None
    old_entry.refresh_from_db()
    recent_entry.refresh_from_db()
    assert old_entry.object_repr == SCRUBBED
    assert recent_entry.object_repr == str(recent)


def test_the_address_kept_for_a_deleted_accounts_notice_goes_after_the_mail_queue_is_done(
    book, time_machine
):
    """An adviser deleted their account: their cancelled bookings keep the candidate's address
    (and nothing else) until the mail queue has surely sent the candidate's notice."""
    notice_underway = book(NOW + 10 * DAY, cancelled_at=NOW - DAY)
    notice_done = book(NOW + 10 * DAY, cancelled_at=NOW - 3 * DAY)
    booking_services.bookings_anonymise_but_the_candidates_address(bookings=Booking.objects.all())

    run_retention(time_machine)

    assert personal_values(notice_done) == PERSONAL_BOOKING_FIELDS
    assert personal_values(notice_underway) == {
        **PERSONAL_BOOKING_FIELDS,
        "candidate_email": "zelmira@example.org",
    }


def test_the_address_is_kept_longer_than_the_mail_queue_tries():
    from erfaringssentrum.core.mailqueue import RETRY_DELAYS

    assert sum(RETRY_DELAYS, timedelta()) < booking_services.NOTICE_TIME


# --- Courses ----------------------------------------------------------------------------------


@pytest.fixture
def signed_up(signup_factory, date_option_factory):
    """Two signups to `course` (the last one at `last`), one with an answer in the date poll."""

    def create(course, *, last):
        first = signup_factory(course, created=last - 30 * DAY, comment="Trenger tolk")
        option = date_option_factory(course, 400)
        PollAnswer.objects.create(option=option, signup=first, answer="yes")
        second = signup_factory(course, created=last, status=Signup.Status.WAITING)
        return [first, second]

    return create


def test_course_signups_are_deleted_a_year_after_the_course_took_place_or_was_cancelled(
    course_factory, signed_up, staff_user, time_machine
):
    held_long_ago = course_factory(starts_at=NOW - timedelta(days=370))
    held_recently = course_factory(starts_at=NOW - timedelta(days=300))
    cancelled_long_ago = course_factory(created=NOW - timedelta(days=800))
    cancelled_recently = course_factory(created=NOW - timedelta(days=800))
    never_dated_quiet = course_factory(created=NOW - timedelta(days=800))
    never_dated_active = course_factory(created=NOW - timedelta(days=800))

    gone = [
        *signed_up(held_long_ago, last=NOW - timedelta(days=380)),
        *signed_up(cancelled_long_ago, last=NOW - timedelta(days=390)),
    ]
    kept = [
        # Still open, nobody new for a year: cancelled (everyone told), kept a year from now.
        *signed_up(never_dated_quiet, last=NOW - timedelta(days=366)),
        *signed_up(held_recently, last=NOW - timedelta(days=310)),
        # Created and signed up for long ago, but cancelled only lately: timed from then.
        *signed_up(cancelled_recently, last=NOW - timedelta(days=700)),
        # Its first signup is old, its last one recent.
        *signed_up(never_dated_active, last=NOW - timedelta(days=20)),
    ]
    course_services.course_cancel(course=cancelled_long_ago, now=NOW - timedelta(days=370))
    course_services.course_cancel(course=cancelled_recently, now=NOW - timedelta(days=300))
    entry = admin_log_entry(gone[0], user=staff_user)
    assert gone[0].user.email in entry.object_repr

    run_retention(time_machine)

    assert set(Signup.objects.all()) == set(kept)
    never_dated_quiet.refresh_from_db()
    never_dated_active.refresh_from_db()
    assert never_dated_quiet.status == Course.Status.CANCELLED
    assert never_dated_active.status == Course.Status.ACTIVE
    assert set(PollAnswer.objects.values_list("signup", flat=True)) == {
        signup.pk for signup in kept if signup.status == Signup.Status.CONFIRMED
    }
    entry.refresh_from_db()
    assert entry.object_repr == SCRUBBED


def test_cancelling_a_course_records_when(course):
    course_services.course_cancel(course=course, now=NOW)
    course.refresh_from_db()
    assert course.cancelled_at == NOW


def test_interest_entries_are_deleted_a_year_after_they_were_told_or_two_after_made(
    course_type, user_factory, time_machine
):
    def entry(**fields):
        return InterestEntry.objects.create(course_type=course_type, user=user_factory(), **fields)

    told_long_ago = entry(created=NOW - timedelta(days=500), notified_at=NOW - timedelta(days=370))
    never_told_old = entry(created=NOW - timedelta(days=740))
    told_lately = entry(created=NOW - timedelta(days=500), notified_at=NOW - timedelta(days=300))
    waiting = entry(created=NOW - timedelta(days=700))

    run_retention(time_machine)

    assert set(InterestEntry.objects.all()) == {told_lately, waiting}
    assert not InterestEntry.objects.filter(pk__in=[told_long_ago.pk, never_told_old.pk])


# --- Accounts and sessions --------------------------------------------------------------------


def test_unconfirmed_accounts_and_expired_sessions_go(user_factory, staff_user, time_machine):
    confirmed = user_factory(date_joined=NOW - timedelta(days=400))
    unconfirmed_old = User.objects.create_user(email="gammel@example.org", password="x")
    unconfirmed_new = User.objects.create_user(email="ny@example.org", password="x")
    User.objects.filter(pk=unconfirmed_old.pk).update(date_joined=NOW - timedelta(days=31))
    User.objects.filter(pk=unconfirmed_new.pk).update(date_joined=NOW - timedelta(days=29))
    EmailAddress.objects.create(user=unconfirmed_old, email=unconfirmed_old.email)
    entry = admin_log_entry(unconfirmed_old, user=staff_user)
    for expiry in (NOW - timedelta(hours=1), NOW + timedelta(hours=1)):
        session = SessionStore()
        session["_auth_user_id"] = str(confirmed.pk)
        session.create()
        Session.objects.filter(session_key=session.session_key).update(expire_date=expiry)

    run_retention(time_machine)

    remaining = set(User.objects.values_list("email", flat=True))
    assert {confirmed.email, unconfirmed_new.email} <= remaining
    assert unconfirmed_old.email not in remaining
    entry.refresh_from_db()
    assert entry.object_repr == SCRUBBED
    assert Session.objects.count() == 1
    assert Session.objects.get().expire_date > NOW


def test_the_command_runs_every_apps_rules(
    book, course_factory, signed_up, course_type, user_factory, time_machine
):
    """One run, one old row of each kind: each is gone."""
    booking = book(NOW - timedelta(days=200))
    signups = signed_up(course_factory(starts_at=NOW - timedelta(days=400)), last=NOW - 400 * DAY)
    interest = InterestEntry.objects.create(
        course_type=course_type, user=user_factory(), created=NOW - timedelta(days=800)
    )

    run_retention(time_machine)

    assert personal_values(booking) == PERSONAL_BOOKING_FIELDS
    assert not Signup.objects.filter(pk__in=[s.pk for s in signups]).exists()
    assert not InterestEntry.objects.filter(pk=interest.pk).exists()
    assert Booking.objects.filter(pk=booking.pk, status=Status.ACTIVE).exists()  # kept, blank
