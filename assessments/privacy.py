"""The assessments app's part of "download my data", "delete my account" and retention
(see erfaringssentrum/core/privacy.py)."""

from django.db.models import Count, Q

from erfaringssentrum.core.privacy import iso_or_none

from . import services
from .models import AdviserApproval, Booking, Slot, Status


def _approval(user) -> dict | None:
    approval = AdviserApproval.objects.filter(user=user).first()
    if approval is None:
        return None
    return {
        "status": approval.get_status_display(),
        "registrert": iso_or_none(approval.created_at),
        "avgjort": iso_or_none(approval.decided_at),
        "godkjent_automatisk_for_domenet": approval.trusted_domain,
        "begrunnelse": approval.reason,
    }


def export_user_data(user) -> dict:
    bookings = Booking.objects.for_adviser(user).select_related("slot").order_by("slot__starts_at")
    return {
        "godkjenning_for_booking": _approval(user),
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
                "invitasjon_til_kandidaten_holdt_tilbake": booking.candidate_invitation_withheld,
                "kandidaten_bekreftet": iso_or_none(booking.candidate_confirmed_at),
                "veileder_blir_med": booking.adviser_attends,
                "hvem_vi_ringer": booking.get_call_to_display(),
                "nummeret_vi_ringer": booking.call_number,
                "hva_som_ønskes_avklart": booking.question,
                "samtykke_bekreftet": iso_or_none(booking.consent_confirmed_at),
                "samtykketekst_versjon": booking.consent_version,
                "booket": booking.created_at.isoformat(),
                "avbestilt": iso_or_none(booking.cancelled_at),
                "avbestilt_av_senteret": booking.cancelled_by_staff,
                "melding_ved_avbestilling": booking.cancellation_message,
                "påminnelse_sendt": iso_or_none(booking.reminder_sent_at),
            }
            for booking in bookings
        ],
    }


def deletion_blockers(user, *, now) -> list[str]:
    """What must happen before this account can be deleted: a consultant's name is on slots
    (the centre's record of its appointments), which another consultant must take over."""
    counts = Slot.objects.filter(consultant=user).aggregate(
        total=Count("pk"), upcoming=Count("pk", filter=Q(ends_at__gt=now))
    )
    total, upcoming = counts["total"], counts["upcoming"]
    if not total:
        return []
    slots = f"{total} {'tid' if total == 1 else 'tider'} for vurderingssamtaler"
    if upcoming:
        slots += f" ({upcoming} kommende)"
    return [
        f"Du er ansvarlig konsulent for {slots}. Før kontoen kan slettes, må en kollega med "
        "tilgang til vurderingssamtalene i administrasjonen gi tidene til en annen konsulent, "
        "eller slette dem som aldri ble booket. Har noen av tidene vært booket, må senteret "
        "ta vare på dem: da deaktiverer en administrator kontoen din i stedet."
    ]


def delete_user_data(user, *, now) -> None:
    """Cancels upcoming bookings (the candidate and the centre are told) and anonymises every
    booking at once. One cancelled in the last NOTICE_TIME, now or by the adviser just before,
    keeps the candidate's address until the notice to them has surely been sent. The approval
    row goes with the account (on_delete=CASCADE)."""
    bookings = Booking.objects.for_adviser(user)
    for booking in bookings.open(now=now):
        services.booking_cancel(booking=booking, now=now, check_cutoff=False)
    notice_on_its_way = list(
        bookings.filter(
            status=Status.CANCELLED, cancelled_at__gt=now - services.NOTICE_TIME
        ).values_list("pk", flat=True)
    )
    services.bookings_anonymise_but_the_candidates_address(
        bookings=Booking.objects.filter(pk__in=notice_on_its_way)
    )
    services.bookings_anonymise(now=now, bookings=bookings.exclude(pk__in=notice_on_its_way))


def apply_retention(*, now=None) -> int:
    """Anonymises old bookings and deletes invitation records past the limit's window."""
    return services.bookings_anonymise(now=now) + services.candidate_invitations_prune(now=now)
