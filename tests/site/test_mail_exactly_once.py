"""No e-mail lost, none sent twice: a real SMTP server (aiosmtpd, in this process) refuses
connections while people book, sign up, get a course date and reset a password; none of
their requests waits for it. The worker (the real database backend's `db_worker`) tries,
fails and schedules new attempts; when the server is back, every e-mail arrives once."""

import email
import email.policy
import socket
from datetime import datetime, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from assessments.models import Booking, Format, Slot
from courses import services as course_services
from courses.models import Course, CourseType
from erfaringssentrum.core.mailqueue import RETRY_DELAYS, mail_queue_status
from erfaringssentrum.models import MAIL_TASK_PATH, FailedMail

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Oslo"))  # a Monday morning
STAFF = "post@erfaringssentrum.example"


class Inbox:
    """aiosmtpd handler: keeps each message as the server received it."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((tuple(envelope.rcpt_tos), message))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a local port; `start()` brings it up (until then nothing listens
    there, so connections are refused, as when the mail server is down)."""
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    inbox.start = controller.start
    yield inbox
    if controller._thread is not None:
        controller.stop()


def queued():
    return DBTaskResult.objects.filter(task_path=MAIL_TASK_PATH)


def test_every_email_arrives_exactly_once_after_an_outage(
    database_queue, smtp_server, settings, user_factory, adviser_factory, time_machine
):
    settings.STAFF_NOTIFICATION_EMAILS = [STAFF]
    time_machine.move_to(START, tick=False)
    consultant = user_factory(name="Rådgiver", is_staff=True)
    starts = START + timedelta(days=3)
    slot = Slot.objects.create(
        consultant=consultant,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        format=Format.DIGITAL,
        location="https://video.example/rom",
    )
    course_type = CourseType.objects.create(
        title="Fellessamling", slug="fellessamling", summary="S", description="D", audience="A"
    )
    course = Course.objects.create(
        course_type=course_type, slug="var", expected_period="våren", min_participants=1
    )
    adviser = adviser_factory()
    participant, forgetful = user_factory(), user_factory()

    # --- The mail server is down; the site goes on as usual. -------------------------------
    booking_client = Client()
    booking_client.force_login(adviser)
    response = booking_client.post(
        reverse("assessments:book", args=[slot.pk]),
        {
            "slot": slot.pk,
            "organisation": "NAV Testby",
            "adviser_role": "Veileder",
            "phone": "",
            "candidate_name": "Kari",
            "candidate_email": "kandidat@example.org",
            "adviser_attends": "ja",
            "question": "",
            "consent": "on",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    booking = Booking.objects.get()

    signup_client = Client()
    signup_client.force_login(participant)
    response = signup_client.post(
        reverse("courses:signup", args=[course.slug]),
        {"organisation": "NAV Grünerløkka", "role": "Veileder", "comment": ""},
    )
    assert response.status_code == HTTPStatus.FOUND
    course_services.course_set_date(course=course, starts_at=START + timedelta(days=30))

    response = Client().post("/konto/password/reset/", {"email": forgetful.email})
    assert response.status_code == HTTPStatus.FOUND

    # Every e-mail is in the queue; no request tried to reach the mail server.
    expected_recipients = sorted(
        [adviser.email, "kandidat@example.org", STAFF]  # the booking
        + [participant.email, STAFF]  # the signup, and the course reaching its minimum
        + [participant.email]  # the course date
        + [forgetful.email]  # the password reset
    )
    assert queued().count() == len(expected_recipients)
    assert not queued().filter(started_at__isnull=False).exists()
    assert smtp_server.received == []

    # --- The worker tries, the server refuses, the worker tries again later. --------------
    database_queue()
    assert mail_queue_status()["retrying"] == len(expected_recipients)
    time_machine.move_to(START + RETRY_DELAYS[0], tick=False)
    database_queue()
    assert mail_queue_status()["retrying"] == len(expected_recipients)
    assert smtp_server.received == []

    # --- The server is back. -------------------------------------------------------------
    smtp_server.start()
    time_machine.move_to(START + RETRY_DELAYS[0] + RETRY_DELAYS[1], tick=False)
    database_queue()
    time_machine.move_to(START + timedelta(days=3), tick=False)
    database_queue()  # nothing left to send: no message goes out twice

    received = smtp_server.received
    assert sorted(rcpt for rcpts, _ in received for rcpt in rcpts) == expected_recipients
    subjects = [str(message["Subject"]) for _, message in received]
    assert len(subjects) == len(set(subjects)) == len(expected_recipients)
    assert mail_queue_status() == {"failed": 0, "retrying": 0, "overdue": 0}
    assert not FailedMail.objects.exists()
    assert not queued().filter(status="READY").exists()

    # The adviser's confirmation still carries its calendar invitation.
    (confirmation,) = [m for rcpts, m in received if rcpts == (adviser.email,)]
    (ics,) = [part for part in confirmation.walk() if part.get_content_type() == "text/calendar"]
    (event,) = Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")
    assert str(event["uid"]) == booking.calendar_uid
