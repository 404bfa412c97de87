"""The rules of the course cycle, and the only code that writes courses and signups.

Who calls what: the public pages (courses/views.py) sign people up, cancel their own seat,
answer the date poll and the date question, and put them on an interest list; staff in admin
(courses/admin.py) create and edit courses, propose the poll's dates, set the date, send the
poll and messages, reorder the waiting list, remove participants, cancel, complete and start
new rounds, and delete course types; deleting an account (courses/privacy.py) gives up its
seats here. Outside these functions only these write: the admin's plain forms for a course
type's texts and its removal of someone from an interest list (no rule depends on either),
the retention job in courses/privacy.py, which deletes old signups, and the demo seeder
(courses/demo.py).

Everything that changes who holds a seat, or how many seats there are, locks the course row
first (lock, check, write in one transaction), so a course never gets more confirmed
participants than its maximum.

One seat per person and course type: a person (a user account) holds at most one seat across
the open rounds of a course type (active, and not yet ended). Signing up for a second round is
refused while they have a seat in another; moving up from a waiting list and «Start ny runde»
pass over someone seated in another open round; and when someone gets a seat (signup, moving
up, a new round), their waiting places in the other rounds (on a waiting list, or waiting for
the next round) end, which the e-mail about the seat tells them. That includes rounds already
held, from which «Start ny runde» would otherwise seat them a second time once their round is
over (not cancelled rounds: they move nobody). So that two rounds never
hand the same person a seat at once, the services that hand out seats lock every active round
of the course type, in id order (`_lock_rounds`), before anything else.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from erfaringssentrum.core.adviser_fields import one_line
from erfaringssentrum.core.errors import DomainError
from erfaringssentrum.core.mailqueue import mail_later
from erfaringssentrum.services import user_details_fill_in

from . import emails
from .models import Course, CourseMessage, CourseType, DateOption, InterestEntry, PollAnswer, Signup

MIN_POLL_OPTIONS = 2
MAX_POLL_OPTIONS = 5


class CourseError(DomainError):
    """A course rule stopped the action; `message` is for the user."""


class AlreadySignedUp(CourseError):
    pass


class DateAlreadySet(CourseError):
    """The date, place and link saved are the ones the course has (a second click)."""


class CourseFieldError(CourseError):
    """A rule about one field of the course form; `field` says which, for the admin."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.field = field


def _lock(course: Course) -> Course:
    # of=("self",): lock the course row only, not the course type joined in for e-mails.
    return (
        Course.objects.select_for_update(of=("self",))
        .select_related("course_type")
        .get(pk=course.pk)
    )


def _lock_rounds(course: Course) -> Course:
    """Locks every active round of `course`'s type (and `course`), in id order, and returns
    `course` with its type: the lock of the services that hand out seats, so whether someone
    has a seat in another round is decided while no round of the type changes. Always in id
    order, so two of them wait for each other but never deadlock."""
    type_id = Course.objects.values_list("course_type_id", flat=True).get(pk=course.pk)
    locked = (
        Course.objects.select_for_update(of=("self",))
        .select_related("course_type")
        .filter(Q(pk=course.pk) | Q(course_type_id=type_id, status=Course.Status.ACTIVE))
        .order_by("pk")
    )
    return next(round_ for round_ in locked if round_.pk == course.pk)


def _open_rounds(course: Course, *, now):
    """The rounds of `course`'s type that are open: active and not yet ended (`course` among
    them if it is)."""
    ended_if_started_before = now - timedelta(minutes=course.course_type.duration_minutes)
    return Course.objects.filter(
        course_type_id=course.course_type_id, status=Course.Status.ACTIVE
    ).filter(Q(starts_at__isnull=True) | Q(starts_at__gt=ended_if_started_before))


def _other_open_rounds(course: Course, *, now):
    return _open_rounds(course, now=now).exclude(pk=course.pk)


def _seated_in(rounds):
    """The users holding a seat in `rounds`: a subquery, for `user_id__in`."""
    return Signup.objects.filter(status=Signup.Status.CONFIRMED, course__in=rounds).values(
        "user_id"
    )


def _seated_elsewhere(course: Course, *, user_id, now) -> Signup | None:
    """This person's seat in another open round of `course`'s type, if they have one."""
    return (
        Signup.objects.filter(
            user_id=user_id,
            status=Signup.Status.CONFIRMED,
            course__in=_other_open_rounds(course, now=now),
        )
        .select_related("course__course_type")
        .first()
    )


def seat_elsewhere_refusal(course: Course, *, user, now=None) -> str:
    """Why `user` cannot sign up for `course`: a seat in another open round of its type ("" if
    they have none). `signup_create` refuses with it under the lock; the signup form says it
    before anything is filled in."""
    now = now or timezone.now()
    seat = _seated_elsewhere(course, user_id=user.pk, now=now)
    if seat is None:
        return ""
    # A round under way takes no cancellation (signup_cancel): not «meld deg av».
    then = (
        "Den runden er i gang nå, så du kan melde deg på en ny runde når den er over."
        if seat.course.has_started(now=now)
        else "Vil du heller være med på denne runden, melder du deg av den andre på "
        "Min side først."
    )
    return (
        f"Du har allerede plass på en annen runde av dette kurset ({seat.course.round_name}). "
        + then
    )


def _seated_in_other_rounds(course: Course, *, now) -> int:
    """How many of `course`'s participants hold a seat in another open round of its type:
    only possible once `course` has ended (its participants could then sign up again), so a
    new date for it would seat them twice."""
    return course.signups.filter(
        status=Signup.Status.CONFIRMED,
        user_id__in=_seated_in(_other_open_rounds(course, now=now)),
    ).count()


