import pytest

from erfaringssentrum.models import ContactDetails
from resources.models import Resource
from resources.services import resource_set_featured, resource_set_published

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    ContactDetails.load()  # created on first use, which would change the content version


def test_list_detail_and_feed_are_cached_for_anonymous_visitors(client, resource_factory):
    resource = resource_factory(title="Før")
    for url in ("/ressurser/", resource.get_absolute_url(), "/ressurser/feed/"):
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"


def test_searches_are_not_cached(client, resource_factory):
    resource_factory(title="Tips")
    client.get("/ressurser/?q=tips")
    assert not client.get("/ressurser/?q=tips").has_header("X-Page-Cache")


def test_a_saved_resource_shows_at_once(client, resource_factory):
    resource = resource_factory(title="Før")
    client.get("/ressurser/")
    resource.title = "Etter"
    resource.save()
    assert "Etter" in client.get("/ressurser/").content.decode()


def test_changed_audiences_show_at_once(client, resource_factory, audiences):
    resource = resource_factory()
    client.get(resource.get_absolute_url())
    resource.audiences.add(audiences["arbeidsgiver"])
    assert "Arbeidsgiver" in client.get(resource.get_absolute_url()).content.decode()


def test_admin_actions_invalidate_cached_pages(
    client, resource_factory, django_capture_on_commit_callbacks
):
    resource_factory(title="Fremhev meg")
    client.get("/")
    client.get("/ressurser/")
    with django_capture_on_commit_callbacks(execute=True):
        resource_set_featured(resources=Resource.objects.all(), featured=True)
    assert "Fremhev meg" in client.get("/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        resource_set_published(resources=Resource.objects.all(), published=False)
    assert "Fremhev meg" not in client.get("/ressurser/").content.decode()
