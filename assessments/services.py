"""The rules for slots and bookings. Views, admin and commands call these; nothing else writes."""

import calendar
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from erfaringssentrum.mailqueue import mail_later
from erfaringssentrum.pagecache import bump_content_version

from . import conf, emails
from .models import Booking, CalendarFeed, Slot, Status, new_feed_token
from .tokens import (
    CANDIDATE_SALT,
    booking_candidate_token,  # noqa: F401 - the services' API for views and tests
)

TAKEN_MESSAGE = (
    "Denne tiden ble nettopp booket av noen andre. Velg en annen ledig tid nedenfor – "
    "det du har skrevet, er tatt vare på."
)


class BookingError(Exception):
    """A rule stopped the action. The message is Norwegian and meant for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SlotTaken(BookingError):
    pass


class SlotUnavailable(BookingError):
    pass


class BookingLimitReached(BookingError):
    pass


class CancelTooLate(BookingError):
    pass


class SlotOverlap(BookingError):
    pass


class InvalidLink(BookingError):
    pass


# --- Slots ------------------------------------------------------------------------------------


def _describe(starts: list[datetime]) -> str:
    return ", ".join(f"{timezone.localtime(s):%d.%m.%Y kl. %H.%M}" for s in sorted(starts)[:10]) + (
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


def slot_create(*, consultant, starts_at, ends_at, format, location="", is_published=True) -> Slot:
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
        transaction.on_commit(bump_content_version)  # bulk_create sends no post_save
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
    changed = Slot.objects.filter(pk__in=[s.pk for s in slots]).update(is_published=published)
    transaction.on_commit(bump_content_version)  # update() sends no post_save
    return changed


# --- Bookings ---------------------------------------------------------------------------------


def _lock_user(user) -> None:
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()


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
    now=None,
) -> Booking:
    """Books a slot for a candidate: lock the slot, check it is still free, write."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            slot = Slot.objects.select_for_update().filter(pk=slot_id).first()
            if slot is None or not slot.is_published or slot.starts_at < now + conf.lead_time():
                raise SlotUnavailable(
                    "Denne tiden kan ikke lenger bookes. Velg en annen ledig tid nedenfor."
                )
            if slot.bookings.holding_slot().exists():
                raise SlotTaken(TAKEN_MESSAGE)
            # One adviser's bookings are serialised too, so two quick submits cannot pass
            # the limit together.
            _lock_user(adviser)
            limit = conf.max_open_bookings()
            if Booking.objects.for_adviser(adviser).open(now=now).count() >= limit:
                raise BookingLimitReached(
                    f"Du har allerede {limit} kommende bookinger, som er det meste en konto kan "
                    "ha samtidig. Avbestill en du ikke trenger, eller ta kontakt med oss."
                )
            booking = Booking.objects.create(
                slot=slot,
                adviser=adviser,
                organisation=organisation,
                adviser_role=adviser_role,
                phone=phone,
                candidate_name=candidate_name,
                candidate_email=candidate_email,
                adviser_attends=adviser_attends,
                question=question,
                consent_confirmed_at=now,
                consent_confirmed_by=adviser,
                consent_version=consent_version,
                created_at=now,
            )
            mail_later(emails.booking_confirmation, booking_id=booking.pk)
            if candidate_email:
                mail_later(emails.candidate_invitation, booking_id=booking.pk)
            mail_later(emails.staff_new_booking, booking_id=booking.pk)
    except IntegrityError:
        # The unique constraint caught a booking that the lock did not (e.g. on SQLite).
        raise SlotTaken(TAKEN_MESSAGE) from None
    return booking


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
        if check_cutoff and not by_staff and not booking.is_cancellable(now=now):
            hours = int(conf.cancel_cutoff().total_seconds() // 3600)
            raise CancelTooLate(
                f"Bookingen kan bare avbestilles på nettet frem til {hours} timer før samtalen. "
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


def booking_from_candidate_token(token: str, *, now=None) -> Booking:
    now = now or timezone.now()
    max_age = conf.candidate_link_max_age()
    try:
        pk = signing.loads(token, salt=CANDIDATE_SALT, max_age=max_age)
    except signing.BadSignature:
        raise InvalidLink("Lenken er ugyldig eller utløpt.") from None
    booking = (
        Booking.objects.select_related("slot")
        .filter(pk=pk, status=Status.ACTIVE, slot__starts_at__gt=now)
        .exclude(candidate_email="")
        .first()
    )
    if booking is None:
        raise InvalidLink("Samtalen er avbestilt eller allerede holdt, så lenken virker ikke.")
    return booking


def booking_confirm_candidate(*, token: str, now=None) -> Booking:
    now = now or timezone.now()
    booking = booking_from_candidate_token(token, now=now)
    Booking.objects.filter(pk=booking.pk, candidate_confirmed_at__isnull=True).update(
        candidate_confirmed_at=now
    )
    booking.refresh_from_db(fields=["candidate_confirmed_at"])
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


def bookings_anonymise(*, now=None, bookings=None) -> int:
    """Removes personal data from bookings whose appointment is older than the retention
    (or from the given bookings, e.g. when an adviser deletes their account)."""
    now = now or timezone.now()
    if bookings is None:
        cutoff = months_before(now, conf.retention_months())
        bookings = Booking.objects.filter(slot__starts_at__lt=cutoff)
    return bookings.filter(anonymised_at__isnull=True).update(
        adviser=None,
        consent_confirmed_by=None,
        adviser_role="",
        phone="",
        candidate_name="",
        candidate_email="",
        question="",
        cancellation_message="",
        anonymised_at=now,
    )


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
