"""Staff propose, move and withdraw the date poll's dates through one service
(services.poll_options_change), also from the admin's inline; an answer counts only for the
time the person saw."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.forms import PollForm
from courses.models import DateOption, PollAnswer

from .conftest import NOW
from .test_admin import course_form

LATER = timedelta(days=1)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)  # the admin and the poll page use the real clock


@pytest.fixture
def sent_poll(course_factory, signup_factory, date_option_factory):
    """A poll sent to two participants, with two dates nobody has answered yet."""
    course = course_factory(min_participants=2, max_participants=5)
    signups = [signup_factory(course, minutes=i) for i in range(2)]
    first, second = date_option_factory(course, 10), date_option_factory(course, 12)
    services.poll_send(course=course, now=NOW)
    course.refresh_from_db()
    return course, signups, first, second


def answer(signup, option, value="yes"):
    services.poll_answer(
        signup=signup, answers={option.pk: value}, times_shown={option.pk: option.starts_at}
    )


def test_a_date_someone_answered_is_not_moved_but_can_be_withdrawn(sent_poll):
    course, (signup, _), first, second = sent_poll
    answer(signup, first)
    with pytest.raises(
        services.CourseError, match=r"Slett forslaget \(svarene på det slettes også\)"
    ):
        services.poll_options_change(course=course, move={first.pk: first.starts_at + LATER})
    first.refresh_from_db()
    assert first.starts_at == NOW + timedelta(days=10)
    assert PollAnswer.objects.filter(option=first).count() == 1

    # Unanswered dates move; withdrawing an answered one takes its answers with it.
    changed = services.poll_options_change(
        course=course,
        add=[NOW + timedelta(days=20)],
        move={second.pk: second.starts_at + LATER},
        remove=[first.pk],
    )
    assert changed.answers_removed == 1
    assert list(course.date_options.values_list("starts_at", flat=True)) == [
        NOW + timedelta(days=13),
        NOW + timedelta(days=20),
    ]
    assert not PollAnswer.objects.exists()


def test_saving_a_date_unchanged_is_not_a_move(sent_poll):
    course, (signup, _), first, _ = sent_poll
    answer(signup, first)
    services.poll_options_change(course=course, move={first.pk: first.starts_at})
    assert PollAnswer.objects.filter(option=first).count() == 1


def test_dates_stay_at_most_five_and_in_the_future(sent_poll):
    course, _, first, _ = sent_poll
    three_more = [NOW + timedelta(days=d) for d in (14, 15, 16)]
    with pytest.raises(services.CourseError, match="høyst 5"):
        services.poll_options_change(course=course, add=[*three_more, NOW + timedelta(days=17)])
    with pytest.raises(services.CourseError, match="fram i tid"):
        services.poll_options_change(course=course, add=[NOW - timedelta(minutes=1)])
    with pytest.raises(services.CourseError, match="fram i tid"):
        services.poll_options_change(course=course, move={first.pk: NOW})
    assert course.date_options.count() == 2
    # Withdrawing one makes room for one more.
    services.poll_options_change(
        course=course, add=[*three_more, NOW + timedelta(days=17)], remove=[first.pk]
    )
    assert course.date_options.count() == 5


def test_the_same_time_twice_is_refused_not_an_error_page(sent_poll):
    course, _, first, second = sent_poll
    with pytest.raises(services.CourseError, match="to ganger"):
        services.poll_options_change(course=course, move={second.pk: first.starts_at})


def test_dates_added_to_an_open_poll_call_for_sending_it_again(
    course_factory, date_option_factory, sent_poll
):
    not_sent = course_factory()
    assert not services.poll_options_change(course=not_sent, add=[NOW + LATER]).ask_again
    course, *_ = sent_poll
    assert services.poll_options_change(course=course, add=[NOW + LATER]).ask_again
    assert not services.poll_options_change(course=course, remove=[]).ask_again
    course.starts_at = NOW + timedelta(days=30)  # the date is set: the poll is over
    course.save(update_fields=["starts_at"])
    assert not services.poll_options_change(course=course, add=[NOW + 2 * LATER]).ask_again


def test_an_open_poll_keeps_two_dates(sent_poll):
    course, _, first, second = sent_poll
    with pytest.raises(services.CourseError, match="minst 2 datoforslag"):
        services.poll_options_change(course=course, remove=[first.pk])
    services.poll_options_change(course=course, add=[NOW + LATER], remove=[first.pk])
    assert course.date_options.count() == 2


def test_an_answer_from_a_page_with_an_earlier_time_is_not_stored(sent_poll):
    course, (signup, _), first, second = sent_poll
    shown = {first.pk: first.starts_at, second.pk: second.starts_at}
    services.poll_options_change(course=course, move={first.pk: first.starts_at + LATER})
    with pytest.raises(services.CourseError, match="endret mens du svarte"):
        services.poll_answer(
            signup=signup, answers={first.pk: "yes", second.pk: "no"}, times_shown=shown
        )
    assert not PollAnswer.objects.exists()


def test_the_poll_page_asks_again_for_a_date_moved_since_it_was_shown(client, sent_poll):
    course, (signup, _), first, second = sent_poll
    client.force_login(signup.user)
    url = reverse("courses:poll", args=[course.slug])
    shown = {PollForm.field_name(first): "yes", PollForm.field_name(second): "no"}
    services.poll_options_change(course=course, move={first.pk: first.starts_at + LATER})
    first.refresh_from_db()

    response = client.post(url, shown)

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert f"Dette forslaget er flyttet til {first} siden du åpnet siden." in page
    assert f"Velg ja, kanskje eller nei for {second}." not in page  # answered as shown
    assert not PollAnswer.objects.exists()


# --- the admin's inline --------------------------------------------------------------------


def options_form(course, options, *, changes=None, delete=(), new=(), **course_changes):
    """The course's change form as posted, with its dates: `changes` maps a date to a new
    time, `delete` ticks «Slett», `new` adds empty rows filled with these times."""
    changes = changes or {}
    as_saved = {
        "slug": course.slug,
        "min_participants": str(course.min_participants),
        "max_participants": str(course.max_participants),
    }
    data = course_form(course.course_type, **{**as_saved, **course_changes})
    rows = [(option.pk, changes.get(option, option.starts_at)) for option in options]
    rows += [("", when) for when in new]
    data["date_options-TOTAL_FORMS"] = str(len(rows))
    data["date_options-INITIAL_FORMS"] = str(len(options))
    for index, (pk, when) in enumerate(rows):
        local = timezone.localtime(when)
        prefix = f"date_options-{index}-"
        data.update(
            {
                f"{prefix}id": str(pk),
                f"{prefix}course": str(course.pk),
                f"{prefix}starts_at_0": f"{local:%Y-%m-%d}",
                f"{prefix}starts_at_1": f"{local:%H:%M:%S}",
            }
        )
        if pk in [option.pk for option in delete]:
            data[f"{prefix}DELETE"] = "on"
    return data


def change_url(course):
    return reverse("admin:courses_course_change", args=[course.pk])


def test_admin_refuses_to_move_an_answered_date_and_saves_nothing(staff_client, sent_poll):
    course, (signup, _), first, second = sent_poll
    answer(signup, first)
    data = options_form(
        course, [first, second], changes={first: first.starts_at + LATER}, place="Rom 3"
    )

    response = staff_client.post(change_url(course), data)

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Slett forslaget (svarene på det slettes også)" in page
    assert "får e-post om endringen" not in page  # the new place was not saved either
    first.refresh_from_db()
    course.refresh_from_db()
    assert first.starts_at == NOW + timedelta(days=10)
    assert course.place != "Rom 3"


def test_admin_withdraws_and_adds_dates_and_says_to_send_the_poll_again(staff_client, sent_poll):
    course, (signup, _), first, second = sent_poll
    answer(signup, first)
    data = options_form(course, [first, second], delete=[first], new=[NOW + timedelta(days=20)])

    response = staff_client.post(change_url(course), data, follow=True)

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Send datoavstemning til påmeldte" in page
    assert "1 svar på de slettede datoforslagene er fjernet." in page
    assert list(course.date_options.values_list("starts_at", flat=True)) == [
        NOW + timedelta(days=12),
        NOW + timedelta(days=20),
    ]
    assert not PollAnswer.objects.exists()
    assert DateOption.objects.count() == 2