def _end_waiting_elsewhere(course: Course, *, user_id, now, also_not=()) -> list[int]:
    """Someone just got a seat on `course`: their waiting places in the other rounds of its
    type (on a waiting list, or waiting for the next round) end, in rounds already held too:
    «Start ny runde» from one of those would otherwise seat them again, once this round is
    over, for a course they have taken. A cancelled round moves nobody, so its signups are
    left as they were. Returns the ids, for the e-mail about the seat. `also_not`: ids of
    rounds whose signups the caller settles."""
    waiting = (
        Signup.objects.filter(
            user_id=user_id,
            status__in=[Signup.Status.WAITING, Signup.Status.DEFERRED],
            course__course_type_id=course.course_type_id,
        )
        .exclude(course__status=Course.Status.CANCELLED)
        .exclude(course_id__in=[course.pk, *also_not])
    )
    ids = list(waiting.values_list("pk", flat=True))
    Signup.objects.filter(pk__in=ids).update(
        status=Signup.Status.CANCELLED, cancelled_at=now, date_question_at=None
    )
    return ids


def _seat_mail(builder, signup_id: int, left: list[int]) -> None:
    """Queues the e-mail about a seat, with the waiting places that ended (`left`, as ids
    separated by commas: a task takes plain values) if any."""
    if left:
        mail_later(builder, signup_id=signup_id, left=",".join(map(str, left)))
    else:
        mail_later(builder, signup_id=signup_id)


def _confirmed_count(course: Course) -> int:
    return course.signups.filter(status=Signup.Status.CONFIRMED).count()


def _has_priority(*, course: Course, user) -> bool:
    """People left out of another round of this course type go first in this one."""
    return (
        Signup.objects.filter(
            user=user,
            course__course_type_id=course.course_type_id,
            status__in=[Signup.Status.WAITING, Signup.Status.DEFERRED],
        )
        .exclude(course=course)
        .exists()
    )


def signup_create(
    *, course: Course, user, organisation: str, role: str, comment: str = "", now=None
) -> Signup:
    try:
        with transaction.atomic():
            course = _lock_rounds(course)
            # The time is read under the lock, so the waiting list order (by time of signup)
            # is the order in which seats were handed out.
            now = now or timezone.now()
            if not course.takes_signups(now=now):
                raise CourseError("Påmeldingen til dette kurset er stengt.")
            if course.signups.active().filter(user=user).exists():
                raise AlreadySignedUp("Du er allerede påmeldt dette kurset.")
            if refusal := seat_elsewhere_refusal(course, user=user, now=now):
                raise AlreadySignedUp(refusal)
            confirmed = _confirmed_count(course)
            full = confirmed >= course.max_participants
            signup = Signup.objects.create(
                course=course,
                user=user,
                status=Signup.Status.WAITING if full else Signup.Status.CONFIRMED,
                priority=1 if _has_priority(course=course, user=user) else 0,
                organisation=one_line(organisation),
                role=one_line(role),
                comment=comment,
                created=now,
            )
            user_details_fill_in(user=user, organisation=organisation, role=role)
            left = []
            if not full:
                left = _end_waiting_elsewhere(course, user_id=user.pk, now=now)
                _notify_if_minimum_reached(course, confirmed + 1, now=now)
            _seat_mail(emails.signup_received, signup.pk, left)
    except IntegrityError as error:
        # Two requests from the same person at once: the partial unique constraint wins.
        raise AlreadySignedUp("Du er allerede påmeldt dette kurset.") from error
    return signup


def _notify_if_minimum_reached(course: Course, confirmed: int, *, now) -> None:
    if confirmed >= course.min_participants and course.minimum_reached_notified_at is None:
        course.minimum_reached_notified_at = now
        course.save(update_fields=["minimum_reached_notified_at"])
        mail_later(emails.staff_minimum_reached, course_id=course.pk)


def _waiting_in_turn(course: Course, *, now, leaving=()):
    """Those on `course`'s waiting list in the order they move up into free seats: the
    waiting list's order, passing over someone with a seat in another open round of the type
    (and the signups in `leaving`, about to end), in one query. The one rule of moving up:
    the services take the first (`_promote_first_waiting`), and the admin's «Meld av …»
    preview names those next in turn (`next_to_move_up`)."""
    return (
        course.signups.waiting_list()
        .exclude(pk__in=leaving)
        .exclude(user_id__in=_seated_in(_other_open_rounds(course, now=now)))
    )


def next_to_move_up(*, course: Course, seats: int, leaving=(), now=None) -> list[Signup]:
    """Who moves up from `course`'s waiting list when `seats` of its confirmed participants
    leave (the signups `leaving`, ids): each seat goes to the next in turn (_waiting_in_turn),
    as signup_cancel hands it out. For the admin's preview; nothing is locked or written."""
    now = now or timezone.now()
    if not course.takes_signups(now=now):
        return []
    waiting = _waiting_in_turn(course, now=now, leaving=leaving)
    return list(waiting.select_related("user", "course__course_type")[:seats])


def _promote_first_waiting(course: Course, *, now) -> Signup | None:
    if not course.takes_signups(now=now):
        return None
    if _confirmed_count(course) >= course.max_participants:
        return None
    first = _waiting_in_turn(course, now=now).select_for_update().first()
    if first is None:
        return None
    first.status = Signup.Status.CONFIRMED
    first.promoted_at = now
    first.save(update_fields=["status", "promoted_at"])
    left = _end_waiting_elsewhere(course, user_id=first.user_id, now=now)
    _seat_mail(emails.signup_promoted, first.pk, left)
    return first


