"""A course type runs in rounds (a month, a town, on video); the site search lists each round
that takes signups, named as /kurs/ names it, so an adviser can tell them apart."""

import datetime as dt

import pytest
from django.utils import timezone

from courses.models import Course

pytestmark = pytest.mark.django_db


def test_each_round_of_a_course_type_is_named_in_the_site_search(client, course_factory):
    oslo = course_factory(
        town="Oslo", starts_at=timezone.now() + dt.timedelta(days=40), format="in_person"
    )
    video = course_factory(expected_period="høsten", format=Course.Format.VIDEO)

    hits = client.get("/sok/", {"q": "jobb"}).context["hits"]

    titles = {hit.url: hit.title for hit in hits}
    assert titles == {
        oslo.get_absolute_url(): f"{oslo.title}, {oslo.round_name}",
        video.get_absolute_url(): f"{video.title}, {video.round_name}",
    }
    assert titles[oslo.get_absolute_url()] != titles[video.get_absolute_url()]
    assert "Oslo" in titles[oslo.get_absolute_url()]
    assert "digitalt (video)" in titles[video.get_absolute_url()]
