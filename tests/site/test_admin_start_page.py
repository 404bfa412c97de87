"""The admin start page «I dag»: what needs doing, each item linking to where it is done, for
what each staff member's groups may see; the lists grouped by task; a fixed query count."""

from datetime import datetime, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import AdviserApproval, ApprovalStatus
from courses.models import Signup

OSLO = ZoneInfo("Europe/Oslo")
# A Wednesday morning: today has appointments, and the week goes on to Sunday.
NOW = datetime(2026, 12, 2, 8, 0, tzinfo=OSLO)
INDEX = reverse("admin:index")
DAY = timedelta(days=1)


@pytest.fixture
def factory_now():
    return NOW


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def member_of(user_factory, group_name):
    user = user_factory(name=f"{group_name} Ansatt", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return client


def seed(slot_factory, booking_factory, course_factory, signup_factory, user_factory, n):
    """n of each kind of thing the start page lists."""
    for hour in range(n):
        today = slot_factory(starts_at=NOW.replace(hour=9) + timedelta(minutes=10 * hour))
        booking_factory(slot=today, now=NOW - timedelta(days=3), organisation=f"NAV By {hour}")
        friday = slot_factory(starts_at=NOW.replace(hour=9) + timedelta(days=2, minutes=10 * hour))
        booking_factory(slot=friday, now=NOW - timedelta(days=3))
        ready = course_factory(min_participants=1, max_participants=5)
        signup_factory(ready)
        polled = course_factory(min_participants=1, max_participants=5, poll_sent_at=NOW)
        signup_factory(polled)
        held = course_factory(max_participants=5, starts_at=NOW - timedelta(days=2))
        signup_factory(held)
        waiting = user_factory()
        AdviserApproval.objects.create(user=waiting, status=ApprovalStatus.WAITING, created_at=NOW)


def test_the_start_page_lists_the_days_work_with_links(
    staff_client, slot_factory, booking_factory, course_factory, signup_factory, user_factory
):
    seed(slot_factory, booking_factory, course_factory, signup_factory, user_factory, 1)
    response = staff_client.get(INDEX)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<h1>I dag</h1>" in html
    assert "kl. 09.00–10.00" in html and "NAV By 0" in html
    assert "fredag 4. desember 2026: 1 samtale" in html
    assert reverse("admin:assessments_slot_week") in html
    assert "datoavstemningen ble sendt 2. desember 2026" in html
    assert "Se svarene og sett dato" in html
    assert "1 påmeldte, minst 1 trengs" in html
    assert "1 veileder venter på godkjenning" in html
    assert "holdt 30. november 2026. Merk kurset som gjennomført" in html


def test_the_start_page_runs_the_same_queries_with_little_and_much_to_do(
    staff_client, slot_factory, booking_factory, course_factory, signup_factory, user_factory
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(INDEX).status_code == HTTPStatus.OK
        return len(queries)

    seed(slot_factory, booking_factory, course_factory, signup_factory, user_factory, 1)
    count()  # the first request fills the per-process caches (content types, permissions)
    few = count()
    seed(slot_factory, booking_factory, course_factory, signup_factory, user_factory, 5)
    assert count() == few


def test_each_group_sees_only_its_own_work(
    user_factory,
    slot_factory,
    booking_factory,
    course_factory,
    signup_factory,
    staff_client,
    monkeypatch,
):
    seed(slot_factory, booking_factory, course_factory, signup_factory, user_factory, 1)
    monkeypatch.setattr(
        "erfaringssentrum.templatetags.mail_queue.mail_queue_status",
        lambda: {"failed": 1, "retrying": 0},
    )
    assert "kunne ikke sendes" in staff_client.get(INDEX).content.decode()  # a superuser
    courses_html = member_of(user_factory, "Kursansvarlig").get(INDEX).content.decode()
    assert "Se svarene og sett dato" in courses_html
    assert "NAV By 0" not in courses_html and "venter på godkjenning" not in courses_html
    assessments_html = member_of(user_factory, "Vurderingsansvarlig").get(INDEX).content.decode()
    assert "NAV By 0" in assessments_html and "venter på godkjenning" in assessments_html
    assert "datoavstemningen ble sendt" not in assessments_html
    assert "trengs" not in assessments_html
    assert "kunne ikke sendes" not in assessments_html  # failed mail: not theirs to see


def test_the_lists_are_grouped_by_task_in_norwegian(staff_client):
    groups = [app["name"] for app in staff_client.get(INDEX).context["app_list"]]
    assert groups == ["Kurs", "Vurderingssamtaler", "Innhold", "Kontoer og tilgang", "Drift"]
    app_list = {app["name"]: app for app in staff_client.get(INDEX).context["app_list"]}
    assert [m["object_name"] for m in app_list["Vurderingssamtaler"]["models"]] == [
        "Slot",
        "Booking",
    ]
    assert "AdviserApproval" in [m["object_name"] for m in app_list["Kontoer og tilgang"]["models"]]


def test_a_group_shows_only_the_lists_it_may_use(user_factory):
    client = member_of(user_factory, "Kursansvarlig")
    groups = [app["name"] for app in client.get(INDEX).context["app_list"]]
    assert groups == ["Kurs"]


def test_an_apps_own_page_keeps_its_models(staff_client):
    response = staff_client.get(reverse("admin:app_list", kwargs={"app_label": "courses"}))
    assert response.status_code == HTTPStatus.OK
    assert {m["object_name"] for m in response.context["app_list"][0]["models"]} >= {
        "Course",
        "Signup",
    }


def test_a_confirmed_signup_count_that_is_below_the_minimum_is_not_listed(
    staff_client, course_factory, signup_factory
):
    course = course_factory(min_participants=3, max_participants=5)
    signup_factory(course)
    signup_factory(course, status=Signup.Status.WAITING)
    assert "trengs" not in staff_client.get(INDEX).content.decode()


def test_a_course_held_but_not_marked_is_listed_until_it_is(
    staff_client, course_factory, signup_factory
):
    """Those on its waiting list are told only when staff mark it held (course_complete)."""
    from courses import services

    course = course_factory(min_participants=1, max_participants=1, starts_at=NOW - DAY)
    signup_factory(course)
    signup_factory(course, status=Signup.Status.WAITING)
    under_way = course_factory(starts_at=NOW - timedelta(minutes=30))
    page = staff_client.get(INDEX).content.decode()
    assert "Kurs som er holdt, men ikke merket som gjennomført" in page
    assert page.count("Merk kurset som gjennomført") == 1  # not the one still under way
    assert reverse("admin:courses_course_change", args=[course.pk]) in page
    assert reverse("admin:courses_course_change", args=[under_way.pk]) not in page

    services.course_complete(course=course, now=NOW)

    assert "Merk kurset som gjennomført" not in staff_client.get(INDEX).content.decode()


def test_an_open_poll_that_fell_below_the_minimum_stays_listed_and_says_so(
    staff_client, course_factory, signup_factory
):
    course = course_factory(min_participants=3, max_participants=5, poll_sent_at=NOW)
    for _ in range(2):
        signup_factory(course)
    page = staff_client.get(INDEX).content.decode()
    assert "nå er bare 2 påmeldt, og minst 3 trengs før dere setter dato" in page
    assert "venter på at dere velger dato" not in page


@pytest.mark.parametrize(
    "url_name", ["admin:courses_coursetype_add", "admin:faq_category_add", "admin:faq_question_add"]
)
def test_a_slug_is_labelled_as_part_of_the_link_not_an_address(staff_client, url_name):
    html = staff_client.get(reverse(url_name)).content.decode()
    assert ">Adresse i lenken:<" in html and ">Adresse:<" not in html
