"""A course shows a price only when staff have given one."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_course_without_a_price_shows_none(client, course):
    for url in (course.get_absolute_url(), "/kurs/"):
        html = client.get(url).content.decode()
        assert "Pris" not in html, url
        assert "Gratis" not in html and "gratis" not in html, url


def test_the_price_staff_set_is_shown_on_the_course_and_in_the_list(client, course):
    course.course_type.price = "1 500 kr"
    course.course_type.save()
    detail = client.get(course.get_absolute_url()).content.decode()
    assert "<dt>Pris</dt><dd>1 500 kr</dd>" in detail
    listing = client.get("/kurs/").content.decode()
    assert "<strong>Pris:</strong> 1 500 kr" in listing
