"""The courses' part of the site-wide search (`/sok/`): courses that still take signups,
found by their course type's words (the type's stored search vector)."""

from django.db.models import F

from erfaringssentrum.search import SearchHit, fulltext_search, slug_url

from .models import Course

KIND = "Kurs"
FIELDS = {
    "course_type__title": "A",
    "course_type__summary": "B",
    "course_type__audience": "B",
    "course_type__description": "C",
}


def site_search(query: str, *, limit: int = 50) -> list[SearchHit]:
    """Open or upcoming courses whose type matches `query`, best first (one query)."""
    courses = (
        Course.objects.open_or_upcoming()
        .select_related("course_type")
        .only(
            "slug",
            "starts_at",
            "expected_period",
            "created",
            "course_type_id",
            "course_type__title",
            "course_type__summary",
        )
    )
    matches = fulltext_search(courses, query, FIELDS, vector="course_type__search_vector")
    # Equal ranks (rounds of one course type) in the order /kurs/ shows them.
    matches = matches.order_by("-rank", F("starts_at").asc(nulls_last=True), "created")
    url = slug_url("courses:detail")
    return [
        SearchHit(
            title=course.title,
            url=url(course.slug),
            summary=f"{course.course_type.summary} {_when(course)}",
            kind=KIND,
            rank=float(course.rank),
        )
        for course in matches[:limit]
    ]


def _when(course) -> str:
    if course.starts_at:
        return f"Tid: {course.starts_at_local_text}."
    return f"Forventet tid: {course.expected_period}."
