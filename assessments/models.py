import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.validators import DomainNameValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.text import get_text_list

from erfaringssentrum.core import dates
from erfaringssentrum.core.calendar import event_uid
from erfaringssentrum.core.prepared import PreparedRows

from . import conf
from .addresses import parent_domains


class Format(models.TextChoices):
    # Stored codes are English, as in every app; the labels are what people see.
    DIGITAL = "digital", "Digitalt"
    PHONE = "phone", "Telefon"
    IN_PERSON = "in_person", "Oppmøte"


FORMAT_PHRASES = {
    Format.DIGITAL: "digitalt",
    Format.PHONE: "på telefon",
    Format.IN_PERSON: "ved oppmøte hos oss",
}


def formats_text(formats) -> str:
    """How the given slots are held, in words: "digitalt eller på telefon" ("" for none).

    Pages say this from the slots staff have published, never as fixed text."""
    formats = set(formats)
    return get_text_list([FORMAT_PHRASES[f] for f in Format if f in formats], "eller")


class SlotQuerySet(models.QuerySet):
    def with_active_booking(self):
        return self.annotate(
            is_booked=Exists(Booking.objects.holding_slot().filter(slot=OuterRef("pk")))
        )

    def bookable(self, *, now=None):
        """Published, free, far enough ahead to respect the booking lead time, and with a
        consultant still with us (an account made inactive keeps its slots, unoffered)."""
        now = now or timezone.now()
        return (
            self.filter(
                is_published=True,
                starts_at__gte=now + conf.lead_time(),
                consultant__is_active=True,
            )
            .with_active_booking()
            .filter(is_booked=False)
            .select_related("consultant")
            .order_by("starts_at")
        )

    def shown(self, *, now=None):
        """What /vurdering/ offers: bookable slots within the coming weeks."""
        now = now or timezone.now()
        return self.bookable(now=now).filter(
            starts_at__lt=now + timedelta(weeks=conf.weeks_shown())
        )

    def overlapping(self, *, consultant, starts_at, ends_at):
        return self.filter(consultant=consultant, starts_at__lt=ends_at, ends_at__gt=starts_at)


class Slot(models.Model):
    starts_at = models.DateTimeField("starter", db_index=True)
    ends_at = models.DateTimeField("slutter")
    format = models.CharField("form", max_length=10, choices=Format.choices)
    location = models.CharField(
        "sted eller videolenke",
        max_length=300,
        blank=True,
        help_text=(
            "Adresse ved oppmøte, lenke til videomøtet ved digital samtale. "
            "Ved telefon: la feltet stå tomt – bookingen sier hvem vi ringer og på hvilket "
            "nummer."
        ),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ansvarlig konsulent",
        on_delete=models.PROTECT,
        related_name="assessment_slots",
        limit_choices_to={"is_staff": True},
    )
    is_published = models.BooleanField(
        "publisert", default=True, help_text="Bare publiserte tider kan bookes."
    )
    created_at = models.DateTimeField("opprettet", auto_now_add=True)

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = "ledig tid"
        verbose_name_plural = "ledige tider"
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["consultant", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_it_starts"
            )
        ]

    def __str__(self):
        return f"{self.label()} ({self.get_format_display().lower()})"

    def label(self) -> str:
        return dates.when(self.starts_at, self.ends_at)

    def join_text(self) -> str:
        """Where to go or how to join, in one line for e-mails, pages and calendars."""
        if self.format == Format.DIGITAL:
            return (
                f"Digitalt møte: {self.location}"
                if self.location
                else ("Digitalt møte – vi sender lenken før samtalen.")
            )
        if self.format == Format.PHONE:
            return (
                f"Telefon: {self.location}"
                if self.location
                else ("Telefon – i skjemaet sier du hvem vi skal ringe, og på hvilket nummer.")
            )
        return f"Oppmøte: {self.location}" if self.location else "Oppmøte hos Erfaringssentrum."

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class Status(models.TextChoices):
    ACTIVE = "active", "Booket"
    COMPLETED = "completed", "Gjennomført"
    NO_SHOW = "no_show", "Møtte ikke"
    CANCELLED = "cancelled", "Avbestilt"


