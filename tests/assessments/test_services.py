import logging
import smtplib
from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.core.mail.backends.locmem import EmailBackend
from django.db import IntegrityError, transaction
from icalendar import Calendar

from assessments import services
from assessments.emails import calendar_event
from assessments.models import Booking, Format, Slot, Status
from erfaringssentrum.core.calendar import build_calendar

from .conftest import NOW, OSLO

pytestmark = pytest.mark.django_db


def test_bookable_offers_only_free_published_slots_beyond_the_lead_time(
    slot_factory, booking_factory
):
    free = slot_factory(starts_at=NOW + timedelta(days=2))
    slot_factory(starts_at=NOW - timedelta(days=1))  # past
    slot_factory(starts_at=NOW + timedelta(hours=23))  # inside the 24 h lead time
    slot_factory(starts_at=NOW + timedelta(days=3), is_published=False)
    booked = slot_factory(starts_at=NOW + timedelta(days=4))
    booking_factory(slot=booked, now=NOW)
    reopened = slot_factory(starts_at=NOW + timedelta(days=5))
    services.booking_cancel(booking=booking_factory(slot=reopened, now=NOW), now=NOW)

    assert list(Slot.objects.bookable(now=NOW)) == [free, reopened]


def test_lead_time_is_a_setting(settings, slot_factory):
    slot = slot_factory(starts_at=NOW + timedelta(hours=30))
    assert slot in Slot.objects.bookable(now=NOW)
    settings.ASSESSMENTS_LEAD_TIME_HOURS = 48
    assert slot not in Slot.objects.bookable(now=NOW)


