"""E-mails about bookings. Each builder takes ids, loads the booking as it is when the e-mail is
sent, and returns one message, or None when there is nothing (left) to send: the services queue
them with `mail_later` (erfaringssentrum/core/mailqueue.py), which sends them after commit, in the
worker, and retries while the mail server is down.
"""

import dataclasses
from datetime import datetime

from django.conf import settings
from django.urls import reverse

from erfaringssentrum.core import dates
from erfaringssentrum.core.calendar import CalendarEvent, ics_attachment
from erfaringssentrum.core.mail import render_mail, render_text
from erfaringssentrum.core.mailqueue import queued_mail
from erfaringssentrum.models import ContactDetails

from . import conf
from .models import AdviserApproval, ApprovalStatus, Booking, Format, Status
from .tokens import booking_candidate_token

PREFIX = "assessments/email/"


def _contact_sentence() -> str:
    """The sentence " Har du spørsmål, kontakt oss på …" with the centre's contact details,
    in the words the e-mail the invitation comes with uses (includes/contact_ways.txt), or ""
    when there are none. Not the sender address: it may be one nobody reads, or carry a
    display name."""
    ways = render_text("includes/contact_ways.txt", {"contact": ContactDetails.load()}).strip()
    return f" Har du spørsmål, kontakt oss på {ways}." if ways else ""


def calendar_event(booking: Booking, *, for_candidate: bool = False) -> CalendarEvent:
    slot = booking.slot
    if for_candidate:
        summary = "Vurderingssamtale med Erfaringssentrum"
    else:
        summary = f"Vurderingssamtale for {booking.candidate_name} (Erfaringssentrum)"
    return CalendarEvent(
        uid=booking.calendar_uid,
        start=slot.starts_at,
        end=slot.ends_at,
        summary=summary,
        description=(
            f"{dates.when(slot.starts_at, slot.ends_at)}\n"
            f"{booking.join_text(for_candidate=for_candidate)}\n\n"
            "Gratis samtale om veien mot å bli erfaringskonsulent." + _contact_sentence()
        ),
        location=slot.location if slot.format == Format.IN_PERSON else slot.get_format_display(),
        url=slot.location if slot.location.startswith("https://") else "",
        sequence=booking.calendar_sequence,
        cancelled=booking.status == "cancelled",
    )


def _invitation(booking: Booking, *, to: str, for_candidate: bool, filename: str):
    event = dataclasses.replace(
        calendar_event(booking, for_candidate=for_candidate), attendee_email=to
    )
    return ics_attachment(event, filename)


def _load(booking_id: int, *, still_ahead: bool = False) -> Booking | None:
    """The booking, or None if it was deleted after the e-mail was queued. With
    `still_ahead`, also None unless it holds its time and that time has not come
    (Booking.objects.open): a confirmation, invitation, new time or reminder that the mail
    server held back until the appointment had started is not sent to the adviser or the
    candidate at all."""
    bookings = Booking.objects.open() if still_ahead else Booking.objects.all()
    return (
        bookings.select_related("slot", "slot__consultant", "adviser").filter(pk=booking_id).first()
    )


def _context(booking: Booking, *, for_candidate: bool = False, **extra) -> dict:
    return {
        "booking": booking,
        "slot": booking.slot,
        # Whom we call on which number; the candidate is not given the adviser's number.
        "join_text": booking.join_text(for_candidate=for_candidate),
        **conf.deadline_context(),
        "booking_url": settings.SITE_URL
        + reverse("assessments:booking-detail", kwargs={"pk": booking.pk}),
        **extra,
    }


def _confirm_url(booking: Booking) -> str:
    return settings.SITE_URL + reverse(
        "assessments:candidate-confirm", kwargs={"token": booking_candidate_token(booking)}
    )


@queued_mail("Bekreftelse på booking (til veilederen)")
def booking_confirmation(*, booking_id: int):
    booking = _load(booking_id, still_ahead=True)
    if booking is None or booking.adviser is None:
        return None
    to = booking.adviser.email
    ics = _invitation(booking, to=to, for_candidate=False, filename="vurderingssamtale.ics")
    return render_mail(PREFIX + "booking_confirmation", _context(booking), [to], [ics])


