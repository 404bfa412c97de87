import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from assessments import services
from assessments.forms import CONSENT_VERSION
from assessments.models import Format, Slot

OSLO = ZoneInfo("Europe/Oslo")
# A Monday at noon, Oslo time: services get this as `now`.
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=OSLO)

_hours = itertools.count(0)


@pytest.fixture
def consultant(user_factory):
    return user_factory(name="Rådgiver Senteret", is_staff=True)


@pytest.fixture
def slot_factory(consultant):
    """Slots a few days after `start` (default: real now), each in its own hour."""

    def create(*, starts_at=None, hours=1, start=None, **extra):
        if starts_at is None:
            base = start or timezone.now()
            starts_at = (base + timedelta(days=3, hours=next(_hours) * 2)).replace(
                minute=0, second=0, microsecond=0
            )
        fields = {
            "consultant": consultant,
            "format": Format.DIGITAL,
            "location": "https://video.example/rom",
            "is_published": True,
            **extra,
        }
        return Slot.objects.create(
            starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), **fields
        )

    return create


@pytest.fixture
def booking_data():
    return {
        "organisation": "NAV Testby",
        "adviser_role": "Veileder",
        "candidate_name": "Kari",
        "adviser_attends": True,
        "consent_version": CONSENT_VERSION,
        "question": "Passer rollen?",
    }


@pytest.fixture
def booking_factory(user_factory, booking_data):
    def create(*, slot, adviser=None, now=None, **extra):
        return services.booking_create(
            slot_id=slot.pk,
            adviser=adviser or user_factory(),
            now=now or timezone.now(),
            **{**booking_data, **extra},
        )

    return create
