"""The courses' part of the site-wide search (`/sok/`): courses that still take signups,
found by their course type's words (the type's stored search vector)."""

from django.db.models import F

from erfaringssentrum.core import dates
from erfaringssentrum.core.links import row_url
from erfaringssentrum.core.search import SearchHit, SearchRows, fulltext_search

from .models import Course, CourseType

KIND = "Kurs"
ORDER = 3  # among hits of equal rank: after the FAQ's and the library's (faq/search.py)

FIELDS = {
    "course_type__title": "A",
    "course_type__summary": "B",
    "course_type__audience": "B",
    "course_type__description": "C",
}


def _matching_courses(query, now):
    matches = fulltext_search(
        Course.objects.open_or_upcoming(now=now),
        query,
        FIELDS,
        vector="course_type__search_vector",
        rank_by="course_type__rank_vector",
    )
    # Equal ranks (rounds of one course type) in the order /kurs/ shows them.
    return matches.order_by("-rank", F("starts_at").asc(nulls_last=True), "created").values_list(
        "slug",
        "course_type__title",
        "course_type__summary",
        "starts_at",
        "expected_period",
        "town",
        "format",
        "rank",
    )


rows = SearchRows(_matching_courses)


def site_search(query: str, *, limit: int = 50) -> list[SearchHit]:
    """Open or upcoming courses whose type matches `query`, best first (one query). Each
    round is a hit of its own, named as /kurs/ names it («Fellessamling …, mars 2027 · Oslo ·
    fysisk oppmøte»): an adviser chooses the round by its month, town and form, and one hit
    per course type would hide the round on video or in the candidate's town."""
    url = row_url("courses:detail", "slug")
    return [
        SearchHit(
            title=f"{title}, {_round_name(starts_at, expected_period, town, form)}",
            url=url(slug),
            summary=f"{summary} {_when(starts_at, expected_period)}",
            kind=KIND,
            rank=float(rank),
        )
        for slug, title, summary, starts_at, expected_period, town, form, rank in rows(
            query, limit=limit
        )
    ]


def _round_name(starts_at, expected_period, town, form) -> str:
    """`Course.round_name` of the row, without loading the course."""
    return Course(
        starts_at=starts_at, expected_period=expected_period, town=town, format=form
    ).round_name


def _when(starts_at, expected_period) -> str:
    if starts_at:
        return f"Tid: {dates.when(starts_at)}."
    return f"Forventet tid: {expected_period}."


def suggestion_sources():
    """Words for «Mente du …?»: the course types' titles (a handful: no index needed)."""
    return [(CourseType.objects.all(), "title")]
