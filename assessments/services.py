"""The rules for slots, bookings and who may book, and the only code that writes them.

Who calls what: advisers on the public pages (assessments/views.py) book and cancel, and a
candidate confirms through their link; staff in admin (assessments/admin.py) create, edit,
publish and unpublish slots, cancel bookings with a message, record the outcome, keep the
list of trusted domains and approve or reject advisers; confirming an e-mail address
(assessments/signals.py) starts an adviser's approval; the hourly commands send reminders and
tell staff who waits for approval; deleting an account and the retention job
(assessments/privacy.py) cancel and anonymise bookings here. Outside these functions only the
demo seeder (assessments/demo.py) writes.

Slots are written under the consultant's row lock, bookings under the slot's (and the
adviser's), so two requests at once cannot overlap slots or book one slot twice.
"""

import calendar
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from erfaringssentrum.core import dates
from erfaringssentrum.core.adviser_fields import (
    ORGANISATION_WITH_ADDRESS,
    PHONE_NUMBER,
    PHONE_NUMBER_MESSAGE,
    contains_email_address,
    one_line,
)
from erfaringssentrum.core.errors import DomainError
from erfaringssentrum.core.mailqueue import mail_later
from erfaringssentrum.core.pagecache import content_changed
from erfaringssentrum.core.privacy import admin_log_scrub
from erfaringssentrum.services import user_details_fill_in

from . import conf, emails
from .addresses import email_domain, inbox_digest, normalise_domain, parent_domains
from .models import (
    FORMAT_PHRASES,
    AdviserApproval,
    ApprovalStatus,
    Booking,
    CalendarFeed,
    CallTo,
    CandidateInvitation,
    Format,
    Slot,
    Status,
    TrustedEmailDomain,
    new_feed_token,
)
from .tokens import (
    CANDIDATE_SALT,
    address_digest,
    booking_candidate_token,  # noqa: F401 - the services' API for views and tests
)
from .validators import first_name_problem, normalise_first_name

MOVE_TAKEN_MESSAGE = (
    "Denne tiden ble nettopp booket av noen andre. Bookingen har fortsatt den gamle tiden – "
    "velg en annen ledig tid."
)
TAKEN_MESSAGE = (
    "Denne tiden ble nettopp booket av noen andre. Velg en annen ledig tid nedenfor – "
    "det du har skrevet, er tatt vare på."
)


class BookingError(DomainError):
    """A booking rule stopped the action; `message` is for the user."""


class SlotTaken(BookingError):
    pass


class ReasonNeeded(BookingError):
    """Unpublishing these slots would cancel `bookings`: staff confirm with a reason first."""

    def __init__(self, bookings: list):
        super().__init__("Skriv en begrunnelse. Den sendes til dem som har booket.")
        self.bookings = bookings


class SlotUnavailable(BookingError):
    pass


class BookingLimitReached(BookingError):
    pass


class CancelTooLate(BookingError):
    pass


class SlotOverlap(BookingError):
    pass


class SlotHasBookings(BookingError):
    pass


SLOT_HAS_BOOKINGS = (
    "Denne tiden har vært booket, så den kan ikke slettes. Skal den ikke vises, bruker du "
    "«Avpubliser valgte tider» i listen over tider (en booking som gjelder, blir da avbestilt, "
    "og alle får beskjed)."
)


