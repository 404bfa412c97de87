"""Course cards (issue #16): rounds of the same course are told apart by month, town and
format; a round held in person says «Stedet er ikke bestemt ennå» until it has a place; the
progress counts towards the minimum first, then the seats, with the bar on the text's scale."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from courses.models import Course

from .conftest import NOW

pytestmark = pytest.mark.django_db


def cards(client) -> list[str]:
    html = client.get(reverse("courses:index")).content.decode()
    return re.findall(r'<article class="card course-card".*?</article>', html, re.S)


def link_text(card: str) -> list[str]:
    link = re.search(r"<h3[^>]*><a [^>]*>(.*?)</a>", card, re.S).group(1)
    return re.sub(r"<[^>]+>", " ", link).split()


def test_rounds_of_one_course_are_told_apart(client, course_factory, time_machine):
    time_machine.move_to(NOW, tick=False)  # the list shows only rounds not yet started
    course_factory(expected_period="mars 2027", town="Oslo")
    course_factory(expected_period="mars 2027", town="Bergen")
    course_factory(expected_period="mars 2027", format=Course.Format.VIDEO)
    course_factory(
        starts_at=datetime(2027, 4, 14, 8, 0, tzinfo=UTC), town="Oslo", place="Storgata 1"
    )

    names = [" ".join(link_text(card)) for card in cards(client)]
    assert len(names) == len(set(names)) == 4
    assert any(name.endswith("Mars 2027 · Oslo · fysisk oppmøte") for name in names)
    assert any(name.endswith("Mars 2027 · Bergen · fysisk oppmøte") for name in names)
    assert any(name.endswith("Mars 2027 · digitalt (video)") for name in names)
    assert any(name.endswith("April 2027 · Oslo · fysisk oppmøte") for name in names)


def test_a_round_without_a_place_says_so(client, course_factory):
    course = course_factory(place="", town="")
    (card,) = cards(client)
    assert "Stedet er ikke bestemt ennå" in card
    assert "Sted kommer" not in card
    detail = client.get(course.get_absolute_url()).content.decode()
    assert "Stedet er ikke bestemt ennå" in detail
    course.place, course.town = "Storgata 1", "Oslo"
    course.save()
    assert "Storgata 1, Oslo" in cards(client)[0]


@pytest.mark.parametrize(
    ("confirmed", "text", "goal"),
    [
        (3, "3 av 5 påmeldte – vi setter dato når 5 har meldt seg på", 5),
        (5, "5 av 10 plasser er tatt – 5 ledige", 10),
        (9, "9 av 10 plasser er tatt – 1 ledig", 10),
    ],
)
def test_progress_counts_towards_the_minimum_first_then_the_seats(
    client, course_factory, signup_factory, confirmed, text, goal
):
    course = course_factory(min_participants=5, max_participants=10)
    for _ in range(confirmed):
        signup_factory(course)
    (card,) = cards(client)
    assert text in card
    bar = re.search(r"<progress[^>]*>", card).group(0)
    assert f'max="{goal}"' in bar and f'value="{confirmed}"' in bar
    assert Course.objects.with_counts().get(pk=course.pk).progress_percent == round(
        100 * confirmed / goal
    )