def test_booking_records_consent_and_sends_confirmations(
    slot_factory,
    user,
    booking_data,
    mailoutbox,
    django_capture_on_commit_callbacks,
    settings,
    time_machine,
):
    time_machine.move_to(NOW, tick=False)  # the e-mails are built as they are sent
    settings.STAFF_NOTIFICATION_EMAILS = ["ansatte@erfaringssentrum.example"]
    slot = slot_factory(starts_at=NOW + timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(
            slot_id=slot.pk,
            adviser=user,
            candidate_email="kandidat@example.org",
            now=NOW,
            **booking_data,
        )
    assert booking.status == Status.ACTIVE
    assert booking.consent_confirmed_by == user
    assert booking.consent_confirmed_at == NOW
    assert booking.consent_version == booking_data["consent_version"]

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {
        user.email,
        "kandidat@example.org",
        "ansatte@erfaringssentrum.example",
    }
    adviser_mail = by_recipient[user.email]
    assert adviser_mail.subject == (
        "[Erfaringssentrum] Vurderingssamtale booket onsdag 4. mars 2026 kl. 12.00–13.00"
    )
    assert "Onsdag 4. mars 2026 kl. 12.00–13.00 (norsk tid)" in adviser_mail.body
    assert f"/vurdering/booking/{booking.pk}/" in adviser_mail.body
    assert adviser_mail.alternatives[0].mimetype == "text/html"
    html = adviser_mail.alternatives[0].content
    assert "Onsdag 4. mars 2026 kl. 12.00–13.00 (norsk tid)" in html
    # The way to join is given once ("Digitalt: Digitalt møte: …" said it twice).
    assert 'Digitalt møte: <a href="https://video.example/rom"' in html
    assert "Digitalt:" not in html
    assert f"/vurdering/booking/{booking.pk}/" in html
    assert adviser_mail.attachments[0].filename == "vurderingssamtale.ics"
    candidate_mail = by_recipient["kandidat@example.org"]
    assert "/vurdering/kandidat/" in candidate_mail.body
    assert user.email not in candidate_mail.body  # the candidate gets no adviser details
    assert "NAV Testby" in by_recipient["ansatte@erfaringssentrum.example"].body


def test_a_taken_slot_gives_the_just_booked_error(slot_factory, booking_factory):
    slot = slot_factory(starts_at=NOW + timedelta(days=2))
    booking_factory(slot=slot, now=NOW)
    with pytest.raises(services.SlotTaken, match="Denne tiden ble nettopp booket"):
        booking_factory(slot=slot, now=NOW)
    assert slot.bookings.count() == 1


def test_the_database_refuses_a_second_active_booking(slot_factory, booking_factory, user):
    slot = slot_factory(starts_at=NOW + timedelta(days=2))
    first = booking_factory(slot=slot, now=NOW)
    duplicate = Booking(
        slot=slot,
        adviser=user,
        organisation="X",
        candidate_name="Y",
        consent_confirmed_at=NOW,
        consent_version="1",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    # Once the first is cancelled, the slot can hold a new booking.
    Booking.objects.filter(pk=first.pk).update(status=Status.CANCELLED)
    duplicate.save()


def test_integrity_error_becomes_the_just_booked_error(slot_factory, booking_factory, monkeypatch):
    slot = slot_factory(starts_at=NOW + timedelta(days=2))
    booking_factory(slot=slot, now=NOW)
    # As if the availability check had raced past the first booking (no lock on SQLite).
    monkeypatch.setattr(
        "assessments.models.BookingQuerySet.holding_slot",
        lambda self: self.none(),
    )
    with pytest.raises(services.SlotTaken, match="Denne tiden ble nettopp booket"):
        booking_factory(slot=slot, now=NOW)


def test_unpublished_or_too_close_slot_cannot_be_booked(slot_factory, booking_factory):
    hidden = slot_factory(starts_at=NOW + timedelta(days=2), is_published=False)
    close = slot_factory(starts_at=NOW + timedelta(hours=5))
    for slot in (hidden, close):
        with pytest.raises(services.SlotUnavailable):
            booking_factory(slot=slot, now=NOW)


def test_open_booking_limit(settings, slot_factory, booking_factory, user):
    settings.ASSESSMENTS_MAX_OPEN_BOOKINGS = 2
    slots = [slot_factory(starts_at=NOW + timedelta(days=2, hours=h)) for h in range(4)]
    first = booking_factory(slot=slots[0], adviser=user, now=NOW)
    booking_factory(slot=slots[1], adviser=user, now=NOW)
    with pytest.raises(services.BookingLimitReached, match="2 kommende bookinger"):
        booking_factory(slot=slots[2], adviser=user, now=NOW)
    # Another adviser is not affected; a cancellation frees a place.
    booking_factory(slot=slots[3], now=NOW)
    services.booking_cancel(booking=first, now=NOW)
    booking_factory(slot=slots[2], adviser=user, now=NOW)


def test_past_bookings_do_not_count_towards_the_limit(
    settings, slot_factory, booking_factory, user
):
    settings.ASSESSMENTS_MAX_OPEN_BOOKINGS = 1
    slot = slot_factory(starts_at=NOW + timedelta(days=2))
    booking_factory(slot=slot, adviser=user, now=NOW)
    later = NOW + timedelta(days=3)
    booking_factory(slot=slot_factory(starts_at=later + timedelta(days=2)), adviser=user, now=later)


def test_cancel_cutoff(settings, slot_factory, booking_factory):
    slot = slot_factory(starts_at=NOW + timedelta(days=2))
    booking = booking_factory(slot=slot, now=NOW)
    too_late = slot.starts_at - timedelta(hours=23)
    with pytest.raises(services.CancelTooLate, match="24 timer"):
        services.booking_cancel(booking=booking, now=too_late)
    settings.ASSESSMENTS_CANCEL_CUTOFF_HOURS = 12
    services.booking_cancel(booking=booking, now=too_late)
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED
    assert booking.cancelled_at == too_late
    assert slot in Slot.objects.bookable(now=NOW)
    with pytest.raises(services.BookingError):
        services.booking_cancel(booking=booking, now=too_late)


def test_an_adviser_can_cancel_at_exactly_the_cutoff_not_a_second_after(
    slot_factory, booking_factory
):
    slot = slot_factory(starts_at=NOW + timedelta(days=2))
    booking = booking_factory(slot=slot, now=NOW)
    cutoff = slot.starts_at - timedelta(hours=24)
    assert not booking.is_cancellable(now=cutoff + timedelta(seconds=1))
    with pytest.raises(services.CancelTooLate):
        services.booking_cancel(booking=booking, now=cutoff + timedelta(seconds=1))
    assert booking.is_cancellable(now=cutoff)
    services.booking_cancel(booking=booking, now=cutoff)
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED
    assert booking.cancelled_at == cutoff


def test_cancellation_reaches_adviser_candidate_and_staff(
    slot_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.STAFF_NOTIFICATION_EMAILS = ["ansatte@erfaringssentrum.example"]
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=2)),
        candidate_email="kandidat@example.org",
        now=NOW,
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(
            booking=booking, by_staff=True, message="Konsulenten er syk.", now=NOW
        )
    recipients = sorted(message.to[0] for message in mailoutbox)
    assert recipients == sorted(
        [booking.adviser.email, "kandidat@example.org", "ansatte@erfaringssentrum.example"]
    )
    adviser_mail = next(m for m in mailoutbox if m.to == [booking.adviser.email])
    assert "Konsulenten er syk." in adviser_mail.body
    ics = adviser_mail.attachments[0]
    assert "method=CANCEL" in ics.mimetype
    content = ics.content.decode() if isinstance(ics.content, bytes) else ics.content
    assert "STATUS:CANCELLED" in content


def test_staff_can_cancel_after_the_cutoff(slot_factory, booking_factory):
    slot = slot_factory(starts_at=NOW + timedelta(days=2))
    booking = booking_factory(slot=slot, now=NOW)
    services.booking_cancel(booking=booking, by_staff=True, now=slot.starts_at - timedelta(hours=1))
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED
    assert booking.cancelled_by_staff


def test_reminders_are_sent_once(
    slot_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(NOW, tick=False)  # the e-mails are built as they are sent
    tomorrow = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=1, hours=2)),
        candidate_email="kandidat@example.org",
        now=NOW - timedelta(days=5),
    )
    booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=4)), now=NOW)
    cancelled = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=1, hours=4)), now=NOW - timedelta(days=1)
    )
    Booking.objects.filter(pk=cancelled.pk).update(status=Status.CANCELLED)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.bookings_send_reminders(now=NOW) == 1
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [tomorrow.adviser.email, "kandidat@example.org"]
    )
    assert all(m.subject.startswith("[Erfaringssentrum] Påminnelse") for m in mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.bookings_send_reminders(now=NOW + timedelta(hours=1)) == 0
    assert len(mailoutbox) == 2
    tomorrow.refresh_from_db()
    assert tomorrow.reminder_sent_at == NOW


def test_reminders_go_out_the_day_before_not_two_days_before(slot_factory, booking_factory):
    # NOW is Monday 2 March at noon: Tuesday's bookings are reminded, Wednesday's not yet.
    week_before = NOW - timedelta(days=7)  # booked the day before, they would get none
    tuesday_late = booking_factory(
        slot=slot_factory(starts_at=datetime(2026, 3, 3, 23, 0, tzinfo=OSLO)), now=week_before
    )
    wednesday_midnight = booking_factory(
        slot=slot_factory(starts_at=datetime(2026, 3, 4, 0, 0, tzinfo=OSLO)), now=week_before
    )
    two_days_away = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=2)), now=week_before
    )

    assert services.bookings_send_reminders(now=NOW) == 1

    for booking in (tuesday_late, wednesday_midnight, two_days_away):
        booking.refresh_from_db()
    assert tuesday_late.reminder_sent_at == NOW
    assert wednesday_midnight.reminder_sent_at is None
    assert two_days_away.reminder_sent_at is None


