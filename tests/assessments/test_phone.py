"""Phone appointments: the form asks whom we call (the candidate, or the adviser with the
candidate beside them) and on which number; a candidate taking part alone is called on their
own number. The confirmation page, every e-mail and the calendar files say it plainly, and
the candidate is not given the adviser's number."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Booking, CallTo, Format
from tests.invitations import read_invitation

from .test_views import form_data

pytestmark = pytest.mark.django_db

CANDIDATE_NUMBER = "+47 412 34 567"
ADVISER_NUMBER = "+47 987 65 432"


@pytest.fixture
def phone_slot(slot_factory):
    return slot_factory(format=Format.PHONE, location="")


def book(client, slot, **fields):
    return client.post(reverse("assessments:book", args=[slot.pk]), form_data(slot, **fields))


def test_the_form_asks_whom_we_call_only_for_a_phone_slot(auth_client, phone_slot, slot_factory):
    page = auth_client.get(reverse("assessments:book", args=[phone_slot.pk])).content.decode()
    assert "Hvem skal vi ringe?" in page and 'name="call_number"' in page
    digital = slot_factory()
    page = auth_client.get(reverse("assessments:book", args=[digital.pk])).content.decode()
    assert "Hvem skal vi ringe?" not in page


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({}, "call_to", "Velg hvem vi skal ringe."),
        ({"call_to": "candidate"}, "call_number", "Skriv nummeret vi skal ringe."),
        ({"call_to": "candidate", "call_number": "ring meg"}, "call_number", "8 sifre"),
        (
            {"call_to": "adviser", "call_number": ADVISER_NUMBER, "adviser_attends": "nei"},
            "call_to",
            "så vi må ringe kandidaten",
        ),
    ],
)
def test_each_missing_or_wrong_answer_gets_its_own_message_and_the_input_is_kept(
    auth_client, phone_slot, fields, field, message
):
    response = book(auth_client, phone_slot, question="Mitt spørsmål", **fields)
    assert response.status_code == HTTPStatus.OK
    assert message in str(response.context["form"].errors[field])
    assert "Mitt spørsmål" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_candidate_alone_is_called_on_their_own_number_and_everyone_is_told(
    auth_client, user, phone_slot, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = book(
            auth_client,
            phone_slot,
            adviser_attends="nei",
            call_to="candidate",
            call_number=CANDIDATE_NUMBER,
            candidate_email="kari@example.org",
        )
    booking = Booking.objects.get()
    assert (booking.call_to, booking.call_number) == (CallTo.CANDIDATE, CANDIDATE_NUMBER)
    detail = auth_client.get(response["Location"]).content.decode()
    assert f"Vi ringer kandidaten på {CANDIDATE_NUMBER}." in detail

    by_address = {m.to[0]: m for m in mailoutbox}
    adviser_mail, candidate_mail = by_address[user.email], by_address["kari@example.org"]
    staff_mail = next(m for m in mailoutbox if "Ny booking" in m.subject)
    for mail in (adviser_mail, staff_mail):
        assert f"Vi ringer kandidaten på {CANDIDATE_NUMBER}." in mail.body
        assert f"Vi ringer kandidaten på {CANDIDATE_NUMBER}." in mail.alternatives[0].content
    assert f"Vi ringer deg på {CANDIDATE_NUMBER}." in candidate_mail.body
    assert f"Vi ringer deg på {CANDIDATE_NUMBER}." in str(
        read_invitation(candidate_mail).event["description"]
    )
    assert f"Vi ringer kandidaten på {CANDIDATE_NUMBER}." in str(
        read_invitation(adviser_mail).event["description"]
    )
    ics = auth_client.get(reverse("assessments:booking-ics", args=[booking.pk])).content.decode()
    assert "Vi ringer kandidaten på" in ics.replace("\r\n ", "")


def test_when_we_call_the_adviser_the_candidate_is_not_given_the_advisers_number(
    auth_client, user, phone_slot, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book(
            auth_client,
            phone_slot,
            adviser_attends="ja",
            call_to="adviser",
            call_number=ADVISER_NUMBER,
            phone=ADVISER_NUMBER,
            candidate_email="kari@example.org",
        )
    by_address = {m.to[0]: m for m in mailoutbox}
    adviser_mail, candidate_mail = by_address[user.email], by_address["kari@example.org"]
    assert f"Vi ringer veilederen på {ADVISER_NUMBER}" in adviser_mail.body
    assert "Vi ringer veilederen din, og du sitter sammen med veilederen." in candidate_mail.body
    candidate_ics = str(candidate_mail.attachments[0].content)
    for text in (candidate_mail.body, candidate_mail.alternatives[0].content, candidate_ics):
        assert "98765432" not in text.replace("\r\n ", "").replace(" ", "")
        assert user.email not in text  # nor the adviser's address


def test_the_service_holds_the_rule_without_the_form(user, phone_slot, booking_data):
    booking_data["adviser_attends"] = False
    with pytest.raises(services.BookingError, match="så vi må ringe kandidaten"):
        services.booking_create(
            slot_id=phone_slot.pk,
            adviser=user,
            call_to=CallTo.ADVISER,
            call_number=ADVISER_NUMBER,
            **booking_data,
        )
    with pytest.raises(services.BookingError, match="Skriv nummeret"):
        services.booking_create(
            slot_id=phone_slot.pk, adviser=user, call_to=CallTo.CANDIDATE, **booking_data
        )
    assert not Booking.objects.exists()


def test_a_slot_that_is_not_on_the_phone_keeps_no_number(auth_client, slot_factory):
    slot = slot_factory()
    book(auth_client, slot, call_to="candidate", call_number=CANDIDATE_NUMBER)
    booking = Booking.objects.get()
    assert (booking.call_to, booking.call_number) == ("", "")


def test_the_consultants_feed_says_whom_we_call_but_not_the_number(
    client, consultant, phone_slot, booking_factory
):
    booking_factory(slot=phone_slot, call_to=CallTo.CANDIDATE, call_number=CANDIDATE_NUMBER)
    feed = services.calendar_feed_get(consultant=consultant)
    body = client.get(reverse("assessments:consultant-feed", args=[feed.token])).content.decode()
    unfolded = body.replace("\r\n ", "")
    assert "Vi ringer kandidaten." in unfolded
    assert "41234567" not in unfolded.replace(" ", "")
