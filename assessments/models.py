import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.dateformat import format as date_format

from . import conf


class Format(models.TextChoices):
    DIGITAL = "digital", "Digitalt"
    PHONE = "telefon", "Telefon"
    IN_PERSON = "oppmote", "Oppmøte"


class SlotQuerySet(models.QuerySet):
    def with_active_booking(self):
        return self.annotate(
            is_booked=Exists(Booking.objects.holding_slot().filter(slot=OuterRef("pk")))
        )

    def bookable(self, *, now=None):
        """Published, free, and far enough ahead to respect the booking lead time."""
        now = now or timezone.now()
        return (
            self.filter(is_published=True, starts_at__gte=now + conf.lead_time())
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
            "Ved telefon: hvem som ringer hvem (for eksempel «Vi ringer veilederen»)."
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
        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        return f"{date_format(start, 'l j. F Y')} kl. {start:%H.%M}–{end:%H.%M}"

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
                else ("Telefon – vi ringer telefonnummeret i bookingen.")
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
        """Active, not reminded, starting after now and no later than the end of tomorrow."""
        now = now or timezone.now()
        tomorrow = timezone.localdate(now) + timedelta(days=1)
        end_of_tomorrow = timezone.make_aware(datetime.combine(tomorrow, time.max))
        return self.filter(
            status=Status.ACTIVE,
            reminder_sent_at__isnull=True,
            slot__starts_at__gt=now,
            slot__starts_at__lte=end_of_tomorrow,
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
    candidate_name = models.CharField("kandidatens fornavn eller initialer", max_length=40)
    candidate_email = models.EmailField("kandidatens e-post", blank=True)
    adviser_attends = models.BooleanField("veilederen blir med", default=False)
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

    @property
    def calendar_uid(self) -> str:
        return f"vurdering-{self.pk}@erfaringssentrum"

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
