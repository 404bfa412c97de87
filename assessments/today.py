"""The assessments' part of the admin start page «I dag»: today's appointments, one line
each, and how many there are on each of the week's remaining days, linking to the week view.
Shown to staff who may see bookings. Two queries, however many bookings."""

from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from erfaringssentrum.core import dates
from erfaringssentrum.core.today import TodayItem, TodaySection

from .models import Booking
from .week import day_start, monday_of

ORDER = -10  # before the courses: the appointments of the day come first


def sections(request, *, now):
    if not request.user.has_perm("assessments.view_booking"):
        return []
    today = timezone.localdate(now)
    week_end = day_start(monday_of(today) + timedelta(days=7))
    booked = Booking.objects.holding_slot()
    todays = list(
        booked.filter(
            slot__starts_at__gte=day_start(today),
            slot__starts_at__lt=day_start(today + timedelta(days=1)),
        )
        .select_related("slot__consultant")
        .order_by("slot__starts_at")
    )
    later = (
        booked.filter(
            slot__starts_at__gte=day_start(today + timedelta(days=1)), slot__starts_at__lt=week_end
        )
        .annotate(day=TruncDate("slot__starts_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by("day")
    )
    week_url = reverse("admin:assessments_slot_week")
    items = [
        TodayItem(
            f"{dates.clock(b.slot.starts_at, b.slot.ends_at)}, "
            f"{b.slot.get_format_display().lower()}"
            f" med {b.slot.consultant.get_full_name()}: {b.organisation}, "
            f"kandidat {b.candidate_initials}",
            reverse("admin:assessments_booking_change", args=[b.pk]),
            "Se bookingen",
        )
        for b in todays
    ]
    rest = [
        f"{dates.day(row['day'])}: {row['count']} samtale{'' if row['count'] == 1 else 'r'}"
        for row in later
    ]
    week = TodayItem(
        "Resten av uka: " + ("ingen flere samtaler." if not rest else ""),
        details=tuple(rest),
    )
    return [
        TodaySection(
            "Vurderingssamtaler i dag",
            items,
            empty="Ingen vurderingssamtaler i dag.",
            more_url=week_url,
            more_text="Se uka: ledige tider og bookinger per konsulent",
        ),
        TodaySection("Vurderingssamtaler denne uka", [week]),
    ]
