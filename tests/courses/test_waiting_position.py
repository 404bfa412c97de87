"""A signup's place on the waiting list has one definition, `with_waiting_position()`, used by
the course page, Min side, the e-mails and the CSV export."""

import pytest
from django.urls import reverse

from courses.models import Signup

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(course_factory, signup_factory):
    """Two confirmed seats and a waiting list whose order is set by priority first, then the
    time of signup, then the id (two signups in the same instant)."""
    course = course_factory(min_participants=1, max_participants=2)
    other_course = course_factory(min_participants=1, max_participants=1)
    for minutes in (0, 1):
        signup_factory(course, minutes=minutes)
    early = signup_factory(course, status=Signup.Status.WAITING, minutes=10)
    same_instant_first = signup_factory(course, status=Signup.Status.WAITING, minutes=20)
    same_instant_second = signup_factory(
        course, status=Signup.Status.WAITING, created=same_instant_first.created
    )
    lifted = signup_factory(course, status=Signup.Status.WAITING, minutes=30, priority=1)
    signup_factory(course, status=Signup.Status.CANCELLED, minutes=5)
    # Someone waiting on another course is not ahead of anyone here.
    signup_factory(other_course, minutes=0)
    signup_factory(other_course, status=Signup.Status.WAITING, minutes=0, priority=5)
    return course, [lifted, early, same_instant_first, same_instant_second]


def test_places_follow_priority_then_time_then_id(queue):
    course, expected_order = queue
    positions = dict(
        course.signups.with_waiting_position().values_list("pk", "waiting_position")
    )
    assert [positions[s.pk] for s in expected_order] == [1, 2, 3, 4]
    assert list(course.signups.waiting_list()) == expected_order


def test_signups_that_are_not_waiting_have_no_place(queue):
    course, _ = queue
    not_waiting = course.signups.exclude(status=Signup.Status.WAITING).with_waiting_position()
    assert not_waiting.count() == 3
    assert {s.waiting_position for s in not_waiting} == {None}


def test_a_place_counts_the_whole_queue_however_the_queryset_is_filtered(queue):
    _, expected_order = queue
    for place, signup in enumerate(expected_order, start=1):
        own = Signup.objects.filter(user=signup.user).with_waiting_position().get()
        assert own.waiting_position == place
        assert own.status_text == f"På venteliste nr. {place}"


def test_min_side_and_the_course_page_show_the_same_place(client, queue):
    course, expected_order = queue
    third = expected_order[2]
    client.force_login(third.user)
    assert "På venteliste nr. 3" in client.get(reverse("min-side")).content.decode()
    assert "På venteliste nr. 3" in client.get(course.get_absolute_url()).content.decode()