def _fill_seats(course: Course, *, now) -> list[Signup]:
    """Moves people up from the waiting list into free seats, in waiting-list order (each is
    told). The caller holds the lock of the rounds (`_lock_rounds`)."""
    promoted = []
    while (signup := _promote_first_waiting(course, now=now)) is not None:
        promoted.append(signup)
    return promoted


def course_fill_seats(*, course: Course, now=None) -> list[Signup]:
    """Moves people up from the waiting list into free seats (each is told)."""
    with transaction.atomic():
        return _fill_seats(_lock_rounds(course), now=now or timezone.now())


def _fill_in_slug(course: Course) -> None:
    """An address left empty is made from the type and the period (a course without one has
    no page)."""
    if not course.slug:
        course.slug = unique_course_slug(f"{course.course_type.slug} {course.expected_period}")


def _check_participant_numbers(course: Course) -> None:
    if course.min_participants > course.max_participants:
        raise CourseFieldError(
            "Minste antall kan ikke være større enn største antall.", field="min_participants"
        )


def course_create(*, course: Course, now=None) -> tuple[Course, int]:
    """Saves a new course (staff in admin; the slug is made from the type and the period when
    left empty) and tells its type's interest list that it is open. Returns the course and how
    many on the interest list were told."""
    now = now or timezone.now()
    _check_participant_numbers(course)
    _fill_in_slug(course)
    with transaction.atomic():
        course.save()
    told = course_notify_interest(course=course, now=now)
    return course, told


# What staff edit on the course form; the rest (status, date, poll) has its own service.
COURSE_FORM_FIELDS = frozenset(
    {
        "course_type",
        "slug",
        "expected_period",
        "format",
        "place",
        "town",
        "video_link",
        "min_participants",
        "max_participants",
    }
)


class CourseUpdate(NamedTuple):
    course: Course
    promoted: list[Signup]  # moved up from the waiting list into new seats
    told_of_place: int  # participants e-mailed a new place or link


ADDRESS_IS_FIXED = (
    "Adressen kan ikke endres etter at kurset er opprettet, for lenken er allerede sendt ut. "
    "Er kurset lagt inn feil og ingen har meldt seg på, kan du slette det og lage det på nytt."
)


TYPE_IS_FIXED = (
    "Noen har meldt seg på dette kurset, så kurstypen kan ikke endres. Avlys kurset i stedet, "
    "så får de påmeldte beskjed, og lag et nytt kurs av riktig type."
)


def course_update(*, course: Course, changes: dict, now=None) -> CourseUpdate:
    """Saves staff's changes to a course (field name -> new value). Under the lock signups take
    (`_lock_rounds`): a maximum below the number already confirmed is refused, and a higher
    one moves people up from the waiting list into the new seats, each told. Only the changed
    fields are written, so nothing a participant did meanwhile is overwritten. The course
    type is not changed once anyone has signed up (TYPE_IS_FIXED). A new place,
    town, form or video link of a course that has not started is e-mailed to everyone signed
    up (with the calendar entry updated once it has a date)."""
    now = now or timezone.now()
    unknown = set(changes) - COURSE_FORM_FIELDS
    if unknown:
        raise ValueError(f"course_update cannot change {sorted(unknown)}")
    with transaction.atomic():
        course = _lock_rounds(course)  # a higher maximum moves people up
        if changes.get("slug", course.slug) != course.slug:
            # Its links went out by e-mail (the interest list at once, then each signup).
            raise CourseFieldError(ADDRESS_IS_FIXED, field="slug")
        new_type = changes.get("course_type", course.course_type)
        if new_type.pk != course.course_type_id and course.signups.exists():
            # They signed up for this course: its title, calendar entry and interest list.
            raise CourseFieldError(TYPE_IS_FIXED, field="course_type")
        place_before = _place_as_told(course)
        for name, value in changes.items():
            setattr(course, name, value)
        _check_participant_numbers(course)
        confirmed = _confirmed_count(course)
        if course.max_participants < confirmed:
            raise CourseFieldError(
                f"Det er allerede {confirmed} påmeldte. Meld av deltakere først, "
                "eller velg et høyere tall.",
                field="max_participants",
            )
        told = 0
        if _place_as_told(course) != place_before and course.takes_signups(now=now):
            told = _announce_new_place(course, only_the_link=place_before[0] == course.format)
        if changes:
            course.save(update_fields=list(changes))
        promoted = _fill_seats(course, now=now)
    return CourseUpdate(course, promoted, told)


def _place_as_told(course: Course) -> tuple:
    """What the e-mails and the calendar entry tell participants about where the course is
    (courses/email/_details): the link of a digital course, the place of any other."""
    if course.format == Course.Format.VIDEO:
        return (course.format, course.video_link)
    return (course.format, course.location_text)


def _announce_new_place(course: Course, *, only_the_link: bool) -> int:
    """Tells those signed up; a new link of a digital course only those with a seat, as
    only they are given the link."""
    if course.starts_at is not None:
        course.calendar_sequence += 1  # the update replaces the invitation already sent
        course.save(update_fields=["calendar_sequence"])
    signups = course.signups.active()
    if only_the_link and course.format == Course.Format.VIDEO:
        signups = signups.filter(status=Signup.Status.CONFIRMED)
    signup_ids = list(signups.values_list("pk", flat=True))
    for signup_id in signup_ids:
        mail_later(emails.place_changed, signup_id=signup_id)
    return len(signup_ids)


