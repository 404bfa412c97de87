"""Placeholders in the courses: video links on example domains in courses still to be held."""

from django.urls import reverse

from erfaringssentrum.launch_checks import Placeholder, is_example_url

from .models import Course


def placeholders(*, now=None) -> list[Placeholder]:
    courses = (
        Course.objects.open_or_upcoming(now=now)
        .filter(video_link__icontains="example")
        .select_related("course_type")
        .order_by("pk")
    )
    return [
        Placeholder(
            f"Videolenke i kurset «{course}»",
            course.video_link,
            "Sett inn den virkelige videolenken før deltakerne får den.",
            reverse("admin:courses_course_change", args=[course.pk]),
        )
        for course in courses
        if is_example_url(course.video_link)
    ]
