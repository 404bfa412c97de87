from django.utils import timezone

from erfaringssentrum.core.minside import Section

from . import conf
from .models import Booking
from .views import approval_notice


def section(request):
    """The adviser's bookings, upcoming first, then past ones (one query whatever the number)."""
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
            "upcoming": [b for b in bookings if b.slot.ends_at > now],
            "past": [b for b in bookings if b.slot.ends_at <= now][::-1],
            "cutoff_hours": int(conf.cancel_cutoff().total_seconds() // 3600),
            "notice": approval_notice(request.user),
        },
    )