def _release_seat(course: Course, *, now) -> None:
    """After a confirmed participant leaves: move the next person up, and tell staff if a
    course with a date has just fallen below its minimum (the course keeps its date).

    Staff are told once per drop, when this cancellation took the course from its minimum to
    one below; further cancellations while it stays below send nothing (the count is in
    admin), and a drop after the minimum was reached again is told again."""
    _promote_first_waiting(course, now=now)
    if (
        course.starts_at is not None
        and course.takes_signups(now=now)
        and _confirmed_count(course) == course.min_participants - 1
    ):
        mail_later(emails.staff_below_minimum, course_id=course.pk)


def signup_staff_edit(*, signup: Signup, priority: int, comment: str) -> None:
    """Staff's edits of a signup in admin: its place in the waiting list's order (higher
    priority first) and the comment. Under the course's lock, as that order decides who gets
    the next free seat."""
    with transaction.atomic():
        _lock(signup.course)
        Signup.objects.filter(pk=signup.pk).update(priority=priority, comment=comment)


def signup_cancel(*, signup: Signup, by_staff: bool = False, reason: str = "", now=None) -> Signup:
    """The participant gives up their seat, or staff remove them (`by_staff`, with the
    `reason` they are told). The next on the waiting list moves up."""
    now = now or timezone.now()
    reason = reason.strip()
    with transaction.atomic():
        course = _lock_rounds(signup.course)  # the next on the waiting list moves up
        signup = Signup.objects.select_for_update().get(pk=signup.pk)
        if not signup.is_active:
            raise CourseError("Denne påmeldingen er allerede avsluttet.")
        if not course.takes_signups(now=now):
            raise CourseError("Kurset er over eller avlyst, så påmeldingen kan ikke endres.")
        was_confirmed = signup.status == Signup.Status.CONFIRMED
        signup.status = Signup.Status.CANCELLED
        signup.cancelled_at = now
        signup.date_question_at = None
        signup.save(update_fields=["status", "cancelled_at", "date_question_at"])
        if was_confirmed:
            # The calendar cancellation this person gets must be newer than their invitation.
            course.calendar_sequence += 1
            course.save(update_fields=["calendar_sequence"])
        mail_later(
            emails.signup_cancelled,
            signup_id=signup.pk,
            had_seat=was_confirmed,
            by_staff=by_staff,
            reason=reason,
        )
        if was_confirmed:
            _release_seat(course, now=now)
    return signup


def course_set_date(
    *,
    course: Course,
    starts_at: datetime,
    place: str | None = None,
    video_link: str | None = None,
    option: DateOption | None = None,
    now=None,
) -> Course:
    """Sets (or moves) the date and tells everyone. With `option` (a date from the poll),
    confirmed participants who said "no" to it are asked to keep their seat or move on; a
    question from an earlier date lapses; when the date is moved, the question carries the
    updated calendar invitation of those holding a seat. Saved again at the same time (a new
    place), nobody is asked again: those still to answer keep their question, the others get
    the update; of those still to answer, only one whose question carried the invitation (the
    date was moved) is sent the new place now, so their calendar does not keep the old one;
    the rest get it with their answer.
    Saved again unchanged (a double click), it raises DateAlreadySet and e-mails nobody.
    A new date for a round that had ended (a session called off on the day) is refused while
    any of its participants has since taken a seat in another round of the type."""
    now = now or timezone.now()
    with transaction.atomic():
        course = _lock_rounds(course)  # a new date may reopen a round that had ended
        if course.status != Course.Status.ACTIVE:
            raise CourseError("Kurset er avlyst eller gjennomført.")
        if starts_at <= now:
            raise CourseError("Tidspunktet må være fram i tid.")
        if starts_at != course.starts_at and (twice := _seated_in_other_rounds(course, now=now)):
            raise CourseError(
                f"{twice} av deltakerne har nå plass på en annen runde av kurset, så de ville "
                "fått to plasser. Meld dem av den andre runden først."
            )
        if option is not None and option.course_id != course.pk:
            raise CourseError("Datoforslaget hører til et annet kurs.")
        moved = starts_at != course.starts_at
        if not moved and place in (None, course.place) and video_link in (None, course.video_link):
            # Everyone has had this date and place (and their invitation) already.
            raise DateAlreadySet(
                "Kurset har allerede dette tidspunktet og dette stedet, så ingen får e-post "
                "på nytt."
            )
        had_date = course.starts_at is not None  # and those with a seat, its invitation
        if had_date:
            course.calendar_sequence += 1
        course.starts_at = starts_at
        if place is not None:
            course.place = place
        if video_link is not None:
            course.video_link = video_link
        course.save()
        said_no = set()
        if option is not None:
            said_no = set(
                option.answers.filter(answer=PollAnswer.Answer.NO).values_list(
                    "signup_id", flat=True
                )
            )
        for signup in course.signups.active():
            if not moved and signup.date_question_at is not None:
                # Still to answer for this time; the update comes with their answer, unless
                # they hold the invitation already: it is updated with the new place now.
                if signup.date_question_invited and signup.status == Signup.Status.CONFIRMED:
                    mail_later(emails.place_changed, signup_id=signup.pk)
                continue
            asked = moved and signup.pk in said_no
            # The question carries the invitation for the moved date to those with a seat.
            invited = asked and had_date and signup.status == Signup.Status.CONFIRMED
            if (signup.date_question_at is not None, signup.date_question_invited) != (
                asked,
                invited,
            ):
                if (signup.date_question_at is not None) != asked:
                    signup.date_question_at = now if asked else None
                signup.date_question_invited = invited
                signup.save(update_fields=["date_question_at", "date_question_invited"])
            if asked:
                # Their calendar moves with the seat they still hold, as Min side does.
                mail_later(emails.date_question, signup_id=signup.pk, update_calendar=had_date)
            else:
                news = ("moved" if moved else "place") if had_date else ""
                mail_later(emails.date_set, signup_id=signup.pk, news=news)
    return course