class FieldError(BookingError):
    """A rule about one field of a slot's or a booking's admin form; `field` says which."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.field = field


class InvalidLink(BookingError):
    pass


class AdviserNotApproved(BookingError):
    pass


NOT_APPROVED_MESSAGE = (
    "Kontoen din er ikke godkjent for å booke vurderingssamtaler ennå. Se Min side for hva "
    "som skjer nå."
)


# --- Slots ------------------------------------------------------------------------------------


def _describe(starts: list[datetime]) -> str:
    return ", ".join(dates.when(start) for start in sorted(starts)[:10]) + (
        " …" if len(starts) > 10 else ""
    )


def slot_check_overlap(*, consultant, starts_at, ends_at, exclude_pk=None) -> None:
    clashes = Slot.objects.overlapping(consultant=consultant, starts_at=starts_at, ends_at=ends_at)
    if exclude_pk is not None:
        clashes = clashes.exclude(pk=exclude_pk)
    starts = list(clashes.values_list("starts_at", flat=True))
    if starts:
        raise SlotOverlap(
            f"{consultant.get_full_name()} har allerede en tid som overlapper: {_describe(starts)}."
        )


def _check_slot_times(starts_at, ends_at) -> None:
    if ends_at <= starts_at:
        raise FieldError("Slutt må være etter start.", field="ends_at")


def slot_create(*, consultant, starts_at, ends_at, format, location="", is_published=True) -> Slot:
    """A new slot (staff in admin). The overlap check runs under the consultant's lock, so two
    overlapping slots made at the same moment cannot both be saved."""
    _check_slot_times(starts_at, ends_at)
    with transaction.atomic():
        _lock_user(consultant)
        slot_check_overlap(consultant=consultant, starts_at=starts_at, ends_at=ends_at)
        return Slot.objects.create(
            consultant=consultant,
            starts_at=starts_at,
            ends_at=ends_at,
            format=format,
            location=location,
            is_published=is_published,
        )


SLOT_FORM_FIELDS = frozenset(
    {"starts_at", "ends_at", "format", "location", "consultant", "is_published"}
)
# What the invitations already sent for a booked slot say, and what the booking was filled in
# for (a phone slot's number to call): these cannot change under it.
SLOT_BOOKED_FIELDS = ("starts_at", "ends_at", "format", "consultant")


def slot_update(*, slot: Slot, changes: dict, now=None) -> Slot:
    """Saves staff's changes to a slot (field name -> new value), under the locks of the
    consultants involved (the overlap check) and of the slot (a booking at the same moment).
    A booked slot keeps its time, form and consultant: the invitations sent say so. A new
    place or meeting link is sent to the adviser and the candidate of a booking ahead."""
    now = now or timezone.now()
    unknown = set(changes) - SLOT_FORM_FIELDS
    if unknown:
        raise ValueError(f"slot_update cannot change {sorted(unknown)}")
    with transaction.atomic():
        current = Slot.objects.select_related("consultant").get(pk=slot.pk)
        consultants = {current.consultant, changes.get("consultant", current.consultant)}
        for consultant in sorted(consultants, key=lambda user: user.pk):  # one order: no deadlock
            _lock_user(consultant)
        slot = Slot.objects.select_for_update().get(pk=slot.pk)
        moves = [
            name
            for name in SLOT_BOOKED_FIELDS
            if name in changes and changes[name] != getattr(slot, name)
        ]
        if moves and slot.bookings.holding_slot().exists():
            raise FieldError(
                "Tiden er booket, så du kan ikke endre tidspunkt, form eller konsulent: "
                "invitasjonene vi har sendt, sier noe annet. Avbestill bookingen først, eller "
                "flytt den til en annen tid.",
                field=moves[0],
            )
        ahead = _bookings_ahead_locked(slot, now=now)
        places_before = {booking.pk: booking.join_text(for_candidate=True) for booking in ahead}
        link_promised = slot.format == Format.DIGITAL and not slot.location
        for name, value in changes.items():
            setattr(slot, name, value)
        _check_slot_times(slot.starts_at, slot.ends_at)
        slot_check_overlap(
            consultant=slot.consultant,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            exclude_pk=slot.pk,
        )
        if changes:
            slot.save(update_fields=list(changes))
        for booking in ahead:
            previous_place = places_before[booking.pk]
            if booking.join_text(for_candidate=True) != previous_place:
                _announce_new_place(
                    booking, previous_place=previous_place, first_link=link_promised
                )
    return slot


def _bookings_ahead_locked(slot: Slot, *, now) -> list[Booking]:
    """The slot's active booking if it has not started, locked, sharing `slot` (so its join
    text follows the changes about to be made)."""
    bookings = list(slot.bookings.open(now=now).select_for_update())
    for booking in bookings:
        booking.slot = slot
    return bookings


def _announce_new_place(
    booking: Booking,
    *,
    previous_place: str,
    first_link: bool,
    recipients=("adviser", "candidate"),
    previous_places: dict[str, str] | None = None,
    candidate_told: bool | None = None,
    candidate_corrected: dict[str, bool] | None = None,
) -> None:
    """The booking's calendar entry is updated, and `recipients` told what changed (each
    from `previous_places[recipient]` when given, else from `previous_place`). The adviser's
    e-mail says whether the candidate knows: `candidate_told`, by default whether the
    candidate is among the recipients, and, with `candidate_corrected`
    ({"name_corrected": …, "address_corrected": …}), what of the candidate's details was
    corrected in the same save."""
    if candidate_told is None:
        candidate_told = "candidate" in recipients
    booking.calendar_sequence += 1  # the update replaces the invitation already sent
    booking.save(update_fields=["calendar_sequence"])
    for recipient in recipients:
        mail_later(
            emails.booking_place_changed,
            booking_id=booking.pk,
            slot_id=booking.slot_id,
            recipient=recipient,
            previous_place=(previous_places or {}).get(recipient, previous_place),
            first_link=first_link,
            candidate_told=candidate_told,
            **((candidate_corrected or {}) if recipient == "adviser" else {}),
        )


def _join_texts(booking: Booking) -> dict[str, str]:
    """How the adviser and the candidate were told to take part (their invitations)."""
    return {
        recipient: booking.join_text(for_candidate=recipient == "candidate")
        for recipient in ("adviser", "candidate")
    }


def slot_times(
    *, weekdays, start_time: time, duration_minutes: int, weeks_ahead: int, first_day: date
) -> list[tuple[datetime, datetime]]:
    """Start and end of each slot from first_day through weeks_ahead weeks (Oslo time)."""
    times = []
    for offset in range(weeks_ahead * 7):
        day = first_day + timedelta(days=offset)
        if day.weekday() in weekdays:
            starts = timezone.make_aware(datetime.combine(day, start_time))
            times.append((starts, starts + timedelta(minutes=duration_minutes)))
    return times


def slots_bulk_create(
    *,
    consultant,
    weekdays,
    start_time: time,
    duration_minutes: int,
    weeks_ahead: int,
    format: str,
    location: str = "",
    is_published: bool = True,
    now=None,
) -> list[Slot]:
    """Creates a slot on each chosen weekday from tomorrow on; all or nothing on overlap."""
    now = now or timezone.now()
    times = slot_times(
        weekdays={int(day) for day in weekdays},
        start_time=start_time,
        duration_minutes=duration_minutes,
        weeks_ahead=weeks_ahead,
        first_day=timezone.localdate(now) + timedelta(days=1),
    )
    if not times:
        raise BookingError("Valgene gir ingen tider. Velg minst én ukedag.")
    with transaction.atomic():
        _lock_user(consultant)
        existing = list(
            Slot.objects.filter(
                consultant=consultant,
                starts_at__lt=times[-1][1],
                ends_at__gt=times[0][0],
            ).values_list("starts_at", "ends_at")
        )
        clashes = [s for s, e in times if any(s < oe and e > os for os, oe in existing)]
        if clashes:
            raise SlotOverlap(
                f"Ingen tider ble opprettet: {consultant.get_full_name()} har allerede tider "
                f"som overlapper med {_describe(clashes)}."
            )
        content_changed()  # bulk_create sends no post_save
        return Slot.objects.bulk_create(
            Slot(
                consultant=consultant,
                starts_at=starts,
                ends_at=ends,
                format=format,
                location=location,
                is_published=is_published,
            )
            for starts, ends in times
        )


def slots_set_published(*, slots, published: bool) -> int:
    """Publishes or unpublishes slots, bookings left alone (the slot list's «Avpubliser» is
    slots_withdraw, which cancels them with a reason)."""
    changed = Slot.objects.filter(pk__in=[s.pk for s in slots]).update(is_published=published)
    content_changed()  # update() sends no post_save
    return changed


def slots_delete(*, slots) -> int:
    """Deletes slots nobody has booked, all or none. A slot that has had a booking, even a
    cancelled one, is kept for that booking (unpublish it instead): SlotHasBookings."""
    ids = [s.pk for s in slots]
    with transaction.atomic():
        # A booking made at this moment waits for the lock, then finds its slot gone.
        list(Slot.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        if Booking.objects.filter(slot_id__in=ids).exists():
            raise SlotHasBookings(SLOT_HAS_BOOKINGS)
        deleted, _ = Slot.objects.filter(pk__in=ids).delete()
    return deleted


def slots_withdraw(*, slots, reason: str = "", now=None) -> list[Booking]:
    """Unpublishes the slots and cancels their active bookings, as staff would one by one: the
    adviser, the candidate and the centre are told, with `reason`. The bookings are read under
    the slot locks, so one made at this moment is either cancelled too or, waiting for the
    lock, finds the slot unpublished. Without a reason while there are bookings, nothing
    changes and ReasonNeeded lists them. Returns the cancelled bookings. All or nothing."""
    now = now or timezone.now()
    reason = reason.strip()
    ids = [s.pk for s in slots]
    with transaction.atomic():
        list(Slot.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        # An appointment already held keeps its booking, for staff to record how it went.
        bookings = list(
            Booking.objects.open(now=now)
            .filter(slot_id__in=ids)
            .select_related("slot__consultant", "adviser")
            .order_by("slot__starts_at")
        )
        if bookings and not reason:
            raise ReasonNeeded(bookings)
        slots_set_published(slots=slots, published=False)
        cancelled = [
            booking_cancel(booking=booking, by_staff=True, message=reason, now=now)
            for booking in bookings
        ]
    return cancelled


# --- Bookings ---------------------------------------------------------------------------------


def _offered(slot: Slot, *, now) -> bool:
    """Whether an adviser may take `slot` now (Slot.objects.bookable): published, at least
    the lead time ahead, with a consultant still with us."""
    return (
        slot.is_published and slot.starts_at >= now + conf.lead_time() and slot.consultant.is_active
    )


def slot_offered(slot: Slot, *, now=None) -> bool:
    """Whether other advisers may book `slot` once it is free: what the pages say of a time a
    cancellation frees (an unpublished slot, one inside the lead time or one of a consultant
    no longer with us is not free for others)."""
    return _offered(slot, now=now or timezone.now())


def _lock_user(user) -> None:
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()


def _checked_candidate(name: str, email: str) -> tuple[str, str]:
    """The candidate's first name and address as they will be stored, or BookingError: the
    same rules at booking and at a correction."""
    name = normalise_first_name(name)
    problem = first_name_problem(name)
    if problem:
        raise BookingError(problem)
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise BookingError("Kandidatens e-postadresse ser ikke riktig ut.") from None
    return name, email


def booking_create(
    *,
    slot_id: int,
    adviser,
    organisation: str,
    adviser_role: str,
    candidate_name: str,
    adviser_attends: bool,
    consent_version: str,
    question: str = "",
    phone: str = "",
    candidate_email: str = "",
    call_to: str = "",
    call_number: str = "",
    now=None,
) -> Booking:
    """Books a slot for a candidate: lock the slot, check it is still free, write.

    The candidate gets an invitation only while their address is under the daily limit;
    past it the booking is kept without the address, and the adviser is told."""
    now = now or timezone.now()
    candidate_name, candidate_email = _checked_candidate(candidate_name, candidate_email)
    organisation, adviser_role = one_line(organisation), one_line(adviser_role)
    if contains_email_address(organisation):  # kept after the booking is anonymised
        raise BookingError(ORGANISATION_WITH_ADDRESS)
    try:
        with transaction.atomic():
            # The adviser's row is locked first, so one adviser's bookings are serialised:
            # two quick submits cannot pass the limit together.
            _lock_user(adviser)
            if AdviserApproval.objects.status_for(adviser) != ApprovalStatus.APPROVED:
                raise AdviserNotApproved(NOT_APPROVED_MESSAGE)
            slot = Slot.objects.select_for_update().filter(pk=slot_id).first()
            if slot is None or not _offered(slot, now=now):
                raise SlotUnavailable(
                    "Denne tiden kan ikke lenger bookes. Velg en annen ledig tid nedenfor."
                )
            if slot.bookings.holding_slot().exists():
                raise SlotTaken(TAKEN_MESSAGE)
            if slot.format == Format.PHONE:
                problem = phone_call_problem(
                    call_to=call_to, call_number=call_number, adviser_attends=adviser_attends
                )
                if problem:
                    raise BookingError(problem)
            else:
                call_to = call_number = ""
            limit = conf.max_open_bookings()
            if Booking.objects.for_adviser(adviser).open(now=now).count() >= limit:
                raise BookingLimitReached(
                    f"Du har allerede {limit} kommende bookinger, som er det meste en konto kan "
                    "ha samtidig. Avbestill en du ikke trenger, eller ta kontakt med oss."
                )
            withheld = bool(candidate_email) and not _claim_invitation(candidate_email, now=now)
            booking = Booking.objects.create(
                slot=slot,
                adviser=adviser,
                organisation=organisation,
                adviser_role=adviser_role,
                phone=phone,
                candidate_name=candidate_name,
                # An address we may not write to is not kept either.
                candidate_email="" if withheld else candidate_email,
                candidate_invitation_withheld=withheld,
                adviser_attends=adviser_attends,
                call_to=call_to,
                call_number=call_number.strip(),
                question=question,
                consent_confirmed_at=now,
                consent_confirmed_by=adviser,
                consent_version=consent_version,
                created_at=now,
            )
            user_details_fill_in(
                user=adviser, organisation=organisation, role=adviser_role, phone=phone
            )
            mail_later(emails.booking_confirmation, booking_id=booking.pk)
            if booking.candidate_email:  # not when the invitation is withheld
                mail_later(emails.candidate_invitation, booking_id=booking.pk)
            mail_later(emails.staff_new_booking, booking_id=booking.pk)
    except IntegrityError:
        # The unique constraint caught a booking that the lock did not (e.g. on SQLite).
        raise SlotTaken(TAKEN_MESSAGE) from None
    return booking


ALONE_MEANS_CALL_THE_CANDIDATE = (
    "Du har svart at du ikke blir med i samtalen, så vi må ringe kandidaten. Velg «Kandidaten» "
    "og skriv kandidatens nummer, eller svar at du blir med."
)


def phone_call_problem(*, call_to: str, call_number: str, adviser_attends: bool) -> str | None:
    """What is wrong with whom we call on which number for a phone appointment (a Norwegian
    message), or None. A candidate taking part alone must be called on their own number."""
    if call_to not in CallTo.values:
        return "Velg hvem vi skal ringe."
    if call_to == CallTo.ADVISER and not adviser_attends:
        return ALONE_MEANS_CALL_THE_CANDIDATE
    if not call_number.strip():
        return "Skriv nummeret vi skal ringe."
    if not PHONE_NUMBER.match(call_number.strip()):
        return PHONE_NUMBER_MESSAGE
    return None


def _lock_inbox(digest: str) -> None:
    """Serialises invitations to one inbox until the transaction ends (a lock on a value with
    no row to lock). SQLite runs one write transaction at a time, so it needs none."""
    if connection.vendor == "postgresql":
        key = int.from_bytes(bytes.fromhex(digest[:16]), "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _claim_invitation(address: str, *, now) -> bool:
    """Records an invitation to `address` if it is under the daily limit, across advisers."""
    digest = inbox_digest(address)
    _lock_inbox(digest)
    recent = CandidateInvitation.objects.filter(
        address_digest=digest, sent_at__gt=now - conf.invitation_window()
    )
    if recent.count() >= conf.invitations_per_address_per_day():
        return False
    CandidateInvitation.objects.create(address_digest=digest, sent_at=now)
    return True


def candidate_invitations_prune(*, now=None) -> int:
    """Deletes invitation records older than the limit's window: they count for nothing."""
    now = now or timezone.now()
    old = CandidateInvitation.objects.filter(sent_at__lte=now - conf.invitation_window())
    return old.delete()[0]


