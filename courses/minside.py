"""The courses' part of Min side (found by erfaringssentrum/core/discovery.py): the user's
signups with their place on each waiting list, and the course types they wait to hear about."""

from erfaringssentrum.core.minside import Section

from .queries import user_interests, user_signups


def section(request):
    """The user's own course signups, with their place on each waiting list (two queries
    however many there are, their SQL built once per process: courses/queries.py)."""
    return Section(
        title="Mine kurspåmeldinger",
        template_name="courses/minside_section.html",
        context={
            "signups": user_signups(request.user),
            "interests": user_interests(request.user),
        },
        anchor="kurs",
    )
