"""The FAQ's part of the site-wide search (`/sok/`)."""

from erfaringssentrum.core.links import row_url
from erfaringssentrum.core.markdown import markdown_summary
from erfaringssentrum.core.search import SearchHit, SearchRows

from .models import Category, Question

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
    url = row_url("faq:question", "slug")
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


def suggestion_sources():
    """Words for «Mente du …?»: the published questions (trigram-indexed) and the names of
    their categories, the FAQ's topics in a word or two («Lønn og arbeidsvilkår»): a question
    says «lønnen», the topic says «lønn». The categories are a handful: no index needed."""
    published = Question.objects.published()
    return [
        (published, "question"),
        (Category.objects.filter(pk__in=published.values("category")), "name"),
    ]
