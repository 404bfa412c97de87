"""The course cycle: signup, the minimum, the waiting list, cancellation and promotion."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from icalendar import Calendar

from courses import services
from courses.models import Course, Signup

from .conftest import NOW


def sign_up(course, user, **kwargs):
    return services.signup_create(
        course=course, user=user, organisation="NAV Test", role="Veileder", now=NOW, **kwargs
    )


def state(course):
    return Course.objects.with_counts().get(pk=course.pk).state(now=NOW)


def test_first_signup_is_confirmed_and_told_what_happens_next(
    course, user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signup = sign_up(course, user)
    assert signup.status == Signup.Status.CONFIRMED
    assert state(course) == Course.State.COLLECTING
    fresh = Course.objects.with_counts().get(pk=course.pk)
    assert fresh.progress_text == ("1 av 5 påmeldte – vi setter dato når 5 har meldt seg på")
    (mail,) = mailoutbox
    assert mail.to == [user.email]
    assert mail.subject.startswith("[Erfaringssentrum] Du er påmeldt")
    assert "setter endelig dato når minst 5" in mail.body
    assert "februar eller mars" in mail.body


def test_signing_up_twice_gives_a_message_not_a_second_seat(course, user):
    sign_up(course, user)
    with pytest.raises(services.AlreadySignedUp, match="allerede påmeldt"):
        sign_up(course, user)
    assert course.signups.count() == 1


def test_database_refuses_two_active_signups_for_one_person(course, user, signup_factory):
    signup_factory(course, user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        signup_factory(course, user=user, status=Signup.Status.WAITING)
    # A cancelled signup does not block signing up again.
    course.signups.update(status=Signup.Status.CANCELLED)
    signup_factory(course, user=user)


def test_database_refuses_min_above_max(course_type):
    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.create(
            course_type=course_type,
            slug="feil",
            expected_period="mai",
            min_participants=6,
            max_participants=5,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.create(
            course_type=course_type, slug="null", expected_period="mai", min_participants=0
        )


def test_reaching_the_minimum_tells_staff_exactly_once(
    course, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    users = [user_factory() for _ in range(6)]
    with django_capture_on_commit_callbacks(execute=True):
        signups = [sign_up(course, u) for u in users[:5]]
    assert state(course) == Course.State.MINIMUM_REACHED
    staff = [m for m in mailoutbox if m.to == ["kurs@erfaringssentrum.example"]]
    assert len(staff) == 1
    assert "Nok påmeldte" in staff[0].subject
    assert "/admin/courses/course/" in staff[0].body
    course.refresh_from_db()
    assert course.minimum_reached_notified_at == NOW

    # Dropping below and reaching the minimum again does not repeat the e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=signups[0], now=NOW)
        sign_up(course, users[5])
    staff = [m for m in mailoutbox if m.to == ["kurs@erfaringssentrum.example"]]
    assert len(staff) == 1


def test_staff_are_told_on_the_signup_that_reaches_the_minimum_not_one_before(
    course_factory, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(min_participants=3)

    def enough_mails():
        return [m for m in mailoutbox if "Nok påmeldte" in m.subject]

    with django_capture_on_commit_callbacks(execute=True):
        sign_up(course, user_factory())
        sign_up(course, user_factory())
    course.refresh_from_db()
    assert enough_mails() == []
    assert course.minimum_reached_notified_at is None
    assert state(course) == Course.State.COLLECTING

    with django_capture_on_commit_callbacks(execute=True):
        sign_up(course, user_factory())
    (mail,) = enough_mails()
    assert mail.to == ["kurs@erfaringssentrum.example"]
    course.refresh_from_db()
    assert course.minimum_reached_notified_at == NOW


def test_reaching_the_minimum_of_a_course_that_already_has_a_date_asks_staff_for_nothing(
    course_factory, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(min_participants=2, starts_at=NOW + timedelta(days=14))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            sign_up(course, user_factory())
    (staff,) = [m for m in mailoutbox if m.to == ["kurs@erfaringssentrum.example"]]
    assert "sett dato" not in staff.subject
    assert "Du trenger ikke gjøre noe" in staff.body
    assert "Sett dato direkte" not in staff.body
    assert "Du trenger ikke gjøre noe" in staff.alternatives[0][0]


def test_full_course_puts_people_on_the_waiting_list_in_order(
    course_factory, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(min_participants=1, max_participants=2)
    users = [user_factory() for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        signups = [
            services.signup_create(
                course=course,
                user=u,
                organisation="NAV",
                role="Veileder",
                now=NOW + timedelta(minutes=i),
            )
            for i, u in enumerate(users)
        ]
    assert [s.status for s in signups] == ["confirmed", "confirmed", "waiting", "waiting"]
    assert state(course) == Course.State.FULL
    positions = {
        s.pk: s.waiting_position for s in Signup.objects.waiting_list().with_waiting_position()
    }
    assert positions == {signups[2].pk: 1, signups[3].pk: 2}
    assert "venteliste som nr. 2" in mailoutbox[-1].body
    assert Course.objects.with_counts().get(pk=course.pk).progress_text == (
        "2 av 2 plasser er tatt – 2 på venteliste"
    )


@pytest.mark.usefixtures("clock_at_now")  # the e-mails are built by the clock
def test_cancelling_moves_the_first_waiting_person_up_and_tells_them(
    course_factory, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(
        min_participants=1, max_participants=2, starts_at=NOW + timedelta(days=9)
    )
    leaving = signup_factory(course)
    signup_factory(course)
    later = signup_factory(course, status=Signup.Status.WAITING, minutes=2)
    first = signup_factory(course, status=Signup.Status.WAITING, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=leaving, now=NOW)
    leaving.refresh_from_db()
    first.refresh_from_db()
    later.refresh_from_db()
    assert leaving.status == Signup.Status.CANCELLED
    assert leaving.cancelled_at == NOW
    assert first.status == Signup.Status.CONFIRMED
    assert first.promoted_at == NOW
    assert later.status == Signup.Status.WAITING
    receipt, mail = mailoutbox
    assert mail.to == [first.user.email]
    assert "Du har fått plass" in mail.subject
    assert mail.attachments[0].filename == "kurs.ics"
    # The one who left gets a receipt that takes the event out of their calendar.
    assert receipt.to == [leaving.user.email]
    assert "Du er meldt av" in receipt.subject
    assert "avlysning av kalenderavtalen" in receipt.body
    calendar = Calendar.from_ical(receipt.attachments[0].content)
    assert calendar["method"] == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert event["uid"] == course.calendar_uid


def test_priority_goes_before_time_on_the_waiting_list(course_factory, signup_factory):
    course = course_factory(min_participants=1, max_participants=1)
    leaving = signup_factory(course)
    signup_factory(course, status=Signup.Status.WAITING, minutes=1)
    lifted = signup_factory(course, status=Signup.Status.WAITING, minutes=5, priority=1)
    services.signup_cancel(signup=leaving, now=NOW)
    lifted.refresh_from_db()
    assert lifted.status == Signup.Status.CONFIRMED


def test_someone_left_out_of_another_round_gets_priority(course_factory, signup_factory, user):
    old = course_factory(min_participants=1, max_participants=1)
    signup_factory(old)
    signup_factory(old, user=user, status=Signup.Status.WAITING)
    new = course_factory(min_participants=1, max_participants=1)
    signup_factory(new)
    signup = sign_up(new, user)
    assert signup.priority == 1


def test_someone_who_moved_on_after_the_date_poll_goes_first_in_the_next_round(
    course_factory, signup_factory, user
):
    old = course_factory(min_participants=1, max_participants=2, starts_at=NOW + timedelta(days=9))
    mover = signup_factory(old, user=user, date_question_at=NOW - timedelta(hours=1))
    services.signup_defer(signup=mover, now=NOW)
    new = course_factory(min_participants=1, max_participants=1)
    signup_factory(new)
    already_waiting = signup_factory(new, status=Signup.Status.WAITING, minutes=1)

    signup = sign_up(new, user)

    assert signup.status == Signup.Status.WAITING
    assert signup.priority == 1
    queue = list(new.signups.waiting_list().with_waiting_position())
    assert [(s.pk, s.waiting_position) for s in queue] == [(signup.pk, 1), (already_waiting.pk, 2)]


def test_cancelling_a_waiting_signup_promotes_nobody(
    course_factory, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(
        min_participants=1, max_participants=1, starts_at=NOW + timedelta(days=9)
    )
    signup_factory(course)
    waiting = signup_factory(course, status=Signup.Status.WAITING, minutes=1)
    other = signup_factory(course, status=Signup.Status.WAITING, minutes=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=waiting, now=NOW)
    other.refresh_from_db()
    assert other.status == Signup.Status.WAITING
    assert course.signups.filter(status="confirmed").count() == 1
    # A receipt, but no calendar cancellation: they never had a seat or an invitation.
    (receipt,) = mailoutbox
    assert receipt.to == [waiting.user.email]
    assert receipt.attachments == []
    assert "kalenderavtalen" not in receipt.body


@pytest.fixture
def clock_at_now(time_machine):
    """The warning to staff below the minimum is written when its e-mail task runs, and only
    if the course has not started by then (by the clock): the clock must agree with NOW, or
    the warning is dropped once the real date passes the course's."""
    time_machine.move_to(NOW)