def test_tomorrows_reminders_wait_for_the_morning_not_midnight(slot_factory, booking_factory):
    # The hourly job's first run after midnight, Monday 2 March: Tuesday's appointment is
    # reminded in the morning, not at 00:05; one later today (moved here late) is reminded now.
    tuesday = booking_factory(
        slot=slot_factory(starts_at=datetime(2026, 3, 3, 10, 0, tzinfo=OSLO)),
        now=NOW - timedelta(days=7),
    )
    today = booking_factory(
        slot=slot_factory(starts_at=datetime(2026, 3, 2, 10, 0, tzinfo=OSLO)),
        now=NOW - timedelta(days=7),
    )
    night = datetime(2026, 3, 2, 0, 5, tzinfo=OSLO)

    assert services.bookings_send_reminders(now=night) == 1
    assert services.bookings_send_reminders(now=night.replace(hour=8, minute=5)) == 0
    morning = night.replace(hour=9, minute=5)
    assert services.bookings_send_reminders(now=morning) == 1

    tuesday.refresh_from_db()
    today.refresh_from_db()
    assert today.reminder_sent_at == night
    assert tuesday.reminder_sent_at == morning


def test_a_booking_made_the_day_before_gets_no_reminder_after_its_invitation(
    slot_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    # Monday 2 March: booked at 10:00 for Tuesday 11:00 (25 hours ahead, as the lead time
    # allows), the invitation has just come; a «Påminnelse» at 11:00 would say nothing new.
    # One booked on Sunday is reminded as usual.
    monday = datetime(2026, 3, 2, 10, 0, tzinfo=OSLO)
    time_machine.move_to(monday, tick=False)
    fresh = booking_factory(
        slot=slot_factory(starts_at=datetime(2026, 3, 3, 11, 0, tzinfo=OSLO)),
        candidate_email="kandidat@example.org",
        now=monday,
    )
    sunday = booking_factory(
        slot=slot_factory(starts_at=datetime(2026, 3, 3, 13, 0, tzinfo=OSLO)),
        now=datetime(2026, 3, 1, 22, 0, tzinfo=OSLO),
    )
    mailoutbox.clear()
    later = monday.replace(hour=11, minute=5)
    time_machine.move_to(later, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.bookings_send_reminders(now=later) == 1
        # Nor on Tuesday, the day of the appointment, in the night before it.
        tuesday_night = datetime(2026, 3, 3, 0, 5, tzinfo=OSLO)
        assert services.bookings_send_reminders(now=tuesday_night) == 0

    fresh.refresh_from_db()
    sunday.refresh_from_db()
    assert fresh.reminder_sent_at is None
    assert sunday.reminder_sent_at == later
    assert "kandidat@example.org" not in [m.to[0] for m in mailoutbox]


def test_the_morning_rule_holds_on_the_night_the_clocks_go_back(slot_factory, booking_factory):
    # Sunday 25 October 2026: 02:00–03:00 comes twice; 08:30 is still before the morning.
    monday = booking_factory(
        slot=slot_factory(starts_at=datetime(2026, 10, 26, 10, 0, tzinfo=OSLO)),
        now=datetime(2026, 10, 20, 12, 0, tzinfo=OSLO),
    )
    for hour in (0, 2, 8):
        now = datetime(2026, 10, 25, hour, 30, tzinfo=OSLO)
        assert services.bookings_send_reminders(now=now) == 0
    assert services.bookings_send_reminders(now=datetime(2026, 10, 25, 9, 0, tzinfo=OSLO)) == 1
    monday.refresh_from_db()
    assert monday.reminder_sent_at is not None


def test_reminder_command_is_safe_to_rerun(
    slot_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    from django.core.management import call_command

    # The command reads the clock: at noon, a booking 25 hours ahead is tomorrow (at 23:30
    # it would be the day after, and get no reminder yet).
    time_machine.move_to(NOW)
    booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(hours=25)), now=NOW - timedelta(days=7)
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("assessments_send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("assessments_send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mailoutbox) == 1


def test_anonymisation_after_the_retention_period(settings, slot_factory, booking_factory):
    old = booking_factory(
        slot=slot_factory(starts_at=NOW - timedelta(days=200)),
        candidate_email="k@example.org",
        phone="+47 000 00 000",
        now=NOW - timedelta(days=210),
    )
    recent = booking_factory(
        slot=slot_factory(starts_at=NOW - timedelta(days=150)), now=NOW - timedelta(days=160)
    )
    assert services.bookings_anonymise(now=NOW) == 1
    old.refresh_from_db()
    assert old.anonymised_at == NOW
    assert old.adviser is None and old.consent_confirmed_by is None
    assert (old.candidate_name, old.candidate_email, old.phone, old.question) == ("", "", "", "")
    assert old.organisation == "NAV Testby"  # kept for statistics; not personal
    recent.refresh_from_db()
    assert recent.candidate_name == "Kari"
    assert services.bookings_anonymise(now=NOW) == 0

    settings.ASSESSMENTS_RETENTION_MONTHS = 3
    assert services.bookings_anonymise(now=NOW) == 1


def test_months_before_handles_month_ends():
    moment = datetime(2026, 8, 31, 10, 0, tzinfo=OSLO)
    assert services.months_before(moment, 6) == datetime(2026, 2, 28, 10, 0, tzinfo=OSLO)
    assert services.months_before(moment, 8) == datetime(2025, 12, 31, 10, 0, tzinfo=OSLO)


def test_overlapping_slot_is_refused(consultant, user_factory):
    start = NOW + timedelta(days=2)
    services.slot_create(
        consultant=consultant, starts_at=start, ends_at=start + timedelta(hours=1), format="digital"
    )
    with pytest.raises(services.SlotOverlap, match="overlapper"):
        services.slot_create(
            consultant=consultant,
            starts_at=start + timedelta(minutes=30),
            ends_at=start + timedelta(minutes=90),
            format="phone",
        )
    # Back to back is fine, and another consultant may have the same hour.
    services.slot_create(
        consultant=consultant,
        starts_at=start + timedelta(hours=1),
        ends_at=start + timedelta(hours=2),
        format="phone",
    )
    other = user_factory(is_staff=True)
    services.slot_create(
        consultant=other, starts_at=start, ends_at=start + timedelta(hours=1), format="digital"
    )
    assert Slot.objects.count() == 3


def test_bulk_create_makes_slots_on_the_chosen_weekdays_in_oslo_time(consultant):
    # NOW is Monday 2 March; summer time starts Sunday 29 March.
    slots = services.slots_bulk_create(
        consultant=consultant,
        weekdays=[1, 3],  # Tuesday, Thursday
        start_time=time(10, 0),
        duration_minutes=45,
        weeks_ahead=5,
        format=Format.IN_PERSON,
        location="Eksempelgata 1",
        now=NOW,
    )
    local = [slot.starts_at.astimezone(OSLO) for slot in slots]
    assert len(slots) == 10
    assert {moment.weekday() for moment in local} == {1, 3}
    assert all(moment.hour == 10 and moment.minute == 0 for moment in local)
    assert local[0].date().isoformat() == "2026-03-03"
    assert all(slot.ends_at - slot.starts_at == timedelta(minutes=45) for slot in slots)


def test_bulk_create_is_all_or_nothing_on_overlap(consultant):
    existing_start = datetime(2026, 3, 10, 10, 30, tzinfo=OSLO)  # a Tuesday
    services.slot_create(
        consultant=consultant,
        starts_at=existing_start,
        ends_at=existing_start + timedelta(hours=1),
        format="digital",
    )
    with pytest.raises(services.SlotOverlap, match="tirsdag 10. mars 2026 kl. 10.00"):
        services.slots_bulk_create(
            consultant=consultant,
            weekdays=[1],
            start_time=time(10, 0),
            duration_minutes=60,
            weeks_ahead=3,
            format="digital",
            now=NOW,
        )
    assert Slot.objects.count() == 1


def test_ics_content(slot_factory, booking_factory):
    slot = slot_factory(
        starts_at=datetime(2026, 6, 10, 9, 0, tzinfo=OSLO),
        format=Format.IN_PERSON,
        location="Eksempelgata 1, Oslo",
    )
    booking = booking_factory(slot=slot, now=NOW)
    raw = build_calendar([calendar_event(booking)], method="REQUEST")
    assert b"DTSTART;TZID=Europe/Oslo:20260610T090000" in raw
    assert b"DTEND;TZID=Europe/Oslo:20260610T100000" in raw
    (event,) = Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["uid"]) == f"vurdering-{booking.pk}@testserver"
    assert str(event["location"]) == "Eksempelgata 1, Oslo"
    assert "Kari" in str(event["summary"])
    assert "Oppmøte: Eksempelgata 1, Oslo" in str(event["description"])


def test_a_failing_mail_server_loses_no_booking(
    slot_factory, user, booking_data, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(self, messages):
        raise smtplib.SMTPException("e-posttjeneren svarer ikke")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    slot = slot_factory(starts_at=NOW + timedelta(days=2))
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(slot_id=slot.pk, adviser=user, now=NOW, **booking_data)
        services.booking_cancel(booking=booking, now=NOW)
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED
    assert "smtplib.SMTPException" in caplog.text  # logged by class: its text may name someone


def test_candidate_confirms_with_a_signed_link(slot_factory, booking_factory):
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=2)),
        candidate_email="k@example.org",
        now=NOW,
    )
    token = services.booking_candidate_token(booking)
    confirmed = services.booking_confirm_candidate(token=token, now=NOW)
    assert confirmed.candidate_confirmed_at == NOW
    # Confirming again keeps the first time.
    again = services.booking_confirm_candidate(token=token, now=NOW + timedelta(hours=1))
    assert again.candidate_confirmed_at == NOW
    with pytest.raises(services.InvalidLink):
        services.booking_confirm_candidate(token=token[:-2] + "xx", now=NOW)
    forged = signing.dumps(booking.pk, salt="noe-annet")
    with pytest.raises(services.InvalidLink):
        services.booking_confirm_candidate(token=forged, now=NOW)


