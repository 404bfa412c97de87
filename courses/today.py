"""The courses' part of the admin start page «I dag»: rounds that have enough participants
and need a date (first a date poll, or a date straight away), and date polls that wait for
staff to choose the date. Shown to staff who may see courses. One query."""

from django.db.models import F
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
        .filter(confirmed_count__gte=F("min_participants"))
        .select_related("course_type")
        .order_by("created")
    )

    def link(course, name):
        return reverse(f"admin:courses_course_{name if may_change else 'change'}", args=[course.pk])

    polls = [
        TodayItem(
            f"{course.title} ({course.expected_period}): datoavstemningen ble sendt "
            f"{dates.plain_date(course.poll_sent_at)}; "
            f"{course.confirmed_count} påmeldte venter på at dere velger dato.",
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
        if course.poll_sent_at is None
    ]
    return [
        TodaySection("Datoavstemninger som venter på avgjørelse", polls),
        TodaySection("Kurs med nok påmeldte som trenger dato", ready),
    ]
