"""When staff change where a course is held (place, town, form or video link) before it
starts, everyone signed up is told what now holds; someone with a seat gets the calendar
entry updated in place (same UID, higher SEQUENCE) once the course has a date."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse

from courses import emails, services
from courses.models import Signup
from tests.invitations import read_invitation

from .conftest import NOW
from .test_admin import course_form

pytestmark = pytest.mark.django_db

STARTS = NOW + timedelta(days=14)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW)  # the e-mails are built as they are sent


@pytest.fixture
def signed_up(course_factory, signup_factory):
    """A full course with a date: one seated, one waiting, one who left."""
    course = course_factory(
        starts_at=STARTS, place="Storgata 1", town="Oslo", min_participants=1, max_participants=1
    )
    return (
        course,
        signup_factory(course),
        signup_factory(course, status=Signup.Status.WAITING, minutes=1),
        signup_factory(course, status=Signup.Status.CANCELLED, minutes=2),
    )


def update(course, capture, now=NOW, **changes):
    with capture(execute=True):
        return services.course_update(course=course, changes=changes, now=now)


def test_a_new_place_reaches_everyone_signed_up_and_updates_the_seated_calendar(
    signed_up, mailoutbox, django_capture_on_commit_callbacks
):
    course, seated, waiting, gone = signed_up

    told = update(course, django_capture_on_commit_callbacks, place="Kirkegata 5").told_of_place

    course.refresh_from_db()
    assert told == 2 and course.calendar_sequence == 1
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {seated.user.email, waiting.user.email}
    for message in mailoutbox:
        assert message.subject.startswith("[Erfaringssentrum] Nytt sted for kurset")
        assert "Sted: Kirkegata 5, Oslo" in message.body
    invitation = read_invitation(by_address[seated.user.email])
    assert invitation.sequence == 1 and invitation.uid == course.calendar_uid
    assert str(invitation.event["location"]) == "Kirkegata 5, Oslo"
    assert "Vedlegget oppdaterer avtalen" in by_address[seated.user.email].body
    assert not by_address[waiting.user.email].attachments  # no seat, no calendar entry
    assert "venteliste som nr. 1" in by_address[waiting.user.email].body
    assert "Vil du ikke stå på ventelisten lenger?" in by_address[waiting.user.email].body
    assert "så får en annen plassen" in by_address[seated.user.email].body


def test_only_the_seated_are_given_a_new_video_link(
    course_factory, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(
        starts_at=STARTS,
        format="video",
        place="",
        video_link="https://video.example/gammel",
        min_participants=1,
        max_participants=1,
    )
    seated = signup_factory(course)
    waiting = signup_factory(course, status=Signup.Status.WAITING, minutes=1)

    update(course, django_capture_on_commit_callbacks, video_link="https://video.example/ny")

    (message,) = mailoutbox  # the waiting list is not given the link, so not told of it
    assert message.to == [seated.user.email] and waiting.user.email not in message.to
    assert "Ny lenke til kurset" in message.subject
    assert "her er lenken som gjelder nå" in message.body
    assert "https://video.example/ny" in message.body


def test_before_the_date_the_new_town_is_told_without_a_calendar_entry(
    course_factory, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(town="Oslo")
    signup_factory(course)

    update(course, django_capture_on_commit_callbacks, town="Bergen")

    course.refresh_from_db()
    assert course.calendar_sequence == 0
    (message,) = mailoutbox
    assert "Bergen" in message.body and not message.attachments


@pytest.mark.parametrize(
    "changes",
    [{"expected_period": "mars"}, {"place": "Storgata 1"}, {"video_link": "https://v.example/"}],
    ids=["other", "same", "link-of-a-course-in-person"],
)
def test_a_change_that_leaves_the_place_as_it_was_sends_nothing(
    signed_up, mailoutbox, django_capture_on_commit_callbacks, changes
):
    course = signed_up[0]
    assert update(course, django_capture_on_commit_callbacks, **changes).told_of_place == 0
    course.refresh_from_db()
    assert course.calendar_sequence == 0 and mailoutbox == []


def test_no_one_is_told_once_the_course_has_started(
    signed_up, mailoutbox, django_capture_on_commit_callbacks
):
    course = signed_up[0]
    after = STARTS + timedelta(hours=1)
    update(course, django_capture_on_commit_callbacks, now=after, place="Kirkegata 5")
    assert mailoutbox == []


def test_staff_are_warned_before_they_save_that_a_new_place_is_e_mailed(
    signed_up, staff_client, course_factory
):
    change = reverse("admin:courses_course_change", args=[signed_up[0].pk])
    assert "får alle som er påmeldt, e-post" in staff_client.get(change).content.decode()
    nobody = reverse("admin:courses_course_change", args=[course_factory().pk])
    assert "får alle som er påmeldt, e-post" not in staff_client.get(nobody).content.decode()


def test_staff_see_in_admin_how_many_are_told(
    signed_up, staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    course = signed_up[0]
    form = course_form(
        course.course_type,
        slug=course.slug,
        expected_period=course.expected_period,
        place="Kirkegata 5",
        town="Oslo",
        min_participants="1",
        max_participants="1",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:courses_course_change", args=[course.pk]), form, follow=True
        )
    assert response.status_code == HTTPStatus.OK
    assert "2 påmeldte får e-post om endringen." in response.content.decode()
    assert len(mailoutbox) == 2


@pytest.mark.parametrize(
    "builder",
    [
        emails.place_changed,
        emails.signup_received,
        emails.signup_promoted,
        emails.date_set,
        emails.poll_invitation,
        emails.moved_to_new_round,
    ],
)
def test_a_queued_mail_about_the_course_is_dropped_once_the_course_has_started(
    signed_up, time_machine, builder
):
    """The mail server was down until the course had begun: news of a seat, a date or a new
    place then would come too late to act on."""
    seated = signed_up[1]
    time_machine.move_to(STARTS - timedelta(minutes=1))
    assert builder(signup_id=seated.pk) is not None
    time_machine.move_to(STARTS)
    assert builder(signup_id=seated.pk) is None


def test_the_course_calendar_uid_names_the_site_it_came_from(
    signed_up, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """A course e-mail sent from staging must not change a real course in someone's calendar."""
    settings.SITE_URL = "https://staging.erfaringssentrum.no"
    course, seated, *_ = signed_up

    update(course, django_capture_on_commit_callbacks, place="Kirkegata 5")

    (message,) = [m for m in mailoutbox if m.to == [seated.user.email]]
    assert read_invitation(message).uid == f"kurs-{course.pk}@staging.erfaringssentrum.no"
