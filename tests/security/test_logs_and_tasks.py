"""Logs carry no form contents, candidate names or e-mail addresses; tasks carry ids only."""

import logging

import pytest
from django.tasks.signals import task_enqueued

from assessments.services import booking_cancel, booking_create
from courses.services import signup_cancel, signup_create

pytestmark = pytest.mark.django_db

CANDIDATE = "Unikkandidat"
CANDIDATE_EMAIL = "unik.kandidat@example.org"


@pytest.fixture
def enqueued_args():
    seen = []

    def record(sender, task_result, **kwargs):
        seen.append((task_result.task.module_path, task_result.args, task_result.kwargs))

    task_enqueued.connect(record)
    yield seen
    task_enqueued.disconnect(record)


def plain_values(value):
    """The values inside a task's arguments (the mail task carries its ids in a dict)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from plain_values(item)
    else:
        yield value


def assert_only_ids(enqueued):
    assert enqueued, "no e-mail task was enqueued"
    for path, args, kwargs in enqueued:
        for value in plain_values({**dict(enumerate(args)), **kwargs}):
            assert isinstance(value, int | bool | None) or (
                isinstance(value, str) and "@" not in value and " " not in value
            ), (path, value)


def test_booking_and_cancelling_log_and_enqueue_no_personal_data(
    adviser_factory, slot_factory, caplog, enqueued_args, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    adviser = adviser_factory(email="veileder.unik@nav.example")
    slot = slot_factory()
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_create(
            slot_id=slot.pk, adviser=adviser, organisation="NAV Unikby", adviser_role="veileder",
            candidate_name=CANDIDATE, candidate_email=CANDIDATE_EMAIL, adviser_attends=False,
            consent_version="test", question="Et spørsmål med unikt innhold",
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booking, by_staff=False)
    for secret in (CANDIDATE, CANDIDATE_EMAIL, adviser.email, "unikt innhold", "NAV Unikby"):
        assert secret not in caplog.text
    assert_only_ids(enqueued_args)


def test_course_signup_logs_and_enqueues_no_personal_data(
    user_factory, course, caplog, enqueued_args, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    user = user_factory(email="deltaker.unik@nav.example")
    with django_capture_on_commit_callbacks(execute=True):
        signup = signup_create(course=course, user=user, organisation="NAV Unikby", role="v")
    with django_capture_on_commit_callbacks(execute=True):
        signup_cancel(signup=signup)
    assert user.email not in caplog.text and "NAV Unikby" not in caplog.text
    assert_only_ids(enqueued_args)


@pytest.fixture
def mail_server_down(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.security.failing_mail.EmailBackend"}}


def test_a_failing_mail_server_loses_nothing_and_is_logged(
    mail_server_down, adviser_factory, slot_factory, course, caplog,
    django_capture_on_commit_callbacks,
):
    from assessments.models import Booking
    from courses.models import Signup

    caplog.set_level(logging.ERROR, logger="django.tasks")
    adviser = adviser_factory()
    slot = slot_factory()
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_create(
            slot_id=slot.pk, adviser=adviser, organisation="NAV", adviser_role="veileder",
            candidate_name="K", adviser_attends=False, consent_version="test",
        )  # fmt: skip
    assert Booking.objects.filter(pk=booking.pk, status="active").exists()
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booking)
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"

    with django_capture_on_commit_callbacks(execute=True):
        signup = signup_create(course=course, user=adviser, organisation="NAV", role="v")
    assert Signup.objects.filter(pk=signup.pk, status="confirmed").exists()

    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(failures) >= 3
    assert all("SMTP" not in r.getMessage() or "@" not in r.getMessage() for r in failures)
