"""Group courses (fellessamlinger): a course type, its rounds, signups, the date poll and the
interest list.

What the public sees as a course's state ("Påmelding åpen", "Fullt – venteliste" …) is derived
from the counts and the date (`Course.state`); `Course.status` only records staff decisions
(cancelled, completed).
"""

from datetime import timedelta

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from erfaringssentrum.core import dates
from erfaringssentrum.core.calendar import event_uid


class CourseType(models.Model):
    """What a course is about; each round of it is a `Course`. The interest list hangs here."""

    title = models.CharField("tittel", max_length=200)
    slug = models.SlugField("adresse", max_length=100, unique=True)
    summary = models.CharField("kort beskrivelse", max_length=300)
    description = models.TextField("beskrivelse", help_text="Markdown.")
    audience = models.CharField("for hvem", max_length=300)
    duration_minutes = models.PositiveSmallIntegerField(
        "varighet (minutter)", default=120, validators=[MinValueValidator(15)]
    )
    price = models.CharField(
        "pris",
        max_length=100,
        blank=True,
        help_text="Det deltakerne betaler, for eksempel «Gratis» eller «1 500 kr». "
        "Står feltet tomt, viser kurset ingen pris.",
    )
    # For the site search; filled by a database trigger on PostgreSQL
    # (erfaringssentrum/core/search.py).
    search_vector = SearchVectorField(null=True, editable=False)
    rank_vector = SearchVectorField(null=True, editable=False)  # title and summary only

    class Meta:
        verbose_name = "kurstype"
        verbose_name_plural = "kurstyper"
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def duration_text(self):
        hours, minutes = divmod(self.duration_minutes, 60)
        if not minutes:
            return f"{hours} timer" if hours != 1 else "1 time"
        return f"{self.duration_minutes} minutter"


# A course held in person whose place staff have not entered yet.
NO_PLACE_YET = "Stedet er ikke bestemt ennå"


class CourseQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(
            confirmed_count=Count("signups", filter=Q(signups__status=Signup.Status.CONFIRMED)),
            waiting_count=Count("signups", filter=Q(signups__status=Signup.Status.WAITING)),
        )

    def active(self):
        return self.filter(status=Course.Status.ACTIVE)

    def open_or_upcoming(self, *, now=None):
        """Courses the public can still sign up for (no date yet, or a date ahead)."""
        now = now or timezone.now()
        return self.active().filter(Q(starts_at__isnull=True) | Q(starts_at__gt=now))

    def in_public_order(self):
        return self.order_by(F("starts_at").asc(nulls_last=True), "created")

    def other_rounds_with_places(self, course, *, now=None):
        """Other rounds of `course`'s type that take signups and have a free seat: what a
        full round points to before its waiting list."""
        return (
            self.open_or_upcoming(now=now)
            .filter(course_type_id=course.course_type_id)
            .exclude(pk=course.pk)
            .with_counts()
            .filter(confirmed_count__lt=F("max_participants"))
            .select_related("course_type")
            .in_public_order()
        )


