"""The site's one way to write a date: «onsdag 2. desember 2026 kl. 10.00–11.00».

Pages (through the template filters in erfaringssentrum/templatetags/dates.py), e-mail
subjects and bodies, admin lists and calendar descriptions all call these functions. The
Norwegian names are written out here rather than taken from the active translation, so an
e-mail rendered by the worker or a management command reads the same as a page.
"""

from datetime import date, datetime

from django.utils import timezone

WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
MONTHS = [
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
]  # fmt: skip


def _local(value: datetime | date) -> datetime | date:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def plain_date(value: datetime | date | None) -> str:
    """«2. desember 2026»: a date that is not an appointment (when a page was published)."""
    if value is None:
        return ""
    return _plain_date(_local(value))


def month(value: datetime | date | None) -> str:
    """«mars 2027»."""
    if value is None:
        return ""
    value = _local(value)
    return f"{MONTHS[value.month - 1]} {value.year}"


def day(value: datetime | date | None) -> str:
    """«onsdag 2. desember 2026»."""
    if value is None:
        return ""
    return _day(_local(value))


def clock(start: datetime | None, end: datetime | None = None) -> str:
    """«kl. 10.00–11.00», or «kl. 10.00» without an end, in Norwegian time."""
    if start is None:
        return ""
    return _clock(_local(start), _local(end) if end is not None else None)


def when(start: datetime | None, end: datetime | None = None) -> str:
    """«onsdag 2. desember 2026 kl. 10.00–11.00»; «… kl. 10.00» without an end; "" for none."""
    if start is None:
        return ""
    start = _local(start)
    return f"{_day(start)} {_clock(start, _local(end) if end is not None else None)}"


# Of values already in Norwegian time: converting takes longer than writing, and Min side
# writes a dozen of these.
def _plain_date(value: datetime | date) -> str:
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def _day(value: datetime | date) -> str:
    return f"{WEEKDAYS[value.weekday()]} {_plain_date(value)}"


def _clock(start: datetime, end: datetime | None) -> str:
    text = f"kl. {start:%H.%M}"
    return f"{text}–{end:%H.%M}" if end is not None else text
