"""Text typed by staff or advisers reaches e-mails escaped: no script in any HTML e-mail."""

import pytest

from assessments.models import Format
from assessments.services import booking_cancel, booking_create
from courses.services import course_send_message, signup_create

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klikk</a>',
]


def assert_no_markup_from(payload, messages):
    assert messages
    for message in messages:
        for html, _ in message.alternatives:
            assert payload not in html
            assert "<script>alert" not in html and "onerror=" not in html.replace(
                "onerror=&quot;", ""
            )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_staff_message_to_course_participants_is_escaped(
    payload,
    user_factory,
    staff_user,
    course_type_factory,
    course_factory,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    course_type = course_type_factory(
        title=f"Kurs {payload}", summary=payload, description=payload, audience="A"
    )
    course = course_factory(course_type=course_type, expected_period=payload)
    with django_capture_on_commit_callbacks(execute=True):
        signup_create(course=course, user=user_factory(), organisation=payload, role="v")
        course_send_message(course=course, subject=payload, body=payload, sent_by=staff_user)
    assert_no_markup_from(payload, mailoutbox)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_booking_texts_and_staff_cancellation_message_are_escaped(
    payload, adviser_factory, slot_factory, mailoutbox, django_capture_on_commit_callbacks
):
    slot = slot_factory(format=Format.IN_PERSON, location=payload)
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_create(
            slot_id=slot.pk, adviser=adviser_factory(), organisation=payload, adviser_role=payload,
            candidate_name="K", candidate_email="kandidat@example.org", adviser_attends=True,
            consent_version="test", question=payload,
        )  # fmt: skip
        booking_cancel(booking=booking, by_staff=True, message=payload, check_cutoff=False)
    assert_no_markup_from(payload, mailoutbox)
