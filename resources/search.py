"""The resource library's part of the site-wide search (`/sok/`)."""

from erfaringssentrum.core.links import row_url
from erfaringssentrum.core.search import FixedPage, SearchHit, SearchRows

from .models import Resource

KIND = "Ressurs"
ORDER = 2  # among hits of equal rank: after the FAQ's, before the courses' (faq/search.py)


rows = SearchRows(
    lambda query, now: (
        Resource.objects.published(now=now)
        .search(query)
        .values_list("title", "slug", "summary", "rank")
    ),
    # A generic plan cannot know that the publication cut-off passes nearly every resource,
    # so it also read the publication index for all of them: slower than planning each time.
    plan_each_time=True,
)


# «Passer jeg?» is a form, not a resource, and searched for by what people call it.
SELF_CHECK = FixedPage(
    title="Passer jeg til å bli erfaringskonsulent?",
    url_name="resources:self-check",
    summary="Seks spørsmål til ettertanke for deg som vurderer å bli erfaringskonsulent, med "
    "råd om neste steg. Svarene lagres ikke.",
    kind="Egenvurdering",
    keywords=("egenvurdering", "selvvurdering", "selvtest", "passer", "passe"),
)


def site_search(query: str, *, limit: int = 50) -> list[SearchHit]:
    """Published resources matching `query`, best first, in one query; the self-check too
    when the query asks for it."""
    url = row_url("resources:detail", "slug")
    hits = [
        SearchHit(title=title, url=url(slug), summary=summary, kind=KIND, rank=float(rank))
        for title, slug, summary, rank in rows(query, limit=limit)
    ]
    if self_check := SELF_CHECK.hit(query):
        hits = sorted([self_check, *hits], key=lambda hit: hit.rank, reverse=True)[:limit]
    return hits


def suggestion_sources():
    """Words for «Mente du …?»: the published resources' titles (trigram-indexed)."""
    return [(Resource.objects.published(), "title")]
