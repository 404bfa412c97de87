import datetime as dt
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from resources.models import FRONT_PAGE_FEATURED, Kind, Resource
from resources.services import resource_set_published

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)

ADD_URL = "/admin/resources/resource/add/"
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def form_data(audiences, **overrides):
    now = timezone.localtime()
    data = {
        "title": "Brosjyre om rollen",
        "slug": "brosjyre-om-rollen",
        "kind": Kind.BROCHURE,
        "audiences": [audiences["nav-og-tiltak"].pk],
        "summary": "En kort brosjyre.",
        "body": "Tekst.",
        "external_url": "",
        "is_published": "on",
        "published_at_0": now.strftime("%d.%m.%Y"),
        "published_at_1": now.strftime("%H:%M:%S"),
    }
    return data | overrides


def test_staff_create_a_resource_with_a_pdf(staff_client, audiences):
    upload = SimpleUploadedFile("brosjyre.pdf", PDF, content_type="application/pdf")

    response = staff_client.post(ADD_URL, form_data(audiences, pdf=upload))

    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    resource = Resource.objects.get(slug="brosjyre-om-rollen")
    assert list(resource.audiences.all()) == [audiences["nav-og-tiltak"]]
    assert resource.pdf.read() == PDF
    assert resource.is_public()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("brosjyre.pdf", b"<html>ikke en pdf</html>", "Filen er ikke en gyldig PDF."),
        ("brosjyre.exe", PDF, "Filen må være en PDF"),
        ("brosjyre.pdf", b"MZ\x90\x00 program", "Filen er ikke en gyldig PDF."),
    ],
)
def test_upload_must_really_be_a_pdf(staff_client, audiences, name, content, message):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")

    response = staff_client.post(ADD_URL, form_data(audiences, pdf=upload))

    assert response.status_code == HTTPStatus.OK
    errors = response.context["adminform"].form.errors
    assert message in errors["pdf"][0]
    assert not Resource.objects.exists()


def test_upload_is_size_limited(staff_client, audiences, settings):
    settings.RESOURCE_MAX_UPLOAD_BYTES = 1024
    upload = SimpleUploadedFile("stor.pdf", PDF + b"0" * 2000, content_type="application/pdf")

    response = staff_client.post(ADD_URL, form_data(audiences, pdf=upload))

    assert response.status_code == HTTPStatus.OK
    error = response.context["adminform"].form.errors["pdf"][0]
    assert error.startswith("Filen er for stor (2,0\xa0KB).")
    assert "1,0\xa0KB" in error
    assert not Resource.objects.exists()


def test_the_default_upload_limit_is_ten_megabytes(settings):
    from resources.conf import max_upload_bytes

    del settings.RESOURCE_MAX_UPLOAD_BYTES
    assert max_upload_bytes() == 10 * 1024 * 1024


def test_editing_without_a_new_upload_keeps_the_pdf(staff_client, audiences, resource_factory):
    resource = resource_factory(slug="med-pdf", audiences=[audiences["nav-og-tiltak"]])
    resource.pdf.save("fil.pdf", SimpleUploadedFile("fil.pdf", PDF))

    response = staff_client.post(
        f"/admin/resources/resource/{resource.pk}/change/",
        form_data(audiences, slug="med-pdf", title="Nytt navn"),
    )

    assert response.status_code == HTTPStatus.FOUND
    resource.refresh_from_db()
    assert resource.title == "Nytt navn"
    assert resource.pdf.read() == PDF


@pytest.mark.parametrize("slug", ["feed", "passer-jeg"])
def test_slugs_of_the_library_pages_are_refused(staff_client, audiences, slug):
    response = staff_client.post(ADD_URL, form_data(audiences, slug=slug))
    assert response.status_code == HTTPStatus.OK
    assert (
        "er en egen side under /ressurser/" in response.context["adminform"].form.errors["slug"][0]
    )


def test_add_form_fills_the_slug_from_the_title(staff_client, db):
    html = staff_client.get(ADD_URL).content.decode()
    assert (
        "&quot;id&quot;: &quot;#id_slug&quot;, &quot;name&quot;: &quot;slug&quot;, "
        "&quot;dependency_ids&quot;: [&quot;#id_title&quot;]"
    ) in html


def test_changelist_filters_and_searches(staff_client, resource_factory):
    resource_factory(title="Tips om lønn", kind=Kind.TIPS)
    resource_factory(title="Utkast om lønn", is_published=False)
    resource_factory(title="Planlagt", published_at=timezone.now() + dt.timedelta(days=2))

    def shown(query):
        response = staff_client.get(f"/admin/resources/resource/{query}")
        assert response.status_code == HTTPStatus.OK
        return sorted(r.title for r in response.context["cl"].result_list)

    assert shown("?q=lønn") == ["Tips om lønn", "Utkast om lønn"]
    assert shown("?status=utkast") == ["Utkast om lønn"]
    assert shown("?status=planlagt") == ["Planlagt"]
    assert shown("?status=synlig") == ["Tips om lønn"]
    assert shown("?kind__exact=tips") == ["Tips om lønn"]


