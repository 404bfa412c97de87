"""The assessments' part of Min side (found by erfaringssentrum/core/discovery.py): the
adviser's bookings, whether each can still be cancelled, and their approval status."""

from django.utils import timezone

from erfaringssentrum.core.minside import Section

from . import conf
from .models import Booking, Status
from .views import approval_notice


def _is_upcoming(booking, now) -> bool:
    return booking.status == Status.ACTIVE and booking.slot.ends_at > now


def section(request):
    """The adviser's bookings: active upcoming ones first, then past and cancelled ones with
    their status (one query whatever the number)."""
    now = timezone.now()
    bookings = list(
        Booking.objects.for_adviser(request.user).select_related("slot").order_by("slot__starts_at")
    )
    for booking in bookings:
        booking.can_cancel = booking.is_cancellable(now=now)
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