def test_candidate_link_works_until_an_appointment_weeks_ahead(
    slot_factory, booking_factory, monkeypatch
):
    import time as real_time

    starts = NOW + timedelta(weeks=7)  # within the weeks /vurdering/ shows
    booking = booking_factory(
        slot=slot_factory(starts_at=starts), candidate_email="k@example.org", now=NOW
    )
    token = services.booking_candidate_token(booking)
    signed_at = real_time.time()
    the_day_before = starts - timedelta(days=1)
    monkeypatch.setattr(
        "django.core.signing.time.time", lambda: signed_at + (the_day_before - NOW).total_seconds()
    )
    services.booking_confirm_candidate(token=token, now=the_day_before)
    booking.refresh_from_db()
    assert booking.candidate_confirmed_at == the_day_before


def test_candidate_link_stops_working_when_the_booking_is_cancelled(slot_factory, booking_factory):
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=2)),
        candidate_email="k@example.org",
        now=NOW,
    )
    services.booking_cancel(booking=booking, now=NOW)
    with pytest.raises(services.InvalidLink, match="avbestilt"):
        services.booking_confirm_candidate(token=services.booking_candidate_token(booking), now=NOW)


def test_outcome_only_after_the_start(slot_factory, booking_factory):
    slot = slot_factory(starts_at=NOW + timedelta(days=2))
    booking = booking_factory(slot=slot, now=NOW)
    with pytest.raises(services.BookingError, match="ikke startet"):
        services.booking_set_outcome(booking=booking, status=Status.COMPLETED, now=NOW)
    later = slot.starts_at + timedelta(hours=2)
    services.booking_set_outcome(booking=booking, status=Status.NO_SHOW, now=later)
    booking.refresh_from_db()
    assert booking.status == Status.NO_SHOW
    # The slot stays taken.
    assert slot not in Slot.objects.bookable(now=NOW)


