import datetime as dt
import xml.etree.ElementTree as ET
from http import HTTPStatus

import pytest

from resources.models import FRONT_PAGE_FEATURED

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_lists_published_resources_newest_first(client, resource_factory):
    old = resource_factory(title="Eldre", summary="Om det eldre.")
    new = resource_factory(title="Nyere", published_at=dt.datetime.now(dt.UTC))
    resource_factory(title="Utkast", is_published=False)
    resource_factory(title="Fremtid", published_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))

    response = client.get("/ressurser/feed/")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Nyere", "Eldre"]
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links == [
        f"http://testserver/ressurser/{new.slug}/",
        f"http://testserver/ressurser/{old.slug}/",
    ]
    assert entries[1].findtext(f"{ATOM}summary") == "Om det eldre."
    assert feed.findtext(f"{ATOM}title") == "Nye ressurser fra Erfaringssentrum"


def test_feed_is_limited_to_twenty(client, resource_factory):
    for _ in range(25):
        resource_factory()
    feed = ET.fromstring(client.get("/ressurser/feed/").content)  # noqa: S314
    assert len(feed.findall(f"{ATOM}entry")) == 20


def test_feed_and_self_check_are_not_taken_for_resources(client, resource_factory):
    assert client.get("/ressurser/feed/").status_code == HTTPStatus.OK
    assert client.get("/ressurser/passer-jeg/").status_code == HTTPStatus.OK


def test_sitemap_lists_the_library_and_published_resources(client, resource_factory):
    published = resource_factory()
    draft = resource_factory(is_published=False)

    xml = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/ressurser/</loc>" in xml
    assert f"<loc>http://testserver/ressurser/{published.slug}/</loc>" in xml
    assert draft.slug not in xml


def test_front_page_shows_featured_resources(client, resource_factory):
    featured = resource_factory(title="Fremhevet", is_featured=True)
    resource_factory(title="Vanlig")
    resource_factory(title="Fremhevet utkast", is_featured=True, is_published=False)

    response = client.get("/")

    html = response.content.decode()
    assert "Anbefalt lesning" in html
    assert f'href="/ressurser/{featured.slug}/"' in html
    assert "Vanlig" not in html
    assert "Fremhevet utkast" not in html


def test_front_page_without_featured_resources_has_no_empty_section(client, db):
    assert "Anbefalt lesning" not in client.get("/").content.decode()


def test_front_page_shows_the_newest_featured_as_the_help_text_says(client, resource_factory):
    # resource_factory gives each new resource an earlier date: the first ones are the newest.
    shown = [
        resource_factory(title=f"Fremhevet {n}", is_featured=True)
        for n in range(FRONT_PAGE_FEATURED)
    ]
    older = resource_factory(title="Eldre fremhevet", is_featured=True)

    html = client.get("/").content.decode()

    for resource in shown:
        assert f'href="/ressurser/{resource.slug}/"' in html
    assert older.title not in html


def test_sitemap_lists_the_self_check(client, db):
    """«Passer jeg til å bli erfaringskonsulent?» is a page of its own that job seekers search
    the web for; it is listed, once, and not as a resource."""
    xml = client.get("/sitemap.xml").content.decode()
    assert xml.count("<loc>http://testserver/ressurser/passer-jeg/</loc>") == 1
