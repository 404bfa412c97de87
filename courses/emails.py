"""The course e-mails. Each is a `django.tasks` task that takes ids (enqueued by services.py
with `transaction.on_commit`), loads fresh rows and sends one templated message."""

from django.conf import settings
from django.tasks import task
from django.urls import reverse

from erfaringssentrum.calendar import CalendarEvent, ics_attachment
from erfaringssentrum.mail import send_templated_mail

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


def _calendar_event(course, *, cancelled=False):
    if course.starts_at is None:
        return None
    location = course.place
    if course.format == Course.Format.VIDEO:
        location = course.video_link or "Digitalt"
    return ics_attachment(
        CalendarEvent(
            uid=course.calendar_uid,
            start=course.starts_at,
            end=course.ends_at,
            summary=course.title,
            description=course.course_type.summary,
            location=location,
            url=settings.SITE_URL + course.get_absolute_url(),
            sequence=course.calendar_sequence,
            cancelled=cancelled,
        ),
        filename="kurs.ics",
    )


def _load_signup(signup_id, *, course_active=False):
    """The signup as it is now. With `course_active`, None once the course has been cancelled
    or completed: the task may run later than the change that enqueued it, and news about
    dates, seats or the poll of a cancelled course would contradict the cancellation."""
    signups = Signup.objects.filter(pk=signup_id)
    if course_active:
        signups = signups.filter(course__status=Course.Status.ACTIVE)
    return signups.select_related("course__course_type", "user").with_waiting_position().first()


def _send_to_participant(name, signup, attachments=(), **extra):
    context = {
        **_course_context(signup.course),
        "signup": signup,
        "user": signup.user,
        "poll_url": _url("courses:poll", slug=signup.course.slug),
        "date_choice_url": _url("courses:date-choice", pk=signup.pk),
        **extra,
    }
    send_templated_mail(
        f"courses/email/{name}", context, [signup.user.email], [a for a in attachments if a]
    )


def _load_course(course_id):
    return Course.objects.with_counts().select_related("course_type").filter(pk=course_id).first()


def _send_to_staff(name, course):
    context = {
        **_course_context(course),
        "admin_url": _url("admin:courses_course_change", object_id=course.pk),
    }
    send_templated_mail(f"courses/email/{name}", context, conf.staff_emails())


@task
def signup_received(signup_id: int):
    signup = _load_signup(signup_id, course_active=True)
    if signup is not None and signup.is_active:
        confirmed = signup.status == Signup.Status.CONFIRMED
        ics = _calendar_event(signup.course) if confirmed else None
        _send_to_participant("signup_received", signup, [ics])


@task
def signup_promoted(signup_id: int):
    signup = _load_signup(signup_id, course_active=True)
    if signup is not None and signup.status == Signup.Status.CONFIRMED:
        _send_to_participant("signup_promoted", signup, [_calendar_event(signup.course)])


@task
def signup_cancelled(signup_id: int, had_seat: bool):
    """A receipt; someone who held a seat also gets the calendar event cancelled."""
    signup = _load_signup(signup_id)
    if signup is not None and signup.status == Signup.Status.CANCELLED:
        ics = _calendar_event(signup.course, cancelled=True) if had_seat else None
        _send_to_participant("signup_cancelled", signup, [ics], had_seat=had_seat)


@task
def staff_minimum_reached(course_id: int):
    course = _load_course(course_id)
    if course is not None:
        _send_to_staff("staff_minimum_reached", course)


@task
def staff_below_minimum(course_id: int):
    # Rendered when the task runs: if seats were filled again in between, or the course has
    # been cancelled or has started, the warning would no longer be true.
    course = _load_course(course_id)
    if (
        course is not None
        and course.takes_signups()
        and course.confirmed_count < course.min_participants
    ):
        _send_to_staff("staff_below_minimum", course)


@task
def date_set(signup_id: int):
    signup = _load_signup(signup_id, course_active=True)
    if signup is None or not signup.is_active or signup.course.starts_at is None:
        return
    confirmed = signup.status == Signup.Status.CONFIRMED
    ics = _calendar_event(signup.course) if confirmed else None
    _send_to_participant("date_set", signup, [ics])


@task
def date_question(signup_id: int):
    signup = _load_signup(signup_id, course_active=True)
    if signup is not None and signup.is_active and signup.date_question_at is not None:
        _send_to_participant("date_question", signup)


@task
def course_cancelled(signup_id: int):
    signup = _load_signup(signup_id)
    if signup is None:
        return
    ics = None
    if signup.status == Signup.Status.CONFIRMED:
        ics = _calendar_event(signup.course, cancelled=True)
    _send_to_participant("course_cancelled", signup, [ics])


@task
def course_message(message_id: int, signup_id: int):
    message = CourseMessage.objects.filter(pk=message_id).first()
    signup = _load_signup(signup_id)
    if message is not None and signup is not None and signup.is_active:
        _send_to_participant("course_message", signup, message=message)


@task
def poll_invitation(signup_id: int):
    signup = _load_signup(signup_id, course_active=True)
    if signup is not None and signup.status == Signup.Status.CONFIRMED:
        options = list(signup.course.date_options.all())
        _send_to_participant("poll_invitation", signup, options=options)


@task
def moved_to_new_round(signup_id: int):
    signup = _load_signup(signup_id, course_active=True)
    if signup is not None and signup.is_active:
        _send_to_participant("moved_to_new_round", signup)


@task
def interest_course_open(entry_id: int):
    entry = (
        InterestEntry.objects.select_related("notified_course__course_type", "user")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None or entry.notified_course is None:
        return
    context = {**_course_context(entry.notified_course), "user": entry.user}
    send_templated_mail("courses/email/interest_course_open", context, [entry.user.email])
