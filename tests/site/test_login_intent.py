"""The login and signup pages reached from «Book» or «Meld deg på» say what the visitor was
about to do, read from the `next` address by resolving it (never echoing it), and the
visitor lands back on that form afterwards."""

from datetime import datetime
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
# Wednesday 2 December 2026, 10.00 in Oslo.
WEDNESDAY = datetime(2026, 12, 2, 10, 0, tzinfo=OSLO)


def notice(client, page, next_url):
    html = client.get(reverse(page), {"next": next_url}).content.decode()
    if 'id="hva-du-gjorde"' not in html:
        return ""
    return html.split('id="hva-du-gjorde">')[1].split("</p>")[0]


@pytest.mark.parametrize("page", ["account_login", "account_signup"])
def test_booking_says_which_time_was_being_booked(client, slot_factory, page, time_machine):
    time_machine.move_to(datetime(2026, 11, 25, 12, 0, tzinfo=OSLO))
    slot = slot_factory(starts_at=WEDNESDAY)
    text = notice(client, page, reverse("assessments:book", args=[slot.pk]))
    assert text.startswith("Du er i ferd med å booke onsdag 2. desember 2026 kl. 10.00–11.00.")


@pytest.mark.parametrize("page", ["account_login", "account_signup"])
def test_course_signup_says_which_course(client, course, page):
    text = notice(client, page, reverse("courses:signup", args=[course.slug]))
    assert text.startswith(f"Du er i ferd med å melde deg på {course.title}.")


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/vurdering/book/{pk}/",
        "//evil.example/vurdering/book/{pk}/",
        "/\\evil.example/vurdering/book/{pk}/",
        "/vurdering/book/999999/",
        "/vurdering/",
        "/finnes-ikke/<script>alert(1)</script>",
        "",
    ],
)
def test_anything_else_says_nothing_and_nothing_is_echoed(client, slot_factory, next_url):
    slot = slot_factory(starts_at=WEDNESDAY)
    assert notice(client, "account_login", next_url.format(pk=slot.pk)) == ""


def test_an_unpublished_slot_is_not_described(client, slot_factory):
    slot = slot_factory(starts_at=WEDNESDAY, is_published=False)
    assert notice(client, "account_login", reverse("assessments:book", args=[slot.pk])) == ""


def test_after_logging_in_the_visitor_lands_on_the_form(client, user, course):
    form_url = reverse("courses:signup", args=[course.slug])
    response = client.post(
        reverse("account_login") + f"?next={form_url}",
        {"login": user.email, "password": PASSWORD, "next": form_url},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == form_url
