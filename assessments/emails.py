"""E-mails about bookings, sent by django.tasks tasks that take ids.

The services call the enqueue helpers at the bottom inside their transaction; the tasks run
after commit, so a rolled-back booking sends nothing and a failing mail server cannot undo a
booking (the immediate backend logs the failure; a worker backend can retry).
"""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import translation

from erfaringssentrum.calendar import CalendarEvent, ics_attachment
from erfaringssentrum.mail import send_templated_mail

from . import conf, services
from .models import Booking

PREFIX = "assessments/email/"


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
            f"{slot.join_text()}\n\nGratis samtale om veien mot å bli erfaringskonsulent. "
            f"Spørsmål: {settings.DEFAULT_FROM_EMAIL}"
        ),
        location=slot.location if slot.format == "oppmote" else slot.get_format_display(),
        url=slot.location if slot.location.startswith("https://") else "",
        sequence=1 if booking.status == "cancelled" else 0,
        cancelled=booking.status == "cancelled",
    )


def _load(booking_id: int) -> Booking:
    return Booking.objects.select_related("slot", "slot__consultant", "adviser").get(pk=booking_id)


def _context(booking: Booking, **extra) -> dict:
    return {
        "booking": booking,
        "slot": booking.slot,
        "cutoff_hours": int(conf.cancel_cutoff().total_seconds() // 3600),
        "booking_url": settings.SITE_URL
        + reverse("assessments:booking-detail", kwargs={"pk": booking.pk}),
        **extra,
    }


def _send(name: str, context: dict, to: list[str], attachments=()):
    with translation.override(settings.LANGUAGE_CODE):
        send_templated_mail(PREFIX + name, context, to, attachments)


@task()
def send_booking_confirmation(booking_id: int):
    booking = _load(booking_id)
    if booking.adviser is None:
        return
    _send(
        "booking_confirmation",
        _context(booking),
        [booking.adviser.email],
        [ics_attachment(calendar_event(booking), "vurderingssamtale.ics")],
    )


def _confirm_url(booking: Booking) -> str:
    return settings.SITE_URL + reverse(
        "assessments:candidate-confirm",
        kwargs={"token": services.booking_candidate_token(booking)},
    )


@task()
def send_candidate_invitation(booking_id: int):
    booking = _load(booking_id)
    if not booking.candidate_email:
        return
    _send(
        "candidate_invitation",
        _context(booking, confirm_url=_confirm_url(booking)),
        [booking.candidate_email],
        [ics_attachment(calendar_event(booking, for_candidate=True), "vurderingssamtale.ics")],
    )


@task()
def send_staff_new_booking(booking_id: int):
    booking = _load(booking_id)
    admin_url = settings.SITE_URL + reverse("admin:assessments_booking_change", args=[booking.pk])
    _send(
        "staff_new_booking",
        _context(booking, admin_url=admin_url),
        list(settings.STAFF_NOTIFICATION_EMAILS),
    )


def _recipient_mail(booking: Booking, recipient: str, name: str, with_ics: bool):
    """One message per recipient, so a retry never repeats a message another one got."""
    if recipient == "adviser":
        if booking.adviser is None:
            return
        to, event = [booking.adviser.email], calendar_event(booking)
    elif recipient == "candidate":
        if not booking.candidate_email:
            return
        to, event = [booking.candidate_email], calendar_event(booking, for_candidate=True)
    else:
        to, event = list(settings.STAFF_NOTIFICATION_EMAILS), None
    attachments = [ics_attachment(event, "avbestilling.ics")] if with_ics and event else []
    extra = {}
    if (
        name == "booking_reminder"
        and recipient == "candidate"
        and not booking.candidate_confirmed_at
    ):
        extra["confirm_url"] = _confirm_url(booking)  # the reminder asks once more
    _send(name, _context(booking, recipient=recipient, **extra), to, attachments)


@task()
def send_booking_cancelled(booking_id: int, recipient: str):
    """Both sides hear about a cancellation: the adviser, the candidate and the centre."""
    _recipient_mail(_load(booking_id), recipient, "booking_cancelled", with_ics=True)


@task()
def send_booking_reminder(booking_id: int, recipient: str):
    booking = _load(booking_id)
    if booking.status == "active":
        _recipient_mail(booking, recipient, "booking_reminder", with_ics=False)


def _enqueue(task_, *args):
    transaction.on_commit(partial(task_.enqueue, *args), robust=True)


def booking_created(booking: Booking):
    _enqueue(send_booking_confirmation, booking.pk)
    if booking.candidate_email:
        _enqueue(send_candidate_invitation, booking.pk)
    _enqueue(send_staff_new_booking, booking.pk)


def booking_cancelled(booking: Booking):
    for recipient in ("adviser", "candidate", "staff"):
        _enqueue(send_booking_cancelled, booking.pk, recipient)


def booking_reminder(booking_id: int):
    for recipient in ("adviser", "candidate"):
        _enqueue(send_booking_reminder, booking_id, recipient)
