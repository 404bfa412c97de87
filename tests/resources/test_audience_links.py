"""The front page's audience cards and the self-check's suggestions find their audience by a
key staff cannot change (Audience.key), not by its address: staff may change an audience's
slug in admin, and the links follow it; an audience that is gone leaves the card with the
whole library instead of a broken filter."""

import io
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resources import demo
from resources.models import Audience
from resources.selfcheck import QUESTIONS, YES

pytestmark = pytest.mark.django_db

WANTS = "vil-bli-erfaringskonsulent"
EMPLOYER = "arbeidsgiver"


def rename(staff_client, audience, slug):
    """As staff do it: the admin's change form."""
    response = staff_client.post(
        reverse("admin:resources_audience_change", args=[audience.pk]),
        {"name": audience.name, "slug": slug, "position": audience.position},
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()


def test_the_audiences_of_the_site_have_their_keys(audiences):
    assert Audience.objects.get(key=Audience.Key.WANTS_TO_BECOME).slug == WANTS
    assert Audience.objects.get(key=Audience.Key.EMPLOYER).slug == EMPLOYER


def test_the_front_page_links_follow_a_changed_slug(client, staff_client, audiences):
    assert f'href="/ressurser/?malgruppe={WANTS}"' in client.get("/").content.decode()
    rename(staff_client, audiences[WANTS], "for-deg-som-vil-bli")
    rename(staff_client, audiences[EMPLOYER], "for-arbeidsgivere")

    html = client.get("/").content.decode()  # the cached page was replaced
    assert 'href="/ressurser/?malgruppe=for-deg-som-vil-bli">Tips og artikler</a>' in html
    assert 'href="/ressurser/?malgruppe=for-arbeidsgivere">Råd til arbeidsgivere</a>' in html
    followed = client.get("/ressurser/", {"malgruppe": "for-arbeidsgivere"})
    assert followed.status_code == HTTPStatus.OK
    assert followed.context["filters"]["audience"] == audiences[EMPLOYER]


def test_a_card_whose_audience_is_gone_links_to_the_whole_library(client, audiences):
    audiences[EMPLOYER].delete()
    html = client.get("/").content.decode()
    assert 'href="/ressurser/">Råd til arbeidsgivere</a>' in html
    assert f'href="/ressurser/?malgruppe={WANTS}">Tips og artikler</a>' in html


def test_an_audience_made_again_with_the_address_the_site_had_is_linked(client, audiences):
    """Staff who delete «Arbeidsgiver» and make a new audience at /?malgruppe=arbeidsgiver (it
    has no key: staff cannot set one) get the card linked to it, as before the keys."""
    audiences[EMPLOYER].delete()
    Audience.objects.create(name="Arbeidsgivere", slug=EMPLOYER)
    html = client.get("/").content.decode()
    assert f'href="/ressurser/?malgruppe={EMPLOYER}">Råd til arbeidsgivere</a>' in html


def test_the_self_check_finds_its_audience_as_the_front_page_does(
    client, resource_factory, audiences
):
    audiences[WANTS].delete()
    again = Audience.objects.create(name="Vil bli", slug=WANTS)
    suggested = resource_factory(title="Råd til deg som vurderer rollen", audiences=[again])
    response = client.post(reverse("resources:self-check"), {q.key: YES for q in QUESTIONS})
    assert f'href="/ressurser/{suggested.slug}/"' in response.content.decode()
    again.delete()
    response = client.post(reverse("resources:self-check"), {q.key: YES for q in QUESTIONS})
    assert response.status_code == HTTPStatus.OK
    assert "Les mer" not in response.content.decode()


def test_the_front_page_reads_the_audiences_once_per_change(auth_client, staff_client, audiences):
    """Kept by each worker, as the contact details are: rendering the page again (here for a
    logged-in visitor, whom the page cache does not serve) asks no more of the database."""

    def audience_queries():
        with CaptureQueriesContext(connection) as queries:
            assert auth_client.get("/").status_code == HTTPStatus.OK
        return [q["sql"] for q in queries if '"resources_audience"."key"' in q["sql"]]

    assert len(audience_queries()) == 1
    assert audience_queries() == []
    rename(staff_client, audiences[WANTS], "ny-adresse")
    assert len(audience_queries()) == 1  # read again after the change
    assert audience_queries() == []


def test_the_self_check_suggests_for_the_audience_after_a_changed_slug(
    client, staff_client, resource_factory, audiences
):
    suggested = resource_factory(
        title="Råd til deg som vurderer rollen", audiences=[audiences[WANTS]]
    )
    rename(staff_client, audiences[WANTS], "for-deg-som-vil-bli")
    response = client.post(reverse("resources:self-check"), {q.key: YES for q in QUESTIONS})
    assert f'href="/ressurser/{suggested.slug}/"' in response.content.decode()


def test_the_demo_content_uses_an_audience_whose_slug_staff_changed(staff_client, audiences):
    rename(staff_client, audiences[EMPLOYER], "for-arbeidsgivere")
    demo.seed(stdout=io.StringIO())
    assert not Audience.objects.filter(slug=EMPLOYER).exists()
    assert audiences[EMPLOYER].resources.exists()
