from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db


def test_sitemap_lists_the_site_pages(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == HTTPStatus.OK
    xml = response.content.decode()
    for path in ("/", "/om-oss/", "/personvern/", "/tilgjengelighet/"):
        assert f"<loc>http://testserver{path}</loc>" in xml


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /min-side/" in response.content.decode()
