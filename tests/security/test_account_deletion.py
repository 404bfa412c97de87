"""Deleting an account leaves no personal data of the adviser or of the candidates they
booked for, anywhere in the database (issue #13): every text column of every table is
searched after the deletion."""

import io
from datetime import timedelta
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from assessments import services as booking_services
from assessments.models import Booking, CallTo, Format, Status
from courses.models import InterestEntry, PollAnswer, Signup
from erfaringssentrum.core.privacy import SCRUBBED
from erfaringssentrum.models import User
from tests.factories import admin_log_entry

pytestmark = pytest.mark.django_db

EMAIL = "hjordis.unikvik@example.org"
OTHER_EMAIL = "hjordis.jobb@example.org"  # a second address on the account
NAME = "Hjørdis Unikvik"
PHONE = "+47 41 23 45 67"
CANDIDATE_PHONE = "+47 98 76 54 32"  # the number we call the candidate on
CANDIDATES = {"Zelmira": "kandidat.z@example.org", "Ottokar": "", "Brynhild": ""}


@pytest.fixture
def adviser_with_history(
    adviser_factory, staff_user, slot_factory, booking_factory, course_factory, signup_factory,
    date_option_factory, course_type, django_capture_on_commit_callbacks,
):  # fmt: skip
    """An adviser with an upcoming, a cancelled and a past booking, course signups of every
    kind, a place on an interest list, entries in the admin's log and a second session."""
    adviser = adviser_factory(email=EMAIL, name=NAME, phone=PHONE, role="Jobbspesialist")
    now = timezone.now()
    details = {"adviser": adviser, "phone": PHONE, "adviser_role": "Jobbspesialist"}
    with django_capture_on_commit_callbacks(execute=True):
        upcoming = booking_factory(
            slot=slot_factory(format=Format.PHONE, location=""), candidate_name="Zelmira",
            candidate_email=CANDIDATES["Zelmira"], question="Zelmira lurer på lønn.",
            call_to=CallTo.CANDIDATE, call_number=CANDIDATE_PHONE, **details,
        )  # fmt: skip
        cancelled = booking_factory(slot=slot_factory(), candidate_name="Ottokar", **details)
        booking_services.booking_cancel(
            booking=cancelled, by_staff=True, message="Beklager, Ottokar må få ny tid."
        )
        past_slot = slot_factory(starts_at=now - timedelta(days=20))
        past = booking_factory(
            slot=past_slot, now=past_slot.starts_at - timedelta(days=5),
            candidate_name="Brynhild", **details,
        )  # fmt: skip
        booking_services.booking_set_outcome(booking=past, status=Status.COMPLETED)

        dated = course_factory(starts_at=now + timedelta(days=30))
        signup_factory(dated, user=adviser, comment=f"Ring meg på {PHONE}")
        full = course_factory(min_participants=1, max_participants=1)
        signup_factory(full)
        signup_factory(full, user=adviser, status=Signup.Status.WAITING)
        held = course_factory(starts_at=now - timedelta(days=10))
        answered = signup_factory(held, user=adviser, comment="Zelmira blir kanskje med")
        PollAnswer.objects.create(
            option=date_option_factory(held, -12), signup=answered, answer="yes"
        )
        InterestEntry.objects.create(course_type=course_type, user=adviser)

    other_address = EmailAddress.objects.create(user=adviser, email=OTHER_EMAIL)
    for obj in (adviser, other_address, upcoming, answered):
        admin_log_entry(obj, user=staff_user)
    other_device = Client()  # logged in on another device too
    other_device.post("/konto/login/", {"login": EMAIL, "password": "et-godt-passord-123"})
    assert other_device.session["_auth_user_id"] == str(adviser.pk)
    return adviser


def texts_containing(needle: str) -> list[str]:
    """`table.column` for every column of every table that holds `needle` as text."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608 - names from the schema
                    f"WHERE LOWER(CAST({quote(column.name)} AS TEXT)) LIKE %s",
                    [f"%{needle.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    # Session data is encoded: look inside it too.
    for session in Session.objects.all():
        if needle.lower() in str(session.get_decoded()).lower():
            found.append(f"session {session.session_key}")
    return found


def test_the_search_finds_what_is_there(adviser_with_history):
    assert "erfaringssentrum_user.email" in texts_containing(EMAIL)
    assert "erfaringssentrum_user.phone" in texts_containing(PHONE)  # «Mine opplysninger»
    assert "assessments_booking.phone" in texts_containing(PHONE)
    assert "assessments_booking.call_number" in texts_containing(CANDIDATE_PHONE)
    assert "assessments_booking.candidate_name" in texts_containing("Brynhild")
    assert "django_admin_log.object_repr" in texts_containing(EMAIL)
    assert any(hit.startswith("session") for hit in texts_containing(EMAIL))


def test_deleting_the_account_leaves_nothing_personal_anywhere(
    adviser_with_history, mailoutbox, django_capture_on_commit_callbacks, settings, time_machine
):
    settings.STAFF_NOTIFICATION_EMAILS = ["ansatte@erfaringssentrum.example"]
    client = Client()
    client.force_login(adviser_with_history)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/min-side/slett-konto/", {"password": "et-godt-passord-123", "confirm": "on"}
        )
    assert response.status_code == HTTPStatus.FOUND
    assert not User.objects.filter(email=EMAIL).exists()

    for needle in (EMAIL, OTHER_EMAIL, NAME, PHONE, CANDIDATE_PHONE, *CANDIDATES):
        assert texts_containing(needle) == [], needle
    # The candidate's address stays, on the cancelled booking alone, until the mail queue has
    # surely sent them the cancellation; the nightly retention job then removes it.
    assert texts_containing(CANDIDATES["Zelmira"]) == ["assessments_booking.candidate_email"]
    time_machine.move_to(timezone.now() + timedelta(days=3))
    call_command("apply_retention", stdout=io.StringIO())
    assert texts_containing(CANDIDATES["Zelmira"]) == []

    # The candidate and the centre were told before the booking was emptied; the waiting
    # list and the statistics go on.
    assert sorted(m.to[0] for m in mailoutbox) == [
        "ansatte@erfaringssentrum.example",
        CANDIDATES["Zelmira"],
    ]
    assert Booking.objects.count() == 3
    assert not Booking.objects.filter(anonymised_at__isnull=True).exists()
    assert Booking.objects.filter(status=Status.CANCELLED).count() == 2
    assert not Signup.objects.filter(user__email=EMAIL).exists()
    # Who did what when stays in the admin's log, not what it was done to (a booking is
    # named by the candidate's initials).
    assert LogEntry.objects.count() == 4
    assert set(LogEntry.objects.values_list("object_repr", flat=True)) == {SCRUBBED}