def signup_keep_seat(*, signup: Signup, now=None) -> Signup:
    """Answer to the date question: "I'll come after all"."""
    now = now or timezone.now()
    with transaction.atomic():
        course = _lock(signup.course)
        signup = Signup.objects.select_for_update().get(pk=signup.pk)
        if signup.date_question_at is None or not signup.is_active:
            raise CourseError("Det er ikke noe å svare på for denne påmeldingen.")
        if not course.takes_signups(now=now):
            raise CourseError("Kurset er over eller avlyst, så påmeldingen kan ikke endres.")
        signup.date_question_at = None
        signup.save(update_fields=["date_question_at"])
        mail_later(emails.date_set, signup_id=signup.pk)
    return signup


def signup_defer(*, signup: Signup, now=None) -> Signup:
    """Answer to the date question: "give my seat away and put me first in the next round"."""
    now = now or timezone.now()
    with transaction.atomic():
        course = _lock_rounds(signup.course)  # the next on the waiting list moves up
        signup = Signup.objects.select_for_update().get(pk=signup.pk)
        if signup.date_question_at is None or not signup.is_active:
            raise CourseError("Det er ikke noe å svare på for denne påmeldingen.")
        if not course.takes_signups(now=now):
            # Like a cancellation: once the course has begun, the seat is not given away.
            raise CourseError("Kurset er over eller avlyst, så påmeldingen kan ikke endres.")
        was_confirmed = signup.status == Signup.Status.CONFIRMED
        signup.status = Signup.Status.DEFERRED
        signup.date_question_at = None
        signup.cancelled_at = now
        signup.save(update_fields=["status", "date_question_at", "cancelled_at"])
        if was_confirmed:
            # As in signup_cancel: the cancellation must be newer than any invitation they
            # have (a new place is sent to everyone with a seat, asked or not).
            course.calendar_sequence += 1
            course.save(update_fields=["calendar_sequence"])
        InterestEntry.objects.get_or_create(
            course_type_id=course.course_type_id,
            user_id=signup.user_id,
            notified_at=None,
            defaults={"created": now},
        )
        mail_later(emails.signup_deferred, signup_id=signup.pk, had_seat=was_confirmed)
        if was_confirmed:
            _release_seat(course, now=now)
    return signup


def course_cancel(*, course: Course, reason: str = "", now=None) -> Course:
    """Staff cancel the course; every participant and everyone waiting is told, with the
    `reason`. It cannot be undone: a new course (or round) takes its place."""
    now = now or timezone.now()
    reason = reason.strip()
    with transaction.atomic():
        course = _lock(course)
        if course.status != Course.Status.ACTIVE:
            raise CourseError("Kurset er allerede avlyst eller gjennomført.")
        course.status = Course.Status.CANCELLED
        course.cancelled_at = now
        course.calendar_sequence += 1
        course.save(update_fields=["status", "cancelled_at", "calendar_sequence"])
        for signup_id in course.signups.active().values_list("pk", flat=True):
            mail_later(emails.course_cancelled, signup_id=signup_id, reason=reason)
        _interest_restore(course)
    return course


def _interest_restore(course: Course) -> None:
    """Those on the interest list who were told of `course` asked to hear when the course is
    held; it will not be (cancelled or deleted), so they are back on the list for the next
    one (unless they have joined it again themselves). Under the type's lock: two rounds
    cancelled at once could otherwise put one person back twice."""
    CourseType.objects.select_for_update().filter(pk=course.course_type_id).exists()
    back_already = InterestEntry.objects.filter(
        course_type_id=course.course_type_id, notified_at__isnull=True
    ).values("user_id")
    InterestEntry.objects.filter(notified_course=course).exclude(user_id__in=back_already).update(
        notified_at=None, notified_course=None
    )


def course_delete_refusal(course: Course) -> str:
    """Why the course may not be deleted ("" when it may): one that anyone has signed up for
    is cancelled instead (course_cancel tells them), as deleting it would delete their
    signups unannounced."""
    if course.signups.exists():
        return (
            "Noen har meldt seg på dette kurset, så det kan ikke slettes. Avlys det i stedet, "
            "så får de påmeldte beskjed."
        )
    return ""


def course_delete(*, course: Course) -> None:
    """Deletes a course made by mistake (see course_delete_refusal)."""
    with transaction.atomic():
        course = _lock(course)
        refusal = course_delete_refusal(course)
        if refusal:
            raise CourseError(refusal)
        _interest_restore(course)
        course.delete()


def course_type_save(*, course_type: CourseType) -> CourseType:
    """Saves a course type as staff wrote it. Its address is fixed once saved: every course
    e-mail links to its interest list (/kurs/interesse/<adresse>/)."""
    with transaction.atomic():
        stored = (
            CourseType.objects.select_for_update()
            .filter(pk=course_type.pk)
            .values_list("slug", flat=True)
            .first()
        )
        if stored is not None and stored != course_type.slug:
            raise CourseFieldError(ADDRESS_IS_FIXED, field="slug")
        course_type.save()
    return course_type