@pytest.mark.usefixtures("clock_at_now")
def test_cancelling_below_the_minimum_after_the_date_keeps_the_date_and_tells_staff(
    course_factory, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    starts = NOW + timedelta(days=14)
    course = course_factory(min_participants=3, starts_at=starts)
    signups = [signup_factory(course) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=signups[0], now=NOW)
    course.refresh_from_db()
    assert course.starts_at == starts
    assert state(course) == Course.State.DATE_SET
    (mail,) = [m for m in mailoutbox if m.to == ["kurs@erfaringssentrum.example"]]
    assert "Under minimum" in mail.subject
    assert "beholder datoen" in mail.body


@pytest.mark.usefixtures("clock_at_now")
def test_staff_are_told_once_per_drop_below_the_minimum_not_on_every_cancellation(
    course_factory, signup_factory, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(min_participants=3, starts_at=NOW + timedelta(days=14))
    signups = [signup_factory(course) for _ in range(4)]

    def staff_mails():
        return [m for m in mailoutbox if "Under minimum" in m.subject]

    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=signups[0], now=NOW)  # 4 -> 3: still at the minimum
    assert staff_mails() == []
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=signups[1], now=NOW)  # 3 -> 2: the drop
    (mail,) = staff_mails()
    assert "bare 2 påmeldte, færre enn minimum på 3" in mail.body
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=signups[2], now=NOW)  # 2 -> 1: still below, no repeat
    assert len(staff_mails()) == 1

    # Back at the minimum, then a new drop: told again.
    with django_capture_on_commit_callbacks(execute=True):
        newcomers = [sign_up(course, user_factory()) for _ in range(2)]
        services.signup_cancel(signup=newcomers[0], now=NOW)
    assert len(staff_mails()) == 2


