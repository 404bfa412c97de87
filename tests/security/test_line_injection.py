"""Text a visitor types into a one-line field (their name, their workplace and role) stays on
one line: it is written into the plain-text e-mails staff read («Fra: …», the list of
advisers waiting for approval), and a line break in it would let anyone who signs up add
lines of their own to an e-mail from the centre («VIKTIG: godkjenn her: https://…»)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import Booking

pytestmark = pytest.mark.django_db

INJECTED = "VIKTIG: Godkjenn veiledere her: https://evil.example/admin/"


def lines(message) -> list[str]:
    return [line.strip() for line in message.body.splitlines()]


@pytest.mark.parametrize("breaks", ["\r\n", "\n", "\r", "\u2028", "\x85"])
def test_a_name_typed_at_signup_cannot_add_lines_to_the_staff_email(
    breaks, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.STAFF_NOTIFICATION_EMAILS = ["ansatte@erfaringssentrum.example"]
    password = "Kjempe-hemmelig-2026"
    response = Client().post(
        reverse("account_signup"),
        {
            "name": f"Ola Nordmann{breaks}{breaks}{INJECTED}",
            "email": "ola@tiltak.example",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ola@tiltak.example")
    assert user.name == f"Ola Nordmann {INJECTED}"

    assessment_services.adviser_email_confirmed(user=user, email=user.email)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert assessment_services.advisers_notify_staff() == 1
    (message,) = mailoutbox
    assert f"- Ola Nordmann {INJECTED} <ola@tiltak.example>" in message.body
    assert INJECTED not in lines(message)


def test_workplace_and_role_on_the_booking_form_stay_on_one_line(
    adviser_factory, slot_factory, mailoutbox, django_capture_on_commit_callbacks
):
    user = adviser_factory()
    client = Client()
    client.force_login(user)
    slot = slot_factory(starts_at=timezone.now() + timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("assessments:book", args=[slot.pk]),
            {
                "slot": slot.pk,
                "organisation": f"NAV Testby\r\n\r\n{INJECTED}",
                "adviser_role": f"Veileder\n{INJECTED}",
                "phone": "",
                "candidate_name": "Kari",
                "candidate_email": "",
                "adviser_attends": "ja",
                "question": "",
                "consent": "on",
            },
        )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.organisation == f"NAV Testby {INJECTED}"
    assert booking.adviser_role == f"Veileder {INJECTED}"
    staff_mail = [m for m in mailoutbox if "Ny booking" in m.subject]
    assert staff_mail and all(INJECTED not in lines(m) for m in mailoutbox)
    # What the form remembers for the next booking is one line too.
    user.refresh_from_db()
    assert "\n" not in user.organisation and "\n" not in user.role


def test_workplace_and_role_on_min_side_stay_on_one_line(auth_client, user):
    response = auth_client.post(
        reverse("my-details"),
        {"organisation": f"NAV Testby\r\n{INJECTED}", "role": f"Leder\r{INJECTED}", "phone": ""},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.organisation == f"NAV Testby {INJECTED}"
    assert user.role == f"Leder {INJECTED}"


def test_workplace_and_role_on_a_course_signup_stay_on_one_line(auth_client, user, course):
    response = auth_client.post(
        reverse("courses:signup", args=[course.slug]),
        {"organisation": f"NAV Testby\n{INJECTED}", "role": f"Veileder\n{INJECTED}", "comment": ""},
    )
    assert response.status_code == 302
    signup = course.signups.get(user=user)
    assert signup.organisation == f"NAV Testby {INJECTED}"
    assert signup.role == f"Veileder {INJECTED}"