def course_type_delete_refusal(course_type: CourseType) -> str:
    """Why the course type may not be deleted ("" when it may): its courses, past rounds too,
    keep it."""
    if course_type.courses.exists():
        return "Det finnes kurs av denne typen (også tidligere runder), så den kan ikke slettes."
    return ""


def course_type_delete(*, course_type: CourseType) -> int:
    """Deletes a course type that has no courses. Those waiting on its interest list asked to
    hear when it is next held, so they are told by e-mail that it will not be. Returns how
    many are told. Locks the type: someone joining the list meanwhile is told too, or finds
    the type gone (interest_add)."""
    with transaction.atomic():
        course_type = CourseType.objects.select_for_update().filter(pk=course_type.pk).first()
        if course_type is None:
            return 0
        refusal = course_type_delete_refusal(course_type)
        if refusal:
            raise CourseError(refusal)
        waiting = course_type.interest_entries.filter(notified_at__isnull=True)
        user_ids = list(waiting.values_list("user_id", flat=True))
        for user_id in user_ids:
            mail_later(emails.interest_course_type_ended, user_id=user_id, title=course_type.title)
        course_type.delete()
    return len(user_ids)


def course_complete(*, course: Course, now=None) -> Course:
    """Records that the course was held. Not before it has begun: it cannot be undone, and
    a course marked completed takes no cancellations and no new date. Those still on the
    waiting list are told kindly that no seat came free, with the interest list offered
    (staff may still move them to a new round)."""
    now = now or timezone.now()
    with transaction.atomic():
        course = _lock(course)
        if course.status != Course.Status.ACTIVE:
            raise CourseError("Kurset er allerede avlyst eller gjennomført.")
        if course.starts_at is None:
            raise CourseError("Kurset har ingen dato ennå.")
        if not course.has_started(now=now):
            raise CourseError(
                "Kurset har ikke startet ennå, så det kan ikke merkes som gjennomført."
            )
        course.status = Course.Status.COMPLETED
        course.save(update_fields=["status"])
        waiting = course.signups.filter(status=Signup.Status.WAITING)
        for signup_id in waiting.values_list("pk", flat=True):
            mail_later(emails.no_seat_course_held, signup_id=signup_id)
    return course


class MessageAlreadySent(CourseError):
    pass


# The same text sent to the same course within this long is a second click, not a new message.
REPEAT_WINDOW = timedelta(minutes=10)


def course_send_message(*, course: Course, subject: str, body: str, sent_by, now=None):
    """Sends a message to everyone with a seat. The same text again within REPEAT_WINDOW
    (a double click on «Send») raises MessageAlreadySent instead of e-mailing them twice."""
    now = now or timezone.now()
    with transaction.atomic():
        course = _lock(course)
        repeated = course.messages.filter(
            subject=subject, body=body, created__gt=now - REPEAT_WINDOW
        )
        if repeated.exists():
            raise MessageAlreadySent("Denne meldingen er allerede sendt til deltakerne.")
        message = CourseMessage.objects.create(
            course=course, subject=subject, body=body, sent_by=sent_by, created=now
        )
        signup_ids = list(
            course.signups.filter(status=Signup.Status.CONFIRMED).values_list("pk", flat=True)
        )
        for signup_id in signup_ids:
            mail_later(emails.course_message, message_id=message.pk, signup_id=signup_id)
    return message, len(signup_ids)


def course_message_send_test(*, course: Course, subject: str, body: str, staff_user) -> None:
    """Queues the message to `staff_user`'s own address, as the participants will get it and
    marked as a test; nothing is stored and no participant gets it."""
    mail_later(
        emails.course_message_test,
        course_id=course.pk,
        user_id=staff_user.pk,
        subject=subject,
        body=body,
    )


class PollAlreadySent(CourseError):
    pass


def poll_send(*, course: Course, now=None) -> int:
    """Sends the date poll to the confirmed participants; returns how many were asked. Sent
    again with new or moved dates, it asks about them; sent again with the same dates within
    REPEAT_WINDOW (a double click on the action), it raises PollAlreadySent and e-mails
    nobody."""
    now = now or timezone.now()
    with transaction.atomic():
        course = _lock(course)
        if course.status != Course.Status.ACTIVE or course.starts_at is not None:
            raise CourseError("Datoavstemning passer bare for aktive kurs uten dato.")
        times = list(course.date_options.ahead(now=now).values_list("starts_at", flat=True))
        if not MIN_POLL_OPTIONS <= len(times) <= MAX_POLL_OPTIONS:
            raise CourseError("Foreslå mellom to og fem datoer fram i tid før du sender.")
        dates = " ".join(sorted(when.isoformat() for when in times))
        if (
            course.poll_sent_at is not None
            and course.poll_sent_at > now - REPEAT_WINDOW
            and course.poll_sent_dates == dates
        ):
            raise PollAlreadySent(
                "Datoavstemningen med disse datoforslagene er nettopp sendt, så ingen får den "
                "på nytt. Legg til nye datoforslag først hvis du vil spørre om flere datoer."
            )
        confirmed = list(
            course.signups.filter(status=Signup.Status.CONFIRMED).values_list("pk", flat=True)
        )
        if len(confirmed) < course.min_participants:
            raise CourseError("Datoavstemningen kan sendes når minste antall er påmeldt.")
        course.poll_sent_at = now
        course.poll_sent_dates = dates
        course.save(update_fields=["poll_sent_at", "poll_sent_dates"])
        for signup_id in confirmed:
            mail_later(emails.poll_invitation, signup_id=signup_id)
    return len(confirmed)


