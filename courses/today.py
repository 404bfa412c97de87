"""The courses' part of the admin start page «I dag»: rounds that have enough participants
and need a date (first a date poll, or a date straight away), date polls that wait for staff
to choose the date (also one that has fallen below the minimum since), and courses held but
not yet marked as held, whose waiting list hears only then. Shown to staff who may see
courses. Two queries."""

from django.db.models import F, Q
from django.urls import reverse

from erfaringssentrum.core import dates
from erfaringssentrum.core.today import TodayItem, TodaySection

from .models import Course


def sections(request, *, now):
    user = request.user
    if not user.has_perm("courses.view_course"):
        return []
    may_change = user.has_perm("courses.change_course")
    waiting_for_date = list(
        Course.objects.active()
        .filter(starts_at__isnull=True)
        .with_counts()
        .filter(Q(confirmed_count__gte=F("min_participants")) | Q(poll_sent_at__isnull=False))
        .select_related("course_type")
        .order_by("created")
    )
    started = (
        Course.objects.active()
        .filter(starts_at__lte=now)
        .select_related("course_type")
        .order_by("starts_at")
    )
    held = [course for course in started if course.ends_at <= now]

    def link(course, name):
        return reverse(f"admin:courses_course_{name if may_change else 'change'}", args=[course.pk])

    polls = [
        TodayItem(
            f"{course.title} ({course.expected_period}): datoavstemningen ble sendt "
            f"{dates.plain_date(course.poll_sent_at)}; {_poll_state(course)}",
            link(course, "set_date"),
            "Se svarene og sett dato" if may_change else "Se kurset",
        )
        for course in waiting_for_date
        if course.poll_sent_at is not None
    ]
    ready = [
        TodayItem(
            f"{course.title} ({course.expected_period}): {course.confirmed_count} påmeldte, "
            f"minst {course.min_participants} trengs. Send datoavstemning eller sett dato.",
            reverse("admin:courses_course_change", args=[course.pk]),
            "Åpne kurset",
        )
        for course in waiting_for_date
        if course.poll_sent_at is None and course.confirmed_count >= course.min_participants
    ]
    not_marked = [
        TodayItem(
            f"{course.title}: holdt {dates.plain_date(course.starts_at)}. Merk kurset som "
            "gjennomført, så får de som står på ventelisten, beskjed.",
            reverse("admin:courses_course_change", args=[course.pk]),
            "Åpne kurset",
        )
        for course in held
    ]
    return [
        TodaySection("Datoavstemninger som venter på avgjørelse", polls),
        TodaySection("Kurs med nok påmeldte som trenger dato", ready),
        TodaySection("Kurs som er holdt, men ikke merket som gjennomført", not_marked),
    ]


def _poll_state(course) -> str:
    if course.confirmed_count >= course.min_participants:
        return f"{course.confirmed_count} påmeldte venter på at dere velger dato."
    # Someone gave up their seat after the poll went out: a date now would be too early.
    return (
        f"nå er bare {course.confirmed_count} påmeldt, og minst {course.min_participants} "
        "trengs før dere setter dato."
    )
