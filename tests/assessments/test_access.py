"""An adviser sees and changes only their own bookings; anyone else's id gives 404."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Status

pytestmark = pytest.mark.django_db

OWN_BOOKING_URLS = [
    "assessments:booking-detail",
    "assessments:booking-ics",
    "assessments:booking-cancel",
]


@pytest.fixture
def others_booking(slot_factory, booking_factory):
    return booking_factory(slot=slot_factory(), candidate_name="Hemmelig")


@pytest.mark.parametrize("name", OWN_BOOKING_URLS)
def test_another_users_booking_is_404(auth_client, others_booking, name):
    url = reverse(name, args=[others_booking.pk])
    assert auth_client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_another_users_booking_cannot_be_cancelled(auth_client, others_booking):
    url = reverse("assessments:booking-cancel", args=[others_booking.pk])
    assert auth_client.post(url).status_code == HTTPStatus.NOT_FOUND
    others_booking.refresh_from_db()
    assert others_booking.status == Status.ACTIVE


def test_a_guessed_id_is_404(auth_client):
    assert auth_client.get(reverse("assessments:booking-detail", args=[424242])).status_code == 404


@pytest.mark.parametrize("name", OWN_BOOKING_URLS)
def test_anonymous_visitor_is_sent_to_login(others_booking, name):
    url = reverse(name, args=[others_booking.pk])
    response = Client().get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_account_does_not_see_advisers_bookings_on_the_site(staff_client, others_booking):
    url = reverse("assessments:booking-detail", args=[others_booking.pk])
    assert staff_client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_min_side_lists_only_own_bookings(auth_client, others_booking):
    assert "Hemmelig" not in auth_client.get(reverse("min-side")).content.decode()


def test_unknown_feed_token_is_404(client):
    assert client.get(reverse("assessments:consultant-feed", args=["gjettet"])).status_code == 404
