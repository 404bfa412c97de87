"""Twenty advisers submit the same slot at the same moment: one booking, nineteen told why.

Runs only on PostgreSQL, where each thread gets its own real connection and
select_for_update() really locks (on SQLite it is a no-op and writes are serialised anyway).
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from assessments import services
from assessments.models import Booking

THREADS = 20

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (real row locks)"
    ),
]


@pytest.mark.django_db(transaction=True)
def test_twenty_advisers_booking_the_same_slot_at_once(
    slot_factory, user_factory, booking_data, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    slot = slot_factory(starts_at=timezone.now() + timedelta(days=3))
    advisers = [user_factory() for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    outcomes = []
    lock = threading.Lock()

    def book(adviser):
        try:
            barrier.wait()
            try:
                services.booking_create(slot_id=slot.pk, adviser=adviser, **booking_data)
                outcome = "booked"
            except services.SlotTaken as error:
                outcome = error.message
            except Exception as error:  # noqa: BLE001 - reported in the assertion below
                outcome = repr(error)
            with lock:
                outcomes.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(adviser,)) for adviser in advisers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == THREADS
    assert outcomes.count("booked") == 1, outcomes
    losers = [o for o in outcomes if o != "booked"]
    assert len(losers) == THREADS - 1
    assert all(o.startswith("Denne tiden ble nettopp booket") for o in losers), losers
    assert Booking.objects.filter(slot=slot).count() == 1
