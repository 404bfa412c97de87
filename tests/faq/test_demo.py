import io

import pytest

from faq import demo
from faq.models import Category, Question
from resources import demo as resources_demo
from resources.models import Resource

pytestmark = pytest.mark.django_db


def test_demo_content_covers_the_categories_and_is_idempotent():
    demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())

    assert Question.objects.published().count() == len(demo.QUESTIONS) >= 12
    assert Category.objects.count() == 6
    assert Category.objects.with_published_questions().count() == 6
    names = set(Category.objects.values_list("name", flat=True))
    assert {"Lønn og arbeidsvilkår", "Utdanning og kurs", "Å ansette", "Om senteret"} <= names


def test_seeding_again_keeps_what_staff_changed():
    demo.seed(stdout=io.StringIO())
    Question.objects.filter(slug="hva-er-lonnen").update(question="Endret av ansatt?")
    demo.seed(stdout=io.StringIO())
    assert Question.objects.get(slug="hva-er-lonnen").question == "Endret av ansatt?"


def test_demo_answers_hold_no_contact_details_but_point_to_the_contact_page():
    """Contact details are data staff set in admin; an answer that copied them would go stale."""
    text = " ".join(answer for *_, answer in demo.QUESTIONS)
    assert "@" not in text and "+47" not in text
    assert "hverdager" not in text.lower()
    contact = next(answer for _, slug, _, answer in demo.QUESTIONS if slug == "kontakt-senteret")
    assert "](/om-oss/)" in contact


def test_every_demo_page_renders(client):
    demo.seed(stdout=io.StringIO())
    for question in Question.objects.all():
        assert client.get(question.get_absolute_url()).status_code == 200


def test_demo_questions_link_to_the_demo_resources():
    resources_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    question = Question.objects.get(slug="for-vi-ansetter")
    assert set(question.related_resources.values_list("slug", flat=True)) == set(
        demo.RELATED_RESOURCES["for-vi-ansetter"]
    )
    linked = {slug for slugs in demo.RELATED_RESOURCES.values() for slug in slugs}
    assert Resource.objects.filter(slug__in=linked).count() == len(linked)
