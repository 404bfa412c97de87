"""Two-factor authentication for staff is part of the admin site's permission check and of
every staff-only view, not a match on the path (issue #13): it holds under a URL prefix, for
every admin page, and for drafts on the public site."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, set_script_prefix
from django.utils import timezone

from erfaringssentrum.models import User
from faq.models import Category, Question
from resources.models import Kind, Resource

pytestmark = pytest.mark.django_db

PREFIX = "/portal"
TOTP_SETUP = "/konto/2fa/totp/activate/"


@pytest.fixture
def editor_without_two_factor(db):
    """A Redaktør (resources and FAQ) who has not set up an authenticator app."""
    editor = User.objects.create_user(email="redaktor@example.org", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Redaktør"))
    return editor


@pytest.fixture
def drafts(db):
    resource = Resource.objects.create(
        title="Utkast", slug="utkast", kind=Kind.ARTICLE, summary="S", is_published=False,
        published_at=timezone.now() - timedelta(days=1), pdf="ressurser/utkast.pdf",
    )  # fmt: skip
    category = Category.objects.create(name="Kategori", slug="kategori")
    question = Question.objects.create(
        category=category, question="Utkast?", slug="utkast", answer="Svar.", is_published=False
    )
    return [resource.get_absolute_url(), f"/ressurser/{resource.slug}/pdf/",
            question.get_absolute_url()]  # fmt: skip


@pytest.fixture
def under_prefix():
    """The site mounted under /portal (SCRIPT_NAME), as a WSGI server sets it."""
    set_script_prefix(PREFIX + "/")
    yield
    set_script_prefix("/")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def visit(client, path, *, prefix=""):
    """GET `path` and the redirects after it; returns the responses."""
    responses = [client.get(path, SCRIPT_NAME=prefix)]
    while responses[-1].status_code == HTTPStatus.FOUND and len(responses) < 5:
        location = responses[-1]["Location"]
        if not location.startswith(prefix + "/"):
            break
        responses.append(client.get(location.removeprefix(prefix), SCRIPT_NAME=prefix))
    return responses


def test_under_a_url_prefix_staff_without_two_factor_are_sent_to_set_it_up(
    under_prefix, editor_without_two_factor
):
    client = client_for(editor_without_two_factor)
    responses = visit(client, "/admin/resources/resource/", prefix=PREFIX)
    # Through the admin's login to setting up the app (allauth asks for the password first).
    assert [r.get("Location", "").partition("?")[0] for r in responses[:2]] == [
        PREFIX + "/admin/login/",
        PREFIX + TOTP_SETUP,
    ]
    assert not any("Velg ressurs" in r.content.decode() for r in responses)


def test_under_a_url_prefix_staff_with_two_factor_use_the_admin(under_prefix, user_factory):
    editor = user_factory(is_staff=True)  # with an authenticator app
    editor.groups.add(Group.objects.get(name="Redaktør"))
    response = client_for(editor).get("/admin/resources/resource/", SCRIPT_NAME=PREFIX)
    assert response.status_code == HTTPStatus.OK
    assert "Velg ressurs" in response.content.decode()


def admin_paths(resolver, prefix="/admin/"):
    """Every admin URL, with 1 for each object id."""
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            yield from admin_paths(pattern, prefix + route)
        elif isinstance(pattern, URLPattern) and "(?P" not in route:
            path = prefix + route
            for converter in ("<path:object_id>", "<int:object_id>", "<id>"):
                path = path.replace(converter, "1")
            if "<" not in path:
                yield path


def test_no_admin_page_is_open_to_staff_without_two_factor(demo_site):
    superuser = User.objects.create_superuser(email="sjef@example.org", password="x")
    client = client_for(superuser)
    paths = sorted(set(admin_paths(_AdminUrls())))
    assert len(paths) > 50
    for path in paths:
        if path in ("/admin/login/", "/admin/logout/"):
            continue
        response = client.get(path)
        assert response.status_code == HTTPStatus.FOUND, path
        assert response["Location"].startswith("/admin/login/"), path


class _AdminUrls:
    """The admin site's URL patterns as a resolver-like object."""

    @property
    def url_patterns(self):
        return admin.site.get_urls()


def test_the_admin_site_asks_for_two_factor_in_its_permission_check(
    editor_without_two_factor, user_factory
):
    request = RequestFactory().get("/")
    request.user = editor_without_two_factor
    assert not admin.site.has_permission(request)
    request.user = user_factory(is_staff=True)
    assert admin.site.has_permission(request)


def test_drafts_are_hidden_from_staff_without_two_factor(
    drafts, editor_without_two_factor, under_prefix
):
    client = client_for(editor_without_two_factor)
    for path in drafts:
        assert client.get(path).status_code == HTTPStatus.NOT_FOUND, path
        assert client.get(path, SCRIPT_NAME=PREFIX).status_code == HTTPStatus.NOT_FOUND, path


def test_drafts_are_shown_to_staff_with_two_factor(drafts, user_factory):
    editor = user_factory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Redaktør"))
    client = client_for(editor)
    for path in drafts[::2]:  # the PDF file itself does not exist in the tests
        assert client.get(path).status_code == HTTPStatus.OK, path


def test_personal_pages_are_not_stored_under_a_url_prefix(under_prefix, client):
    response = client.get("/konto/login/", SCRIPT_NAME=PREFIX)
    assert response.status_code == HTTPStatus.OK
    assert response["Cache-Control"] == "no-store"