def poll_answer(
    *,
    signup: Signup,
    answers: dict[int, str],
    times_shown: dict[int, datetime] | None = None,
    now=None,
) -> None:
    """Stores one person's yes / maybe / no per proposed date (replacing earlier answers).
    `times_shown`: the time of each date on the page they answered; if staff have moved one
    since, nothing is stored. Under the course's lock, so a date is never moved between that
    check and the write (poll_options_change)."""
    now = now or timezone.now()
    with transaction.atomic():
        course = _lock(signup.course)
        signup.refresh_from_db(fields=["status"])
        if signup.status != Signup.Status.CONFIRMED or not course.poll_is_open:
            raise CourseError("Datoavstemningen er ikke åpen for deg.")
        # Only the dates the poll still asks about: one that has passed is not one of them.
        options = {option.pk: option for option in course.date_options.ahead(now=now)}
        valid = set(PollAnswer.Answer.values)
        if set(answers) - set(options) or set(answers.values()) - valid:
            raise CourseError("Svaret passer ikke med datoforslagene. Last siden på nytt.")
        if any(options[pk].starts_at != when for pk, when in (times_shown or {}).items()):
            raise CourseError(
                "Et av datoforslagene er endret mens du svarte. Last siden på nytt og se over "
                "svarene dine."
            )
        for option_id, answer in answers.items():
            PollAnswer.objects.update_or_create(
                option=options[option_id],
                signup=signup,
                defaults={"answer": answer, "updated": now},
            )


class PollOptionsChanged(NamedTuple):
    ask_again: bool  # dates were added to an open poll: send it again to ask about them
    answers_removed: int  # answers to the dates withdrawn


def poll_options_change(
    *,
    course: Course,
    add: Sequence[datetime] = (),
    move: dict[int, datetime] | None = None,
    remove: Sequence[int] = (),
    now=None,
) -> PollOptionsChanged:
    """Staff's changes to the proposed dates, checked together under the course's lock: at
    most five, each in the future, and at least two while the poll is open. A date someone
    has answered is not moved, since their «ja» would then count for a time they never saw;
    staff withdraw it and propose the new time instead (its answers go with it). Those who
    answered are asked about added dates only when staff send the poll again."""
    now = now or timezone.now()
    move = move or {}
    with transaction.atomic():
        course = _lock(course)
        options = {option.pk: option for option in course.date_options.all()}
        if (set(move) | set(remove)) - set(options):
            raise CourseError("Datoforslagene er endret i mellomtiden. Last siden på nytt.")
        move = {pk: when for pk, when in move.items() if when != options[pk].starts_at}
        answered = PollAnswer.objects.filter(option_id__in=move).values_list("option_id", flat=True)
        if (option_id := answered.first()) is not None:
            raise CourseError(
                f"Noen har alt svart på datoforslaget {options[option_id]}, så tidspunktet kan "
                "ikke endres. Slett forslaget (svarene på det slettes også) og legg inn det nye "
                "tidspunktet som et nytt forslag."
            )
        if any(when <= now for when in [*add, *move.values()]):
            raise CourseError("Foreslå tidspunkter fram i tid.")
        remaining = len(options) - len(set(remove)) + len(add)
        if remaining > MAX_POLL_OPTIONS:
            raise CourseError(f"Foreslå høyst {MAX_POLL_OPTIONS} datoer.")
        if course.poll_is_open and remaining < MIN_POLL_OPTIONS:
            raise CourseError(
                f"Avstemningen er sendt, så den må ha minst {MIN_POLL_OPTIONS} datoforslag. "
                "Legg til et nytt før du sletter dette."
            )
        answers_removed = PollAnswer.objects.filter(option_id__in=remove).count()
        DateOption.objects.filter(pk__in=remove).delete()
        try:
            with transaction.atomic():
                for option_id, when in move.items():
                    DateOption.objects.filter(pk=option_id).update(starts_at=when)
                DateOption.objects.bulk_create(
                    [DateOption(course=course, starts_at=when) for when in add]
                )
        except IntegrityError:
            raise CourseError("Det samme tidspunktet er foreslått to ganger.") from None
    return PollOptionsChanged(
        ask_again=bool(add) and course.poll_is_open, answers_removed=answers_removed
    )


def poll_tally(*, course: Course, now=None) -> list[dict]:
    """Per proposed date: yes / maybe / no counts, whether fewer than the minimum said yes,
    whether it has passed, and which date is suggested (most yes, then most maybe, then the
    earliest; never one that has passed, as the course cannot be set to it)."""
    now = now or timezone.now()
    options = list(course.date_options.all().prefetch_related("answers__signup"))
    rows = []
    for option in options:
        counts = dict.fromkeys(PollAnswer.Answer.values, 0)
        for answer in option.answers.all():
            if answer.signup.status == Signup.Status.CONFIRMED:
                counts[answer.answer] += 1
        rows.append(
            {
                "option": option,
                **counts,
                "too_few": counts["yes"] < course.min_participants,
                "passed": option.starts_at <= now,
                "suggested": False,
            }
        )
    ahead = [row for row in rows if not row["passed"]]
    if ahead:
        # min, not max: on a tie the earliest date (the options come in date order).
        best = min(ahead, key=lambda row: (-row["yes"], -row["maybe"], row["option"].starts_at))
        best["suggested"] = True
    return rows


