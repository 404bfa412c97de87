import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_sitemap_lists_the_faq_page_and_published_permalinks(client, question_factory):
    published = question_factory(slug="publisert")
    question_factory(slug="utkast", is_published=False)

    xml = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/sporsmal-og-svar/</loc>" in xml
    assert f"<loc>http://testserver{published.get_absolute_url()}</loc>" in xml
    assert "/sporsmal-og-svar/utkast/" not in xml
    assert f"<lastmod>{timezone.localdate(published.updated_at).isoformat()}</lastmod>" in xml


def test_robots_txt_points_search_engines_to_the_sitemap(client):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()