def test_admin_actions_publish_and_feature(staff_client, resource_factory):
    draft = resource_factory(is_published=False)
    other = resource_factory()

    staff_client.post(
        "/admin/resources/resource/",
        {"action": "publish", "_selected_action": [draft.pk, other.pk]},
    )
    staff_client.post(
        "/admin/resources/resource/",
        {"action": "feature", "_selected_action": [draft.pk]},
    )

    draft.refresh_from_db()
    assert draft.is_published and draft.is_featured
    assert list(Resource.objects.featured()) == [draft]

    staff_client.post(
        "/admin/resources/resource/",
        {"action": "unpublish", "_selected_action": [draft.pk]},
    )
    assert list(Resource.objects.featured()) == []


def test_audience_admin_lists_counts(staff_client, resource_factory, audiences):
    resource_factory(audiences=[audiences["arbeidsgiver"]])
    response = staff_client.get("/admin/resources/audience/")
    assert response.status_code == HTTPStatus.OK
    counts = {a.slug: a.resource_count for a in response.context["cl"].result_list}
    assert counts["arbeidsgiver"] == 1


@pytest.mark.parametrize(
    "kind, message",
    [
        (Kind.VIDEO, "En video må ha en ekstern lenke til der videoen ligger."),
        (Kind.LINK, "En ressurs av typen «Lenke» må ha en ekstern lenke."),
    ],
)
def test_videos_and_links_need_an_external_url(staff_client, audiences, kind, message):
    response = staff_client.post(ADD_URL, form_data(audiences, kind=kind))

    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors["external_url"] == [message]
    assert not Resource.objects.exists()

    url = "https://video.example/samtale"
    response = staff_client.post(ADD_URL, form_data(audiences, kind=kind, external_url=url))
    assert response.status_code == HTTPStatus.FOUND
    assert Resource.objects.get().external_url == url


def test_featuring_is_not_an_update_of_the_content(staff_client, resource_factory):
    resource = resource_factory()
    updated = resource.updated_at

    staff_client.post(
        "/admin/resources/resource/",
        {"action": "feature", "_selected_action": [resource.pk]},
    )

    resource.refresh_from_db()
    assert resource.is_featured
    assert resource.updated_at == updated


def test_featuring_more_than_the_front_page_shows_warns(staff_client, resource_factory):
    resources = [resource_factory() for _ in range(FRONT_PAGE_FEATURED + 1)]

    response = staff_client.post(
        "/admin/resources/resource/",
        {"action": "feature", "_selected_action": [r.pk for r in resources]},
        follow=True,
    )

    texts = [str(message) for message in response.context["messages"]]
    assert f"{FRONT_PAGE_FEATURED + 1} ressurser fremhevet på forsiden." in texts
    assert any("forsiden viser bare de 3 nyeste" in text for text in texts)