class CallTo(models.TextChoices):
    """Whom we call for an appointment on the phone."""

    CANDIDATE = "candidate", "Kandidaten"
    ADVISER = "adviser", "Veilederen, med kandidaten ved siden av"


# The day-before reminders go out from this hour, Norwegian time, not in the night.
REMINDER_HOUR = 9


class BookingQuerySet(models.QuerySet):
    def holding_slot(self):
        """Bookings that keep their slot taken (everything except cancelled ones)."""
        return self.exclude(status=Status.CANCELLED)

    def for_adviser(self, user):
        return self.filter(adviser=user)

    def open(self, *, now=None):
        """Active bookings that have not started yet (they count towards the limit)."""
        now = now or timezone.now()
        return self.filter(status=Status.ACTIVE, slot__starts_at__gt=now)

    def upcoming(self, *, now=None):
        now = now or timezone.now()
        return self.filter(slot__ends_at__gt=now).order_by("slot__starts_at")

    def past(self, *, now=None):
        now = now or timezone.now()
        return self.filter(slot__ends_at__lte=now).order_by("-slot__starts_at")

    def due_for_reminder(self, *, now=None):
        """Active, not reminded, starting after now and no later than the end of tomorrow,
        from REMINDER_HOUR (Norwegian time) on; before that, only today's. The hourly job
        would otherwise remind everyone with an appointment tomorrow just after midnight.
        A booking made the day before its appointment (or later) is not reminded: its
        invitation came that day, and a reminder an hour after it says nothing new."""
        now = now or timezone.now()
        today = timezone.localdate(now)
        daytime = timezone.localtime(now).hour >= REMINDER_HOUR
        last_day = today + timedelta(days=1) if daytime else today
        end_of_last_day = timezone.make_aware(datetime.combine(last_day, time.max))

        def day_start(day):
            return timezone.make_aware(datetime.combine(day, time.min))

        tomorrow_starts = day_start(today + timedelta(days=1))
        booked_before_the_day_before = Q(
            slot__starts_at__lt=tomorrow_starts,
            created_at__lt=day_start(today - timedelta(days=1)),
        ) | Q(slot__starts_at__gte=tomorrow_starts, created_at__lt=day_start(today))
        return self.filter(
            booked_before_the_day_before,
            status=Status.ACTIVE,
            reminder_sent_at__isnull=True,
            slot__starts_at__gt=now,
            slot__starts_at__lte=end_of_last_day,
        )


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class Booking(models.Model):
    slot = models.ForeignKey(
        Slot, verbose_name="tid", on_delete=models.PROTECT, related_name="bookings"
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="veileder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessment_bookings",
    )
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    organisation = models.CharField("NAV-kontor eller tiltak", max_length=150, db_index=True)
    adviser_role = models.CharField("veilederens rolle", max_length=100, blank=True)
    phone = models.CharField("telefon", max_length=20, blank=True)
    candidate_name = models.CharField("kandidatens fornavn", max_length=40)
    candidate_email = models.EmailField("kandidatens e-post", blank=True)
    candidate_invitation_withheld = models.BooleanField(
        "invitasjon til kandidaten holdt tilbake",
        default=False,
        help_text="Adressen hadde fått så mange invitasjoner det siste døgnet som vi sender.",
    )
    adviser_attends = models.BooleanField("veilederen blir med", default=False)
    call_to = models.CharField(
        "hvem vi ringer",
        max_length=10,
        choices=CallTo.choices,
        blank=True,
        help_text="Bare for samtaler på telefon.",
    )
    call_number = models.CharField(
        "nummeret vi ringer",
        max_length=20,
        blank=True,
        help_text="Kandidatens eget nummer, eller veilederens når kandidaten sitter der.",
    )
    needs_adaptation = models.BooleanField(
        "kandidaten trenger tilrettelegging",
        default=False,
        help_text="Kandidaten har krysset av for dette på sin egen side. Ta det opp med "
        "kandidaten eller veilederen før samtalen.",
    )
    question = models.TextField("hva som ønskes avklart", max_length=500, blank=True)
    consent_confirmed_at = models.DateTimeField("samtykke bekreftet")
    consent_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="samtykke bekreftet av",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    consent_version = models.CharField("versjon av samtykketeksten", max_length=20)
    candidate_confirmed_at = models.DateTimeField("kandidaten bekreftet", null=True, blank=True)
    created_at = models.DateTimeField("booket", default=timezone.now)
    cancelled_at = models.DateTimeField("avbestilt", null=True, blank=True)
    cancelled_by_staff = models.BooleanField("avbestilt av senteret", default=False)
    cancellation_message = models.TextField("melding ved avbestilling", blank=True)
    reminder_sent_at = models.DateTimeField("påminnelse sendt", null=True, blank=True)
    anonymised_at = models.DateTimeField("anonymisert", null=True, blank=True)
    # SEQUENCE of the calendar event (RFC 5546): raised with each change sent out, so calendars
    # take a cancellation as newer than the invitation it replaces.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = "booking"
        verbose_name_plural = "bookinger"
        ordering = ["slot__starts_at"]
        constraints = [
            # The backstop for the lock in booking_create: one booking per slot at a time.
            models.UniqueConstraint(
                fields=["slot"],
                condition=~Q(status="cancelled"),
                name="one_active_booking_per_slot",
            )
        ]
        indexes = [
            models.Index(fields=["adviser", "status"]),
            models.Index(fields=["status", "reminder_sent_at"]),
        ]

    def __str__(self):
        return f"{self.slot.label()} – {self.candidate_initials or 'anonymisert'}"

    @property
    def candidate_initials(self) -> str:
        return "".join(f"{part[0].upper()}." for part in self.candidate_name.split() if part)

    def call_text(self, *, for_candidate: bool = False, with_number: bool = True) -> str:
        """Whom we call on which number, in one sentence (the candidate is not given the
        adviser's number: they need only know that the adviser is called)."""
        number = f" på {self.call_number}" if self.call_number and with_number else ""
        if self.call_to == CallTo.CANDIDATE:
            return f"Vi ringer {'deg' if for_candidate else 'kandidaten'}{number}."
        if self.call_to == CallTo.ADVISER:
            if for_candidate:
                return "Vi ringer veilederen din, og du sitter sammen med veilederen."
            return f"Vi ringer veilederen{number}, og kandidaten sitter sammen med veilederen."
        return ""

    def join_text(self, *, for_candidate: bool = False, with_number: bool = True) -> str:
        """How this appointment is held, for pages, e-mails and calendars: for the phone,
        whom we call on which number."""
        if self.slot.format == Format.PHONE and self.call_to:
            call = self.call_text(for_candidate=for_candidate, with_number=with_number)
            return f"Telefon: {call}"
        return self.slot.join_text()

    @property
    def calendar_uid(self) -> str:
        return event_uid("vurdering", self.pk)

    def is_cancellable(self, *, now=None) -> bool:
        now = now or timezone.now()
        return self.status == Status.ACTIVE and self.slot.starts_at - conf.cancel_cutoff() >= now


