import datetime as dt
import itertools

import pytest
from django.utils import timezone

from resources.models import Audience, Kind, Resource

_numbers = itertools.count(1)

AUDIENCES = {
    "vil-bli-erfaringskonsulent": "Vil bli erfaringskonsulent",
    "nav-og-tiltak": "NAV og tiltak",
    "arbeidsgiver": "Arbeidsgiver",
    "tjenester-og-kompetansesentre": "Tjenester og kompetansesentre",
}


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Query counts and visibility are about the views; test_page_cache.py turns it on."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def audiences(db):
    """The four audiences (made by a data migration; a flushed test database lacks them)."""
    return {
        slug: Audience.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in AUDIENCES.items()
    }


@pytest.fixture
def resource_factory(db):
    def create(*, title=None, audiences=(), **fields):
        number = next(_numbers)
        title = title or f"Ressurs nummer {number}"
        fields.setdefault("slug", f"ressurs-{number}")
        fields.setdefault("summary", f"Kort sammendrag av {title.lower()}.")
        fields.setdefault("kind", Kind.ARTICLE)
        fields.setdefault("is_published", True)
        fields.setdefault("published_at", timezone.now() - dt.timedelta(days=number))
        resource = Resource.objects.create(title=title, **fields)
        resource.audiences.set(audiences)
        return resource

    return create
