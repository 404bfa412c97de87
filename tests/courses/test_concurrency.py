"""Thirty people sign up for a ten-seat course at the same moment, each on their own
database connection. Only PostgreSQL locks rows, so this runs there and is skipped on SQLite."""

from courses import services
from courses.models import Signup
from tests.concurrency import POSTGRES_ONLY, run_at_once

pytestmark = POSTGRES_ONLY

PEOPLE = 30


def test_thirty_at_once_fill_ten_seats_and_queue_the_rest(course_factory, user_factory):
    course = course_factory(slug="samtidig", min_participants=5, max_participants=10)
    users = [user_factory() for _ in range(PEOPLE)]

    def sign_up(user):
        return services.signup_create(course=course, user=user, organisation="NAV", role="Veileder")

    outcomes = run_at_once(sign_up, users)

    assert all(isinstance(o, Signup) for o in outcomes), outcomes
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
