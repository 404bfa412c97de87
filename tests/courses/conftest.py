from datetime import UTC, datetime

import pytest

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def factory_now():
    """The tests here pass NOW to the services: the factories' rows are made to fit it."""
    return NOW


@pytest.fixture(autouse=True)
def _staff_addresses(settings):
    settings.STAFF_NOTIFICATION_EMAILS = ["kurs@erfaringssentrum.example"]
    settings.SITE_URL = "https://erfaringssentrum.example"