@pytest.mark.usefixtures("clock_at_now")
def test_below_minimum_warning_is_dropped_when_the_seat_is_filled_before_the_task_runs(
    course_factory, signup_factory, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(min_participants=2, starts_at=NOW + timedelta(days=14))
    signups = [signup_factory(course) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.signup_cancel(signup=signups[0], now=NOW)
    sign_up(course, user_factory())  # the seat is taken again before the e-mail goes out
    for callback in callbacks:
        callback()
    assert [m for m in mailoutbox if "Under minimum" in m.subject] == []


def test_cancelling_below_the_minimum_without_a_date_just_reopens_collection(
    course_factory, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(min_participants=2)
    signups = [signup_factory(course) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=signups[0], now=NOW)
    (receipt,) = mailoutbox
    assert receipt.to == [signups[0].user.email]
    assert "(forventet februar eller mars)" in receipt.body
    assert "kalenderavtalen" not in receipt.body
    assert receipt.attachments == []
    assert state(course) == Course.State.COLLECTING


@pytest.mark.parametrize("late", [timedelta(0), timedelta(minutes=1)])
def test_a_course_that_has_started_cannot_be_left_and_nobody_moves_up(
    course_factory, signup_factory, mailoutbox, django_capture_on_commit_callbacks, late
):
    now = NOW + late
    course = course_factory(min_participants=1, max_participants=1, starts_at=NOW)
    seated = signup_factory(course)
    waiting = signup_factory(course, status=Signup.Status.WAITING, minutes=1)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.CourseError, match="over eller avlyst"),
    ):
        services.signup_cancel(signup=seated, now=now)
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.status == Signup.Status.CONFIRMED and seated.cancelled_at is None
    assert waiting.status == Signup.Status.WAITING
    assert mailoutbox == []


def test_a_course_can_be_left_until_it_starts(course_factory, signup_factory):
    course = course_factory(min_participants=1, max_participants=1, starts_at=NOW)
    seated = signup_factory(course)
    waiting = signup_factory(course, status=Signup.Status.WAITING, minutes=1)
    services.signup_cancel(signup=seated, now=NOW - timedelta(seconds=1))
    waiting.refresh_from_db()
    assert waiting.status == Signup.Status.CONFIRMED


def test_more_seats_after_the_start_move_nobody_up(course_factory, signup_factory):
    course = course_factory(min_participants=1, max_participants=1, starts_at=NOW)
    signup_factory(course)
    waiting = signup_factory(course, status=Signup.Status.WAITING, minutes=1)
    Course.objects.filter(pk=course.pk).update(max_participants=2)
    assert services.course_fill_seats(course=course, now=NOW + timedelta(minutes=1)) == []
    waiting.refresh_from_db()
    assert waiting.status == Signup.Status.WAITING
    assert waiting.promoted_at is None


def test_cancelling_twice_is_refused(course, signup_factory):
    signup = signup_factory(course)
    services.signup_cancel(signup=signup, now=NOW)
    with pytest.raises(services.CourseError):
        services.signup_cancel(signup=signup, now=NOW)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Course.Status.CANCELLED},
        {"status": Course.Status.COMPLETED, "starts_at": NOW - timedelta(days=1)},
        {"starts_at": NOW - timedelta(minutes=1)},
    ],
)
def test_no_signups_once_cancelled_completed_or_started(course_factory, user, fields):
    course = course_factory(**fields)
    with pytest.raises(services.CourseError, match="stengt"):
        sign_up(course, user)
    assert not course.signups.exists()


def test_state_follows_counts_and_date(course_factory, signup_factory):
    course = course_factory(min_participants=2, max_participants=3)
    assert state(course) == Course.State.COLLECTING
    signup_factory(course)
    signup_factory(course)
    assert state(course) == Course.State.MINIMUM_REACHED
    course.starts_at = NOW + timedelta(days=3)
    course.save()
    assert state(course) == Course.State.DATE_SET
    signup_factory(course)
    assert state(course) == Course.State.FULL
    assert course.state(now=NOW + timedelta(days=4)) == Course.State.COMPLETED
    course.status = Course.Status.CANCELLED
    assert course.state(now=NOW) == Course.State.CANCELLED


@pytest.mark.usefixtures("clock_at_now")  # the e-mails are built by the clock
def test_signing_up_after_the_date_is_set_brings_the_invitation(
    course_factory, user, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(
        starts_at=NOW + timedelta(days=5),
        format=Course.Format.VIDEO,
        video_link="https://video.example/rom",
    )
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(course, user)
    (mail,) = mailoutbox
    assert "Kalenderinvitasjonen ligger ved" in mail.body
    assert "https://video.example/rom" in mail.body
    assert "https://video.example/rom" in mail.attachments[0].content