def booking_cancel(
    *,
    booking: Booking,
    by_staff: bool = False,
    message: str = "",
    check_cutoff: bool = True,
    now=None,
):
    """Cancels and reopens the slot. Advisers are held to the cut-off; staff (and an adviser
    deleting their account) are not."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
        if booking.status != Status.ACTIVE:
            raise BookingError("Denne bookingen er allerede avbestilt eller avsluttet.")
        if booking.slot.starts_at <= now:
            # Only staff record how it went; the adviser is not asked to.
            raise BookingError(
                "Samtalen har alt startet, så den kan ikke avbestilles."
                + (" Merk den som gjennomført eller «Møtte ikke» i stedet." if by_staff else "")
            )
        if check_cutoff and not by_staff and not booking.is_cancellable(now=now):
            hours = conf.cancel_cutoff_hours()
            raise CancelTooLate(
                f"Du kan bare avbestille på nettet frem til {hours} timer før samtalen. "
                "Ring eller send e-post til oss, så hjelper vi deg."
            )
        booking.status = Status.CANCELLED
        booking.cancelled_at = now
        booking.cancelled_by_staff = by_staff
        booking.cancellation_message = message
        booking.calendar_sequence += 1  # the calendar cancellation replaces the invitation
        booking.save(
            update_fields=[
                "status",
                "cancelled_at",
                "cancelled_by_staff",
                "cancellation_message",
                "calendar_sequence",
            ]
        )
        for recipient in ("adviser", "candidate", "staff"):
            mail_later(emails.booking_cancelled, booking_id=booking.pk, recipient=recipient)
    return booking


class MoveNotAllowed(BookingError):
    pass


def _movable_by_staff(slot: Slot, *, now) -> bool:
    """Whether staff may move a booking to `slot` (slots_free_for_move): not yet started, with
    a consultant still with us; unpublished and inside the lead time are fine."""
    return slot.starts_at > now and slot.consultant.is_active


def slots_free_for_move(*, booking: Booking, by_staff: bool = False, now=None):
    """The slots `booking` can be moved to, of the same form: for an adviser what they could
    book; staff may also use unpublished slots and those inside the lead time (not past ones,
    nor those of a consultant made inactive: nobody would hold the appointment)."""
    now = now or timezone.now()
    if by_staff:
        slots = (
            Slot.objects.filter(starts_at__gt=now, consultant__is_active=True)
            .with_active_booking()
            .filter(is_booked=False)
            .select_related("consultant")
            .order_by("starts_at")
        )
    else:
        slots = Slot.objects.shown(now=now)
    # The same form: what the adviser filled in (whom we call, where to go) was for it.
    return slots.filter(format=booking.slot.format).exclude(pk=booking.slot_id)


def booking_move(*, booking: Booking, new_slot_id: int, by_staff: bool = False, now=None):
    """Moves a booking to another free slot in one step: both slots and the booking are locked
    (slots in id order, so two moves between the same slots cannot deadlock), the new slot is
    checked again, and the booking changes slot. Advisers are held to the cancellation cut-off;
    staff are not, but nobody moves an appointment that has started (a record by then).
    Adviser, candidate and staff get one «Ny tid» e-mail each, with the calendar entry
    updated in place (same UID, higher SEQUENCE), never a cancellation first."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            old_slot_id = (
                Booking.objects.filter(pk=booking.pk).values_list("slot_id", flat=True).first()
            )
            slot_ids = sorted({old_slot_id, int(new_slot_id)})
            slots = {
                slot.pk: slot
                for slot in Slot.objects.select_for_update().filter(pk__in=slot_ids).order_by("pk")
            }
            booking = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
            if booking.slot_id != old_slot_id:
                raise BookingError("Bookingen ble nettopp endret. Se over og prøv igjen.")
            if booking.status != Status.ACTIVE:
                raise MoveNotAllowed("Denne bookingen er avbestilt eller avsluttet.")
            if booking.slot.starts_at <= now:
                # A record by then, as for a cancellation or a correction.
                raise MoveNotAllowed(
                    "Samtalen har alt startet, så den kan ikke flyttes."
                    + (" Merk den som gjennomført eller «Møtte ikke» i stedet." if by_staff else "")
                )
            if not by_staff and not booking.is_cancellable(now=now):
                hours = conf.cancel_cutoff_hours()
                raise MoveNotAllowed(
                    f"Du kan bare flytte samtalen på nettet frem til {hours} timer før samtalen. "
                    "Ring eller send e-post til oss, så hjelper vi deg."
                )
            new_slot = slots.get(int(new_slot_id))
            if new_slot is None or new_slot.pk == booking.slot_id:
                raise SlotUnavailable("Velg en annen ledig tid.")
            if new_slot.format != booking.slot.format:
                raise SlotUnavailable(
                    f"Den nye tiden må også være {FORMAT_PHRASES[booking.slot.format]}. Skal "
                    "samtalen holdes på en annen måte, avbestill og book en ny tid."
                )
            bookable = (
                _movable_by_staff(new_slot, now=now) if by_staff else _offered(new_slot, now=now)
            )
            if not bookable:
                raise SlotUnavailable(
                    "Denne tiden kan ikke lenger bookes. Velg en annen ledig tid nedenfor."
                )
            if new_slot.bookings.holding_slot().exists():
                raise SlotTaken(MOVE_TAKEN_MESSAGE)
            previous_start = booking.slot.starts_at
            booking.slot = new_slot
            booking.calendar_sequence += 1  # the update replaces the invitation already sent
            booking.reminder_sent_at = None  # the reminder goes out again for the new time
            booking.candidate_confirmed_at = None  # the candidate confirms the new time
            booking.save(
                update_fields=[
                    "slot",
                    "calendar_sequence",
                    "reminder_sent_at",
                    "candidate_confirmed_at",
                ]
            )
            for recipient in ("adviser", "candidate", "staff"):
                mail_later(
                    emails.booking_moved,
                    booking_id=booking.pk,
                    recipient=recipient,
                    previous_start=previous_start.isoformat(),
                    by_staff=by_staff,
                )
    except IntegrityError:
        raise SlotTaken(MOVE_TAKEN_MESSAGE) from None
    return booking


