"""Twenty advisers submit the same slot at the same moment: one booking, nineteen told why.

Runs only on PostgreSQL, where each thread gets its own real connection and
select_for_update() really locks (on SQLite it is a no-op and writes are serialised anyway).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments import services
from assessments.models import Booking
from tests.concurrency import POSTGRES_ONLY, run_at_once

THREADS = 20

pytestmark = POSTGRES_ONLY


@pytest.fixture(autouse=True)
def _no_emails(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_twenty_advisers_booking_the_same_slot_at_once(slot_factory, user_factory, booking_data):
    slot = slot_factory(starts_at=timezone.now() + timedelta(days=3))
    advisers = [user_factory() for _ in range(THREADS)]

    def book(adviser):
        return services.booking_create(slot_id=slot.pk, adviser=adviser, **booking_data)

    outcomes = run_at_once(book, advisers)

    booked = [o for o in outcomes if isinstance(o, Booking)]
    assert len(booked) == 1, outcomes
    losers = [o for o in outcomes if not isinstance(o, Booking)]
    assert all(isinstance(o, services.SlotTaken) for o in losers), losers
    assert all(o.message.startswith("Denne tiden ble nettopp booket") for o in losers)
    assert Booking.objects.filter(slot=slot).count() == 1
