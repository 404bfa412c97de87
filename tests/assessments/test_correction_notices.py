"""Who hears of a correction to the candidate's details: the adviser's calendar entry names
the candidate («Vurderingssamtale for Kari»), so a corrected first name updates it (one short
e-mail, same UID, higher SEQUENCE), whoever corrects it; staff's corrections of the candidate's
address reach the adviser too, who booked with the old one. What nobody sees is not sent."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Format
from tests.invitations import read_invitation

from .conftest import NOW
from .test_admin_booking_correct import change_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)  # the e-mails are built as they are sent


@pytest.fixture
def booked(slot_factory, booking_factory, user, mailoutbox):
    """The logged-in adviser's booking, its invitations sent (to adviser and candidate)."""
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=4)),
        adviser=user,
        candidate_name="Karin",
        candidate_email="kari@example.org",
        now=NOW,
    )
    mailoutbox.clear()
    return booking


def adviser_correct(client, booking, **data):
    return client.post(reverse("assessments:booking-correct", args=[booking.pk]), data)


def summary(message) -> str:
    return str(read_invitation(message).event["summary"])


def test_an_adviser_who_corrects_the_name_gets_the_calendar_entry_updated(
    auth_client, booked, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = adviser_correct(
            auth_client, booked, candidate_name="Kari", candidate_email="kari@example.org"
        )
    assert response.status_code == HTTPStatus.FOUND
    (message,) = mailoutbox  # the candidate's entry does not name them: nothing for them
    assert message.to == [booked.adviser.email]
    invitation = read_invitation(message)
    assert invitation.method == "REQUEST" and invitation.status == "CONFIRMED"
    assert invitation.uid == booked.calendar_uid
    assert invitation.sequence == 1
    assert summary(message) == "Vurderingssamtale for Kari (Erfaringssentrum)"
    assert "Karin" not in message.body
    assert "Vedlegget oppdaterer avtalen i kalenderen din." in message.body
    page = auth_client.get(response["Location"]).content.decode()
    assert "Du får en e-post som oppdaterer avtalen i kalenderen din." in page


def test_the_correction_page_says_a_new_name_updates_the_calendar(auth_client, booked):
    page = auth_client.get(reverse("assessments:booking-correct", args=[booked.pk]))
    assert "Retter du navnet, får du en e-post som oppdaterer avtalen i kalenderen din." in (
        page.content.decode()
    )


def test_an_adviser_who_saves_without_a_change_or_corrects_the_address_only_gets_nothing(
    auth_client, booked, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        adviser_correct(
            auth_client, booked, candidate_name="Karin", candidate_email="kari@example.org"
        )
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        adviser_correct(
            auth_client, booked, candidate_name="Karin", candidate_email="karin@example.org"
        )
    assert [m.to for m in mailoutbox] == [["karin@example.org"]]  # the invitation only
    booked.refresh_from_db()
    assert booked.calendar_sequence == 0


def test_staff_who_correct_the_name_tell_the_adviser_with_the_calendar_entry(
    staff_client, booked, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            change_url(booked), form_data(booked, candidate_name="Kari"), follow=True
        )
    told = "Veilederen har fått rettelsen av kandidatens opplysninger på e-post."
    assert told in response.content.decode()
    (message,) = mailoutbox
    assert message.to == [booked.adviser.email]
    assert "Vi har rettet kandidatens fornavn" in message.body
    assert message.subject == (
        "[Erfaringssentrum] Rettelse i bookingen: vurderingssamtale fredag 6. mars 2026 "
        "kl. 12.00–13.00"
    )
    assert summary(message) == "Vurderingssamtale for Kari (Erfaringssentrum)"
    assert read_invitation(message).sequence == 1


def test_staff_who_correct_the_address_tell_the_adviser_the_candidate_was_invited_anew(
    staff_client, booked, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(change_url(booked), form_data(booked, candidate_email="ny@example.org"))
    (to_adviser,) = [m for m in mailoutbox if m.to == [booked.adviser.email]]
    (to_candidate,) = [m for m in mailoutbox if m.to == ["ny@example.org"]]
    assert len(mailoutbox) == 2
    assert "Vi har rettet kandidatens e-postadresse" in to_adviser.body
    assert "Kandidaten har fått invitasjonen på den nye adressen." in to_adviser.body
    assert "ny@example.org" not in to_adviser.body  # the booking page has it
    assert not to_adviser.attachments  # the adviser's calendar entry is as it was


def test_staff_who_correct_the_adviser_s_own_details_send_nothing(
    staff_client, booked, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            change_url(booked),
            form_data(booked, question="Rettet spørsmål", organisation="NAV Annenby"),
        )
    assert response.status_code == HTTPStatus.FOUND
    assert mailoutbox == []
    booked.refresh_from_db()
    assert booked.calendar_sequence == 0


@pytest.mark.parametrize(
    ("also_changed", "sentence"),
    [
        ({}, "Vi har også rettet kandidatens fornavn (nå: Kari)."),
        (
            {"candidate_email": "kari.n@example.org"},
            "Vi har også rettet kandidatens fornavn (nå: Kari) og e-postadresse.",
        ),
    ],
)
def test_a_new_name_and_a_new_number_in_one_save_send_the_adviser_one_e_mail(
    staff_client,
    slot_factory,
    booking_factory,
    mailoutbox,
    django_capture_on_commit_callbacks,
    also_changed,
    sentence,
):
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=4), format=Format.PHONE),
        candidate_name="Karin",
        candidate_email="kari@example.org",
        adviser_attends=True,
        call_to="candidate",
        call_number="912 34 567",
        now=NOW,
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            change_url(booking),
            form_data(booking, candidate_name="Kari", call_number="22 33 44 55", **also_changed),
        )
    (to_adviser,) = [m for m in mailoutbox if m.to == [booking.adviser.email]]
    assert "22 33 44 55" in to_adviser.body
    assert sentence in to_adviser.body
    assert "kari.n@example.org" not in to_adviser.body  # the adviser's mail names no address
    assert summary(to_adviser) == "Vurderingssamtale for Kari (Erfaringssentrum)"


def test_the_service_tells_the_adviser_of_a_corrected_name_too(
    booked, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_correct_candidate(
            booking=booked, candidate_name="Kari", candidate_email="kari@example.org", now=NOW
        )
    (message,) = mailoutbox
    assert message.to == [booked.adviser.email]
    assert "Du har rettet kandidatens fornavn" in message.body
