"""The site knows its demo values: `check --deploy` warns for each placeholder still in use,
and staff see the same list on the admin start page until it is empty."""

import io
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client

from assessments import services as assessment_services
from assessments.models import Booking, Slot, TrustedEmailDomain
from courses.models import Course
from erfaringssentrum import launch_checks
from erfaringssentrum.launch_checks import (
    PLACEHOLDER_EMAIL,
    PLACEHOLDER_PHONE,
    example_urls,
    is_example_address,
    is_placeholder_phone,
)
from erfaringssentrum.models import ContactDetails, User

pytestmark = pytest.mark.django_db

REAL_ADDRESS = "post@erfaringssentrum.no"


def deploy_check() -> str:
    """What `manage.py check --deploy` prints about the launch (warnings go to stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("check", "--deploy", "--tag", "launch", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    # Accounts seed_demo made, before the test adds any of its own.
    return list(User.objects.values_list("email", flat=True))


@pytest.fixture
def real_staff_client(user_factory):
    """Staff on the centre's own domain (the test factories' accounts are on example.org)."""
    client = Client()
    client.force_login(
        user_factory(email="leder@erfaringssentrum.no", is_staff=True, is_superuser=True)
    )
    return client


def staff_replace_the_demo_values(client, settings):
    """What staff (and whoever runs the server) do before the launch."""
    settings.DEFAULT_FROM_EMAIL = REAL_ADDRESS
    settings.STAFF_NOTIFICATION_EMAILS = ["ansatte@erfaringssentrum.no"]
    details = ContactDetails.objects.get()
    response = client.post(
        f"/admin/erfaringssentrum/contactdetails/{details.pk}/change/",
        {
            "organisation_name": "Erfaringssentrum",
            "email": REAL_ADDRESS,
            "phone": "+47 22 33 44 55",
            "opening_hours": "",
            "street_address": "",
            "postal_code": "",
            "city": "",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    for entry in TrustedEmailDomain.objects.all():
        if entry.domain != "nav.no":
            assessment_services.trusted_domain_delete(entry=entry)
    # The demo's bookings, slots and courses go with the demo accounts that own them.
    Booking.objects.all().delete()
    Slot.objects.all().delete()
    Course.objects.update(video_link="https://video.erfaringssentrum.no/fellessamling")
    User.objects.filter(launch_checks.example_address_q("email")).delete()


def test_after_seed_demo_check_deploy_lists_each_demo_value(seeded, settings):
    output = deploy_check()

    assert f"E-postadressen i kontaktinformasjonen: {PLACEHOLDER_EMAIL}" in output
    assert f"Telefonnummeret i kontaktinformasjonen: {PLACEHOLDER_PHONE}" in output
    assert f"Avsender av e-post (DEFAULT_FROM_EMAIL): {settings.DEFAULT_FROM_EMAIL}" in output
    assert "Godkjent e-postdomene: nav.example" in output
    assert "https://video.erfaringssentrum.example/vurdering" in output  # the slots
    assert "https://video.erfaringssentrum.example/fellessamling" in output  # a course
    assert len(seeded) == 20
    for email in seeded:  # every account the demo made: staff, advisers, participants
        assert email in output
    assert "launch.W001" in output


def test_only_check_deploy_reads_the_data(seeded):
    """Every manage.py command runs the system checks; the launch check is for the deploy."""
    out, err = io.StringIO(), io.StringIO()
    call_command("check", stdout=out, stderr=err)
    assert "launch.W" not in out.getvalue() + err.getvalue()


def test_after_staff_replace_them_check_deploy_lists_none(seeded, settings, real_staff_client):
    staff_replace_the_demo_values(real_staff_client, settings)

    output = deploy_check()

    assert "launch.W" not in output, output
    assert "no issues" in output


def test_the_admin_start_page_shows_the_same_list_until_it_is_empty(
    seeded, settings, real_staff_client
):
    html = real_staff_client.get("/admin/").content.decode()
    notice = html.split('id="for-lansering"', 1)[1].split("</ul>", 1)[0]
    for item in launch_checks.placeholders_in_use():
        assert item.what in notice and item.value in notice
        if item.admin_url:
            assert f'href="{item.admin_url}"' in notice
    assert "bytt ut 8 demoverdier eller plassholdere" in notice

    staff_replace_the_demo_values(real_staff_client, settings)

    html = real_staff_client.get("/admin/").content.decode()
    assert 'id="for-lansering"' not in html


def test_links_to_example_domains_in_resources_and_answers_are_listed(
    resource_factory, question_factory, settings
):
    settings.DEFAULT_FROM_EMAIL = settings.SERVER_EMAIL = REAL_ADDRESS
    settings.STAFF_NOTIFICATION_EMAILS = [REAL_ADDRESS]
    resource_factory(title="Med lenke", external_url="https://www.example.com/video")
    resource_factory(title="Med lenke i teksten", body="Se [her](https://docs.example.org/a).")
    resource_factory(title="Ekte", external_url="https://arbeidsplassen.nav.no/stillinger")
    question_factory(question="Hvor?", answer="Les mer på <https://senteret.example/om>.")

    values = {item.value for item in launch_checks.placeholders_in_use()}

    assert {
        "https://www.example.com/video",
        "https://docs.example.org/a",
        "https://senteret.example/om",
    } <= values
    assert not any("nav.no" in value for value in values)


def test_past_slots_and_courses_held_are_left_alone(slot_factory, course_factory):
    from django.utils import timezone

    slot_factory(
        starts_at=timezone.now() - timezone.timedelta(days=3),
        location="https://video.erfaringssentrum.example/gammel",
    )
    course_factory(
        starts_at=timezone.now() - timezone.timedelta(days=3),
        video_link="https://video.erfaringssentrum.example/holdt",
    )
    values = {item.value for item in launch_checks.placeholders_in_use()}
    assert not any("gammel" in value or "holdt" in value for value in values)


def test_a_database_that_cannot_be_read_is_a_warning_not_a_crash(monkeypatch, settings):
    def unreadable():
        raise OperationalError("no such table: erfaringssentrum_contactdetails")

    monkeypatch.setattr(launch_checks, "data_placeholders", unreadable)
    settings.STAFF_NOTIFICATION_EMAILS = [REAL_ADDRESS]
    sender, database = launch_checks.check_placeholders()
    assert sender.id == "launch.W001" and "DEFAULT_FROM_EMAIL" in sender.msg
    assert database.id == "launch.W002"
    assert "migrate" in database.hint


@pytest.mark.parametrize(
    "address, example",
    [
        ("post@erfaringssentrum.example", True),
        ("Erfaringssentrum <post@erfaringssentrum.example>", True),
        ("kari@example.org", True),
        ("x@mail.example.com", True),
        ("post@erfaringssentrum.no", False),
        ("post@example.no", False),
        ("post@notexample.com", False),
        ("", False),
    ],
)
def test_example_addresses(address, example):
    assert is_example_address(address) is example


@pytest.mark.parametrize(
    "phone, placeholder",
    [
        ("+47 000 00 000", True),
        ("+4700000000", True),
        ("000 00 000", True),
        ("+47 22 33 44 55", False),
        ("+47 900 00 000", False),
        ("0", False),
        ("", False),
    ],
)
def test_the_placeholder_phone_number(phone, placeholder):
    assert is_placeholder_phone(phone) is placeholder


def test_example_urls_in_text():
    text = (
        "Se https://video.example/a, og [lenken](https://www.example.net/b). "
        "Ikke https://example.no/c eller https://nav.no/d."
    )
    assert example_urls(text) == ["https://video.example/a", "https://www.example.net/b"]
