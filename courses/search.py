"""The courses' part of the site-wide search (`/sok/`): courses that still take signups,
found by their course type's words (the type's stored search vector); the open courses of
the matching types are then fetched by id."""

from erfaringssentrum.search import SearchHit, fulltext_search, slug_url

from .models import Course, CourseType

KIND = "Kurs"
FIELDS = {"title": "A", "summary": "B", "audience": "B", "description": "C"}


def site_search(query: str, *, limit: int = 50) -> list[SearchHit]:
    """Open or upcoming courses whose type matches `query`, best first (two queries)."""
    types = CourseType.objects.only("pk")
    rank_of_type = {t.pk: float(t.rank) for t in fulltext_search(types, query, FIELDS)}
    if not rank_of_type:
        return []
    courses = (
        Course.objects.open_or_upcoming()
        .filter(course_type__in=rank_of_type)
        .select_related("course_type")
        .only(
            "slug",
            "starts_at",
            "expected_period",
            "course_type_id",
            "course_type__title",
            "course_type__summary",
        )
        .in_public_order()[:limit]
    )
    url = slug_url("courses:detail")
    hits = [
        SearchHit(
            title=course.title,
            url=url(course.slug),
            summary=f"{course.course_type.summary} {_when(course)}",
            kind=KIND,
            rank=rank_of_type[course.course_type_id],
        )
        for course in courses
    ]
    return sorted(hits, key=lambda hit: hit.rank, reverse=True)


def _when(course) -> str:
    if course.starts_at:
        return f"Tid: {course.starts_at_local_text}."
    return f"Forventet tid: {course.expected_period}."
