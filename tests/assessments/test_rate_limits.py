"""Every action that sends e-mail is rate-limited per client: booking (already), cancelling a
booking or a course seat, answering the date question, and the candidate's answer."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse

from assessments.models import Status
from courses.models import Course, CourseType, Signup

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def cancel_limit(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "cancel": (2, 60 * 60)}


def assert_refused_in_norwegian(response):
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    html = response.content.decode()
    assert "For mange forsøk" in html and "Du kan prøve igjen om" in html


def test_cancelling_bookings_is_rate_limited(
    cancel_limit, auth_client, user, slot_factory, booking_factory, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    bookings = [booking_factory(slot=slot_factory(), adviser=user) for _ in range(3)]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for booking in bookings[:2]:
            url = reverse("assessments:booking-cancel", args=[booking.pk])
            assert auth_client.post(url).status_code == HTTPStatus.FOUND
    sent = len(mailoutbox)
    assert sent == 2 * 2  # the adviser and the centre, for each (no candidate address)
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(reverse("assessments:booking-cancel", args=[bookings[2].pk]))
    assert_refused_in_norwegian(response)
    bookings[2].refresh_from_db()
    assert bookings[2].status == Status.ACTIVE
    assert len(mailoutbox) == sent  # nothing more was sent


def test_the_limit_counts_the_client_not_the_booking(
    cancel_limit, auth_client, user, slot_factory, booking_factory
):
    booking = booking_factory(slot=slot_factory(), adviser=user)
    url = reverse("assessments:booking-cancel", args=[booking.pk])
    auth_client.post(url)
    auth_client.post(url)  # already cancelled: still counts as an attempt
    assert_refused_in_norwegian(auth_client.post(url))


def test_cancelling_a_course_seat_is_rate_limited(cancel_limit, auth_client, user):
    course_type = CourseType.objects.create(
        title="Fellessamling", slug="fellessamling", summary="K", description="L", audience="A"
    )
    signups = [
        Signup.objects.create(
            course=Course.objects.create(
                course_type=course_type, slug=f"kurs-{n}", expected_period="våren", place="Oslo"
            ),
            user=user,
            status=Signup.Status.CONFIRMED,
            organisation="NAV",
            role="Veileder",
        )
        for n in range(3)
    ]
    for signup in signups[:2]:
        response = auth_client.post(reverse("courses:cancel", args=[signup.pk]))
        assert response.status_code == HTTPStatus.FOUND
    assert_refused_in_norwegian(auth_client.post(reverse("courses:cancel", args=[signups[2].pk])))
    # Answering the date question sends e-mail too, and shares the count.
    answer = reverse("courses:date-choice", args=[signups[2].pk])
    assert_refused_in_norwegian(auth_client.post(answer, {"choice": "keep"}))
    signups[2].refresh_from_db()
    assert signups[2].status == Signup.Status.CONFIRMED


def test_the_candidates_answers_are_rate_limited(
    cancel_limit, client, slot_factory, booking_factory, time_machine
):
    from assessments import services

    time_machine.move_to(NOW)
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=4)), candidate_email="k@example.org"
    )
    url = reverse("assessments:candidate-confirm", args=[services.booking_candidate_token(booking)])
    for needs_adaptation in ("on", ""):  # yes, then no: each yes e-mails the centre
        assert client.post(url, {"needs_adaptation": needs_adaptation}).status_code < 400
    assert_refused_in_norwegian(client.post(url, {"needs_adaptation": "on"}))

    # Counted per link: another candidate on the same network address is not held back.
    other = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=5)), candidate_email="o@example.org"
    )
    theirs = reverse(
        "assessments:candidate-confirm", args=[services.booking_candidate_token(other)]
    )
    assert client.post(theirs, {"needs_adaptation": ""}).status_code < 400