@queued_mail("Invitasjon til kandidaten")
def candidate_invitation(*, booking_id: int):
    booking = _load(booking_id, still_ahead=True)
    if booking is None or not booking.candidate_email:
        return None
    to = booking.candidate_email
    return render_mail(
        PREFIX + "candidate_invitation",
        _context(booking, for_candidate=True, confirm_url=_confirm_url(booking)),
        [to],
        [_invitation(booking, to=to, for_candidate=True, filename="vurderingssamtale.ics")],
    )


@queued_mail("Ny booking (til senteret)")
def staff_new_booking(*, booking_id: int):
    booking = _load(booking_id)
    if booking is None:
        return None
    admin_url = settings.SITE_URL + reverse("admin:assessments_booking_change", args=[booking.pk])
    return render_mail(
        PREFIX + "staff_new_booking",
        _context(booking, admin_url=admin_url),
        list(settings.STAFF_NOTIFICATION_EMAILS),
    )


@queued_mail("Kandidaten trenger tilrettelegging (til senteret)")
def staff_needs_adaptation(*, booking_id: int):
    booking = _load(booking_id)
    if booking is None or not booking.needs_adaptation or booking.status != "active":
        return None
    admin_url = settings.SITE_URL + reverse("admin:assessments_booking_change", args=[booking.pk])
    return render_mail(
        PREFIX + "staff_needs_adaptation",
        _context(booking, admin_url=admin_url),
        list(settings.STAFF_NOTIFICATION_EMAILS),
    )


def _recipient_mail(
    booking: Booking,
    recipient: str,
    name: str,
    with_ics: bool,
    filename: str = "avbestilling.ics",
    **extra,
):
    """One message per recipient, so a retry never repeats a message another one got."""
    if recipient == "adviser":
        if booking.adviser is None:
            return None
        to, for_candidate = [booking.adviser.email], False
    elif recipient == "candidate":
        if not booking.candidate_email:
            return None
        to, for_candidate = [booking.candidate_email], True
    else:
        to, for_candidate = list(settings.STAFF_NOTIFICATION_EMAILS), None
    attachments = []
    if with_ics and for_candidate is not None:
        attachments = [
            _invitation(booking, to=to[0], for_candidate=for_candidate, filename=filename)
        ]
    if (
        name == "booking_reminder"
        and recipient == "candidate"
        and not booking.candidate_confirmed_at
    ):
        extra["confirm_url"] = _confirm_url(booking)  # the reminder asks once more
    context = _context(
        booking, for_candidate=recipient == "candidate", recipient=recipient, **extra
    )
    return render_mail(PREFIX + name, context, to, attachments)


@queued_mail("Avbestilling")
def booking_cancelled(*, booking_id: int, recipient: str):
    """Both sides hear about a cancellation: the adviser, the candidate and the centre."""
    booking = _load(booking_id)
    if booking is None:
        return None
    return _recipient_mail(booking, recipient, "booking_cancelled", with_ics=True)


@queued_mail("Ny tid")
def booking_moved(*, booking_id: int, recipient: str, previous_start: str, by_staff: bool):
    """The booking has a new time: one e-mail to each side whose calendar entry it updates
    (same UID, higher SEQUENCE), and one to the centre (the centre's record, sent late too)."""
    booking = _load(booking_id, still_ahead=recipient != "staff")
    if booking is None or booking.status != Status.ACTIVE:
        return None
    extra = {
        "previous_start": datetime.fromisoformat(previous_start),
        "moved_by_staff": by_staff,
    }
    if recipient == "candidate":
        if not booking.candidate_email:
            return None
        extra["confirm_url"] = _confirm_url(booking)
    if recipient == "staff":
        extra["admin_url"] = settings.SITE_URL + reverse(
            "admin:assessments_booking_change", args=[booking.pk]
        )
    return _recipient_mail(
        booking, recipient, "booking_moved", with_ics=True, filename="ny-tid.ics", **extra
    )


