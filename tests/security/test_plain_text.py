"""Plain text is never HTML-escaped (issue #13): e-mail subjects and text bodies, meta
descriptions, JSON-LD and calendar files show «"» and «&» as they are, and HTML shows them
escaped exactly once."""

import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from assessments.models import Format, Slot
from assessments.services import booking_create
from courses.models import Course, CourseType
from courses.services import signup_create
from faq.models import Category, Question

pytestmark = pytest.mark.django_db

TRICKY = 'NAV "Øst" & Vest <Sør>'


def assert_escaped_once(html: str):
    assert "&amp;amp;" not in html and "&amp;quot;" not in html and "&amp;lt;" not in html


@pytest.fixture
def booking(adviser_factory, staff_user, settings, django_capture_on_commit_callbacks):
    settings.STAFF_NOTIFICATION_EMAILS = ["ansatte@erfaringssentrum.example"]
    starts = (timezone.now() + timedelta(days=5)).replace(minute=0, second=0, microsecond=0)
    slot = Slot.objects.create(
        starts_at=starts, ends_at=starts + timedelta(hours=1), format=Format.IN_PERSON,
        location='Storgata 1 "bak" & opp', consultant=staff_user,
    )  # fmt: skip
    adviser = adviser_factory()
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_create(
            slot_id=slot.pk, adviser=adviser, organisation=TRICKY, adviser_role='Veileder "A&B"',
            candidate_name="Kåri", candidate_email="kandidat@example.org",
            adviser_attends=True, consent_version="test", question='Lønn & "vilkår"?',
        )  # fmt: skip
    return booking


def test_booking_e_mails_show_the_text_as_written(booking, mailoutbox):
    staff_mail = next(m for m in mailoutbox if m.to == ["ansatte@erfaringssentrum.example"])
    assert staff_mail.subject.endswith(f"({TRICKY})")
    for message in mailoutbox:
        assert "&quot;" not in message.subject and "&amp;" not in message.subject
        assert "&quot;" not in message.body and "&amp;" not in message.body
        assert_escaped_once(message.alternatives[0][0])
    adviser_mail = next(m for m in mailoutbox if m.to == [booking.adviser.email])
    assert 'Storgata 1 "bak" & opp' in adviser_mail.body
    assert "Storgata 1 &quot;bak&quot; &amp; opp" in adviser_mail.alternatives[0][0]


def test_calendar_files_show_the_text_as_written(booking, mailoutbox):
    client = Client()
    client.force_login(booking.adviser)
    ics = client.get(f"/vurdering/booking/{booking.pk}/kalender.ics").content.decode()
    assert 'Storgata 1 "bak" & opp' in ics  # icalendar escapes only what RFC 5545 asks for
    assert "&amp;" not in ics and "&quot;" not in ics
    attached = [
        content
        for message in mailoutbox
        for _, content, mimetype in message.attachments
        if mimetype.startswith("text/calendar")
    ]
    assert attached
    for content in attached:
        text = content.decode() if isinstance(content, bytes) else content
        assert "&amp;" not in text and "&quot;" not in text


def test_course_e_mails_show_the_title_as_written(
    user_factory, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTIFICATION_EMAILS = ["kurs@erfaringssentrum.example"]
    course_type = CourseType.objects.create(
        title=f"Kurs {TRICKY}", slug="kurs", summary="S & T", description="D", audience="A"
    )
    course = Course.objects.create(course_type=course_type, slug="kurs-1", expected_period="vår")
    with django_capture_on_commit_callbacks(execute=True):
        signup_create(course=course, user=user_factory(), organisation="NAV", role="R")
    (message,) = mailoutbox
    assert message.subject.endswith(f"Kurs {TRICKY}")
    assert f"Kurs {TRICKY}" in message.body
    assert_escaped_once(message.alternatives[0][0])


class MetaDescription(HTMLParser):
    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("name") == "description":
            self.value = attributes["content"]


def test_meta_description_and_json_ld_hold_the_plain_answer(client):
    category = Category.objects.create(name="Lønn", slug="lonn")
    Question.objects.create(
        category=category, slug="lonn", is_published=True,
        question='Hva med "lønn" & tillegg?', answer='Lønn & **tillegg**: "avtalt" <lokalt>.',
    )  # fmt: skip
    html = client.get("/sporsmal-og-svar/lonn/").content.decode()
    assert_escaped_once(html)
    parser = MetaDescription()
    parser.feed(html)
    assert parser.value == 'Lønn & tillegg: "avtalt" .'

    page = client.get("/sporsmal-og-svar/").content.decode()
    assert_escaped_once(page)
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    (entry,) = json.loads(data.group(1))["mainEntity"]
    assert entry["name"] == 'Hva med "lønn" & tillegg?'
    assert entry["acceptedAnswer"]["text"] == 'Lønn & tillegg: "avtalt" .'
