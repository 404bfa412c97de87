"""The FAQ's part of the site-wide search (`/sok/`)."""

from erfaringssentrum.core.markdown import markdown_summary
from erfaringssentrum.core.search import SearchHit, SearchRows, slug_url

from .models import Question

KIND = "Spørsmål og svar"
# Among hits of equal rank, the FAQ's come first, then the library's, then the courses'.
ORDER = 1


rows = SearchRows(
    lambda query, now: (
        Question.objects.published().search(query).values_list("question", "slug", "answer", "rank")
    )
)


def site_search(query: str, *, limit: int = 50) -> list[SearchHit]:
    """Published questions matching `query`, best first, as search hits (one query)."""
    url = slug_url("faq:question")
    return [
        SearchHit(
            title=question,
            url=url(slug),
            summary=markdown_summary(answer),
            kind=KIND,
            rank=float(rank),
        )
        for question, slug, answer, rank in rows(query, limit=limit)
    ]


def suggestion_source():
    """Words for «Mente du …?»: the published questions (trigram-indexed)."""
    return Question.objects.published(), "question"
