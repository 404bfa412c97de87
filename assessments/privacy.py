"""The assessments app's part of "download my data", "delete my account" and retention
(see erfaringssentrum/privacy.py)."""

from . import services
from .models import Booking


def _iso(moment):
    return moment.isoformat() if moment else None


def export_user_data(user) -> dict:
    bookings = Booking.objects.for_adviser(user).select_related("slot").order_by("slot__starts_at")
    return {
        "vurderingssamtaler": [
            {
                "tidspunkt": booking.slot.starts_at.isoformat(),
                "form": booking.slot.get_format_display(),
                "status": booking.get_status_display(),
                "nav_kontor_eller_tiltak": booking.organisation,
                "rolle": booking.adviser_role,
                "telefon": booking.phone,
                "kandidat": booking.candidate_name,
                "kandidatens_e-post": booking.candidate_email,
                "kandidaten_bekreftet": _iso(booking.candidate_confirmed_at),
                "veileder_blir_med": booking.adviser_attends,
                "hva_som_ønskes_avklart": booking.question,
                "samtykke_bekreftet": _iso(booking.consent_confirmed_at),
                "samtykketekst_versjon": booking.consent_version,
                "booket": booking.created_at.isoformat(),
                "avbestilt": _iso(booking.cancelled_at),
            }
            for booking in bookings
        ]
    }


def delete_user_data(user, *, now) -> None:
    """Cancels upcoming bookings (the candidate and the centre are told; those rows are
    anonymised on the normal schedule) and anonymises the rest at once."""
    upcoming = list(Booking.objects.for_adviser(user).open(now=now))
    for booking in upcoming:
        services.booking_cancel(booking=booking, now=now, check_cutoff=False)
    services.bookings_anonymise(
        now=now,
        bookings=Booking.objects.for_adviser(user).exclude(pk__in=[b.pk for b in upcoming]),
    )


def apply_retention(*, now=None) -> int:
    return services.bookings_anonymise(now=now)
