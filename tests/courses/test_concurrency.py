"""Thirty people sign up for a ten-seat course at the same moment, each on their own
database connection. Only PostgreSQL locks rows, so this runs there and is skipped on SQLite."""

import threading
import time
from datetime import timedelta

from courses import services
from courses.models import Course, InterestEntry, PollAnswer, Signup
from tests.concurrency import POSTGRES_ONLY, run_at_once

from .conftest import NOW

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


def test_lowering_the_maximum_while_people_sign_up_never_overfills_the_course(
    course_factory, signup_factory, user_factory
):
    """Staff lower the maximum to the number confirmed at the same moment as ten people sign
    up: either the lowering comes first (the newcomers wait) or a signup does (the lowering is
    refused); never more confirmed than the maximum."""
    for round_ in range(3):
        course = course_factory(slug=f"senkes-{round_}", min_participants=1, max_participants=8)
        for _ in range(4):
            signup_factory(course)
        users = [user_factory() for _ in range(10)]

        def act(who, course=course):
            if who == "staff":
                return services.course_update(course=course, changes={"max_participants": 4})
            return services.signup_create(
                course=course, user=who, organisation="NAV", role="Veileder"
            )

        outcomes = run_at_once(act, ["staff", *users])

        course.refresh_from_db()
        confirmed = course.signups.filter(status=Signup.Status.CONFIRMED).count()
        assert confirmed <= course.max_participants, (round_, confirmed, course.max_participants)
        lowered = not isinstance(outcomes[0], Exception)
        if lowered:
            assert course.max_participants == 4 and confirmed == 4
        else:
            assert isinstance(outcomes[0], services.CourseFieldError), outcomes[0]
            assert course.max_participants == 8 and confirmed == 8
        assert all(isinstance(o, Signup) for o in outcomes[1:]), outcomes


def test_a_date_is_not_moved_while_an_answer_to_it_is_being_stored(
    course_factory, signup_factory, date_option_factory, monkeypatch
):
    """A participant's answer to a proposed date has been checked and is about to be stored
    when staff move that date: the move waits for the answer and is then refused, so no answer
    is ever stored for a time the person was not shown."""
    course = course_factory(slug="avstemning", min_participants=1)
    signup = signup_factory(course)
    option = date_option_factory(course, 10)
    Course.objects.filter(pk=course.pk).update(poll_sent_at=NOW)
    shown = option.starts_at
    answer_checked = threading.Event()
    store = PollAnswer.objects.update_or_create

    def store_after_a_pause(**fields):
        answer_checked.set()
        time.sleep(0.3)  # staff try to move the date meanwhile
        return store(**fields)

    monkeypatch.setattr(PollAnswer.objects, "update_or_create", store_after_a_pause)

    def act(who):
        if who == "staff":
            answer_checked.wait(timeout=10)
            later = {option.pk: shown + timedelta(days=1)}
            return services.poll_options_change(course=course, move=later, now=NOW)
        return services.poll_answer(
            signup=signup, answers={option.pk: "yes"}, times_shown={option.pk: shown}, now=NOW
        )

    answered, moved = run_at_once(act, ["participant", "staff"])

    assert answered is None
    assert isinstance(moved, services.CourseError), moved
    option.refresh_from_db()
    assert option.starts_at == shown
    assert PollAnswer.objects.filter(option=option, signup=signup).exists()


def test_two_rounds_cancelled_at_once_put_someone_told_of_both_back_once(
    course_factory, user_factory, monkeypatch
):
    """Told of round A, then (back on the list) of round B: staff cancel B while A's
    cancellation is putting them back on the list. B's waits, and finds them there."""
    person = user_factory()
    first, second = course_factory(), course_factory()
    for told_of in (first, second):
        InterestEntry.objects.create(
            course_type=told_of.course_type,
            user=person,
            created=NOW - timedelta(days=30),
            notified_at=NOW - timedelta(days=1),
            notified_course=told_of,
        )
    restored = threading.Event()
    restore = services._interest_restore

    def restore_then_pause(course):
        restore(course)
        if course == first:
            restored.set()
            time.sleep(0.3)  # B is cancelled meanwhile

    monkeypatch.setattr(services, "_interest_restore", restore_then_pause)

    def cancel(course):
        if course == second:
            restored.wait(timeout=10)
        return services.course_cancel(course=course, reason="Avlyst", now=NOW)

    outcomes = run_at_once(cancel, [first, second])

    assert all(isinstance(o, Course) for o in outcomes), outcomes
    assert InterestEntry.objects.filter(user=person, notified_at__isnull=True).count() == 1


def test_two_rounds_freeing_a_seat_at_once_seat_the_one_waiting_on_both_once(
    course_type, course_factory, signup_factory, user_factory
):
    """Someone waits first in line on two full rounds of one course type; a seat comes free in
    both at the same moment. They get one of them, and the other goes to the next in line."""
    for attempt in range(5):
        rounds = [
            course_factory(slug=f"runde-{attempt}-{n}", min_participants=1, max_participants=1)
            for n in range(2)
        ]
        both = user_factory()
        leaving = [signup_factory(course) for course in rounds]
        firsts = [
            signup_factory(course, user=both, status=Signup.Status.WAITING, minutes=1)
            for course in rounds
        ]
        nexts = [
            signup_factory(course, status=Signup.Status.WAITING, minutes=2) for course in rounds
        ]

        outcomes = run_at_once(lambda signup: services.signup_cancel(signup=signup), leaving)

        assert all(isinstance(o, Signup) for o in outcomes), outcomes
        seats = Signup.objects.filter(user=both, status=Signup.Status.CONFIRMED)
        assert seats.count() == 1
        (seat,) = seats
        other = next(s for s in firsts if s.course_id != seat.course_id)
        other.refresh_from_db()
        assert other.status == Signup.Status.CANCELLED
        (next_in_line,) = [s for s in nexts if s.course_id == other.course_id]
        next_in_line.refresh_from_db()
        assert next_in_line.status == Signup.Status.CONFIRMED


def test_signing_up_for_two_rounds_at_once_gives_one_seat(course_factory, user_factory):
    for attempt in range(5):
        rounds = [course_factory(slug=f"to-runder-{attempt}-{n}") for n in range(2)]
        user = user_factory()

        outcomes = run_at_once(
            lambda course, user=user: services.signup_create(
                course=course, user=user, organisation="NAV", role="Veileder"
            ),
            rounds,
        )

        seated = [o for o in outcomes if isinstance(o, Signup)]
        refused = [o for o in outcomes if isinstance(o, services.AlreadySignedUp)]
        assert len(seated) == 1 and len(refused) == 1, outcomes
        assert Signup.objects.filter(user=user).count() == 1
