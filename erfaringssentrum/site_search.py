"""`/sok/`: one search box for the whole site.

Each app that takes part provides `site_search(query, *, limit) -> list[SearchHit]`; the
hits are merged by rank (all rank with the same full-text functions, so the numbers are
comparable) and shown with their type. Courses are found here (`course_search`) as the
courses app has no search of its own: a NAV adviser searching "fellessamling" or "kurs"
should land on a course that takes signups.
"""

from django.core.paginator import Paginator
from django.db import connection
from django.utils.module_loading import import_string
from django.views.generic import TemplateView

from .search import VECTOR_FIELD, SearchHit, clean_query, fulltext_search, search_vector

SEARCH_PROVIDERS = [
    "faq.search.site_search",
    "resources.search.site_search",
    "erfaringssentrum.site_search.course_search",
]
COURSE_KIND = "Kurs"
# A handful of rows: the vector is computed per search, not stored and indexed.
COURSE_FIELDS = {
    "course_type__title": "A",
    "course_type__summary": "B",
    "course_type__audience": "B",
    "course_type__description": "C",
}
LIMIT_PER_PROVIDER = 50
HITS_PER_PAGE = 20
# Offered when nothing matches: words the content is known to answer.
SUGGESTIONS = ["lønn", "utdanning", "søknad", "brukerrepresentant", "vurdering", "kurs"]


def course_search(query: str, *, limit: int = LIMIT_PER_PROVIDER) -> list[SearchHit]:
    """Courses still open for signup (as listed on /kurs/) whose course type matches."""
    from courses.models import Course

    courses = Course.objects.open_or_upcoming().select_related("course_type")
    if connection.vendor == "postgresql":
        courses = courses.annotate(**{VECTOR_FIELD: search_vector(COURSE_FIELDS)})
    return [
        SearchHit(
            title=course.title,
            url=course.get_absolute_url(),
            summary=f"{course.course_type.summary} {_course_time(course)}",
            kind=COURSE_KIND,
            rank=float(course.rank),
        )
        for course in fulltext_search(courses, query, COURSE_FIELDS)[:limit]
    ]


def _course_time(course) -> str:
    if course.starts_at:
        return f"Tid: {course.starts_at_local_text}."
    return f"Forventet tid: {course.expected_period}."


def search_everything(query: str, *, limit: int = LIMIT_PER_PROVIDER) -> list[SearchHit]:
    """The hits of every provider, best first; equal ranks keep the providers' order."""
    query = clean_query(query)
    if not query:
        return []
    hits = [hit for path in SEARCH_PROVIDERS for hit in import_string(path)(query, limit=limit)]
    return sorted(hits, key=lambda hit: hit.rank, reverse=True)


class SiteSearchView(TemplateView):
    template_name = "pages/search.html"

    def get_context_data(self, **kwargs):
        query = clean_query(self.request.GET.get("q"))
        hits = search_everything(query)
        page = Paginator(hits, HITS_PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            search_query=query,
            hits=page.object_list,
            page_obj=page,
            hit_count=len(hits),
            suggestions=[word for word in SUGGESTIONS if word != query.lower()],
            **kwargs,
        )