def test_staff_group_has_exactly_the_assessments_permissions():
    group = Group.objects.get(name="Vurderingsansvarlig")
    expected = set(
        Permission.objects.filter(content_type__app_label="assessments").values_list(
            "codename", flat=True
        )
    )
    assert set(group.permissions.values_list("codename", flat=True)) == expected
    assert {"add_slot", "change_booking", "view_booking", "delete_slot"} <= expected


def test_the_migration_creates_the_group_before_permissions_exist():
    from importlib import import_module
    from types import SimpleNamespace

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    Group.objects.filter(name="Vurderingsansvarlig").delete()
    Permission.objects.filter(content_type__app_label="assessments").delete()
    state = MigrationLoader(connection).project_state(("assessments", "0002_staff_group"))
    migration = import_module("assessments.migrations.0002_staff_group")
    migration.create_group(state.apps, SimpleNamespace(connection=connection))
    group = Group.objects.get(name="Vurderingsansvarlig")
    assert group.permissions.filter(codename="add_slot").exists()
    assert group.permissions.count() == 12


def test_the_group_survives_a_flush(transactional_db):
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    # Six models (slots, bookings, feeds, domains, approvals, invitations), four rights each.
    assert Group.objects.get(name="Vurderingsansvarlig").permissions.count() == 24


