"""The admin's week view: each consultant's slots and bookings for one week, Monday to
Sunday, as a plain table (assessments/templates/admin/assessments/slot/week.html)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from .models import Booking, Slot


@dataclass
class ConsultantWeek:
    consultant: object
    days: list[list[Slot]] = field(default_factory=lambda: [[] for _ in range(7)])


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def day_start(day: date) -> datetime:
    """Midnight at the start of `day`, Oslo time."""
    return timezone.make_aware(datetime.combine(day, time.min))


def week_rows(*, monday: date, consultant=None) -> list[ConsultantWeek]:
    """One row per consultant with slots that week (or only `consultant`'s), each slot with
    `booking` set to the booking that holds it, if any. Two queries."""
    start, end = day_start(monday), day_start(monday + timedelta(days=7))
    slots = (
        Slot.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("consultant")
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.holding_slot(),
                to_attr="holding",
            )
        )
        .order_by("consultant__name", "consultant_id", "starts_at")
    )
    if consultant is not None:
        slots = slots.filter(consultant=consultant)
    rows: dict[int, ConsultantWeek] = {}
    for slot in slots:
        slot.booking = slot.holding[0] if slot.holding else None
        row = rows.setdefault(slot.consultant_id, ConsultantWeek(slot.consultant))
        row.days[timezone.localtime(slot.starts_at).weekday()].append(slot)
    return list(rows.values())