def interest_add(*, course_type: CourseType, user, now=None) -> InterestEntry:
    now = now or timezone.now()
    if Course.objects.open_or_upcoming(now=now).filter(course_type=course_type).exists():
        raise CourseError("Det er åpen påmelding til dette kurset nå – meld deg på i stedet.")
    try:
        with transaction.atomic():
            entry, _ = InterestEntry.objects.get_or_create(
                course_type=course_type, user=user, notified_at=None, defaults={"created": now}
            )
    except IntegrityError:
        entry = InterestEntry.objects.filter(
            course_type=course_type, user=user, notified_at=None
        ).first()
        if entry is None:  # the course type was deleted meanwhile (course_type_delete)
            raise CourseError("Dette kurset tilbys ikke lenger.") from None
    return entry


def interest_remove(*, entry: InterestEntry) -> None:
    if entry.notified_at is None:
        entry.delete()


def course_notify_interest(*, course: Course, now=None) -> int:
    """Tells the interest list of the course's type that it is open (once per course, and
    each person once). Returns how many were told."""
    now = now or timezone.now()
    with transaction.atomic():
        course = _lock(course)
        if course.interest_notified_at is not None or not course.takes_signups(now=now):
            return 0
        course.interest_notified_at = now
        course.save(update_fields=["interest_notified_at"])
        entries = list(
            InterestEntry.objects.select_for_update().filter(
                course_type_id=course.course_type_id, notified_at__isnull=True
            )
        )
        # People already signed up (e.g. moved here from the last round) need no reminder.
        signed_up = set(course.signups.active().values_list("user_id", flat=True))
        for entry in entries:
            entry.notified_at = now
            entry.notified_course = course
            entry.save(update_fields=["notified_at", "notified_course"])
            if entry.user_id not in signed_up:
                mail_later(emails.interest_course_open, entry_id=entry.pk)
    return len([e for e in entries if e.user_id not in signed_up])


def unique_course_slug(base: str) -> str:
    base = slugify(base)[:100] or "kurs"
    slug, n = base, 2
    while Course.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def course_start_new_round(*, course: Course, now=None) -> Course:
    """A new course of the same type, filled from this one's waiting list and from those who
    moved on after the date poll — all with priority, in their old order. Each is told. Not
    from a cancelled course: everyone on it was told that their signup has ended, and its
    confirmed participants would be left behind while the waiting list went first. Someone
    with a seat in an open round of the type (this one included) stays where they are; one
    who gets a seat in the new round leaves their waiting places in the other rounds (see
    _end_waiting_elsewhere)."""
    now = now or timezone.now()
    with transaction.atomic():
        old = _lock_rounds(course)
        if old.status == Course.Status.CANCELLED:
            raise CourseError(
                "Kurset er avlyst, og alle på det har fått beskjed om at påmeldingen er "
                "avsluttet. Sett opp et nytt kurs med «Legg til kurs», så får interesselisten "
                "beskjed."
            )
        left_out = old.signups.filter(
            status__in=[Signup.Status.WAITING, Signup.Status.DEFERRED]
        ).order_by(*Signup.WAITING_ORDER)
        if not left_out.exists():  # nobody to move, or a second click after they moved
            raise CourseError(
                "Ingen står på ventelisten eller venter på neste runde av dette kurset. "
                "Vil du sette opp et nytt kurs, bruker du «Legg til kurs»."
            )
        left_out = left_out.exclude(user_id__in=_seated_in(_open_rounds(old, now=now)))
        if not left_out.exists():
            raise CourseError(
                "Alle som står på ventelisten eller venter på neste runde av dette kurset, har "
                "allerede plass på en runde av det, så ingen blir flyttet."
            )
        new = Course.objects.create(
            course_type=old.course_type,
            slug=unique_course_slug(f"{old.course_type.slug}-{now:%Y-%m-%d}"),
            expected_period=old.expected_period,
            format=old.format,
            place=old.place,
            town=old.town,
            video_link=old.video_link,
            min_participants=old.min_participants,
            max_participants=old.max_participants,
            previous_round=old,
            created=now,
        )
        _lock(new)
        confirmed = 0
        moved_by_user = {}
        for old_signup in left_out.select_for_update():
            if old_signup.user_id in moved_by_user:
                # Their second signup here (gave the seat away, then joined the waiting
                # list): it moves to the one new signup, so none is left behind to move again.
                old_signup.status = Signup.Status.MOVED
                old_signup.moved_to = moved_by_user[old_signup.user_id]
                old_signup.save(update_fields=["status", "moved_to"])
                continue
            full = confirmed >= new.max_participants
            moved = Signup.objects.create(
                course=new,
                user_id=old_signup.user_id,
                status=Signup.Status.WAITING if full else Signup.Status.CONFIRMED,
                priority=1,
                organisation=old_signup.organisation,
                role=old_signup.role,
                comment=old_signup.comment,
                created=old_signup.created,
            )
            confirmed += 0 if full else 1
            moved_by_user[old_signup.user_id] = moved
            old_signup.status = Signup.Status.MOVED
            old_signup.moved_to = moved
            old_signup.save(update_fields=["status", "moved_to"])
            left = []
            if not full:
                left = _end_waiting_elsewhere(
                    new, user_id=old_signup.user_id, now=now, also_not=[old.pk]
                )
            _seat_mail(emails.moved_to_new_round, moved.pk, left)
        _notify_if_minimum_reached(new, confirmed, now=now)
    course_notify_interest(course=new, now=now)
    return new
