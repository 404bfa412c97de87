"""No absolute link comes from the request's Host header (issue #13): the client picks the
header, any allowed host with any port, and a cached page, a feed or an e-mail outlives the
request. Links are built from SITE_URL."""

import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.test import Client

from courses.models import Course
from erfaringssentrum.models import User
from faq.models import Question
from resources.models import Resource

SITE = "erfaringssentrum.example"
SITE_URL = f"https://{SITE}"
OTHER_HOSTS = [f"{SITE}:6666", "annen.example", "annen.example:8443"]
ABSOLUTE_LINK = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture
def site(settings, demo_site):
    settings.ALLOWED_HOSTS = [SITE, "annen.example"]
    settings.SITE_URL = SITE_URL


def public_pages():
    resource = Resource.objects.published().first()
    question = Question.objects.published().first()
    course = Course.objects.open_or_upcoming().first()
    return [
        "/",
        "/ressurser/",
        resource.get_absolute_url(),
        "/ressurser/feed/",
        "/sporsmal-og-svar/",
        question.get_absolute_url(),
        "/kurs/",
        course.get_absolute_url(),
        "/vurdering/",
        "/sitemap.xml",
        "/robots.txt",
    ]


def assert_links_on_the_site(text: str, where: str):
    for host in OTHER_HOSTS:
        assert host not in text, (where, host)
    for link in ABSOLUTE_LINK.findall(text):
        assert not link.startswith(("http://erfaringssentrum", "https://annen")), (where, link)


def test_pages_feeds_and_sitemaps_link_to_site_url_whatever_the_host(site):
    pages = public_pages()
    for host in OTHER_HOSTS:
        client = Client(HTTP_HOST=host)
        for path in pages:
            response = client.get(path)
            assert response.status_code == HTTPStatus.OK, (host, path)
            assert_links_on_the_site(response.content.decode(), f"{host}{path}")
    # What the page cache kept from those requests is what everyone else now gets.
    client = Client(HTTP_HOST=SITE)
    for path in pages:
        response = client.get(path)
        assert_links_on_the_site(response.content.decode(), path)
    assert f"<link href=\"{SITE_URL}/ressurser/\"" in client.get("/ressurser/feed/").text
    assert f"<loc>{SITE_URL}/ressurser/</loc>" in client.get("/sitemap.xml").text
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in client.get("/robots.txt").text
    assert f'"url": "{SITE_URL}/sporsmal-og-svar/' in client.get("/sporsmal-og-svar/").text


def test_account_emails_link_to_site_url_whatever_the_host(
    site, mailoutbox, django_capture_on_commit_callbacks
):
    user = User.objects.filter(is_staff=False).first()
    password = "et-langt-passord-9"
    signup = {"name": "Ny Bruker", "password1": password, "password2": password}
    with django_capture_on_commit_callbacks(execute=True):  # the queued e-mails are sent
        client = Client(HTTP_HOST=f"{SITE}:6666")
        client.post("/konto/password/reset/", {"email": user.email})
        client.post("/konto/signup/", {**signup, "email": "ny@example.org"})
        Client(HTTP_HOST="annen.example").post("/konto/signup/", {**signup, "email": user.email})
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        bodies = [message.body, *(content for content, _ in message.alternatives)]
        for body in bodies:
            assert SITE_URL + "/konto/" in body, message.subject
            assert_links_on_the_site(body, message.subject)


def test_the_consultant_feed_address_in_admin_is_on_site_url(site, staff_client):
    response = staff_client.get("/admin/assessments/slot/kalender/", HTTP_HOST=f"{SITE}:6666")
    text = response.content.decode()
    assert f"{SITE_URL}/vurdering/kalender/" in text
    assert_links_on_the_site(text, "kalenderabonnement")
