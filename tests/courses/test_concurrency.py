"""Thirty people sign up for a ten-seat course at the same moment, each on their own
database connection. Only PostgreSQL locks rows, so this runs there and is skipped on SQLite."""

import threading

import pytest
from django.db import connection

from courses import services
from courses.models import Course, CourseType, Signup

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 30


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Radlåser (select_for_update) testes bare på PostgreSQL.")


def test_thirty_at_once_fill_ten_seats_and_queue_the_rest(user_factory):
    course_type = CourseType.objects.create(
        title="Kurs", slug="kurs", summary="x", description="x", audience="x"
    )
    course = Course.objects.create(
        course_type=course_type,
        slug="samtidig",
        expected_period="mars",
        min_participants=5,
        max_participants=10,
    )
    users = [user_factory() for _ in range(PEOPLE)]
    barrier = threading.Barrier(PEOPLE)
    errors = []

    def sign_up(user):
        try:
            barrier.wait()
            services.signup_create(course=course, user=user, organisation="NAV", role="Veileder")
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    signups = Signup.objects.filter(course=course)
    assert signups.filter(status=Signup.Status.CONFIRMED).count() == 10
    waiting = list(signups.waiting_list().with_waiting_position())
    assert len(waiting) == 20
    assert [s.waiting_position for s in waiting] == list(range(1, 21))
    # The queue follows the order the signups were made in.
    assert [s.created for s in waiting] == sorted(s.created for s in waiting)
    assert min(s.created for s in waiting) >= max(
        s.created for s in signups.filter(status=Signup.Status.CONFIRMED)
    )
    assert signups.values("user").distinct().count() == PEOPLE == signups.count()
    course.refresh_from_db()
    assert course.minimum_reached_notified_at is not None
