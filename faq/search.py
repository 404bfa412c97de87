"""The FAQ's part of the site-wide search (`/sok/`)."""

from django.utils.text import Truncator

from erfaringssentrum.markdown import markdown_to_plain_text
from erfaringssentrum.search import SearchHit

from .models import Question

KIND = "Spørsmål og svar"


def site_search(query: str, *, limit: int = 50) -> list[SearchHit]:
    """Published questions matching `query`, best first, as search hits (one query)."""
    questions = Question.objects.published().only("question", "slug", "answer").search(query)
    return [
        SearchHit(
            title=question.question,
            url=question.get_absolute_url(),
            summary=Truncator(markdown_to_plain_text(question.answer)).words(30),
            kind=KIND,
            rank=float(question.rank),
        )
        for question in questions[:limit]
    ]
