import datetime as dt
import itertools
from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resources.models import Audience, Kind

pytestmark = pytest.mark.django_db

FUTURE = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)


def test_detail_shows_title_type_audiences_dates_and_rendered_body(
    client, resource_factory, audiences
):
    resource = resource_factory(
        title="Ti råd til arbeidsgivere",
        kind=Kind.TIPS,
        audiences=[audiences["arbeidsgiver"], audiences["nav-og-tiltak"]],
        published_at=dt.datetime(2018, 6, 26, 10, tzinfo=dt.UTC),
        body="## Planlegg godt\n\nLag en **plan** før dere lyser ut.",
    )

    response = client.get(f"/ressurser/{resource.slug}/")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<h1>Ti råd til arbeidsgivere</h1>" in html
    assert "Tips og råd" in html
    assert "Arbeidsgiver" in html and "NAV og tiltak" in html
    assert '<time datetime="2018-06-26">26. juni 2018</time>' in html
    assert "Oppdatert" in html  # updated_at is today
    assert "<h2>Planlegg godt</h2>" in html
    assert "<strong>plan</strong>" in html
    assert "Utkast" not in html


def test_unknown_slug_is_404(client, db):
    assert client.get("/ressurser/finnes-ikke/").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "fields", [{"is_published": False}, {"published_at": FUTURE}], ids=["draft", "future"]
)
def test_drafts_and_future_resources_are_404_for_the_public(
    client, auth_client, resource_factory, fields
):
    resource = resource_factory(**fields)
    assert client.get(f"/ressurser/{resource.slug}/").status_code == HTTPStatus.NOT_FOUND
    # A logged-in non-staff user is the public too.
    assert auth_client.get(f"/ressurser/{resource.slug}/").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "fields, says",
    [
        ({"is_published": False}, "ikke publisert"),
        ({"published_at": FUTURE}, "blir synlig for alle"),
    ],
    ids=["draft", "future"],
)
def test_staff_see_drafts_and_future_resources_with_a_banner(
    staff_client, resource_factory, fields, says
):
    resource = resource_factory(**fields)
    response = staff_client.get(f"/ressurser/{resource.slug}/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<div class="draft-banner mb-4" role="note">' in html
    assert "<strong>Utkast</strong>" in html
    assert says in html
    assert f"/admin/resources/resource/{resource.pk}/change/" in html


def test_staff_without_permission_to_view_resources_do_not_see_drafts(
    client, user_factory, resource_factory
):
    resource = resource_factory(is_published=False)
    client.force_login(user_factory(is_staff=True))
    assert client.get(f"/ressurser/{resource.slug}/").status_code == HTTPStatus.NOT_FOUND


def test_body_is_sanitised(client, resource_factory):
    resource = resource_factory(
        body=(
            "Hei <script>alert('x')</script>\n\n"
            '<img src="x" onerror="alert(1)">\n\n'
            "[Klikk](javascript:alert(1))\n\n"
            '<a href="javascript:alert(2)" onclick="alert(3)">lenke</a>\n\n'
            "[Trygg](https://example.org)"
        )
    )

    body = client.get(f"/ressurser/{resource.slug}/").content.decode()
    body = body.split('<div class="resource-body">')[1].split("</div>")[0]

    assert "<script" not in body
    assert "onerror" not in body
    assert "onclick" not in body
    assert "javascript:" not in body
    assert '<a href="https://example.org" rel="noopener noreferrer">Trygg</a>' in body


def test_video_links_out_and_never_embeds(client, resource_factory):
    resource = resource_factory(
        kind=Kind.VIDEO,
        external_url="https://video.example/samtale",
        body='<iframe src="https://video.example/embed"></iframe>Se samtalen.',
    )
    html = client.get(f"/ressurser/{resource.slug}/").content.decode()
    assert 'href="https://video.example/samtale"' in html
    assert "Se videoen" in html
    assert "<iframe" not in html
    assert "<video" not in html


def test_external_link_is_shown(client, resource_factory):
    resource = resource_factory(kind=Kind.LINK, external_url="https://example.org/veileder")
    html = client.get(f"/ressurser/{resource.slug}/").content.decode()
    assert 'href="https://example.org/veileder"' in html
    assert "Gå til ressursen" in html


def test_attached_pdf_is_linked_with_its_size_and_served(client, resource_factory):
    resource = resource_factory()
    resource.pdf.save("brosjyre.pdf", ContentFile(b"%PDF-1.4\n" + b"x" * 2039))

    html = client.get(f"/ressurser/{resource.slug}/").content.decode()
    assert f'href="/ressurser/{resource.slug}/pdf/"' in html
    assert "Last ned PDF (2,0\xa0KB)" in html

    response = client.get(f"/ressurser/{resource.slug}/pdf/")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_pdf_of_a_draft_is_404_and_missing_pdf_is_404(client, staff_client, resource_factory):
    draft = resource_factory(is_published=False)
    draft.pdf.save("utkast.pdf", ContentFile(b"%PDF-1.4 utkast"))
    without = resource_factory()

    assert client.get(f"/ressurser/{draft.slug}/pdf/").status_code == HTTPStatus.NOT_FOUND
    assert staff_client.get(f"/ressurser/{draft.slug}/pdf/").status_code == HTTPStatus.OK
    assert client.get(f"/ressurser/{without.slug}/pdf/").status_code == HTTPStatus.NOT_FOUND

    draft.pdf.storage.delete(draft.pdf.name)
    assert staff_client.get(f"/ressurser/{draft.slug}/pdf/").status_code == HTTPStatus.NOT_FOUND
    # The page still works when the file has gone missing, just without a size.
    assert staff_client.get(f"/ressurser/{draft.slug}/").status_code == HTTPStatus.OK


def test_up_to_three_related_resources_sharing_audiences_first(client, resource_factory, audiences):
    employer, nav = audiences["arbeidsgiver"], audiences["nav-og-tiltak"]
    resource = resource_factory(title="Hoved", audiences=[employer, nav])
    both = resource_factory(title="Begge", audiences=[employer, nav])
    one = resource_factory(title="En", audiences=[employer])
    same_kind = resource_factory(title="Samme type", audiences=[audiences["arbeidsgiver"]])
    resource_factory(title="Fjerde", audiences=[nav])
    resource_factory(title="Utkast", audiences=[employer, nav], is_published=False)
    resource_factory(title="Uten noe felles", kind=Kind.VIDEO)

    related = list(client.get(f"/ressurser/{resource.slug}/").context["related"])

    assert [item.title for item in related] == [both.title, one.title, same_kind.title]


def test_detail_query_count_does_not_grow(client, resource_factory):
    numbers = itertools.count()

    def make(resources, audience_count):
        every = [
            Audience.objects.create(name=f"Gruppe {n}", slug=f"gruppe-{n}")
            for n in (next(numbers) for _ in range(audience_count))
        ]
        for _ in range(resources):
            resource_factory(audiences=every)
        return resource_factory(audiences=every)

    def count(resource):
        url = f"/ressurser/{resource.slug}/"
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == HTTPStatus.OK
        return len(queries)

    small = count(make(5, 5))
    assert count(make(50, 50)) == small
