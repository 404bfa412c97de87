"""The resource library's part of the site-wide search (`/sok/`)."""

from erfaringssentrum.search import SearchHit, slug_url

from .models import Resource

KIND = "Ressurs"


def site_search(query: str, *, limit: int = 50) -> list[SearchHit]:
    """Published resources matching `query`, best first, in one query."""
    rows = (
        Resource.objects.published().search(query).values_list("title", "slug", "summary", "rank")
    )
    url = slug_url("resources:detail")
    return [
        SearchHit(title=title, url=url(slug), summary=summary, kind=KIND, rank=float(rank))
        for title, slug, summary, rank in rows[:limit]
    ]
