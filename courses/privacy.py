"""The courses app's part of "download my data" and "delete my account" (see
erfaringssentrum/core/privacy.py)."""

import contextlib
from datetime import timedelta

from django.db import transaction
from django.db.models import Max, Q

from erfaringssentrum.core.privacy import admin_log_scrub, iso_or_none

from . import conf, services
from .models import Course, InterestEntry, Signup


def export_user_data(user) -> dict:
    signups = (
        Signup.objects.filter(user=user)
        .select_related("course__course_type")
        .with_waiting_position()
    )
    answers = {}
    for signup in signups.prefetch_related("poll_answers__option"):
        answers[signup.pk] = [
            {"dato": answer.option.starts_at.isoformat(), "svar": answer.get_answer_display()}
            for answer in signup.poll_answers.all()
        ]
    return {
        "kurspåmeldinger": [
            {
                "kurs": signup.course.title,
                "tidspunkt": signup.course.starts_at.isoformat()
                if signup.course.starts_at
                else None,
                "forventet_tidsrom": signup.course.expected_period,
                "status": signup.get_status_display(),
                "plass_på_ventelisten": signup.waiting_position,
                "arbeidssted": signup.organisation,
                "rolle": signup.role,
                "kommentar": signup.comment,
                "påmeldt": signup.created.isoformat(),
                "fikk_plass_fra_ventelisten": iso_or_none(signup.promoted_at),
                "avmeldt": iso_or_none(signup.cancelled_at),
                "spurt_om_ny_dato": iso_or_none(signup.date_question_at),
                "svar_på_datoforslag": answers[signup.pk],
            }
            for signup in signups
        ],
        "kursinteresse": [
            {
                "kurstype": entry.course_type.title,
                "registrert": entry.created.isoformat(),
                "varslet": iso_or_none(entry.notified_at),
            }
            for entry in InterestEntry.objects.filter(user=user).select_related("course_type")
        ],
    }


def delete_user_data(user, *, now) -> None:
    """Gives up the user's seats first, so the waiting list moves up and staff are told;
    the rows themselves go with the account (on_delete=CASCADE)."""
    for signup in Signup.objects.active().filter(user=user).select_related("course"):
        if signup.course.takes_signups(now=now):
            # The course closed or the seat ended meanwhile: nothing is left to give up.
            with contextlib.suppress(services.CourseError):
                services.signup_cancel(signup=signup, now=now)


# Why a round that never got a date is closed by the retention job (in the cancellation
# e-mail, which also offers the interest list).
STALE_ROUND_REASON = (
    "Det har ikke kommet nye påmeldinger til denne runden på lenge, og den blir ikke satt opp."
)


def courses_past_retention(*, now):
    """Courses whose signups are kept no longer: COURSE_DATA_RETENTION_DAYS after the course
    took place or after it was cancelled."""
    cutoff = now - timedelta(days=conf.retention_days())
    cancelled = Q(status=Course.Status.CANCELLED)
    return Course.objects.filter(
        (~cancelled & Q(starts_at__lt=cutoff)) | (cancelled & Q(cancelled_at__lt=cutoff))
    )


def stale_rounds_close(*, now) -> int:
    """Rounds still open without a date whose last signup is a retention period old will not
    be held: they are cancelled, so everyone is told (never emptied in silence), and their
    signups go a retention period after that, as any cancelled course's."""
    stale = list(_stale_rounds(now=now))
    for course in stale:
        with transaction.atomic():
            # Staff may have set a date or closed it since: decided again under the lock.
            Course.objects.select_for_update().filter(pk=course.pk).exists()
            if _stale_rounds(now=now).filter(pk=course.pk).exists():
                services.course_cancel(course=course, reason=STALE_ROUND_REASON, now=now)
    return len(stale)


def _stale_rounds(*, now):
    # Timed from the round's own start too: a new round takes its waiting list's signups
    # with the dates they were made (course_start_new_round).
    cutoff = now - timedelta(days=conf.retention_days())
    return (
        Course.objects.filter(status=Course.Status.ACTIVE, starts_at__isnull=True)
        .filter(created__lt=cutoff)
        .annotate(last_signup=Max("signups__created"))
        .filter(last_signup__lt=cutoff)
    )


def apply_retention(*, now) -> int:
    """Closes stale rounds (stale_rounds_close), deletes the signups (with their poll
    answers) of courses past their retention, and interest entries a retention period after
    they were told (or a year more after they were made)."""
    stale_rounds_close(now=now)
    signups = Signup.objects.filter(course__in=courses_past_retention(now=now))
    entries = InterestEntry.objects.filter(
        Q(notified_at__lt=now - timedelta(days=conf.retention_days()))
        | Q(created__lt=now - timedelta(days=conf.untold_interest_retention_days()))
    )
    # The admin's log names a signup or an entry by the user's e-mail address.
    admin_log_scrub(model=Signup, object_ids=list(signups.values_list("pk", flat=True)))
    admin_log_scrub(model=InterestEntry, object_ids=list(entries.values_list("pk", flat=True)))
    deleted, _ = signups.delete()
    gone, _ = entries.delete()
    return deleted + gone