class Course(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Aktiv"
        CANCELLED = "cancelled", "Avlyst"
        COMPLETED = "completed", "Gjennomført"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "Fysisk oppmøte"
        VIDEO = "video", "Digitalt (video)"

    class State(models.TextChoices):
        COLLECTING = "collecting", "Påmelding åpen"
        MINIMUM_REACHED = "minimum_reached", "Nok påmeldte – dato settes snart"
        DATE_SET = "date_set", "Dato satt"
        FULL = "full", "Fullt – venteliste"
        UNDER_WAY = "under_way", "I gang"
        COMPLETED = "completed", "Gjennomført"
        CANCELLED = "cancelled", "Avlyst"

    course_type = models.ForeignKey(
        CourseType, verbose_name="kurstype", on_delete=models.PROTECT, related_name="courses"
    )
    slug = models.SlugField(
        "adresse",
        max_length=120,
        unique=True,
        help_text="Brukes i lenken: /kurs/<adresse>/. Kan ikke endres etter at kurset er lagret.",
    )
    expected_period = models.CharField(
        "forventet tidsrom",
        max_length=100,
        help_text="Vises til datoen er satt, for eksempel «februar eller mars 2027».",
    )
    format = models.CharField("form", max_length=20, choices=Format, default=Format.IN_PERSON)
    place = models.CharField(
        "sted", max_length=300, blank=True, help_text="Adresse ved fysisk oppmøte."
    )
    town = models.CharField(
        "by",
        max_length=100,
        blank=True,
        help_text="Byen ved fysisk oppmøte, for eksempel «Oslo». Kurskortene viser den.",
    )
    video_link = models.URLField(
        "videolenke", blank=True, help_text="Vises bare til bekreftede deltakere."
    )
    min_participants = models.PositiveSmallIntegerField(
        "minste antall deltakere", default=5, validators=[MinValueValidator(1)]
    )
    max_participants = models.PositiveSmallIntegerField(
        "største antall deltakere", default=10, validators=[MinValueValidator(1)]
    )
    starts_at = models.DateTimeField("tidspunkt", null=True, blank=True, db_index=True)
    status = models.CharField(
        "status", max_length=20, choices=Status, default=Status.ACTIVE, db_index=True
    )
    # Retention of a cancelled course's signups counts from here.
    cancelled_at = models.DateTimeField("avlyst", null=True, blank=True, editable=False)
    # Bumped every time the date changes, so calendar programs replace the invitation.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    minimum_reached_notified_at = models.DateTimeField(
        "ansatte varslet om nok påmeldte", null=True, blank=True, editable=False
    )
    poll_sent_at = models.DateTimeField(
        "datoavstemning sendt", null=True, blank=True, editable=False
    )
    # The proposed dates the poll was last sent with (services.poll_send): sent again with the
    # same dates within a few minutes is a double click, with new ones a new question.
    poll_sent_dates = models.TextField(blank=True, default="", editable=False)
    interest_notified_at = models.DateTimeField(
        "interesselisten varslet", null=True, blank=True, editable=False
    )
    previous_round = models.ForeignKey(
        "self",
        verbose_name="forrige runde",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_rounds",
        editable=False,
    )
    created = models.DateTimeField("opprettet", default=timezone.now, db_index=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = "kurs"
        verbose_name_plural = "kurs"
        ordering = [F("starts_at").desc(nulls_first=True), "-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_participants__gte=1)
                & Q(min_participants__lte=F("max_participants")),
                name="course_min_between_one_and_max",
                violation_error_message=(
                    "Minste antall deltakere må være minst 1 og ikke større enn største antall."
                ),
            ),
        ]

    def __str__(self):
        when = self.starts_at_local_text or self.expected_period
        return f"{self.course_type.title} ({when})"

    def get_absolute_url(self):
        return reverse("courses:detail", kwargs={"slug": self.slug})

    @property
    def title(self):
        return self.course_type.title

    @property
    def ends_at(self):
        if self.starts_at is None:
            return None
        return self.starts_at + timedelta(minutes=self.course_type.duration_minutes)

    @property
    def starts_at_local_text(self):
        """«onsdag 24. mars 2027 kl. 10.00–13.00», or "" before the date is set."""
        return dates.when(self.starts_at, self.ends_at)

    def has_started(self, *, now=None):
        return self.starts_at is not None and self.starts_at <= (now or timezone.now())

    @property
    def is_under_way(self):
        """Started and not yet ended: «Gjennomført» would be wrong while it runs."""
        return (
            self.status == self.Status.ACTIVE
            and self.has_started()
            and self.ends_at > timezone.now()
        )

    def takes_signups(self, *, now=None):
        return self.status == self.Status.ACTIVE and not self.has_started(now=now)

    def _count(self, name, status):
        value = getattr(self, name, None)
        if value is None:
            value = self.signups.filter(status=status).count()
        return value

    @property
    def confirmed_total(self):
        return self._count("confirmed_count", Signup.Status.CONFIRMED)

    @property
    def waiting_total(self):
        return self._count("waiting_count", Signup.Status.WAITING)

    def state(self, *, now=None):
        """The state the public and staff see. A course that has begun is «I gang» until it
        ends and «Gjennomført» after (or once staff mark it held), as participants read it
        (`Signup.status_now_text`)."""
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return self.State.CANCELLED
        if self.status == self.Status.COMPLETED:
            return self.State.COMPLETED
        if self.has_started(now=now):
            return self.State.UNDER_WAY if self.ends_at > now else self.State.COMPLETED
        if self.confirmed_total >= self.max_participants:
            return self.State.FULL
        if self.starts_at is not None:
            return self.State.DATE_SET
        if self.confirmed_total >= self.min_participants:
            return self.State.MINIMUM_REACHED
        return self.State.COLLECTING

    @property
    def current_state(self):
        return self.state()

    @property
    def round_name(self):
        """What tells this round from others of its kind: «mars 2027 · Oslo · fysisk oppmøte»."""
        period = dates.month(self.starts_at) if self.starts_at else self.expected_period
        town = self.town if self.format == self.Format.IN_PERSON else ""
        parts = (period, town, self.get_format_display().lower())
        return " · ".join(part for part in parts if part)

    @property
    def location_text(self):
        if self.format == self.Format.VIDEO:
            return "Digitalt – lenke sendes til deltakerne"
        return self.address or NO_PLACE_YET

    @property
    def address(self):
        """Where to meet: the place and the town, as far as staff have set them ("" if not)."""
        return ", ".join(part for part in (self.place, self.town) if part)

    @property
    def progress_goal(self):
        """What the progress counts towards: the minimum until it is reached, then the seats."""
        if self.confirmed_total < self.min_participants:
            return self.min_participants
        return self.max_participants

    @property
    def progress_text(self):
        """The progress in words, «X av Y» on the same scale as the bar beside it."""
        confirmed = self.confirmed_total
        if confirmed < self.min_participants:
            if self.starts_at is not None:
                return (
                    f"{confirmed} av {self.min_participants} påmeldte som trengs for at kurset "
                    "blir holdt"
                )
            return (
                f"{confirmed} av {self.min_participants} påmeldte – vi setter dato når "
                f"{self.min_participants} har meldt seg på"
            )
        if confirmed >= self.max_participants:
            waiting = self.waiting_total
            return (
                f"{confirmed} av {self.max_participants} plasser er tatt – {waiting} på venteliste"
            )
        free = self.max_participants - confirmed
        return (
            f"{confirmed} av {self.max_participants} plasser er tatt – "
            f"{free} {'ledig' if free == 1 else 'ledige'}"
        )

    @property
    def progress_percent(self):
        return min(100, round(100 * self.confirmed_total / self.progress_goal))

    @property
    def poll_is_open(self):
        return (
            self.poll_sent_at is not None
            and self.starts_at is None
            and self.status == self.Status.ACTIVE
        )

    @property
    def calendar_uid(self):
        return event_uid("kurs", self.pk)


class SignupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Signup.ACTIVE_STATUSES)

    def waiting_list(self):
        return self.filter(status=Signup.Status.WAITING).order_by(*Signup.WAITING_ORDER)

    def with_waiting_position(self):
        """Adds `waiting_position` to each signup: its place on its course's waiting list
        (1 = next in line), None for a signup that is not waiting. The one way the place is
        computed: a correlated count of those ahead in `Signup.WAITING_ORDER`, so it stays
        right however the queryset is filtered (one user's signups, one signup)."""
        return self.annotate(waiting_position=WaitingPosition())


class WaitingPosition(models.Expression):
    """A signup's place on its course's waiting list, as SQL: the count of waiting signups of
    the same course ahead of it in `Signup.WAITING_ORDER` (higher priority first, then
    earlier, then lower id), plus one; NULL when it is not waiting.

    Written as SQL rather than as a Subquery of OuterRefs, which Django took about 2 ms to
    compile on every Min side and course page (the SQL is the same)."""

    output_field = models.IntegerField()

    def as_sql(self, compiler, connection):
        outer = compiler.quote_name(compiler.query.get_initial_alias())
        table = connection.ops.quote_name(Signup._meta.db_table)
        column = {
            name: connection.ops.quote_name(Signup._meta.get_field(name).column)
            for name in ("id", "course", "status", "priority", "created")
        }

        def mine(name):
            return f"{outer}.{column[name]}"

        def theirs(name):
            return f"ahead.{column[name]}"

        sql = (
            f"CASE WHEN {mine('status')} = %s THEN ("  # noqa: S608 - names from the model
            f"SELECT COUNT(*) + 1 FROM {table} ahead "
            f"WHERE {theirs('course')} = {mine('course')} AND {theirs('status')} = %s "
            f"AND ({theirs('priority')} > {mine('priority')} "
            f"OR ({theirs('priority')} = {mine('priority')} "
            f"AND ({theirs('created')}, {theirs('id')}) < ({mine('created')}, {mine('id')})))"
            f") END"
        )
        return sql, [Signup.Status.WAITING, Signup.Status.WAITING]