class CalendarFeed(models.Model):
    """A consultant's secret iCalendar feed address (their booked slots, initials only)."""

    consultant = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="konsulent",
        on_delete=models.CASCADE,
        related_name="assessment_feed",
    )
    token = models.CharField("hemmelig nøkkel", max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField("opprettet", auto_now_add=True)

    class Meta:
        verbose_name = "kalenderabonnement"
        verbose_name_plural = "kalenderabonnementer"

    def __str__(self):
        return f"Kalender for {self.consultant}"


# --- Who may book: approved advisers ---------------------------------------------------------


class TrustedEmailDomainQuerySet(models.QuerySet):
    def covering(self, domain: str):
        """The entries that approve an address on `domain` (itself, or a parent that includes
        its subdomains)."""
        return self.filter(
            Q(domain=domain) | Q(include_subdomains=True, domain__in=parent_domains(domain))
        )


class TrustedEmailDomain(models.Model):
    """Advisers who confirm an address on one of these domains are approved at once."""

    domain = models.CharField(
        "domene",
        max_length=253,
        unique=True,
        validators=[DomainNameValidator()],
        help_text="Det som står etter @ i adressen, for eksempel nav.no.",
    )
    include_subdomains = models.BooleanField(
        "inkluder underdomener",
        default=False,
        help_text="Gjelder også adresser som slutter på et underdomene, for eksempel "
        "@oslo.nav.no når domenet er nav.no.",
    )
    created_at = models.DateTimeField("lagt til", auto_now_add=True)

    objects = TrustedEmailDomainQuerySet.as_manager()

    class Meta:
        verbose_name = "godkjent e-postdomene"
        verbose_name_plural = "godkjente e-postdomener"
        ordering = ["domain"]

    def __str__(self):
        return f"{self.domain} (med underdomener)" if self.include_subdomains else self.domain

    def approves(self) -> Q:
        """A filter on an `email` field: the addresses this entry approves (the other way
        round from `covering`, which finds the entries for one address's domain)."""
        addresses = Q(email__iendswith=f"@{self.domain}")
        if self.include_subdomains:
            addresses |= Q(email__iendswith=f".{self.domain}")
        return addresses


class ApprovalStatus(models.TextChoices):
    WAITING = "waiting", "Venter på godkjenning"
    APPROVED = "approved", "Godkjent"
    REJECTED = "rejected", "Avvist"


class AdviserApprovalQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=ApprovalStatus.WAITING)

    def status_for(self, user) -> str | None:
        """The user's approval status, or None when they have none. Staff are the centre's
        own people and book on advisers' behalf (by phone), so they count as approved.
        Every booking page and Min side asks, so its SQL is built once per process."""
        if user.is_staff and user.is_active:
            return ApprovalStatus.APPROVED
        rows = _approval_status_rows(user_id=user.pk)
        return rows[0][0] if rows else None


