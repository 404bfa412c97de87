"""assessments/migrations/0007 rewrites the stored slot formats from Norwegian codes
(telefon, oppmote) to English ones (phone, in_person), and back when unapplied; the labels
people see stay the same."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from assessments.models import Format, Slot
from erfaringssentrum.models import User

BEFORE = [("assessments", "0006_booking_phone_call_and_adaptation")]
AFTER = [("assessments", "0007_format_codes_in_english")]
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def migrate(targets):
    """Migrates the test database to `targets`; returns the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_stored_formats_become_english_and_back(back_to_latest):
    old = migrate(BEFORE)
    # Only assessments moves back; the accounts table is as it is now.
    consultant = User.objects.create_user(email="konsulent@erfaringssentrum.example", is_staff=True)
    OldSlot = old.get_model("assessments", "Slot")
    ids = {
        code: OldSlot.objects.create(
            consultant_id=consultant.pk,
            starts_at=START + timedelta(hours=2 * number),
            ends_at=START + timedelta(hours=2 * number + 1),
            format=code,
        ).pk
        for number, code in enumerate(["digital", "telefon", "oppmote"])
    }

    migrate(AFTER)
    slots = {code: Slot.objects.get(pk=pk) for code, pk in ids.items()}
    assert {code: slot.format for code, slot in slots.items()} == {
        "digital": Format.DIGITAL,
        "telefon": Format.PHONE,
        "oppmote": Format.IN_PERSON,
    }
    assert [slots[code].get_format_display() for code in ids] == [
        "Digitalt",
        "Telefon",
        "Oppmøte",
    ]

    old = migrate(BEFORE)
    stored = dict(old.get_model("assessments", "Slot").objects.values_list("pk", "format"))
    assert stored == {pk: code for code, pk in ids.items()}

