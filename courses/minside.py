"""The courses' part of Min side (found by erfaringssentrum/core/discovery.py): the user's
signups with their place on each waiting list, and the course types they wait to hear about."""

from erfaringssentrum.core.minside import Section

from .models import InterestEntry, Signup


def section(request):
    """The user's own course signups, with their place on each waiting list (two queries
    however many there are)."""
    signups = list(
        Signup.objects.filter(user=request.user)
        .exclude(status=Signup.Status.MOVED)
        .select_related("course__course_type")
        .with_waiting_position()
        .order_by("-created")
    )
    interests = InterestEntry.objects.filter(
        user=request.user, notified_at__isnull=True
    ).select_related("course_type")
    return Section(
        title="Mine kurspåmeldinger",
        template_name="courses/minside_section.html",
        context={"signups": signups, "interests": list(interests)},
        anchor="kurs",
    )

