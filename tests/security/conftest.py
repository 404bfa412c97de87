import io

import pytest
from django.core.management import call_command


@pytest.fixture
def demo_site(db, settings):
    """The demo content (`make run`): a row of every kind, so every page has something on it."""
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
