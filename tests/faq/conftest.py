import datetime as dt
import itertools

import pytest
from django.utils import timezone

from faq.models import Category, Question
from resources.models import Resource

_numbers = itertools.count(1)


@pytest.fixture
def category_factory(db):
    def create(*, name=None, position=0, **extra):
        number = next(_numbers)
        name = name or f"Kategori {number}"
        return Category.objects.create(
            name=name, slug=extra.pop("slug", f"kategori-{number}"), position=position, **extra
        )

    return create


@pytest.fixture
def question_factory(db, category_factory):
    def create(*, category=None, question=None, answer="Et kort svar.", **extra):
        number = next(_numbers)
        extra.setdefault("is_published", True)
        return Question.objects.create(
            category=category or category_factory(),
            question=question or f"Spørsmål nummer {number}?",
            slug=extra.pop("slug", f"sporsmal-{number}"),
            answer=answer,
            **extra,
        )

    return create


@pytest.fixture
def salary_question(question_factory, category_factory):
    """The salary answer as in the demo content, whose wording the stemming tests rely on."""
    from faq.demo import QUESTIONS

    _, slug, question, answer = next(q for q in QUESTIONS if q[1] == "hva-er-lonnen")
    category = category_factory(name="Lønn og arbeidsvilkår", slug="lonn-og-arbeidsvilkar")
    return question_factory(category=category, question=question, slug=slug, answer=answer)


@pytest.fixture
def resource_factory(db):
    """A published resource (only the fields the FAQ and the site-wide search use)."""

    def create(*, title=None, summary="Et sammendrag.", body="", **fields):
        number = next(_numbers)
        fields.setdefault("is_published", True)
        fields.setdefault("published_at", timezone.now() - dt.timedelta(days=1))
        return Resource.objects.create(
            title=title or f"Ressurs {number}",
            slug=fields.pop("slug", f"faq-ressurs-{number}"),
            summary=summary,
            body=body,
            **fields,
        )

    return create
