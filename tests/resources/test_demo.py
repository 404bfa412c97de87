import io

import pytest

from erfaringssentrum.launch_checks import example_urls
from resources import demo
from resources.models import Kind, Resource

pytestmark = pytest.mark.django_db


def test_seed_creates_published_resources_covering_the_library():
    demo.seed(stdout=io.StringIO())

    published = Resource.objects.published()
    assert published.count() >= 10
    assert set(published.values_list("kind", flat=True)) == set(Kind.values)
    assert published.filter(is_featured=True).count() >= 3
    assert Resource.objects.filter(is_published=False).exists()
    for resource in published.prefetch_related("audiences"):
        assert resource.audiences.exists(), resource.slug
        assert resource.full_clean() is None
    video = published.get(kind=Kind.VIDEO)
    assert video.published_at.date().isoformat() == "2018-06-26"
    with_pdf = published.exclude(pdf="").get()
    assert with_pdf.pdf.read(5) == b"%PDF-"


def test_the_demo_names_the_real_video_and_invents_no_address_for_it():
    demo.seed(stdout=io.StringIO())
    video = Resource.objects.get(kind=Kind.VIDEO)
    assert video.external_url == ""
    assert "«ROP-snakk»" in video.body
    for resource in Resource.objects.all():
        assert example_urls(resource.external_url + " " + resource.body) == [], resource.slug


def test_seed_is_idempotent_and_keeps_staff_edits():
    demo.seed(stdout=io.StringIO())
    Resource.objects.filter(slug="recovery-college").update(title="Endret av ansatte")
    count = Resource.objects.count()

    demo.seed(stdout=io.StringIO())

    assert Resource.objects.count() == count
    assert Resource.objects.get(slug="recovery-college").title == "Endret av ansatte"


def test_demo_pages_render(client):
    demo.seed(stdout=io.StringIO())
    assert client.get("/").status_code == 200
    assert "Anbefalt lesning" in client.get("/").content.decode()
    for resource in Resource.objects.published():
        assert client.get(resource.get_absolute_url()).status_code == 200
    pdf = Resource.objects.exclude(pdf="").get()
    assert client.get(pdf.pdf_url).status_code == 200


def test_demo_resources_have_no_updated_date_of_their_own(client):
    """Seeding is not an edit: the 2018 video must not say it was updated today."""
    demo.seed(stdout=io.StringIO())

    for resource in Resource.objects.all():
        assert resource.updated_at == resource.published_at, resource.slug
    video = Resource.objects.get(kind=Kind.VIDEO)
    html = client.get(video.get_absolute_url()).content.decode()
    assert "Oppdatert" not in html
