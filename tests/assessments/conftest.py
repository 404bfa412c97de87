from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

OSLO = ZoneInfo("Europe/Oslo")
# A Monday at noon, Oslo time: services get this as `now`.
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=OSLO)


@pytest.fixture
def user(adviser_factory):
    """Here the logged-in account (auth_client) is an approved adviser."""
    return adviser_factory()