class Signup(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Påmeldt"
        WAITING = "waiting", "På venteliste"
        CANCELLED = "cancelled", "Avmeldt"
        DEFERRED = "deferred", "Flyttet til neste runde"
        MOVED = "moved", "Flyttet til ny runde"

    ACTIVE_STATUSES = (Status.CONFIRMED, Status.WAITING)
    # Priority lifts people left out of one round to the front of the next.
    WAITING_ORDER = ("-priority", "created", "pk")

    course = models.ForeignKey(
        Course, verbose_name="kurs", on_delete=models.CASCADE, related_name="signups"
    )
    user = models.ForeignKey(
        "erfaringssentrum.User",
        verbose_name="bruker",
        on_delete=models.CASCADE,
        related_name="course_signups",
    )
    status = models.CharField("status", max_length=20, choices=Status)
    priority = models.PositiveSmallIntegerField(
        "prioritet", default=0, help_text="Høyere tall går foran på ventelisten."
    )
    organisation = models.CharField("arbeidssted", max_length=200)
    role = models.CharField("rolle", max_length=200)
    comment = models.TextField("kommentar", blank=True, max_length=1000)
    created = models.DateTimeField("påmeldt", default=timezone.now)
    promoted_at = models.DateTimeField("flyttet opp", null=True, blank=True)
    cancelled_at = models.DateTimeField("avmeldt", null=True, blank=True)
    # Set when the chosen date is one this person said "no" to; cleared when they answer.
    date_question_at = models.DateTimeField("spurt om ny dato", null=True, blank=True)
    # The question came with the calendar invitation for the new date (the date was moved,
    # and they hold a seat): while they decide, a new place updates it (course_set_date).
    date_question_invited = models.BooleanField(default=False, editable=False)
    moved_to = models.ForeignKey(
        "self",
        verbose_name="flyttet til",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SignupQuerySet.as_manager()

    class Meta:
        verbose_name = "påmelding"
        verbose_name_plural = "påmeldinger"
        ordering = ["course", "status", "-priority", "created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "user"],
                condition=Q(status__in=["confirmed", "waiting"]),
                name="signup_one_active_per_user_and_course",
                violation_error_message="Du er allerede påmeldt dette kurset.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["course", "status", "-priority", "created"], name="signup_queue_idx"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.course}"

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES

    @property
    def status_text(self):
        if self.status == self.Status.WAITING:
            position = getattr(self, "waiting_position", None)
            if position:
                return f"På venteliste nr. {position}"
        return self.get_status_display()

    @property
    def status_now_text(self):
        """What Min side and the course page tell the holder: the status, or what became of
        it once the course was cancelled or held (the signup keeps its status then)."""
        course = self.course
        if course.status == Course.Status.CANCELLED:
            return "Kurset er avlyst"
        held = course.status == Course.Status.COMPLETED or course.has_started()
        if held and self.status == self.Status.CONFIRMED:
            # Until it ends, a participant may still be on the way in (Min side has the link).
            if course.is_under_way:
                return "Påmeldt – kurset er i gang"
            return "Påmeldt – kurset er gjennomført"
        if held and self.status == self.Status.WAITING:
            return "Fikk ikke plass"
        return self.status_text


class DateOptionQuerySet(models.QuerySet):
    def ahead(self, *, now):
        """The proposed dates still ahead: the poll asks only about these."""
        return self.filter(starts_at__gt=now)


class DateOption(models.Model):
    """A candidate date in the date poll (staff propose two to five)."""

    course = models.ForeignKey(
        Course, verbose_name="kurs", on_delete=models.CASCADE, related_name="date_options"
    )
    starts_at = models.DateTimeField("tidspunkt")

    objects = DateOptionQuerySet.as_manager()

    class Meta:
        verbose_name = "datoforslag"
        verbose_name_plural = "datoforslag"
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "starts_at"],
                name="date_option_unique_per_course",
                violation_error_message="Dette tidspunktet er allerede foreslått.",
            )
        ]

    def __str__(self):
        return dates.when(self.starts_at)

    def clean(self):
        if self.pk is None and self.starts_at and self.starts_at <= timezone.now():
            raise ValidationError({"starts_at": "Foreslå et tidspunkt fram i tid."})


class PollAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", "Ja"
        MAYBE = "maybe", "Kanskje"
        NO = "no", "Nei"

    option = models.ForeignKey(DateOption, on_delete=models.CASCADE, related_name="answers")
    signup = models.ForeignKey(Signup, on_delete=models.CASCADE, related_name="poll_answers")
    answer = models.CharField("svar", max_length=10, choices=Answer)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "svar i datoavstemning"
        verbose_name_plural = "svar i datoavstemning"
        constraints = [
            models.UniqueConstraint(fields=["option", "signup"], name="poll_answer_once"),
        ]

    def __str__(self):
        return f"{self.option}: {self.get_answer_display()}"


class InterestEntry(models.Model):
    """Someone who wants to be told when the next course of a type opens (told once)."""

    course_type = models.ForeignKey(
        CourseType,
        verbose_name="kurstype",
        on_delete=models.CASCADE,
        related_name="interest_entries",
    )
    user = models.ForeignKey(
        "erfaringssentrum.User",
        verbose_name="bruker",
        on_delete=models.CASCADE,
        related_name="course_interests",
    )
    created = models.DateTimeField("registrert", default=timezone.now)
    notified_at = models.DateTimeField("varslet", null=True, blank=True)
    notified_course = models.ForeignKey(
        Course, verbose_name="varslet om", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = "interessent"
        verbose_name_plural = "interesseliste"
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(
                fields=["course_type", "user"],
                condition=Q(notified_at__isnull=True),
                name="interest_once_per_user_until_notified",
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.course_type}"


class CourseMessage(models.Model):
    """A message staff sent to all confirmed participants (kept so the task can load it)."""

    course = models.ForeignKey(
        Course, verbose_name="kurs", on_delete=models.CASCADE, related_name="messages"
    )
    subject = models.CharField("emne", max_length=150)
    body = models.TextField("melding", max_length=5000)
    sent_by = models.ForeignKey(
        "erfaringssentrum.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField("sendt", default=timezone.now)

    class Meta:
        verbose_name = "melding til deltakere"
        verbose_name_plural = "meldinger til deltakere"
        ordering = ["-created"]

    def __str__(self):
        return self.subject
