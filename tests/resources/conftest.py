import pytest


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Query counts and visibility are about the views; test_page_cache.py turns it on."""
    settings.PAGE_CACHE_SECONDS = 0
