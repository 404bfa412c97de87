"""The course e-mails. Each builder takes ids, loads the rows as they are when the e-mail is sent
and returns one message, or None when there is nothing (left) to send: services.py queues them
with `mail_later` (erfaringssentrum/core/mailqueue.py), which sends them after commit, in the
worker, and retries while the mail server is down."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from erfaringssentrum.core.calendar import CalendarEvent, ics_attachment
from erfaringssentrum.core.mail import render_mail
from erfaringssentrum.core.mailqueue import queued_mail

from . import conf
from .models import Course, CourseMessage, InterestEntry, Signup


def _url(name, **kwargs):
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _course_context(course):
    return {
        "course": course,
        "course_url": settings.SITE_URL + course.get_absolute_url(),
        "minside_url": _url("min-side") + "#kurs",
        "interest_url": _url("courses:interest", slug=course.course_type.slug),
    }


def _calendar_event(course, signup, *, cancelled=False):
    if course.starts_at is None:
        return None
    location = course.address
    if course.format == Course.Format.VIDEO:
        location = course.video_link or "Digitalt"
    return ics_attachment(
        CalendarEvent(
            uid=course.calendar_uid,
            start=course.starts_at,
            end=course.ends_at,
            summary=course.title,
            description=f"{course.starts_at_local_text}\n\n{course.course_type.summary}",
            location=location,
            url=settings.SITE_URL + course.get_absolute_url(),
            sequence=course.calendar_sequence,
            cancelled=cancelled,
            attendee_email=signup.user.email,
            attendee_name=signup.user.name,
        ),
        filename="kurs.ics",
    )


def _load_signup(signup_id, *, course_ahead=False):
    """The signup as it is now. With `course_ahead`, None once the course has been cancelled
    or completed or has started: the task may run later than the change that enqueued it (a
    mail server down for a day), and news about dates, seats or the poll of a cancelled
    course would contradict the cancellation, or of a started one come too late."""
    signups = Signup.objects.filter(pk=signup_id)
    if course_ahead:
        signups = signups.filter(course__in=Course.objects.open_or_upcoming())
    return signups.select_related("course__course_type", "user").with_waiting_position().first()


def _participant_mail(name, signup, attachments=(), **extra):
    context = {
        **_course_context(signup.course),
        "signup": signup,
        "user": signup.user,
        "poll_url": _url("courses:poll", slug=signup.course.slug),
        # A sample signup for a preview has no id (and is asked about no date).
        "date_choice_url": _url("courses:date-choice", pk=signup.pk) if signup.pk else "",
        **extra,
    }
    return render_mail(
        f"courses/email/{name}", context, [signup.user.email], [a for a in attachments if a]
    )


def _load_course(course_id):
    return Course.objects.with_counts().select_related("course_type").filter(pk=course_id).first()


def _staff_mail(name, course):
    context = {
        **_course_context(course),
        "admin_url": _url("admin:courses_course_change", object_id=course.pk),
    }
    return render_mail(f"courses/email/{name}", context, conf.staff_emails())


def _left_rounds(signup, left: str) -> list[str]:
    """The rounds whose waiting places ended when `signup` got its seat (`left`: their ids,
    separated by commas; services._end_waiting_elsewhere), by what tells them apart: the
    e-mail about the seat says so."""
    if not left:
        return []
    ended = Signup.objects.filter(
        pk__in=[int(pk) for pk in left.split(",")],
        user_id=signup.user_id,
        status=Signup.Status.CANCELLED,
    ).select_related("course__course_type")
    return [other.course.round_name for other in ended.order_by("course__created")]


@queued_mail("Påmelding mottatt")
def signup_received(*, signup_id: int, left: str = ""):
    """`left`: the waiting places in other rounds that ended as this one got a seat."""
    signup = _load_signup(signup_id, course_ahead=True)
    if signup is not None and signup.is_active:
        confirmed = signup.status == Signup.Status.CONFIRMED
        ics = _calendar_event(signup.course, signup) if confirmed else None
        return _participant_mail(
            "signup_received", signup, [ics], left_rounds=_left_rounds(signup, left)
        )


@queued_mail("Fått plass fra ventelisten")
def signup_promoted(*, signup_id: int, left: str = ""):
    signup = _load_signup(signup_id, course_ahead=True)
    if signup is not None and signup.status == Signup.Status.CONFIRMED:
        ics = _calendar_event(signup.course, signup)
        return _participant_mail(
            "signup_promoted", signup, [ics], left_rounds=_left_rounds(signup, left)
        )


@queued_mail("Nytt sted eller ny lenke")
def place_changed(*, signup_id: int):
    """Staff changed where the course is held (place, town, form or video link); someone with
    a seat gets the calendar entry updated (same UID, higher SEQUENCE) once there is a date.
    Not once the course has started or is over."""
    signup = _load_signup(signup_id, course_ahead=True)
    if signup is None or not signup.is_active:
        return None
    confirmed = signup.status == Signup.Status.CONFIRMED
    ics = _calendar_event(signup.course, signup) if confirmed else None
    return _participant_mail("place_changed", signup, [ics])


@queued_mail("Avmelding")
def signup_cancelled(*, signup_id: int, had_seat: bool, by_staff: bool = False, reason: str = ""):
    """A receipt, or (`by_staff`) the news that staff removed them, with staff's reason;
    someone who held a seat also gets the calendar event cancelled."""
    signup = _load_signup(signup_id)
    if signup is not None and signup.status == Signup.Status.CANCELLED:
        ics = _calendar_event(signup.course, signup, cancelled=True) if had_seat else None
        return _participant_mail(
            "signup_cancelled", signup, [ics], had_seat=had_seat, by_staff=by_staff, reason=reason
        )


@queued_mail("Plassen gitt videre")
def signup_deferred(*, signup_id: int, had_seat: bool):
    """A receipt for giving the seat away to wait for the next round; someone who held a seat
    also gets the calendar event cancelled (they may have had it from an earlier date)."""
    signup = _load_signup(signup_id)
    if signup is not None and signup.status == Signup.Status.DEFERRED:
        ics = _calendar_event(signup.course, signup, cancelled=True) if had_seat else None
        return _participant_mail("signup_deferred", signup, [ics], had_seat=had_seat)


@queued_mail("Nok påmeldte (til senteret)")
def staff_minimum_reached(*, course_id: int):
    course = _load_course(course_id)
    if course is not None:
        return _staff_mail("staff_minimum_reached", course)


@queued_mail("Under minste antall (til senteret)")
def staff_below_minimum(*, course_id: int):
    # Rendered when the task runs: if seats were filled again in between, or the course has
    # been cancelled or has started, the warning would no longer be true.
    course = _load_course(course_id)
    if (
        course is not None
        and course.takes_signups()
        and course.confirmed_count < course.min_participants
    ):
        return _staff_mail("staff_below_minimum", course)


@queued_mail("Dato for kurset")
def date_set(*, signup_id: int, news: str = ""):
    """The date (and where the course is held). `news` says what changed for those who had a
    date already: "moved" (a new date) or "place" (the same date, a new place or link)."""
    signup = _load_signup(signup_id, course_ahead=True)
    if signup is None or not signup.is_active or signup.course.starts_at is None:
        return None
    confirmed = signup.status == Signup.Status.CONFIRMED
    ics = _calendar_event(signup.course, signup) if confirmed else None
    return _participant_mail("date_set", signup, [ics], news=news)


@queued_mail("Spørsmål om ny dato")
def date_question(*, signup_id: int, update_calendar: bool = False):
    """`update_calendar`: the date was moved, so someone with a seat has an invitation for the
    old date; it is updated to the new one (same UID, higher SEQUENCE) while they decide."""
    signup = _load_signup(signup_id, course_ahead=True)
    if signup is not None and signup.is_active and signup.date_question_at is not None:
        ics = None
        if update_calendar and signup.status == Signup.Status.CONFIRMED:
            ics = _calendar_event(signup.course, signup)
        return _participant_mail("date_question", signup, [ics], calendar_updated=bool(ics))


@queued_mail("Kurset er avlyst")
def course_cancelled(*, signup_id: int, reason: str = ""):
    signup = _load_signup(signup_id)
    if signup is None:
        return None
    ics = None
    if signup.status == Signup.Status.CONFIRMED:
        ics = _calendar_event(signup.course, signup, cancelled=True)
    return _participant_mail("course_cancelled", signup, [ics], reason=reason)


@queued_mail("Fikk ikke plass (kurset er holdt)")
def no_seat_course_held(*, signup_id: int):
    """To someone still on the waiting list when staff mark the course completed; not if
    they have been moved to a new round meanwhile."""
    signup = _load_signup(signup_id)
    if (
        signup is not None
        and signup.status == Signup.Status.WAITING
        and signup.course.status == Course.Status.COMPLETED
    ):
        return _participant_mail("no_seat_course_held", signup)


@queued_mail("Melding til deltakerne")
def course_message(*, message_id: int, signup_id: int):
    message = CourseMessage.objects.filter(pk=message_id).first()
    signup = _load_signup(signup_id)
    if message is not None and signup is not None and signup.is_active:
        return _participant_mail("course_message", signup, message=message)


TEST_SUBJECT_MARK = "[TEST] "


def course_message_sample(*, course_id: int, subject: str, body: str, staff_user):
    """A message to participants as it will be sent, for staff to read before sending: the
    same template and builder as `course_message`, for the first confirmed participant (or,
    with none yet, for `staff_user` as a stand-in). None if the course is gone."""
    course = _load_course(course_id)
    if course is None:
        return None
    first = (
        course.signups.filter(status=Signup.Status.CONFIRMED)
        .order_by("created", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    signup = _load_signup(first) if first else None
    if signup is None:
        signup = Signup(course=course, user=staff_user, status=Signup.Status.CONFIRMED)
    message = CourseMessage(course=course, subject=subject, body=body)
    return _participant_mail("course_message", signup, message=message)


@queued_mail("Test av melding til deltakerne")
def course_message_test(*, course_id: int, user_id: int, subject: str, body: str):
    """«Send en test til meg»: the message as participants will get it, to the staff member's
    own address, marked as a test in the subject."""
    staff_user = get_user_model().objects.filter(pk=user_id).first()
    if staff_user is None:
        return None
    mail = course_message_sample(
        course_id=course_id, subject=subject, body=body, staff_user=staff_user
    )
    if mail is not None:
        mail.to = [staff_user.email]
        mail.subject = TEST_SUBJECT_MARK + mail.subject
    return mail


@queued_mail("Datoavstemning")
def poll_invitation(*, signup_id: int):
    signup = _load_signup(signup_id, course_ahead=True)
    if signup is not None and signup.status == Signup.Status.CONFIRMED:
        # Not a proposed date that has passed since (the poll sent again, or sent late).
        options = list(signup.course.date_options.ahead(now=timezone.now()))
        # Sent again after dates were added: someone who has answered is told that those
        # answers are kept and which dates are new, or it reads as the same e-mail again.
        answered = set(signup.poll_answers.values_list("option_id", flat=True))
        new = [option for option in options if option.pk not in answered]
        return _participant_mail(
            "poll_invitation",
            signup,
            options=options,
            answered_before=bool(answered) and bool(new),
            new_options=new,
        )


@queued_mail("Flyttet til neste runde")
def moved_to_new_round(*, signup_id: int, left: str = ""):
    signup = _load_signup(signup_id, course_ahead=True)
    if signup is not None and signup.is_active:
        return _participant_mail(
            "moved_to_new_round", signup, left_rounds=_left_rounds(signup, left)
        )


@queued_mail("Kurset er åpent for påmelding")
def interest_course_open(*, entry_id: int):
    entry = (
        InterestEntry.objects.select_related("notified_course__course_type", "user")
        .filter(pk=entry_id)
        .first()
    )
    # Not about a course cancelled (or begun) before the e-mail went out: course_cancel has
    # put them back on the list.
    if entry is None or entry.notified_course is None or not entry.notified_course.takes_signups():
        return None
    context = {**_course_context(entry.notified_course), "user": entry.user}
    return render_mail("courses/email/interest_course_open", context, [entry.user.email])


@queued_mail("Kurset tilbys ikke lenger")
def interest_course_type_ended(*, user_id: int, title: str):
    """To someone on the interest list of a course type staff deleted (the type is gone, so
    its title comes along)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return None
    context = {"user": user, "title": title, "courses_url": _url("courses:index")}
    return render_mail("courses/email/interest_course_type_ended", context, [user.email])
