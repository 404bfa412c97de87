"""The assessments' part of Min side (found by erfaringssentrum/core/discovery.py): the
adviser's bookings, whether each can still be cancelled, and their approval status."""

from django.utils import timezone

from erfaringssentrum.core.links import row_url
from erfaringssentrum.core.minside import Section
from erfaringssentrum.core.prepared import Columns, PreparedRows, split

from . import conf
from .models import Booking, Slot, Status
from .views import approval_notice

BOOKING = Columns(Booking)
SLOT = Columns(Slot, "slot__")

# Their SQL is built once per process (core/prepared.py); any two ids find the user's place.
_booking_rows = PreparedRows(
    lambda user_id: (
        Booking.objects.for_adviser(user_id)
        .order_by("slot__starts_at")
        .values_list(*BOOKING.lookups, *SLOT.lookups)
    ),
    user_id=(-1, -2),
)


LINKS = {
    name: f"assessments:booking-{name}" for name in ("detail", "correct", "ics", "move", "cancel")
}


def _booking(row) -> Booking:
    booking, slot = split(row, BOOKING, SLOT)
    booking.slot = slot
    booking.links = {name: row_url(viewname)(booking.pk) for name, viewname in LINKS.items()}
    return booking


def _is_upcoming(booking, now) -> bool:
    return booking.status == Status.ACTIVE and booking.slot.ends_at > now


def section(request):
    """The adviser's bookings: active upcoming ones first, then past and cancelled ones with
    their status (one query whatever the number)."""
    now = timezone.now()
    bookings = [_booking(row) for row in _booking_rows(user_id=request.user.pk)]
    for booking in bookings:
        booking.can_cancel = booking.is_cancellable(now=now)
        # Under way: still «Kommende» until it ends, but nothing to correct or resend.
        booking.started = booking.slot.starts_at <= now
    return Section(
        title="Mine bookinger av vurderingssamtale",
        template_name="assessments/minside_section.html",
        anchor="bookinger",
        context={
            "upcoming": [b for b in bookings if _is_upcoming(b, now)],
            "past": [b for b in bookings if not _is_upcoming(b, now)][::-1],
            **conf.deadline_context(),
            "notice": approval_notice(request.user),
        },
    )
