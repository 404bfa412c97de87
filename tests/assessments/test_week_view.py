"""The admin's week view: slots and bookings per consultant for one week, week navigation,
a consultant filter, links to each slot and booking; a fixed number of queries."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Status

from .conftest import NOW

pytestmark = pytest.mark.django_db
WEEK = reverse("admin:assessments_slot_week")
MONDAY = NOW.date()  # NOW is a Monday


@pytest.fixture
def factory_now():
    return NOW - timedelta(days=7)


def show(client, **query):
    response = client.get(WEEK, query)
    assert response.status_code == HTTPStatus.OK
    return response


def test_the_week_shows_each_consultants_slots_and_bookings(
    staff_client, consultant, user_factory, slot_factory, booking_factory
):
    other = user_factory(name="Annen Konsulent", is_staff=True)
    free = slot_factory(starts_at=NOW + timedelta(days=1))  # Tuesday 12.00
    booked = slot_factory(starts_at=NOW + timedelta(days=2), consultant=other)
    booking = booking_factory(slot=booked, now=NOW - timedelta(days=7), organisation="NAV Vest")
    slot_factory(starts_at=NOW + timedelta(days=8))  # next week

    html = show(staff_client, uke=MONDAY.isoformat()).content.decode()
    assert "Uke 10" in html
    assert "Rådgiver Senteret" in html and "Annen Konsulent" in html
    assert reverse("admin:assessments_slot_change", args=[free.pk]) in html
    assert reverse("admin:assessments_booking_change", args=[booking.pk]) in html
    assert "NAV Vest" in html and "Ledig" in html
    assert html.count('class="week-slots"') == 2  # next week's slot is not here

    html = show(staff_client, uke=MONDAY.isoformat(), konsulent=other.pk).content.decode()
    assert "Annen Konsulent" in html and "Rådgiver Senteret</th>" not in html


def test_any_day_shows_its_week_and_the_links_go_a_week_either_way(staff_client):
    response = show(staff_client, uke=(MONDAY + timedelta(days=3)).isoformat())
    assert response.context["days"][0] == MONDAY
    assert response.context["previous_url"] == f"?uke={MONDAY - timedelta(days=7)}"
    assert response.context["next_url"] == f"?uke={MONDAY + timedelta(days=7)}"


@pytest.mark.parametrize("value", ["9999-12-31", "1-01-01", "ikke-en-dato", "0001-01-01"])
def test_bad_weeks_show_this_week_with_a_message(staff_client, value):
    response = show(staff_client, uke=value)
    assert "Ugyldig uke" in response.content.decode()


def test_a_cancelled_booking_leaves_the_slot_free(staff_client, slot_factory, booking_factory):
    slot = slot_factory(starts_at=NOW + timedelta(days=1))
    booking = booking_factory(slot=slot, now=NOW - timedelta(days=7))
    booking.status = Status.CANCELLED
    booking.save()
    html = show(staff_client, uke=MONDAY.isoformat()).content.decode()
    assert reverse("admin:assessments_booking_change", args=[booking.pk]) not in html


def test_an_active_booking_links_to_the_move_page(
    staff_client, slot_factory, booking_factory, user_factory
):
    slot = slot_factory(starts_at=NOW + timedelta(days=1))
    booking = booking_factory(slot=slot, now=NOW - timedelta(days=7))
    move = reverse("admin:assessments_booking_move", args=[booking.pk])
    assert f'href="{move}"' in show(staff_client, uke=MONDAY.isoformat()).content.decode()

    viewer = user_factory(is_staff=True)  # may see bookings, not change them: no move link
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_slot", "view_booking"])
    )
    client = Client()
    client.force_login(viewer)
    assert move not in show(client, uke=MONDAY.isoformat()).content.decode()


def test_the_week_runs_the_same_queries_with_few_and_many_slots(
    staff_client, slot_factory, booking_factory, user_factory
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            show(staff_client, uke=MONDAY.isoformat())
        return len(queries)

    slot_factory(starts_at=NOW + timedelta(days=1))
    count()
    few = count()
    for day in range(7):
        consultant = user_factory(is_staff=True)
        for hour in range(3):
            slot = slot_factory(
                starts_at=NOW + timedelta(days=day, hours=hour), consultant=consultant
            )
            booking_factory(slot=slot, now=NOW - timedelta(days=7))
    assert count() == few


def test_staff_without_the_view_right_get_no_week(user_factory):
    client = Client()
    client.force_login(user_factory(is_staff=True))
    assert client.get(WEEK).status_code == HTTPStatus.FORBIDDEN
