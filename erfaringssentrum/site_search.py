"""`/sok/`: one search box for the whole site.

Each app that takes part provides `site_search(query, *, limit) -> list[SearchHit]`; the
hits are merged by rank (all rank with the same full-text functions, so the numbers are
comparable) and shown with their type. Courses take part too: a NAV adviser searching
"fellessamling" or "kurs" should land on a course that takes signups.
"""

from django.core.paginator import Paginator
from django.utils.module_loading import import_string
from django.views.generic import TemplateView

from .search import SearchHit, clean_query

SEARCH_PROVIDERS = [
    "faq.search.site_search",
    "resources.search.site_search",
    "courses.search.site_search",
]
# Two full pages of hits from every provider: pages 1 and 2 are exactly right.
LIMIT_PER_PROVIDER = 40
HITS_PER_PAGE = 20
# Offered when nothing matches: words the content is known to answer.
SUGGESTIONS = ["lønn", "utdanning", "søknad", "brukerrepresentant", "vurdering", "kurs"]


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
