"""The candidate's confirmation link works only for the appointment ahead and for the address
it was sent to (issues #13 and #18)."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import signing
from django.urls import reverse

from assessments import services
from assessments.models import Booking, Format
from erfaringssentrum.models import ContactDetails

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(slot_factory, booking_factory):
    return booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=2)),
        candidate_email="kandidat@example.org",
        now=NOW,
    )


def test_the_link_works_until_the_appointment_starts(booking):
    token = services.booking_candidate_token(booking)
    starts = booking.slot.starts_at
    services.booking_confirm_candidate(token=token, now=starts - timedelta(seconds=1))
    for moment in (starts, starts + timedelta(minutes=30), starts + timedelta(days=1)):
        with pytest.raises(services.InvalidLink, match="allerede holdt"):
            services.booking_from_candidate_token(token, now=moment)
        with pytest.raises(services.InvalidLink):
            services.booking_confirm_candidate(token=token, now=moment)


def test_a_candidate_running_late_still_finds_how_to_join(booking, client, time_machine):
    ContactDetails.objects.update(email="post@senteret.no", phone="")
    url = reverse("assessments:candidate-confirm", args=[services.booking_candidate_token(booking)])
    time_machine.move_to(booking.slot.starts_at + timedelta(minutes=5), tick=False)
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "avbestilt" not in page and "holdt" not in page  # it is neither: it is now
    assert "Samtalen har begynt" in page and "Kommer du ikke inn?" in page
    assert booking.slot.location in page  # the video link
    assert "Bekreft at jeg kommer" not in page and "<form" not in page.split("<main")[1]
    # A confirmation sent as it began is not recorded; the page says what it says now.
    response = client.post(url, {"tid": str(booking.slot_id)})
    assert response.status_code == HTTPStatus.CONFLICT
    assert "Samtalen har begynt" in response.content.decode()
    booking.refresh_from_db()
    assert booking.candidate_confirmed_at is None


def test_the_page_refuses_the_link_after_the_appointment(booking, client, time_machine):
    url = reverse("assessments:candidate-confirm", args=[services.booking_candidate_token(booking)])
    time_machine.move_to(booking.slot.ends_at + timedelta(minutes=1))
    response = client.get(url)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "lenken virker ikke" in response.content.decode()
    assert client.post(url).status_code == HTTPStatus.NOT_FOUND
    booking.refresh_from_db()
    assert booking.candidate_confirmed_at is None


def test_the_link_stops_working_when_the_address_is_changed(booking, client):
    token = services.booking_candidate_token(booking)
    Booking.objects.filter(pk=booking.pk).update(candidate_email="riktig@example.org")
    with pytest.raises(services.InvalidLink, match="e-postadressen i bookingen er endret"):
        services.booking_confirm_candidate(token=token, now=NOW)
    booking.refresh_from_db()
    assert booking.candidate_confirmed_at is None
    # A link for the new address works; the address's case does not matter.
    Booking.objects.filter(pk=booking.pk).update(candidate_email="Riktig@Example.org")
    booking.refresh_from_db()
    fresh = services.booking_candidate_token(booking)
    assert services.booking_confirm_candidate(token=fresh, now=NOW).candidate_confirmed_at == NOW


def test_a_link_signed_without_the_address_is_refused(booking):
    for payload in (booking.pk, [booking.pk], [booking.pk, "x", "y"]):
        token = signing.dumps(payload, salt=services.CANDIDATE_SALT)
        with pytest.raises(services.InvalidLink, match="Lenken virker ikke"):
            services.booking_from_candidate_token(token, now=NOW)


def test_the_link_does_not_reveal_the_address(booking):
    token = services.booking_candidate_token(booking)
    assert "kandidat" not in signing.b64_decode(token.split(":")[0].encode()).decode()


def test_a_phone_appointment_under_way_asks_whether_we_called(
    slot_factory, booking_factory, client, time_machine
):
    """On the phone the centre calls: «Kommer du ikke inn?» is for a meeting or a door."""
    ContactDetails.objects.update(email="post@senteret.no", phone="")
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=2), format=Format.PHONE, location=""),
        candidate_email="kandidat@example.org",
        adviser_attends=False,
        call_to="candidate",
        call_number="912 34 567",
        now=NOW,
    )
    url = reverse("assessments:candidate-confirm", args=[services.booking_candidate_token(booking)])
    time_machine.move_to(booking.slot.starts_at + timedelta(minutes=5), tick=False)
    page = client.get(url).content.decode()
    assert "Samtalen har begynt" in page and "Vi ringer deg" in page
    assert "Kommer du ikke inn?" not in page
    assert "Har vi ikke ringt?" in page
