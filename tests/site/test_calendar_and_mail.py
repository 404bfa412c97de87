from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from erfaringssentrum.core.calendar import CalendarEvent, build_calendar, ics_attachment

OSLO = ZoneInfo("Europe/Oslo")


def test_ics_has_oslo_local_times_with_timezone_definition():
    start = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("UTC"))  # 10:00 in Oslo (CET)
    event = CalendarEvent(
        uid="booking-1@erfaringssentrum",
        start=start,
        end=datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("UTC")),
        summary="Vurderingssamtale",
        location="Storgata 1, Oslo",
    )
    raw = build_calendar([event], method="REQUEST")
    assert b"DTSTART;TZID=Europe/Oslo:20260310T100000" in raw
    assert b"BEGIN:VTIMEZONE" in raw
    parsed = Calendar.from_ical(raw)
    (vevent,) = parsed.walk("VEVENT")
    assert vevent.decoded("dtstart") == datetime(2026, 3, 10, 10, 0, tzinfo=OSLO)
    assert str(vevent["location"]) == "Storgata 1, Oslo"
    assert str(parsed["method"]) == "REQUEST"


def test_summer_time_is_respected():
    event = CalendarEvent(
        uid="x",
        start=datetime(2026, 6, 10, 8, 0, tzinfo=ZoneInfo("UTC")),
        end=datetime(2026, 6, 10, 9, 0, tzinfo=ZoneInfo("UTC")),
        summary="Kurs",
    )
    assert b"DTSTART;TZID=Europe/Oslo:20260610T100000" in build_calendar([event])


def test_cancellation_attachment_uses_cancel_method():
    event = CalendarEvent(
        uid="x",
        start=datetime(2026, 6, 10, 8, 0, tzinfo=OSLO),
        end=datetime(2026, 6, 10, 9, 0, tzinfo=OSLO),
        summary="Kurs",
        cancelled=True,
    )
    attachment = ics_attachment(event)
    assert attachment.mimetype.endswith("method=CANCEL")
    assert b"STATUS:CANCELLED" in attachment.content


@pytest.mark.django_db
def test_templated_mail_has_text_html_and_attachment(mailoutbox, tmp_path, settings):
    from erfaringssentrum.core.mail import Attachment, render_mail

    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "hello_subject.txt").write_text("Hei  {{ name }}\n")
    (tmp_path / "t" / "hello_message.txt").write_text("Tekst til {{ name }}")
    (tmp_path / "t" / "hello_message.html").write_text("<p>HTML til {{ name }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    render_mail(
        "t/hello",
        {"name": "Kari"},
        ["kari@example.org"],
        [Attachment("a.ics", "X", "text/calendar")],
    ).send()
    (message,) = mailoutbox
    assert message.subject == "[Erfaringssentrum] Hei Kari"
    assert message.body == "Tekst til Kari"
    assert message.alternatives[0].content == "<p>HTML til Kari</p>"
    assert message.attachments[0].filename == "a.ics"