class AdviserApproval(models.Model):
    """Whether an account may book assessments. Created when the account confirms an e-mail
    address: approved at once on a trusted domain, otherwise waiting for staff."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="veileder",
        on_delete=models.CASCADE,
        related_name="adviser_approval",
    )
    status = models.CharField(
        "status", max_length=10, choices=ApprovalStatus.choices, db_index=True
    )
    created_at = models.DateTimeField("registrert", default=timezone.now)
    decided_at = models.DateTimeField("avgjort", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="avgjort av",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    trusted_domain = models.CharField("godkjent automatisk for domenet", max_length=253, blank=True)
    reason = models.TextField("begrunnelse for avslaget", max_length=1000, blank=True)
    staff_notified_at = models.DateTimeField("ansatte varslet", null=True, blank=True)

    objects = AdviserApprovalQuerySet.as_manager()

    class Meta:
        verbose_name = "godkjenning av veileder"
        verbose_name_plural = "godkjenning av veiledere"
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.user} – {self.get_status_display().lower()}"


# One row per user at most (a OneToOneField); any two ids find the id's place in the SQL.
_approval_status_rows = PreparedRows(
    lambda user_id: AdviserApproval.objects.filter(user_id=user_id).values_list("status")[:1],
    user_id=(-1, -2),
)


class CandidateInvitation(models.Model):
    """One invitation e-mail sent to a candidate address, for the limit per address and day.

    Only a keyed hash of the address is kept (see addresses.inbox_digest), with the time;
    rows older than the limit's window are deleted by the retention job.
    """

    address_digest = models.CharField("adressens nøkkelhash", max_length=64)
    sent_at = models.DateTimeField("sendt")

    class Meta:
        verbose_name = "invitasjon til kandidat"
        verbose_name_plural = "invitasjoner til kandidater"
        indexes = [models.Index(fields=["address_digest", "sent_at"])]

    def __str__(self):
        return f"Invitasjon {self.sent_at:%Y-%m-%d %H:%M}"
