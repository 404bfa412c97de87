"""The FAQ's part of the site-wide search (`/sok/`)."""

from django.utils.text import Truncator

from erfaringssentrum.markdown import markdown_to_plain_text
from erfaringssentrum.search import SearchHit

from .models import Question

KIND = "Spørsmål og svar"


def summary(answer: str) -> str:
    """The answer's first paragraph as plain text, cut at 30 words. Rendering only that
    paragraph keeps a search with many hits fast."""
    first_paragraph = answer.strip().split("\n\n", 1)[0]
    return Truncator(markdown_to_plain_text(first_paragraph)).words(30)


def site_search(query: str, *, limit: int = 50) -> list[SearchHit]:
    """Published questions matching `query`, best first, as search hits (one query)."""
    questions = Question.objects.published().only("question", "slug", "answer").search(query)
    return [
        SearchHit(
            title=question.question,
            url=question.get_absolute_url(),
            summary=summary(question.answer),
            kind=KIND,
            rank=float(question.rank),
        )
        for question in questions[:limit]
    ]
