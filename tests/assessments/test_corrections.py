"""«Rettelser»: before the appointment the adviser corrects the candidate's first name and
address and can send the invitation again, within the daily limit per address; the link in
an invitation to the old address stops working."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Booking
from assessments.validators import FIRST_NAME_MESSAGE

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def typo(slot_factory, booking_factory, user, time_machine, mailoutbox):
    """The logged-in adviser's booking with a mistyped address, its invitation sent."""
    time_machine.move_to(NOW)
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=4)),
        adviser=user,
        candidate_email="kari@gmial.com",
        now=NOW,
    )
    mailoutbox.clear()
    return booking


def correct(client, booking, **data):
    return client.post(reverse("assessments:booking-correct", args=[booking.pk]), data)


def test_the_booking_page_shows_the_address_and_offers_corrections(auth_client, typo):
    page = auth_client.get(reverse("assessments:booking-detail", args=[typo.pk])).content.decode()
    assert "kari@gmial.com" in page
    assert reverse("assessments:booking-correct", args=[typo.pk]) in page


def test_a_corrected_address_gets_the_invitation_and_the_old_link_stops_working(
    auth_client, typo, mailoutbox, django_capture_on_commit_callbacks
):
    old_token = services.booking_candidate_token(typo)
    Booking.objects.filter(pk=typo.pk).update(candidate_confirmed_at=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        response = correct(
            auth_client, typo, candidate_name="Kari Anne", candidate_email="kari@gmail.com"
        )
    assert response.status_code == HTTPStatus.FOUND
    typo.refresh_from_db()
    assert (typo.candidate_name, typo.candidate_email) == ("Kari Anne", "kari@gmail.com")
    assert typo.candidate_confirmed_at is None
    detail = auth_client.get(response["Location"]).content.decode()
    assert "Lenken i invitasjonen til den gamle adressen virker ikke lenger" in detail
    # The adviser's calendar entry, which names the candidate, is updated too.
    (invitation,) = [m for m in mailoutbox if m.to != [typo.adviser.email]]
    assert len(mailoutbox) == 2
    assert invitation.to == ["kari@gmail.com"] and "Hei Kari Anne!" in invitation.body
    with pytest.raises(services.InvalidLink, match="e-postadressen i bookingen er endret"):
        services.booking_from_candidate_token(old_token)
    new_link = reverse(
        "assessments:candidate-confirm",
        kwargs={"token": services.booking_candidate_token(typo)},
    )
    assert new_link in invitation.body
    old_page = auth_client.get(
        reverse("assessments:candidate-confirm", kwargs={"token": old_token})
    )
    assert old_page.status_code == HTTPStatus.NOT_FOUND


def test_the_link_to_a_removed_address_does_not_say_the_appointment_is_cancelled(
    auth_client, typo, client, django_capture_on_commit_callbacks
):
    # The adviser removes the candidate's address (the candidate wants no e-mail from us, or
    # it was wrong): the appointment still stands, so the old link must not tell whoever opens
    # it that it is cancelled or held, only that the link no longer applies.
    old_token = services.booking_candidate_token(typo)
    with django_capture_on_commit_callbacks(execute=True):
        correct(auth_client, typo, candidate_name="Kari", candidate_email="")
    typo.refresh_from_db()
    assert typo.candidate_email == ""

    with pytest.raises(services.InvalidLink, match="e-postadressen i bookingen er endret"):
        services.booking_from_candidate_token(old_token)
    page = client.get(reverse("assessments:candidate-confirm", kwargs={"token": old_token}))
    assert page.status_code == HTTPStatus.NOT_FOUND
    text = page.content.decode()
    assert "e-postadressen i bookingen er endret" in text
    assert "avbestilt" not in text


def test_only_a_first_name_is_accepted_and_the_input_is_kept(auth_client, typo):
    response = correct(
        auth_client, typo, candidate_name="Kari https://x.example", candidate_email="kari@gmail.com"
    )
    assert response.status_code == HTTPStatus.OK
    assert FIRST_NAME_MESSAGE in str(response.context["form"].errors["candidate_name"])
    assert 'value="kari@gmail.com"' in response.content.decode()
    typo.refresh_from_db()
    assert typo.candidate_name == "Kari"


def test_the_service_holds_the_first_name_rule_too(typo):
    with pytest.raises(services.BookingError):
        services.booking_correct_candidate(
            booking=typo, candidate_name="Ring 12345678", candidate_email="", now=NOW
        )


def test_a_new_address_past_the_daily_limit_is_not_kept_and_the_adviser_is_told(
    auth_client,
    typo,
    settings,
    slot_factory,
    booking_factory,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    settings.ASSESSMENTS_INVITATIONS_PER_ADDRESS_PER_DAY = 1
    booking_factory(slot=slot_factory(), candidate_email="kari@gmail.com", now=NOW)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = correct(
            auth_client, typo, candidate_name="Kari", candidate_email="kari@gmail.com"
        )
    typo.refresh_from_db()
    assert typo.candidate_email == "" and typo.candidate_invitation_withheld
    assert mailoutbox == []
    assert "vi sendte ingen invitasjon" in auth_client.get(response["Location"]).content.decode()


def test_an_address_added_past_the_daily_limit_says_no_invitation_went(
    auth_client, user, settings, slot_factory, booking_factory, time_machine
):
    time_machine.move_to(NOW)
    settings.ASSESSMENTS_INVITATIONS_PER_ADDRESS_PER_DAY = 1
    booking_factory(slot=slot_factory(), candidate_email="kari@gmail.com", now=NOW)
    without = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=4)), adviser=user, now=NOW
    )
    response = correct(
        auth_client, without, candidate_name="Kari", candidate_email="kari@gmail.com"
    )
    assert "vi sendte ingen invitasjon" in auth_client.get(response["Location"]).content.decode()