def test_featuring_within_the_limit_gives_no_warning(staff_client, resource_factory):
    resource = resource_factory()
    response = staff_client.post(
        "/admin/resources/resource/",
        {"action": "feature", "_selected_action": [resource.pk]},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == [
        "1 ressurs fremhevet på forsiden."
    ]


def test_the_pdf_field_offers_only_pdf_files(staff_client, db):
    html = staff_client.get(ADD_URL).content.decode()
    assert 'accept="application/pdf,.pdf"' in html


def test_publishing_a_draft_dates_it_now_but_keeps_a_future_date(client, resource_factory):
    now = timezone.now()
    old_draft = resource_factory(
        title="Lenge et utkast", is_published=False, published_at=now - dt.timedelta(days=30)
    )
    newest = resource_factory(title="Nylig publisert", published_at=now - dt.timedelta(hours=1))
    later = now + dt.timedelta(days=2)
    planned = resource_factory(title="Planlagt", is_published=False, published_at=later)

    count = resource_set_published(
        resources=Resource.objects.filter(pk__in=[old_draft.pk, planned.pk, newest.pk]),
        published=True,
        now=now,
    )

    assert count == 2
    old_draft.refresh_from_db()
    planned.refresh_from_db()
    newest.refresh_from_db()
    assert old_draft.published_at == now
    assert planned.published_at == later and not planned.is_public()
    assert newest.published_at == now - dt.timedelta(hours=1)  # already published: untouched
    titles = [r.title for r in client.get("/ressurser/").context["resources"]]
    assert titles[:2] == ["Lenge et utkast", "Nylig publisert"]
    # A freshly published resource has not been "updated" since.
    assert "Oppdatert" not in client.get(old_draft.get_absolute_url()).content.decode()


def change_form_data(resource, **overrides):
    """The change form as the browser sends it, with the date's initial value beside it (how
    Django tells whether staff changed a field with a default)."""
    published = timezone.localtime(resource.published_at)
    date = {
        "published_at_0": published.strftime("%d.%m.%Y"),
        "published_at_1": published.strftime("%H:%M:%S"),
    }
    data = {
        "title": resource.title,
        "slug": resource.slug,
        "kind": resource.kind,
        "audiences": [],
        "summary": resource.summary,
        "body": resource.body,
        "external_url": "",
        **date,
        **{f"initial-{name}": value for name, value in date.items()},
    }
    return data | overrides


@pytest.fixture
def old_draft(resource_factory, time_machine):
    time_machine.move_to(NOW, tick=False)
    return resource_factory(
        title="Lenge et utkast", is_published=False, published_at=NOW - dt.timedelta(days=30)
    )


def test_a_draft_published_in_its_form_is_dated_now_like_with_the_action(
    staff_client, old_draft, time_machine
):
    change = f"/admin/resources/resource/{old_draft.pk}/change/"
    response = staff_client.post(change, change_form_data(old_draft, is_published="on"))
    assert response.status_code == HTTPStatus.FOUND
    old_draft.refresh_from_db()
    assert old_draft.is_published and old_draft.published_at == NOW  # new at the top

    # Saved again later, a published resource keeps its date.
    time_machine.move_to(NOW + dt.timedelta(minutes=10), tick=False)
    response = staff_client.post(change, change_form_data(old_draft, is_published="on", body="Ny"))
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    old_draft.refresh_from_db()
    assert old_draft.body == "Ny"
    assert old_draft.published_at == NOW


def test_a_date_staff_set_when_publishing_is_kept(staff_client, old_draft):
    chosen = timezone.localtime(NOW - dt.timedelta(days=400)).replace(microsecond=0)
    data = change_form_data(old_draft, is_published="on")
    data |= {
        "published_at_0": chosen.strftime("%d.%m.%Y"),
        "published_at_1": chosen.strftime("%H:%M:%S"),
    }
    response = staff_client.post(f"/admin/resources/resource/{old_draft.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND
    old_draft.refresh_from_db()
    assert old_draft.published_at == chosen


def change_address(staff_client, resource, slug, *, published=True):
    """Staff give `resource` a new address in its change form."""
    resource.refresh_from_db()
    data = change_form_data(resource, slug=slug, **({"is_published": "on"} if published else {}))
    response = staff_client.post(f"/admin/resources/resource/{resource.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND


def test_a_changed_address_still_leads_to_the_resource(staff_client, client, resource_factory):
    resource = resource_factory(title="Om lønn", slug="om-lonn")
    change_address(staff_client, resource, "lonn-og-arbeidsvilkar")

    old = client.get("/ressurser/om-lonn/")
    assert old.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert old["Location"] == "/ressurser/lonn-og-arbeidsvilkar/"
    assert client.get(old["Location"]).status_code == HTTPStatus.OK

    # Changed back, the first address is its own again and the second one leads to it.
    change_address(staff_client, resource, "om-lonn")
    assert client.get("/ressurser/om-lonn/").status_code == HTTPStatus.OK
    assert client.get("/ressurser/lonn-og-arbeidsvilkar/")["Location"] == "/ressurser/om-lonn/"


def test_a_new_resource_may_take_a_former_address_and_a_draft_is_not_revealed(
    staff_client, client, resource_factory, audiences
):
    resource = resource_factory(title="Om lønn", slug="om-lonn")
    change_address(staff_client, resource, "lonn")
    assert staff_client.post(ADD_URL, form_data(audiences, slug="om-lonn")).status_code == 302
    assert client.get("/ressurser/om-lonn/").status_code == HTTPStatus.OK  # the new one

    change_address(staff_client, resource, "lonn-2", published=False)  # now a draft
    assert client.get("/ressurser/lonn/").status_code == HTTPStatus.NOT_FOUND


def test_the_pdf_link_of_a_former_address_leads_to_the_pdf(staff_client, client, audiences):
    upload = SimpleUploadedFile("brosjyre.pdf", PDF, content_type="application/pdf")
    assert staff_client.post(ADD_URL, form_data(audiences, pdf=upload)).status_code == 302
    change_address(staff_client, Resource.objects.get(), "brosjyre")

    old = client.get("/ressurser/brosjyre-om-rollen/pdf/")
    assert old.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert old["Location"] == "/ressurser/brosjyre/pdf/"
    assert client.get("/ressurser/ukjent/pdf/").status_code == HTTPStatus.NOT_FOUND
