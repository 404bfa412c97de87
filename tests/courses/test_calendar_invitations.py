"""Course invitations that calendar programs accept and later update (iTIP, RFC 5546)."""

from datetime import timedelta

import pytest

from courses import services
from courses.models import PollAnswer, Signup
from tests.invitations import organizer, read_invitation

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_with_people(course_factory, signup_factory, time_machine):
    # The services are given NOW; the e-mails are built as they are sent, by the clock.
    time_machine.move_to(NOW, tick=False)
    course = course_factory(max_participants=2, min_participants=1)
    staying = signup_factory(course, minutes=1)
    leaving = signup_factory(course, minutes=2)
    waiting = signup_factory(course, status=Signup.Status.WAITING, minutes=3)
    return course, staying, leaving, waiting


def test_a_date_moved_a_seat_given_up_and_a_cancelled_course_update_one_event(
    course_with_people, mailoutbox, django_capture_on_commit_callbacks
):
    course, staying, leaving, waiting = course_with_people

    def invitations_to(signup, *, after):
        address = signup.user.email
        mails = [m for m in mailoutbox[after:] if m.to == [address] and m.attachments]
        return [read_invitation(m) for m in mails]

    def step(action):
        start = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return start

    first = step(
        lambda: services.course_set_date(course=course, starts_at=NOW + timedelta(days=20), now=NOW)
    )
    (invited,) = invitations_to(staying, after=first)
    assert invited.method == "REQUEST" and invited.status == "CONFIRMED"
    assert invited.organizer == organizer()
    assert invited.attendees == [f"mailto:{staying.user.email}"]
    assert invitations_to(waiting, after=first) == []  # no seat, no calendar event

    moved = step(
        lambda: services.course_set_date(course=course, starts_at=NOW + timedelta(days=21), now=NOW)
    )
    (update,) = invitations_to(staying, after=moved)
    assert update.method == "REQUEST"
    assert update.uid == invited.uid
    assert update.sequence > invited.sequence
    assert update.event.decoded("dtstart") == NOW + timedelta(days=21)

    leaving.refresh_from_db()
    gave_up = step(lambda: services.signup_cancel(signup=leaving, now=NOW))
    (removed,) = invitations_to(leaving, after=gave_up)
    assert removed.method == "CANCEL" and removed.status == "CANCELLED"
    assert removed.uid == invited.uid
    assert removed.sequence > update.sequence
    assert removed.attendees == [f"mailto:{leaving.user.email}"]
    (promoted,) = invitations_to(waiting, after=gave_up)  # the seat went to the waiting list
    assert promoted.method == "REQUEST"
    assert promoted.attendees == [f"mailto:{waiting.user.email}"]

    cancelled = step(lambda: services.course_cancel(course=course, now=NOW))
    for signup in (staying, waiting):
        (cancellation,) = invitations_to(signup, after=cancelled)
        assert cancellation.method == "CANCEL" and cancellation.status == "CANCELLED"
        assert cancellation.uid == invited.uid
        assert cancellation.sequence > promoted.sequence
        assert cancellation.organizer == organizer()
        assert cancellation.attendees == [f"mailto:{signup.user.email}"]


def test_giving_the_seat_away_after_a_place_change_cancels_a_newer_sequence(
    course_with_people, date_option_factory, mailoutbox, django_capture_on_commit_callbacks
):
    """Asked about a poll date they said no to, someone still holds the seat, so a new place
    updates their calendar; giving the seat away then must cancel with a newer SEQUENCE than
    that update, as a cancellation does (signup_cancel), or calendars may keep the event."""
    course, _, leaving, _ = course_with_people
    option = date_option_factory(course, 20)
    PollAnswer.objects.create(option=option, signup=leaving, answer="no")
    services.course_set_date(course=course, starts_at=option.starts_at, option=option, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_update(course=course, changes={"place": "Rom 9"}, now=NOW)
    (update,) = [read_invitation(m) for m in mailoutbox if m.to == [leaving.user.email]]
    mailoutbox.clear()
    leaving.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_defer(signup=leaving, now=NOW)
    (removed,) = [
        read_invitation(m) for m in mailoutbox if m.to == [leaving.user.email] and m.attachments
    ]
    assert removed.method == "CANCEL"
    assert removed.sequence > update.sequence


def test_moved_to_a_poll_date_they_said_no_to_their_calendar_moves_with_the_question(
    course_with_people,
    date_option_factory,
    mailoutbox,
    django_capture_on_commit_callbacks,
    time_machine,
):
    """Min side shows the new date of the seat they still hold, so their calendar must too,
    not the old date until they answer. Asked on a first date, nothing is in their calendar
    to move, and no invitation comes for a date they said no to."""
    time_machine.move_to(NOW, tick=False)  # the e-mails are built as they are sent
    course, staying, leaving, _ = course_with_people
    option = date_option_factory(course, 20)
    PollAnswer.objects.create(option=option, signup=leaving, answer="no")
    with django_capture_on_commit_callbacks(execute=True):
        services.course_set_date(course=course, starts_at=NOW + timedelta(days=15), now=NOW)
    (invited,) = [read_invitation(m) for m in mailoutbox if m.to == [leaving.user.email]]
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.course_set_date(course=course, starts_at=option.starts_at, option=option, now=NOW)
    (question,) = [m for m in mailoutbox if m.to == [leaving.user.email]]
    assert "Datoen passer ikke for deg?" in question.subject
    (update,) = [read_invitation(question)]
    assert update.method == "REQUEST" and update.uid == invited.uid
    assert update.sequence > invited.sequence
    assert update.event.decoded("dtstart") == option.starts_at
    assert "flytter kurset i kalenderen din til den nye datoen" in question.body


def test_asked_about_the_first_date_they_get_no_invitation_for_it(
    course_with_people,
    date_option_factory,
    mailoutbox,
    django_capture_on_commit_callbacks,
    time_machine,
):
    time_machine.move_to(NOW, tick=False)  # the e-mails are built as they are sent
    course, _, leaving, _ = course_with_people
    option = date_option_factory(course, 20)
    PollAnswer.objects.create(option=option, signup=leaving, answer="no")
    with django_capture_on_commit_callbacks(execute=True):
        services.course_set_date(course=course, starts_at=option.starts_at, option=option, now=NOW)
    (question,) = [m for m in mailoutbox if m.to == [leaving.user.email]]
    assert question.attachments == []
    assert "kalenderen din" not in question.body
