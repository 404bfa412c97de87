"""The resource library's part of the site-wide search (`/sok/`)."""

from erfaringssentrum.search import SearchHit

from .models import Resource

KIND = "Ressurs"


def site_search(query: str, *, limit: int = 50) -> list[SearchHit]:
    """Published resources matching `query`, best first, in one query."""
    resources = Resource.objects.published().search(query).only("title", "slug", "summary")
    return [
        SearchHit(
            title=resource.title,
            url=resource.get_absolute_url(),
            summary=resource.summary,
            kind=KIND,
            rank=float(resource.rank),
        )
        for resource in resources[:limit]
    ]
