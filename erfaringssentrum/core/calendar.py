"""Calendar invitations (.ics) with correct Europe/Oslo times, built with icalendar.

An invitation by e-mail follows iTIP (RFC 5546), so calendar programs offer to add it and later
apply its update or cancellation: METHOD:REQUEST naming the centre as ORGANIZER and the recipient
as ATTENDEE; a change or a cancellation keeps the UID and carries a higher SEQUENCE; a
cancellation is METHOD:CANCEL with STATUS:CANCELLED.
"""

from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .mail import Attachment

PRODID = "-//Erfaringssentrum//Portal//NO"


def event_uid(kind: str, pk: int) -> str:
    """The UID of one appointment's calendar entry ("vurdering", "kurs" …): on the host of
    SITE_URL, never the request's, so that an e-mail from a staging or test site cannot update
    or cancel an entry the live site put in someone's calendar (RFC 5545: a UID is globally
    unique; the domain part says whose it is)."""
    return f"{kind}-{pk}@{urlsplit(settings.SITE_URL).hostname}"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable per appointment, so an update or a cancellation replaces the same event
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0
    cancelled: bool = False
    attendee_email: str = ""  # who the invitation is for (iTIP needs an ATTENDEE)
    attendee_name: str = ""


def build_calendar(events: list[CalendarEvent], *, method: str = "PUBLISH") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    oslo = timezone.get_default_timezone()
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", timezone.now())
        event.add("dtstart", timezone.localtime(item.start, oslo))
        event.add("dtend", timezone.localtime(item.end, oslo))
        event.add("summary", item.summary)
        event.add("sequence", item.sequence)
        if item.description:
            event.add("description", item.description)
        if item.location:
            event["location"] = vText(item.location)
        if item.url:
            event.add("url", item.url)
        # The bare address: DEFAULT_FROM_EMAIL may be written «Erfaringssentrum <post@…>».
        organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
        organizer.params["cn"] = vText("Erfaringssentrum")
        event["organizer"] = organizer
        if item.attendee_email:
            attendee = vCalAddress(f"mailto:{item.attendee_email}")
            if item.attendee_name:
                attendee.params["cn"] = vText(item.attendee_name)
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            attendee.params["partstat"] = vText("NEEDS-ACTION")
            attendee.params["rsvp"] = vText("FALSE")  # nobody reads replies; the site has the links
            event.add("attendee", attendee)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ics_attachment(event: CalendarEvent, filename: str = "invitasjon.ics") -> Attachment:
    method = "CANCEL" if event.cancelled else "REQUEST"
    return Attachment(
        filename=filename,
        content=build_calendar([event], method=method),
        mimetype=f"text/calendar; charset=utf-8; method={method}",
    )
