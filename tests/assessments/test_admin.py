import csv
import io
from datetime import datetime, timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Booking, Slot, Status

from .conftest import NOW, OSLO

pytestmark = pytest.mark.django_db


def test_bulk_create_slots(staff_client, consultant):
    url = reverse("admin:assessments_slot_bulk_create")
    assert staff_client.get(url).status_code == HTTPStatus.OK
    response = staff_client.post(
        url,
        {
            "weekdays": ["0", "2"],
            "start_time": "10:00",
            "duration_minutes": "60",
            "weeks_ahead": "2",
            "format": "in_person",
            "location": "Eksempelgata 1",
            "consultant": consultant.pk,
            "is_published": "on",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    slots = list(Slot.objects.all())
    assert len(slots) == 4
    assert {timezone.localtime(s.starts_at).weekday() for s in slots} == {0, 2}
    assert all(s.consultant == consultant and s.location == "Eksempelgata 1" for s in slots)


def test_bulk_create_refuses_overlap_with_a_clear_message(
    staff_client, consultant, slot_factory, time_machine
):
    # The admin reads the clock: on a Friday or Saturday "tomorrow" is no weekday to overlap.
    time_machine.move_to(NOW)
    slot_factory(starts_at=datetime(2026, 3, 3, 10, 30, tzinfo=OSLO))  # Tuesday, tomorrow
    response = staff_client.post(
        reverse("admin:assessments_slot_bulk_create"),
        {
            "weekdays": [str(d) for d in range(5)],
            "start_time": "10:00",
            "duration_minutes": "60",
            "weeks_ahead": "1",
            "format": "digital",
            "consultant": consultant.pk,
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "Ingen tider ble opprettet" in response.content.decode()
    assert Slot.objects.count() == 1


def test_single_slot_overlap_is_refused_in_admin(staff_client, consultant, slot_factory):
    existing = slot_factory()
    start = timezone.localtime(existing.starts_at) + timedelta(minutes=30)
    response = staff_client.post(
        reverse("admin:assessments_slot_add"),
        {
            "starts_at_0": start.strftime("%d.%m.%Y"),
            "starts_at_1": start.strftime("%H:%M"),
            "ends_at_0": "",
            "ends_at_1": "",
            "format": "phone",
            "location": "",
            "consultant": consultant.pk,
            "is_published": "on",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "overlapper" in response.content.decode()
    assert Slot.objects.count() == 1


def test_unpublish_action(staff_client, slot_factory):
    slot = slot_factory()
    response = staff_client.post(
        reverse("admin:assessments_slot_changelist"),
        {"action": "unpublish", "_selected_action": [slot.pk]},
        follow=True,
    )
    slot.refresh_from_db()
    assert not slot.is_published
    assert slot not in Slot.objects.bookable()
    assert "1 tid er avpublisert" in response.content.decode()  # not «1 tider»


def test_changelists_show_upcoming_by_default(staff_client, slot_factory, booking_factory):
    booking_factory(slot=slot_factory(), organisation="NAV Framtid")
    past = slot_factory(starts_at=timezone.now() - timedelta(days=3))
    Booking.objects.create(
        slot=past,
        organisation="NAV Fortid",
        candidate_name="X",
        consent_confirmed_at=timezone.now(),
        consent_version="1",
    )
    changelist = reverse("admin:assessments_booking_changelist")

    def shown(query=""):
        response = staff_client.get(changelist + query)
        return [b.organisation for b in response.context["cl"].result_list]

    assert shown() == ["NAV Framtid"]
    assert shown("?naar=tidligere") == ["NAV Fortid"]
    assert sorted(shown("?naar=alle")) == ["NAV Fortid", "NAV Framtid"]
    assert shown("?naar=alle&status=cancelled") == []
    url = (
        reverse("admin:assessments_booking_changelist") + "?status=active&organisation=NAV+Framtid"
    )
    assert staff_client.get(url).status_code == HTTPStatus.OK
    assert staff_client.get(reverse("admin:assessments_slot_changelist")).status_code == 200


def test_mark_completed_and_no_show(staff_client, slot_factory, booking_factory):
    slot = slot_factory()
    booking = booking_factory(slot=slot)
    Slot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    url = reverse("admin:assessments_booking_changelist") + "?naar=alle"
    staff_client.post(url, {"action": "mark_completed", "_selected_action": [booking.pk]})
    booking.refresh_from_db()
    assert booking.status == Status.COMPLETED
    staff_client.post(url, {"action": "mark_no_show", "_selected_action": [booking.pk]})
    booking.refresh_from_db()
    assert booking.status == Status.NO_SHOW


def test_cancel_with_message_emails_the_adviser(
    staff_client, slot_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks
):
    booking = booking_factory(slot=slot_factory())
    url = reverse("admin:assessments_booking_changelist")
    confirm = staff_client.post(
        url, {"action": "cancel_with_message", "_selected_action": [booking.pk]}
    )
    page = confirm.content.decode()
    assert "Begrunnelse" in page and "Dette kan ikke angres" in page
    assert booking.adviser.email in page
    booking.refresh_from_db()
    assert booking.status == Status.ACTIVE
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            url,
            {
                "action": "cancel_with_message",
                "_selected_action": [booking.pk],
                "bekreft": "1",
                "reason": "Konsulenten er dessverre syk. Book gjerne en ny tid.",
            },
        )
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED and booking.cancelled_by_staff
    adviser_mail = next(m for m in mailoutbox if m.to == [booking.adviser.email])
    assert "Konsulenten er dessverre syk." in adviser_mail.body
    assert "Vi må dessverre avbestille" in adviser_mail.body


@pytest.mark.parametrize(
    ("candidate_email", "told"), [("kandidat@example.org", True), ("", False)]
)
def test_the_cancel_confirmation_says_the_candidate_is_told_only_when_they_are(
    candidate_email, told, staff_client, slot_factory, booking_factory
):
    booking = booking_factory(slot=slot_factory(), candidate_email=candidate_email)
    page = staff_client.post(
        reverse("admin:assessments_booking_changelist"),
        {"action": "cancel_with_message", "_selected_action": [booking.pk]},
    ).content.decode()
    assert ("Kandidaten får en avlysning av kalenderavtalen" in page) is told
    assert ("Kandidaten har ingen e-postadresse i bookingen" in page) is not told


def test_the_cancel_confirmation_of_a_mixed_selection_says_who_is_told(
    staff_client, slot_factory, booking_factory
):
    bookings = [
        booking_factory(slot=slot_factory(), candidate_email="kandidat@example.org"),
        booking_factory(slot=slot_factory()),
    ]
    page = staff_client.post(
        reverse("admin:assessments_booking_changelist"),
        {"action": "cancel_with_message", "_selected_action": [b.pk for b in bookings]},
    ).content.decode()
    assert (
        "Kandidater med e-postadresse får en avlysning av kalenderavtalen; for de andre får "
        "veilederen beskjed om å si fra."
    ) in page


def export(client, date_from, date_to):
    response = client.get(
        reverse("admin:assessments_booking_export"),
        {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()},
    )
    return response, list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )


def test_csv_export_for_a_period_has_no_query_per_row(
    staff_client, slot_factory, booking_factory, settings
):
    settings.ASSESSMENTS_MAX_OPEN_BOOKINGS = 100
    booking_factory(slot=slot_factory(), organisation="=HYPERLINK()", adviser_role="@SUM(1+1)")
    today = timezone.localdate()
    period = (today, today + timedelta(days=30))
    export(staff_client, *period)
    with CaptureQueriesContext(connection) as few:
        response, rows = export(staff_client, *period)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0][0] == "dato"
    # No formula injection (a leading tab is stored as nothing now: fields are one line, and
    # tests/site/test_spreadsheet.py covers it).
    assert rows[1][6:8] == ["'=HYPERLINK()", "'@SUM(1+1)"]
    assert rows[1][8] == "K."
    for _ in range(15):
        booking_factory(slot=slot_factory())
    with CaptureQueriesContext(connection) as many:
        response, rows = export(staff_client, *period)
    assert len(rows) == 17
    assert len(many) == len(few)
    _, rows = export(staff_client, today - timedelta(days=30), today - timedelta(days=1))
    assert len(rows) == 1


def test_csv_export_rejects_a_reversed_period(staff_client):
    today = timezone.localdate()
    response, _ = export(staff_client, today, today - timedelta(days=1))
    assert response.status_code == HTTPStatus.OK
    assert "kan ikke være før" in response.content.decode()


def test_calendar_feed_page_gives_a_working_secret_address(staff_client, staff_user):
    html = staff_client.get(reverse("admin:assessments_slot_calendar_feed")).content.decode()
    token = staff_user.assessment_feed.token
    assert reverse("assessments:consultant-feed", args=[token]) in html
    staff_client.post(reverse("admin:assessments_slot_calendar_feed"))
    staff_user.assessment_feed.refresh_from_db()
    assert staff_user.assessment_feed.token != token


def test_group_member_can_manage_assessments_only(user_factory, slot_factory):
    member = user_factory(is_staff=True)
    member.groups.add(Group.objects.get(name="Vurderingsansvarlig"))
    client = Client()
    client.force_login(member)
    assert client.get(reverse("admin:assessments_booking_changelist")).status_code == 200
    assert client.get(reverse("admin:assessments_slot_bulk_create")).status_code == 200
    assert client.get(reverse("admin:erfaringssentrum_user_changelist")).status_code == 403


def test_staff_without_permission_cannot_bulk_create(user_factory):
    client = Client()
    client.force_login(user_factory(is_staff=True))
    assert client.get(reverse("admin:assessments_slot_bulk_create")).status_code == 403


def test_a_booked_slot_cannot_be_moved_in_admin(staff_client, slot_factory, booking_factory):
    slot = slot_factory()
    url = reverse("admin:assessments_slot_change", args=[slot.pk])
    assert 'name="starts_at_0"' in staff_client.get(url).content.decode()
    booking_factory(slot=slot)
    html = staff_client.get(url).content.decode()
    for name in ("starts_at_0", "format", "consultant"):  # SLOT_BOOKED_FIELDS
        assert f'name="{name}"' not in html
    other_format = "phone" if slot.format != "phone" else "digital"
    response = staff_client.post(
        url, {"format": other_format, "location": "Rom 2", "is_published": "on"}
    )
    assert response.status_code == HTTPStatus.FOUND
    moved = Slot.objects.get(pk=slot.pk)
    assert (moved.starts_at, moved.format) == (slot.starts_at, slot.format)
    assert moved.location == "Rom 2"
