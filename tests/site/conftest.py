import pytest
from django.test import Client

from erfaringssentrum.models import ContactDetails

from .mail_queue import DATABASE_BACKEND, run_worker


@pytest.fixture
def save_contact_phone(db):
    """Saves a new phone number through the model, as staff do in admin: a content change
    that every page shows (the footer)."""

    def save(phone):
        details = ContactDetails.load()
        details.phone = phone
        details.save()

    return save


@pytest.fixture
def front_page_visited(db):
    """A client that has fetched the front page once, so it is in the page cache."""
    ContactDetails.load()  # its first creation counts as a content change
    client = Client()
    client.get("/")
    return client


@pytest.fixture
def database_queue(settings):
    """E-mail tasks are stored in the database and wait for the worker, as in production;
    the fixture's value runs the worker until no task is due."""
    settings.TASKS = DATABASE_BACKEND
    return run_worker