def booking_delete_refusal(booking: Booking, *, now=None) -> str:
    """Why staff may not delete the booking yet ("" when they may): one still ahead would
    free the time without a word to anyone, and a cancellation's notices are built from the
    booking when they are sent (the mail queue tries for about 33 hours)."""
    now = now or timezone.now()
    if Booking.objects.open(now=now).filter(pk=booking.pk).exists():
        return (
            "Bookingen gjelder fortsatt. Avbestill den først, så får veilederen og kandidaten "
            "beskjed; to døgn senere kan du slette den."
        )
    if booking.status == Status.CANCELLED and booking.cancelled_at > now - NOTICE_TIME:
        return (
            "Bookingen ble avbestilt nylig, og beskjeden om det kan fortsatt være på vei. "
            "Du kan slette den to døgn etter avbestillingen."
        )
    return ""


def booking_delete(*, booking: Booking, now=None) -> None:
    """Staff delete a booking, e.g. for a candidate who asks to be forgotten: one ahead is
    cancelled first, and deleted once the cancellation has surely been sent."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        refusal = booking_delete_refusal(booking, now=now)
        if refusal:
            raise BookingError(refusal)
        booking_id = booking.pk
        booking.delete()
        admin_log_scrub(model=Booking, object_ids=[booking_id])  # its initials, too


def _lock_for_correction(booking: Booking, *, now) -> Booking:
    booking = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    if booking.status != Status.ACTIVE or booking.slot.starts_at <= now:
        raise BookingError(
            "Samtalen er avbestilt, avsluttet eller i gang, så du kan ikke endre opplysningene."
        )
    return booking


def _correct_candidate_locked(
    booking: Booking, *, candidate_name: str, candidate_email: str, now
) -> tuple[bool, bool]:
    """Writes the checked name and address into the locked `booking`; a new address gets a
    new invitation (within the daily limit). Returns whether the name and whether the
    address the booking has changed."""
    name_corrected = candidate_name != booking.candidate_name
    address_before = booking.candidate_email
    booking.candidate_name = candidate_name
    fields = ["candidate_name"]
    if candidate_email.lower() != booking.candidate_email.lower():
        withheld = bool(candidate_email) and not _claim_invitation(candidate_email, now=now)
        booking.candidate_email = "" if withheld else candidate_email
        booking.candidate_invitation_withheld = withheld
        booking.candidate_confirmed_at = None  # the old address's confirmation is void
        fields += ["candidate_email", "candidate_invitation_withheld", "candidate_confirmed_at"]
        if booking.candidate_email:
            mail_later(emails.candidate_invitation, booking_id=booking.pk)
    booking.save(update_fields=fields)
    return name_corrected, booking.candidate_email.lower() != address_before.lower()


def _tell_adviser_of_candidate(
    booking: Booking, *, name_corrected: bool, address_corrected: bool, by_staff: bool
) -> None:
    """The adviser hears of a corrected name or address: a new name updates their calendar
    entry, which names the candidate (same UID, higher SEQUENCE)."""
    if name_corrected:
        Booking.objects.filter(pk=booking.pk).update(calendar_sequence=F("calendar_sequence") + 1)
    mail_later(
        emails.booking_candidate_corrected,
        booking_id=booking.pk,
        name_corrected=name_corrected,
        address_corrected=address_corrected,
        by_staff=by_staff,
    )


def booking_correct_candidate(
    *, booking: Booking, candidate_name: str, candidate_email: str, now=None
) -> Booking:
    """The adviser corrects the candidate's first name and e-mail address before the
    appointment. A new address gets a new invitation (within the daily limit per address;
    past it the booking is kept without the address, as at booking); the link sent to the
    old address stops working, as it is bound to the address it was sent to. A new name
    updates the adviser's calendar entry (the candidate's does not name them). Sets
    `adviser_told` on the booking returned."""
    now = now or timezone.now()
    candidate_name, candidate_email = _checked_candidate(candidate_name, candidate_email)
    with transaction.atomic():
        booking = _lock_for_correction(booking, now=now)
        name_corrected, _ = _correct_candidate_locked(
            booking, candidate_name=candidate_name, candidate_email=candidate_email, now=now
        )
        if name_corrected:
            _tell_adviser_of_candidate(
                booking, name_corrected=True, address_corrected=False, by_staff=False
            )
    booking.adviser_told = name_corrected
    return booking


# What staff may correct in a booking's admin form; the rest is its history.
STAFF_CORRECTABLE = (
    "organisation",
    "adviser_role",
    "phone",
    "question",
    "candidate_name",
    "candidate_email",
    "adviser_attends",
    "call_to",
    "call_number",
)


def booking_staff_correct(*, booking: Booking, changes: dict, now=None) -> Booking:
    """Staff's corrections from the booking's admin form, before the appointment, by the
    rules the adviser's form follows: the candidate's name and address as
    booking_correct_candidate does (a new address gets the invitation and confirms anew),
    the workplace and role on one line, and for a phone appointment whom we call on which
    number as at booking. Who is told: a new number whoever reads it (booking_place_changed);
    a corrected candidate name or address the adviser, who booked with the old one, in that
    same e-mail or in one of its own; the adviser's own details and question nobody. Sets
    `told_of_place` (the recipients of a new number) and `adviser_told` on the booking
    returned."""
    now = now or timezone.now()
    unknown = set(changes) - set(STAFF_CORRECTABLE)
    if unknown:
        raise ValueError(f"Not correctable here: {', '.join(sorted(unknown))}")
    if not changes:
        booking.told_of_place, booking.adviser_told = [], False
        return booking
    changes = {
        name: one_line(value) if name in ("organisation", "adviser_role") else value
        for name, value in changes.items()
    }
    if contains_email_address(changes.get("organisation", "")):  # kept when anonymised
        raise FieldError(ORGANISATION_WITH_ADDRESS, field="organisation")
    if changes.get("phone") and not PHONE_NUMBER.match(changes["phone"].strip()):
        raise FieldError(PHONE_NUMBER_MESSAGE, field="phone")
    with transaction.atomic():
        current = _lock_for_correction(booking, now=now)
        address_before = current.candidate_email
        name_corrected = address_corrected = False
        if {"candidate_name", "candidate_email"} & set(changes):
            candidate_name, candidate_email = _checked_candidate(
                changes.get("candidate_name", current.candidate_name),
                changes.get("candidate_email", current.candidate_email),
            )
            name_corrected, address_corrected = _correct_candidate_locked(
                current, candidate_name=candidate_name, candidate_email=candidate_email, now=now
            )
        call = {
            name: changes.get(name, getattr(current, name))
            for name in ("call_to", "call_number", "adviser_attends")
        }
        if current.slot.format == Format.PHONE:
            problem = phone_call_problem(**call)
            if problem:
                raise BookingError(problem)
        elif call["call_to"] or call["call_number"]:
            raise BookingError("Hvem vi ringer, gjelder bare samtaler på telefon.")
        plain = {
            name: value
            for name, value in changes.items()
            if name not in ("candidate_name", "candidate_email")
        }
        recipients = []
        if plain:
            told = _join_texts(current)
            Booking.objects.filter(pk=current.pk).update(**plain)
            corrected = Booking.objects.select_related("slot").get(pk=current.pk)
            # Whom we call on which number is in the invitations sent: who reads it otherwise
            # now gets it, with the calendar entry updated, as for a new place.
            now_told = _join_texts(corrected)
            changed = [r for r in ("adviser", "candidate") if now_told[r] != told[r]]
            # A new address gets the invitation, built as it is sent with the new details in
            # it: no «nytt nummer» beside it about what it was never told.
            invited_anew = corrected.candidate_email != address_before
            recipients = [r for r in changed if not (r == "candidate" and invited_anew)]
            if recipients:
                _announce_new_place(
                    corrected,
                    previous_place="",
                    previous_places=told,
                    first_link=False,
                    recipients=recipients,
                    candidate_told="candidate" in changed,
                    candidate_corrected={
                        name: True
                        for name, corrected in (
                            ("name_corrected", name_corrected),
                            ("address_corrected", address_corrected),
                        )
                        if corrected
                    },
                )
        # The adviser booked with the name and address staff corrected: one e-mail, the
        # new number's when there is one.
        adviser_told = (name_corrected or address_corrected) and "adviser" not in recipients
        if adviser_told:
            _tell_adviser_of_candidate(
                current,
                name_corrected=name_corrected,
                address_corrected=address_corrected,
                by_staff=True,
            )
    corrected = Booking.objects.get(pk=booking.pk)
    corrected.told_of_place = recipients
    corrected.adviser_told = adviser_told or "adviser" in recipients
    return corrected


def booking_resend_invitation(*, booking: Booking, now=None) -> Booking:
    """Sends the candidate's invitation again (to the address the booking has), within the
    daily limit per address."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _lock_for_correction(booking, now=now)
        if not booking.candidate_email:
            raise BookingError("Bookingen har ingen e-postadresse til kandidaten. Skriv den inn.")
        if not _claim_invitation(booking.candidate_email, now=now):
            limit = conf.invitations_per_address_per_day()
            raise BookingError(
                f"Adressen har allerede fått {limit} invitasjoner fra oss det siste døgnet, og "
                "mer sender vi ikke. Gi kandidaten tidspunktet selv, eller prøv igjen i morgen."
            )
        mail_later(emails.candidate_invitation, booking_id=booking.pk)
    return booking


