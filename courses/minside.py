from itertools import groupby
from operator import itemgetter

from erfaringssentrum.core.minside import Section

from .models import InterestEntry, Signup


def section(request):
    """The user's own course signups, with their place on each waiting list (three queries
    however many there are, two when none of them is waiting)."""
    signups = list(
        Signup.objects.filter(user=request.user)
        .exclude(status=Signup.Status.MOVED)
        .select_related("course__course_type")
        .order_by("-created")
    )
    waiting = {s.course_id for s in signups if s.status == Signup.Status.WAITING}
    if waiting:
        places = waiting_places(course_ids=waiting)
        for signup in signups:
            signup.waiting_position = places.get(signup.pk)
    interests = InterestEntry.objects.filter(
        user=request.user, notified_at__isnull=True
    ).select_related("course_type")
    return Section(
        title="Mine kurspåmeldinger",
        template_name="courses/minside_section.html",
        context={"signups": signups, "interests": list(interests)},
        anchor="kurs",
    )


def waiting_places(*, course_ids) -> dict[int, int]:
    """Signup id -> place on its course's waiting list (1 = next in line), in one plain query
    (cheaper to build than the correlated subquery of `with_waiting_position`)."""
    queue = (
        Signup.objects.filter(course__in=course_ids, status=Signup.Status.WAITING)
        .order_by("course", *Signup.WAITING_ORDER)
        .values_list("course_id", "pk")
    )
    return {
        pk: place
        for _, entries in groupby(queue, key=itemgetter(0))
        for place, (_, pk) in enumerate(entries, start=1)
    }
