"""Reads the calendar file attached to an e-mail the way a calendar program does (icalendar)."""

from dataclasses import dataclass

from django.conf import settings
from icalendar import Calendar


@dataclass
class Invitation:
    method: str
    uid: str
    sequence: int
    status: str
    organizer: str
    attendees: list[str]
    event: object


def read_invitation(message) -> Invitation:
    (attachment,) = [a for a in message.attachments if a.mimetype.startswith("text/calendar")]
    calendar = Calendar.from_ical(attachment.content)
    (event,) = calendar.walk("VEVENT")
    method = str(calendar["method"])
    # The MIME type repeats the method, as iTIP over e-mail (RFC 6047) requires.
    assert attachment.mimetype.endswith(f"method={method}")
    attendees = event.get("attendee", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    return Invitation(
        method=method,
        uid=str(event["uid"]),
        sequence=int(event["sequence"]),
        status=str(event["status"]),
        organizer=str(event["organizer"]),
        attendees=[str(a) for a in attendees],
        event=event,
    )


def organizer() -> str:
    return f"mailto:{settings.DEFAULT_FROM_EMAIL}"
