"""A full round points to other rounds of the same course with free seats, before its
waiting list: on the course page and on the signup form."""

from http import HTTPStatus

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_round(course_factory, signup_factory):
    course = course_factory(min_participants=1, max_participants=2)
    signup_factory(course)
    signup_factory(course, minutes=1)
    return course


def test_a_full_round_points_to_another_round_with_free_seats(
    client, auth_client, full_round, course_factory, signup_factory, course_type_factory
):
    free = course_factory(expected_period="mai 2027")
    also_full = course_factory(min_participants=1, max_participants=1)
    signup_factory(also_full)
    other_type = course_factory(course_type=course_type_factory())
    cancelled = course_factory(status="cancelled")

    for page in (
        client.get(full_round.get_absolute_url()).content.decode(),
        auth_client.get(reverse("courses:signup", args=[full_round.slug])).content.decode(),
    ):
        offer = page.split('id="andre-runder"')[1].split("</section>")[0]
        assert reverse("courses:signup", args=[free.slug]) in offer
        assert "mai 2027" in offer
        for not_offered in (also_full, other_type, cancelled, full_round):
            assert reverse("courses:signup", args=[not_offered.slug]) not in offer
        # The offer comes before the waiting list.
        assert page.index('id="andre-runder"') < page.index("Sett meg på ventelisten")


def test_a_round_with_free_seats_offers_no_other_round(client, course_factory):
    course = course_factory()
    course_factory()
    assert 'id="andre-runder"' not in client.get(course.get_absolute_url()).content.decode()


def test_no_offer_when_no_other_round_has_room(client, full_round):
    response = client.get(full_round.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert 'id="andre-runder"' not in response.content.decode()
