"""Staff correct a booking in admin by the rules the adviser's form follows
(services.booking_staff_correct): a new candidate address gets the invitation and confirms
anew, whom we call is checked as at booking, and a booking that is over is a record."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Booking, Format

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def form_data(booking, **changes):
    data = {
        name: getattr(booking, name)
        for name in services.STAFF_CORRECTABLE
        if name != "adviser_attends"
    }
    if booking.adviser_attends:
        data["adviser_attends"] = "on"
    data.update(changes)
    return {name: value for name, value in data.items() if value is not False}


def change_url(booking):
    return reverse("admin:assessments_booking_change", args=[booking.pk])


def test_a_corrected_address_gets_the_invitation_and_confirms_anew(
    staff_client, slot_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks
):
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=4)), candidate_email="feil@example.org"
    )
    Booking.objects.filter(pk=booking.pk).update(candidate_confirmed_at=NOW)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            change_url(booking), form_data(booking, candidate_email="riktig@example.org")
        )

    assert response.status_code == HTTPStatus.FOUND
    booking.refresh_from_db()
    assert booking.candidate_email == "riktig@example.org"
    assert booking.candidate_confirmed_at is None
    # The adviser, who booked with the old address, is told too (test_correction_notices.py).
    assert sorted(m.to for m in mailoutbox) == sorted(
        [["riktig@example.org"], [booking.adviser.email]]
    )


def test_corrections_follow_the_booking_forms_rules(staff_client, slot_factory, booking_factory):
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=4), format=Format.PHONE),
        adviser_attends=False,
        call_to="candidate",
        call_number="912 34 567",
    )
    for changes, message in (
        ({"candidate_name": "http://evil.example"}, "fornavn"),
        ({"call_to": "adviser"}, services.ALONE_MEANS_CALL_THE_CANDIDATE),
        ({"organisation": "NAV Testby kari@nav.no"}, "uten e-postadresse"),
        ({"phone": "ring meg"}, "8 sifre"),
    ):
        response = staff_client.post(change_url(booking), form_data(booking, **changes))
        assert response.status_code == HTTPStatus.OK
        assert message in response.content.decode()
    booking.refresh_from_db()
    assert (booking.candidate_name, booking.call_to) == ("Kari", "candidate")
    assert "@" not in booking.organisation and booking.phone != "ring meg"


def test_a_booking_that_is_over_is_a_record(staff_client, slot_factory, booking_factory):
    booking = booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=4)))
    services.booking_cancel(booking=booking, by_staff=True, now=NOW)
    html = staff_client.get(change_url(booking)).content.decode()
    assert 'name="candidate_name"' not in html
    staff_client.post(change_url(booking), {"candidate_name": "Ola"})
    booking.refresh_from_db()
    assert booking.candidate_name == "Kari"


def test_an_address_past_the_daily_limit_is_not_kept_and_staff_are_told(
    staff_client, slot_factory, booking_factory, settings, mailoutbox
):
    settings.ASSESSMENTS_INVITATIONS_PER_ADDRESS_PER_DAY = 1
    booking_factory(slot=slot_factory(), candidate_email="kari@gmail.com")
    booking = booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=4)))
    response = staff_client.post(
        change_url(booking), form_data(booking, candidate_email="kari@gmail.com"), follow=True
    )
    assert "Vi sendte ingen invitasjon" in response.content.decode()
    booking.refresh_from_db()
    assert booking.candidate_email == "" and booking.candidate_invitation_withheld


def test_a_booking_that_has_started_is_a_record_too(
    staff_client, slot_factory, booking_factory, time_machine
):
    booking = booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=4)))
    time_machine.move_to(booking.slot.starts_at + timedelta(minutes=10), tick=False)
    assert 'name="candidate_name"' not in staff_client.get(change_url(booking)).content.decode()


@pytest.fixture
def phone_booking(slot_factory, booking_factory, mailoutbox):
    """A phone appointment where we call the candidate, the adviser with them; its e-mails
    already sent."""

    def create(candidate_email):
        booking = booking_factory(
            slot=slot_factory(starts_at=NOW + timedelta(days=4), format=Format.PHONE),
            candidate_email=candidate_email,
            adviser_attends=True,
            call_to="candidate",
            call_number="912 34 567",
        )
        mailoutbox.clear()
        return booking

    return create


def test_staff_who_change_whom_we_call_are_told_who_hears_of_it(
    staff_client, phone_booking, mailoutbox, django_capture_on_commit_callbacks
):
    booking = phone_booking("kandidat@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            change_url(booking), form_data(booking, call_number="22 33 44 55"), follow=True
        )
    assert "Endringen av hvem vi ringer, er sendt på e-post" in response.content.decode()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [booking.adviser.email, "kandidat@example.org"]
    )


def test_a_new_address_and_a_new_number_in_one_save_send_the_candidate_one_e_mail(
    staff_client, phone_booking, mailoutbox, django_capture_on_commit_callbacks
):
    """The invitation to the new address is built as it is sent, with the new number in it:
    a «nytt nummer» e-mail beside it would tell a first-time reader of a change."""
    booking = phone_booking("feil@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            change_url(booking),
            form_data(booking, candidate_email="riktig@example.org", call_number="22 33 44 55"),
        )
    to_candidate = [m for m in mailoutbox if m.to == ["riktig@example.org"]]
    assert len(to_candidate) == 1
    assert "22 33 44 55" in to_candidate[0].body
    (to_adviser,) = [m for m in mailoutbox if m not in to_candidate]
    assert to_adviser.to == [booking.adviser.email]
    assert "Kandidaten har fått den samme beskjeden." in to_adviser.body


def test_a_corrected_workplace_and_role_are_stored_on_one_line(
    staff_client, slot_factory, booking_factory
):
    """As at booking (one_line): they are written into the plain-text e-mails («Fra: …»)."""
    booking = booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=4)))
    response = staff_client.post(
        change_url(booking),
        form_data(
            booking,
            organisation="NAV Testby\r\n\r\nVIKTIG: svar her",
            adviser_role="Veileder\ni NAV",
        ),
    )
    assert response.status_code == HTTPStatus.FOUND
    booking.refresh_from_db()
    assert (booking.organisation, booking.adviser_role) == (
        "NAV Testby VIKTIG: svar her",
        "Veileder i NAV",
    )