def test_reminders_survive_a_failing_mail_server(
    slot_factory,
    booking_factory,
    monkeypatch,
    caplog,
    django_capture_on_commit_callbacks,
    time_machine,
):
    time_machine.move_to(NOW, tick=False)  # the e-mails are built as they are sent
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=1)), now=NOW - timedelta(days=7)
    )

    def broken(self, messages):
        raise smtplib.SMTPException("e-posttjeneren svarer ikke")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        assert services.bookings_send_reminders(now=NOW) == 1
    booking.refresh_from_db()
    assert booking.reminder_sent_at == NOW  # claimed once; a worker backend would retry the mail
    assert "smtplib.SMTPException" in caplog.text  # logged by class: its text may name someone


def test_the_candidates_reminder_asks_for_confirmation_until_given(
    slot_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(NOW, tick=False)  # the e-mails are built as they are sent
    slots = [slot_factory(starts_at=NOW + timedelta(days=1, hours=h)) for h in (1, 3)]
    waiting, confirmed = (
        booking_factory(
            slot=slot, candidate_email=f"k{i}@example.org", now=NOW - timedelta(days=7)
        )
        for i, slot in enumerate(slots)
    )
    services.booking_confirm_candidate(token=services.booking_candidate_token(confirmed), now=NOW)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.bookings_send_reminders(now=NOW)
    by_recipient = {m.to[0]: m for m in mailoutbox}
    asked = by_recipient["k0@example.org"]
    assert "/vurdering/kandidat/" in asked.body
    assert "Bekreft gjerne at du kommer" in asked.alternatives[0].content
    assert "/vurdering/kandidat/" not in by_recipient["k1@example.org"].body
    assert "/vurdering/kandidat/" not in by_recipient[waiting.adviser.email].body