def booking_set_outcome(*, booking: Booking, status: str, now=None) -> Booking:
    """Staff mark a held appointment completed or no-show (and may correct it later)."""
    now = now or timezone.now()
    if status not in (Status.COMPLETED, Status.NO_SHOW):
        raise ValueError(status)
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
        if booking.status == Status.CANCELLED:
            raise BookingError(f"{booking} er avbestilt.")
        if booking.slot.starts_at > now:
            raise BookingError(f"{booking} har ikke startet ennå.")
        booking.status = status
        booking.save(update_fields=["status"])
    return booking


def booking_from_candidate_token(token: str, *, now=None, until_end: bool = False) -> Booking:
    """The booking of a candidate's link while the link is valid: signed by us, for the
    address the booking has now, and the booking active and not yet started (`until_end`:
    not yet over, for the page, which a candidate running late opens for how to join). No
    fixed age: a slot may be weeks ahead (ASSESSMENTS_WEEKS_SHOWN), and the link must work
    until then."""
    now = now or timezone.now()
    ahead = Q(slot__ends_at__gt=now) if until_end else Q(slot__starts_at__gt=now)
    try:
        pk, digest = signing.loads(token, salt=CANDIDATE_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        raise InvalidLink(
            "Lenken virker ikke. Den er kanskje ikke kopiert helt. "
            "Ta kontakt med veilederen som booket samtalen."
        ) from None
    booking = (
        Booking.objects.select_related("slot").filter(ahead, pk=pk, status=Status.ACTIVE).first()
    )
    if booking is None:
        raise InvalidLink("Samtalen er avbestilt eller allerede holdt, så lenken virker ikke.")
    # An address removed from the booking is changed, too: the appointment still stands.
    if not booking.candidate_email or not constant_time_compare(
        digest, address_digest(booking.candidate_email)
    ):
        raise InvalidLink(
            "Lenken gjelder ikke lenger: e-postadressen i bookingen er endret. "
            "Ta kontakt med veilederen som booket samtalen."
        )
    return booking


class TimeChanged(BookingError):
    """The booking moved to another time after the candidate's page was shown; `booking` is
    the booking as it is now."""

    def __init__(self, booking: Booking):
        super().__init__(
            "Samtalen har fått en ny tid siden du åpnet siden, så vi har ikke lagret noe. "
            "Se den nye tiden nedenfor, og bekreft hvis den passer."
        )
        self.booking = booking


def booking_confirm_candidate(
    *, token: str, needs_adaptation: bool = False, seen_slot_id: int | None = None, now=None
) -> Booking:
    """The candidate confirms from their link, and says whether they need adaptation (a yes
    or no the consultant sees; never free text). Staff are told when it turns to yes. With
    `seen_slot_id` (the time the page showed), a booking moved since is not confirmed:
    TimeChanged (a move asks the candidate to confirm the new time)."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = booking_from_candidate_token(token, now=now)
        booking = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
        if seen_slot_id is not None and seen_slot_id != booking.slot_id:
            raise TimeChanged(booking)
        newly_needed = needs_adaptation and not booking.needs_adaptation
        if booking.candidate_confirmed_at is None:
            booking.candidate_confirmed_at = now
        booking.needs_adaptation = needs_adaptation
        booking.save(update_fields=["candidate_confirmed_at", "needs_adaptation"])
        if newly_needed:
            mail_later(emails.staff_needs_adaptation, booking_id=booking.pk)
    return booking


def bookings_send_reminders(*, now=None) -> int:
    """Reminds each booking once: the row is claimed by a conditional update first."""
    now = now or timezone.now()
    sent = 0
    for pk in Booking.objects.due_for_reminder(now=now).values_list("pk", flat=True):
        with transaction.atomic():
            claimed = Booking.objects.filter(
                pk=pk, reminder_sent_at__isnull=True, status=Status.ACTIVE
            ).update(reminder_sent_at=now)
            if claimed:
                for recipient in ("adviser", "candidate"):
                    mail_later(emails.booking_reminder, booking_id=pk, recipient=recipient)
                sent += 1
    return sent


def months_before(moment: datetime, months: int) -> datetime:
    local = timezone.localtime(moment)
    year, month0 = divmod(local.year * 12 + local.month - 1 - months, 12)
    day = min(local.day, calendar.monthrange(year, month0 + 1)[1])
    return local.replace(year=year, month=month0 + 1, day=day)


# What anonymising a booking blanks: everything that names or reaches a person. The NAV office
# or measure, the slot, the outcome and the times stay, for the centre's statistics.
ANONYMISED_FIELDS = {
    "adviser": None,
    "consent_confirmed_by": None,
    "adviser_role": "",
    "phone": "",
    "call_number": "",
    "needs_adaptation": False,
    "candidate_name": "",
    "candidate_email": "",
    "question": "",
    "cancellation_message": "",
}
# A cancelled booking keeps what its cancellation notices are built from until they have
# surely been sent: longer than the mail queue goes on trying (erfaringssentrum/core/mailqueue.py,
# about 33 hours). So a booking cancelled because its adviser deleted their account keeps the
# candidate's address that long (the retention job then removes it), and staff delete a
# cancelled booking no sooner.
NOTICE_TIME = timedelta(days=2)


def bookings_past_retention(*, now):
    cutoff = months_before(now, conf.retention_months())
    return Booking.objects.filter(
        Q(slot__starts_at__lt=cutoff)
        | Q(
            adviser__isnull=True,
            status=Status.CANCELLED,
            cancelled_at__lt=now - NOTICE_TIME,
        )
    )


def bookings_anonymise(*, now=None, bookings=None) -> int:
    """Removes personal data from bookings past their retention (or from the given bookings,
    e.g. when an adviser deletes their account), and from what the admin's log says of them."""
    now = now or timezone.now()
    if bookings is None:
        bookings = bookings_past_retention(now=now)
    ids = list(bookings.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    Booking.objects.filter(pk__in=ids).update(**ANONYMISED_FIELDS, anonymised_at=now)
    admin_log_scrub(model=Booking, object_ids=ids)
    return len(ids)


def bookings_anonymise_but_the_candidates_address(*, bookings) -> None:
    """For bookings just cancelled because their adviser deleted the account: everything
    personal goes now but the address the candidate's cancellation notice is sent to, which
    the retention job removes after NOTICE_TIME (see bookings_past_retention).
    The notice then greets the candidate without a name."""
    fields = {name: value for name, value in ANONYMISED_FIELDS.items() if name != "candidate_email"}
    ids = list(bookings.values_list("pk", flat=True))
    Booking.objects.filter(pk__in=ids).update(**fields)
    admin_log_scrub(model=Booking, object_ids=ids)


# --- Consultant calendar feed ----------------------------------------------------------------


def calendar_feed_get(*, consultant) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(consultant=consultant)
    return feed


def calendar_feed_reset(*, consultant) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed = calendar_feed_get(consultant=consultant)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    return feed


# --- Advisers: who may book ------------------------------------------------------------------


def trusted_domain_save(*, entry: TrustedEmailDomain, now=None) -> list[AdviserApproval]:
    """Saves a trusted domain (staff in admin). It approves advisers who confirm an address
    on it from now on, and those already waiting with a confirmed address on it, who are told
    by e-mail (they are not on the site to see it). Returns the approvals it made."""
    now = now or timezone.now()
    entry.domain = normalise_domain(entry.domain)
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        covered = _waiting_advisers_covered_by(entry)
        approvals = list(  # locked in the order advisers_notify_staff locks them
            AdviserApproval.objects.waiting()
            .select_for_update()
            .filter(user_id__in=covered)
            .order_by("created_at")
        )
        for approval in approvals:
            approval.status, approval.trusted_domain = ApprovalStatus.APPROVED, entry.domain
            approval.decided_at, approval.decided_by = now, None
            approval.save()
            mail_later(emails.adviser_approved, approval_id=approval.pk)
    return approvals


def _waiting_advisers_covered_by(entry: TrustedEmailDomain) -> set[int]:
    """The ids of advisers waiting for approval with a confirmed address the entry covers
    (one query, however many wait)."""
    addresses = EmailAddress.objects.filter(
        entry.approves(), verified=True, user__adviser_approval__status=ApprovalStatus.WAITING
    )
    return set(addresses.values_list("user_id", flat=True))


def trusted_domain_delete(*, entry: TrustedEmailDomain) -> None:
    """Removes a domain from the list; advisers approved through it stay approved."""
    entry.delete()


def adviser_email_confirmed(*, user, email: str, now=None) -> AdviserApproval | None:
    """An account confirmed `email`: on a trusted domain it is approved at once; otherwise
    it starts waiting for staff (once). A decision staff made stands."""
    if user.is_staff:
        return None
    now = now or timezone.now()
    domain = email_domain(email)
    trusted = TrustedEmailDomain.objects.covering(domain).first() if domain else None
    with transaction.atomic():
        _lock_user(user)
        approval = AdviserApproval.objects.filter(user=user).first()
        if approval is None:
            approval = AdviserApproval(user=user, created_at=now)
        elif approval.status != ApprovalStatus.WAITING or trusted is None:
            return approval
        if trusted is not None:
            approval.status = ApprovalStatus.APPROVED
            approval.decided_at = now
            approval.trusted_domain = trusted.domain
        else:
            approval.status = ApprovalStatus.WAITING
        approval.save()
    return approval


def adviser_logged_in(*, user, now=None) -> AdviserApproval | None:
    """An account that logs in with a confirmed address but has no approval (it was staff,
    or was made in admin) is decided as at confirmation: approved by a trusted domain, or
    waiting for staff. Else nobody could ever approve it: staff only decide on those listed."""
    if user.is_staff or AdviserApproval.objects.filter(user=user).exists():
        return None
    confirmed = EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "pk")
    addresses = list(confirmed.values_list("email", flat=True))
    if not addresses:
        return None
    # An address on a trusted domain approves, whichever of them it is.
    covered = TrustedEmailDomain.objects.covering
    trusted = [a for a in addresses if covered(email_domain(a)).exists()]
    return adviser_email_confirmed(user=user, email=(trusted or addresses)[0], now=now)


def _on_domain(address: str, domain: str) -> bool:
    """Whether `address` is on `domain` or a subdomain of it."""
    on = email_domain(address)
    return domain in (on, *parent_domains(on))


def adviser_email_removed(*, user) -> AdviserApproval | None:
    """An address was removed from an account a trusted domain approved: with no confirmed
    address left on the domain that approved it (whether still trusted or not), nothing shows
    any more that the adviser works there, so the account waits for staff again (told with
    the next «venter» notice). Bookings already made stand, and so do staff's approvals."""
    with transaction.atomic():
        _lock_user(user)
        approval = (
            AdviserApproval.objects.filter(user=user, status=ApprovalStatus.APPROVED)
            .exclude(trusted_domain="")
            .first()
        )
        if approval is None:
            return None
        confirmed = EmailAddress.objects.filter(user=user, verified=True)
        if any(
            _on_domain(e, approval.trusted_domain)
            for e in confirmed.values_list("email", flat=True)
        ):
            return approval
        approval.status = ApprovalStatus.WAITING
        approval.trusted_domain = ""
        approval.decided_at = None
        approval.staff_notified_at = None
        approval.save()
    return approval


def _decide(*, approval: AdviserApproval, status: str, by, reason: str, now) -> AdviserApproval:
    with transaction.atomic():
        approval = (
            AdviserApproval.objects.select_for_update().select_related("user").get(pk=approval.pk)
        )
        if approval.status == status:
            label = ApprovalStatus(status).label.lower()
            raise BookingError(f"{approval.user} er allerede {label}.")
        approval.status, approval.reason, approval.trusted_domain = status, reason, ""
        approval.decided_at, approval.decided_by = now, by
        approval.save()
        approved = status == ApprovalStatus.APPROVED
        builder = emails.adviser_approved if approved else emails.adviser_rejected
        mail_later(builder, approval_id=approval.pk)
    return approval


def adviser_approve(*, approval: AdviserApproval, by, now=None) -> AdviserApproval:
    """Staff approve an adviser, who is told by e-mail."""
    return _decide(
        approval=approval,
        status=ApprovalStatus.APPROVED,
        by=by,
        reason="",
        now=now or timezone.now(),
    )


def adviser_reject(*, approval: AdviserApproval, by, reason: str, now=None) -> AdviserApproval:
    """Staff reject an adviser (or withdraw an approval), who gets the reason by e-mail.
    Bookings already made are kept; staff cancel them separately if they must."""
    reason = reason.strip()
    if not reason:
        raise BookingError("Skriv en begrunnelse. Den sendes til veilederen.")
    return _decide(
        approval=approval,
        status=ApprovalStatus.REJECTED,
        by=by,
        reason=reason,
        now=now or timezone.now(),
    )


def advisers_notify_staff(*, now=None) -> int:
    """One e-mail to staff listing everyone who started waiting since the last one, at most
    one per clock hour (the hourly job sends it). Returns how many it listed."""
    now = now or timezone.now()
    this_hour = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        last = AdviserApproval.objects.aggregate(last=Max("staff_notified_at"))["last"]
        if last is not None and last >= this_hour:
            return 0
        # A second run at the same time waits for these rows, then finds them notified.
        ids = list(
            AdviserApproval.objects.waiting()
            .filter(staff_notified_at__isnull=True)
            .select_for_update()
            .order_by("created_at")
            .values_list("pk", flat=True)
        )
        if ids:
            AdviserApproval.objects.filter(pk__in=ids).update(staff_notified_at=now)
            mail_later(emails.staff_advisers_waiting, notified_at=now.isoformat())
    return len(ids)
