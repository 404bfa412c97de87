"""The content pages of every app are cached for anonymous visitors and invalidated by
the changes staff make, also those made with update() or bulk_create()."""

from datetime import time

import pytest
from django.utils import timezone

from assessments.models import Format, Slot
from assessments.services import slots_bulk_create, slots_set_published
from faq.models import Category, Question
from faq.services import questions_set_published

pytestmark = pytest.mark.django_db


def served_from_cache(client, url):
    client.get(url)
    return client.get(url).get("X-Page-Cache") == "hit"


def test_faq_pages_are_cached_and_publishing_invalidates(
    client, django_capture_on_commit_callbacks
):
    category = Category.objects.create(name="Lønn", slug="lonn")
    question = Question.objects.create(
        category=category, question="Hva tjener man?", slug="hva-tjener", answer="Mellom.",
        is_published=True,
    )  # fmt: skip
    assert served_from_cache(client, "/sporsmal-og-svar/")
    assert served_from_cache(client, question.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        questions_set_published(questions=Question.objects.all(), published=False)
    response = client.get("/sporsmal-og-svar/")
    assert response["X-Page-Cache"] == "miss"
    assert "Hva tjener man?" not in response.content.decode()
    assert client.get(question.get_absolute_url()).status_code == 404


def test_faq_search_results_are_not_cached(client):
    client.get("/sporsmal-og-svar/?q=lønn")
    assert "X-Page-Cache" not in client.get("/sporsmal-og-svar/?q=lønn")


def test_assessment_overview_is_cached_and_new_slots_show_at_once(
    client, staff_user, django_capture_on_commit_callbacks
):
    assert served_from_cache(client, "/vurdering/")
    with django_capture_on_commit_callbacks(execute=True):
        created = slots_bulk_create(
            consultant=staff_user, weekdays=[(timezone.localdate().weekday() + 3) % 7],
            start_time=time(10, 0), duration_minutes=60, weeks_ahead=1, format=Format.DIGITAL,
        )  # fmt: skip
    response = client.get("/vurdering/")
    assert response["X-Page-Cache"] == "miss"
    assert "10.00" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        slots_set_published(slots=created, published=False)
    assert client.get("/vurdering/")["X-Page-Cache"] == "miss"
    assert not Slot.objects.filter(is_published=True).exists()