@queued_mail("Nytt sted eller ny lenke")
def booking_place_changed(
    *,
    booking_id: int,
    slot_id: int,
    recipient: str,
    previous_place: str,
    first_link: bool,
    candidate_told: bool = True,
    name_corrected: bool = False,
    address_corrected: bool = False,
):
    """Staff changed where a booked appointment is held (the address, the video link or the
    number to call), or whom we call on which number for one booking, or gave a digital one
    its link: the adviser and the candidate get it (`candidate_told` False: the adviser only),
    with the calendar entry updated in place (same UID, higher SEQUENCE). Not once the
    booking has moved to another time, is cancelled or has started. `name_corrected`,
    `address_corrected`: the adviser's e-mail says that the candidate's first name or address
    was corrected in the same save."""
    booking = _load(booking_id, still_ahead=True)
    if booking is None or booking.slot_id != slot_id:
        return None
    return _recipient_mail(
        booking,
        recipient,
        "booking_place_changed",
        with_ics=True,
        filename="nytt-sted.ics",
        previous_place=previous_place,
        first_link=first_link,
        candidate_told=candidate_told,
        name_corrected=name_corrected,
        address_corrected=address_corrected,
    )


@queued_mail("Rettelse i bookingen (til veilederen)")
def booking_candidate_corrected(
    *, booking_id: int, name_corrected: bool, address_corrected: bool, by_staff: bool
):
    """The candidate's first name or address was corrected: the adviser, who booked with the
    old one, is told; a new name comes with their calendar entry updated (same UID, higher
    SEQUENCE), as the entry names the candidate. Not once the appointment has started."""
    booking = _load(booking_id, still_ahead=True)
    if booking is None:
        return None
    return _recipient_mail(
        booking,
        "adviser",
        "booking_candidate_corrected",
        with_ics=name_corrected,
        filename="oppdatert.ics",
        name_corrected=name_corrected,
        address_corrected=address_corrected,
        by_staff=by_staff,
    )


@queued_mail("Påminnelse dagen før")
def booking_reminder(*, booking_id: int, recipient: str):
    booking = _load(booking_id, still_ahead=True)
    if booking is None:
        return None
    # Sent from the morning before, a reminder may come while the adviser can still change
    # the booking on the site: it says so then, and whom to call only once they cannot.
    return _recipient_mail(
        booking,
        recipient,
        "booking_reminder",
        with_ics=False,
        can_still_change=booking.is_cancellable(),
    )


# --- Who may book -----------------------------------------------------------------------------


def _approval(approval_id: int, status: str) -> AdviserApproval | None:
    """The decision, or None if it changed (or the account went) after the e-mail was queued."""
    return (
        AdviserApproval.objects.select_related("user").filter(pk=approval_id, status=status).first()
    )


@queued_mail("Godkjent for booking (til veilederen)")
def adviser_approved(*, approval_id: int):
    approval = _approval(approval_id, ApprovalStatus.APPROVED)
    if approval is None:
        return None
    return render_mail(
        PREFIX + "adviser_approved",
        {"approval": approval, "booking_url": settings.SITE_URL + reverse("assessments:index")},
        [approval.user.email],
    )


@queued_mail("Ikke godkjent for booking (til veilederen)")
def adviser_rejected(*, approval_id: int):
    approval = _approval(approval_id, ApprovalStatus.REJECTED)
    if approval is None:
        return None
    return render_mail(PREFIX + "adviser_rejected", {"approval": approval}, [approval.user.email])


# The staff e-mail lists this many by name; the admin list has them all.
STAFF_LIST_LENGTH = 50


@queued_mail("Veiledere venter på godkjenning (til senteret)")
def staff_advisers_waiting(*, notified_at: str):
    """The advisers staff were told about at `notified_at` (one run of the hourly job) who
    still wait when the e-mail is sent."""
    waiting = AdviserApproval.objects.waiting().filter(
        staff_notified_at=datetime.fromisoformat(notified_at)
    )
    count = waiting.count()
    if not count:
        return None
    admin_url = (
        settings.SITE_URL
        + reverse("admin:assessments_adviserapproval_changelist")
        + f"?status={ApprovalStatus.WAITING}"
    )
    return render_mail(
        PREFIX + "staff_advisers_waiting",
        {
            "approvals": waiting.select_related("user").order_by("created_at")[:STAFF_LIST_LENGTH],
            "count": count,
            "more": max(count - STAFF_LIST_LENGTH, 0),
            "admin_url": admin_url,
        },
        list(settings.STAFF_NOTIFICATION_EMAILS),
    )