def test_the_invitation_can_be_sent_again_within_the_limit(
    auth_client, typo, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ASSESSMENTS_INVITATIONS_PER_ADDRESS_PER_DAY = 2  # the booking used one
    url = reverse("assessments:booking-correct", args=[typo.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(url, {"send-igjen": "1"})
    assert response.status_code == HTTPStatus.FOUND
    assert [m.to for m in mailoutbox] == [["kari@gmial.com"]]
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(url, {"send-igjen": "1"}, follow=True)
    assert "Adressen har allerede fått 2 invitasjoner" in response.content.decode()
    assert len(mailoutbox) == 1


def test_nothing_can_be_corrected_once_the_appointment_has_started(auth_client, typo, time_machine):
    time_machine.move_to(typo.slot.starts_at + timedelta(minutes=5))
    page = auth_client.get(reverse("assessments:booking-correct", args=[typo.pk])).content
    assert "du kan ikke endre opplysningene lenger" in page.decode()
    response = correct(auth_client, typo, candidate_name="Kari", candidate_email="ny@example.org")
    assert response.status_code == HTTPStatus.OK
    typo.refresh_from_db()
    assert typo.candidate_email == "kari@gmial.com"


@pytest.mark.parametrize(
    ("status", "after_start", "says"),
    [
        ("active", timedelta(minutes=5), "Samtalen er i gang nå"),
        ("active", timedelta(hours=3), "Tiden for samtalen er passert"),
        ("completed", timedelta(hours=3), "Samtalen er gjennomført"),
        ("no_show", timedelta(hours=3), "Kandidaten møtte ikke til samtalen"),
    ],
)
def test_the_page_says_in_a_sentence_why_it_is_too_late_to_correct(
    auth_client, typo, time_machine, status, after_start, says
):
    Booking.objects.filter(pk=typo.pk).update(status=status)
    time_machine.move_to(typo.slot.starts_at + after_start)
    auth_client.force_login(typo.adviser)  # a new session: the first one has been idle
    page = auth_client.get(reverse("assessments:booking-correct", args=[typo.pk])).content
    assert f"{says}, så du kan ikke endre opplysningene lenger." in page.decode()


def test_another_advisers_booking_cannot_be_corrected(client, typo, adviser_factory):
    client.force_login(adviser_factory())
    response = correct(client, typo, candidate_name="Ola", candidate_email="ola@example.org")
    assert response.status_code == HTTPStatus.NOT_FOUND
