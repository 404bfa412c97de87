"""The header marks the section of the page one is on, on every page of it (issue #16): the
section's own page with aria-current="page", the pages under it with aria-current="true"."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

LINKS = {
    "Ressurser": "resources",
    "Spørsmål og svar": "faq",
    "Vurdering": "assessments",
    "Kurs": "courses",
    "Min side": "min_side",
}


def marked(html: str) -> dict[str, str]:
    """{link text: aria-current} for the header's marked links."""
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    return {
        text: value
        for value, text in re.findall(
            r'<a class="nav-link"[^>]*aria-current="(\w+)"[^>]*>([^<]+)<', header
        )
    }


@pytest.fixture
def pages(
    resource_factory,
    question_factory,
    course_factory,
    slot_factory,
    booking_factory,
    adviser_factory,
):
    adviser = adviser_factory()
    slot = slot_factory(starts_at=timezone.now() + timedelta(days=3))
    booking = booking_factory(
        slot=slot_factory(starts_at=timezone.now() + timedelta(days=4)), adviser=adviser
    )
    return adviser, {
        "Ressurser": [
            (reverse("resources:index"), "page"),
            (resource_factory().get_absolute_url(), "true"),
            (reverse("resources:self-check"), "true"),
        ],
        "Spørsmål og svar": [
            (reverse("faq:index"), "page"),
            (question_factory().get_absolute_url(), "true"),
        ],
        "Vurdering": [
            (reverse("assessments:index"), "page"),
            (reverse("assessments:book", args=[slot.pk]), "true"),
            (reverse("assessments:booking-detail", args=[booking.pk]), "true"),
        ],
        "Kurs": [
            (reverse("courses:index"), "page"),
            (course_factory().get_absolute_url(), "true"),
        ],
        "Min side": [
            (reverse("min-side"), "page"),
            (reverse("delete-account"), "true"),
        ],
    }


@pytest.mark.parametrize("section", LINKS)
def test_every_page_of_a_section_marks_it_in_the_header(client, pages, section):
    adviser, urls = pages
    client.force_login(adviser)
    for url, value in urls[section]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert marked(response.content.decode()) == {section: value}, url


def test_pages_outside_the_sections_mark_none(client):
    for url in ("/", reverse("about"), reverse("search") + "?q=lønn"):
        assert marked(client.get(url).content.decode()) == {}
