"""`/sok/`: one search box for the whole site.

Each app that takes part has a `search.py` with `site_search(query, *, limit) ->
list[SearchHit]` (found by core/discovery.py); the hits are merged by rank (all rank with the
same full-text functions, so the numbers are comparable) and shown with their type. Hits of
equal rank keep the order of the providers' `ORDER`. Courses take part too: a NAV adviser
searching "fellessamling" or "kurs" should land on a course that takes signups.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.views.generic import TemplateView

from .core.discovery import app_modules
from .core.search import (
    SearchHit,
    clean_query,
    did_you_mean,
    only_common_words,
    search_any_word,
)
from .models import SearchSynonym

HITS_PER_PAGE = 20
# Deeper pages are not offered: nobody reads hit 101, and each page fetches all before it.
MAX_PAGES = 5
# Offered when nothing matches: words the content is known to answer.
SUGGESTIONS = ["lønn", "utdanning", "søknad", "brukerrepresentant", "vurdering", "kurs"]


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    number: int
    found: int  # hits fetched: all there are, or a lower bound when `more`
    more: bool  # a provider has more hits than this page needed

    @property
    def start_index(self) -> int:
        return (self.number - 1) * HITS_PER_PAGE + 1

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.hits) - 1

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.found > self.number * HITS_PER_PAGE and self.number < MAX_PAGES


def search_providers() -> list[Callable[..., list[SearchHit]]]:
    return [module.site_search for module in app_modules("search", defining="site_search")]


def suggestion_sources():
    """Where «Mente du …?» looks for words: each app's `suggestion_sources()` in search.py."""
    modules = app_modules("search", defining="suggestion_sources")
    return [source for module in modules for source in module.suggestion_sources()]


def finds_anything(query: str) -> bool:
    """Whether the site search finds something for `query` (at most a query per provider)."""
    expanded = SearchSynonym.objects.expand(query)
    return any(provider(expanded, limit=1) for provider in search_providers())


@dataclass(frozen=True)
class NothingFound:
    """What a search page says when nothing matched: that the words are too common to search
    for («hvor mange»: the search skips them, so it is no typo), or «Mente du …?»."""

    common_words_only: bool = False
    did_you_mean: str = ""


def nothing_found(query: str, *, finds: Callable[[str], bool]) -> NothingFound:
    """For a search of `query` that matched nothing on a page (only then: a search that finds
    something stays as fast as it was). The suggestion comes from the whole site's words and
    is offered only if `finds` says the page's own search finds something for it."""
    if only_common_words(query):
        return NothingFound(common_words_only=True)
    return NothingFound(did_you_mean=did_you_mean(query, suggestion_sources(), finds=finds))


def page_number(raw) -> int:
    try:
        return min(max(int(raw), 1), MAX_PAGES)
    except (TypeError, ValueError):
        return 1


def search_page(query: str, *, number: int = 1) -> SearchPage:
    """One page of the merged hits, best first. Each provider is asked only for as many
    hits as the pages up to this one need (plus one, to know whether there are more), so a
    first page with many matches ranks and builds 21 hits per provider, not all of them."""
    query = clean_query(query)
    if not query:
        return SearchPage(hits=[], number=1, found=0, more=False)
    needed = number * HITS_PER_PAGE
    expanded = SearchSynonym.objects.expand(query)  # «betalt» finds «lønn» too
    results = [provider(expanded, limit=needed + 1) for provider in search_providers()]

    more = any(len(hits) > needed for hits in results)
    # Equal ranks keep the providers' order (sorted() is stable).
    hits = sorted((hit for hits in results for hit in hits), key=lambda h: h.rank, reverse=True)
    last_page = max(1, -(-len(hits) // HITS_PER_PAGE))
    number = min(number, last_page)
    start = (number - 1) * HITS_PER_PAGE
    return SearchPage(
        hits=hits[start : start + HITS_PER_PAGE], number=number, found=len(hits), more=more
    )


class SiteSearchView(TemplateView):
    template_name = "pages/search.html"

    def get_context_data(self, **kwargs):
        query = clean_query(self.request.GET.get("q"))
        number = page_number(self.request.GET.get("page"))
        page = search_page(query, number=number)
        nothing = (
            nothing_found(query, finds=finds_anything)
            if query and not page.hits
            else NothingFound()
        )
        # «trenger jeg utdanning»: no page has every word, so the pages with some of them.
        some_words = False
        if query and not page.hits:
            again = search_any_word(query, lambda: search_page(query, number=number))
            if again and again.hits:
                page, some_words = again, True
        return super().get_context_data(
            search_query=query,
            common_words_only=nothing.common_words_only,
            did_you_mean=nothing.did_you_mean,
            some_words=some_words,
            hits=page.hits,
            page_obj=page,
            hit_count=page.number * HITS_PER_PAGE if page.more else page.found,
            more_hits=page.more,
            suggestions=[word for word in SUGGESTIONS if word != query.lower()],
            **kwargs,
        )
