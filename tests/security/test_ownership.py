"""Every owner-only URL: 404 for another logged-in user, login redirect for a visitor.

One place that lists them all, so a new owner-only view that forgets its ownership check is
caught here rather than by the person whose data leaked.
"""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from courses.services import interest_add, signup_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(adviser_factory):
    return adviser_factory(name="Eier Eiersen")


@pytest.fixture
def other(user_factory):
    return user_factory(name="Annen Andersen")


@pytest.fixture
def owned_urls(
    owner, slot_factory, booking_factory, course, date_option_factory, course_type_factory
):
    booking = booking_factory(slot=slot_factory(), adviser=owner)
    date_option_factory(course, 35)
    signup = signup_create(course=course, user=owner, organisation="NAV", role="veileder")
    entry = interest_add(course_type=course_type_factory(title="Annet kurs"), user=owner)
    return [
        reverse("assessments:booking-detail", args=[booking.pk]),
        reverse("assessments:booking-ics", args=[booking.pk]),
        reverse("assessments:booking-cancel", args=[booking.pk]),
        reverse("courses:cancel", args=[signup.pk]),
        reverse("courses:date-choice", args=[signup.pk]),
        reverse("courses:interest-remove", args=[entry.pk]),
    ]


def test_the_owner_can_open_their_own_pages(owner, owned_urls):
    client = Client()
    client.force_login(owner)
    for url in owned_urls:
        if url.endswith("/fjern/"):
            continue  # POST only
        assert client.get(url).status_code in {HTTPStatus.OK, HTTPStatus.FOUND}, url


def test_another_user_gets_404_on_every_owner_only_url(other, owned_urls):
    client = Client()
    client.force_login(other)
    # A page answers a method it does not take with 405 before any lookup, revealing nothing;
    # every method it does take must give 404.
    for url in owned_urls:
        statuses = {client.get(url).status_code, client.post(url).status_code}
        assert statuses <= {HTTPStatus.NOT_FOUND, HTTPStatus.METHOD_NOT_ALLOWED}, url
        assert HTTPStatus.NOT_FOUND in statuses, url


def test_a_visitor_is_sent_to_login_from_every_owner_only_url(owned_urls):
    client = Client()
    for url in owned_urls:
        method = client.post if url.endswith("/fjern/") else client.get
        response = method(url)
        assert response.status_code == HTTPStatus.FOUND, url
        assert response["Location"].startswith("/konto/login/?next="), url


def test_token_links_with_a_wrong_token_give_404(client):
    for url in (
        reverse("assessments:candidate-confirm", args=["feil-token"]),
        reverse("assessments:consultant-feed", args=["feil-token"]),
    ):
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url
