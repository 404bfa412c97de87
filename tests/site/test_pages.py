from http import HTTPStatus
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import CommandError, call_command

from erfaringssentrum.models import ContactDetails, User

pytestmark = pytest.mark.django_db


def test_front_page_shows_the_three_audiences_and_navigation(client):
    html = client.get("/").content.decode()
    for audience in (
        "Vil du bli erfaringskonsulent?",
        "Jobber du i NAV eller et tiltak?",
        "Skal du ansette?",
    ):
        assert audience in html
    for href, label in [
        ("/ressurser/", "Ressurser"),
        ("/sporsmal-og-svar/", "Spørsmål og svar"),
        ("/vurdering/", "Vurdering"),
        ("/kurs/", "Kurs"),
        ("/konto/login/", "Logg inn"),
    ]:
        assert f'href="{href}"' in html
        assert label in html


def test_logged_in_visitor_sees_min_side_in_the_header(auth_client):
    html = auth_client.get("/").content.decode()
    assert 'href="/min-side/"' in html
    assert "Logg ut" in html
    assert "Logg inn" not in html


@pytest.mark.parametrize(
    "url, heading",
    [
        ("/om-oss/", "Om oss og kontakt"),
        ("/personvern/", "Personvernerklæring"),
        ("/tilgjengelighet/", "Tilgjengelighetserklæring"),
    ],
)
def test_site_wide_pages(client, url, heading):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_contact_details_are_stored_once_and_shown_where_they_are_used(client):
    details = ContactDetails.load()
    details.phone = "+47 22 33 44 55"
    details.email = "kontakt@senteret.example"
    details.save()
    for url in ("/om-oss/", "/personvern/", "/"):
        html = client.get(url).content.decode()
        assert "+47 22 33 44 55" in html
        assert "kontakt@senteret.example" in html


def test_min_side_requires_login(client):
    response = client.get("/min-side/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/konto/login/?next=/min-side/")


def test_min_side_shows_name_email_password_link_and_app_sections(auth_client, user):
    html = auth_client.get("/min-side/").content.decode()
    assert user.name in html
    assert user.email in html
    assert 'href="/konto/password/change/"' in html
    assert "Mine bookinger av vurderingssamtale" in html
    assert "Mine kurspåmeldinger" in html


def test_staff_edit_contact_details_in_norwegian_admin(staff_client):
    response = staff_client.get("/admin/erfaringssentrum/contactdetails/", follow=True)
    assert response.status_code == HTTPStatus.OK
    assert "Endre kontaktinformasjon" in response.content.decode()
    change_url = response.redirect_chain[-1][0]
    response = staff_client.post(
        change_url,
        {
            "organisation_name": "Erfaringssentrum",
            "email": "ny@senteret.example",
            "phone": "+47 11 11 11 11",
            "opening_hours": "",
            "street_address": "",
            "postal_code": "",
            "city": "",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert ContactDetails.load().email == "ny@senteret.example"
    assert ContactDetails.objects.count() == 1


def test_admin_is_not_open_to_ordinary_users(auth_client):
    response = auth_client.get("/admin/")
    assert response.status_code == HTTPStatus.FOUND
    assert "/admin/login/" in response["Location"]


def test_seed_demo_is_idempotent_and_creates_a_staff_account(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = User.objects.count()
    call_command("seed_demo")
    assert User.objects.count() == counts
    staff = User.objects.get(email="admin@erfaringssentrum.example")
    assert staff.is_staff
    assert staff.check_password("demo-admin-passord")
    assert "admin@erfaringssentrum.example / demo-admin-passord" in capsys.readouterr().out


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="bare med DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_demo_staff_has_two_factor_and_a_code_command(settings, capsys):
    from allauth.mfa.utils import is_mfa_enabled

    settings.DEBUG = True
    call_command("seed_demo")
    staff = User.objects.get(email="admin@erfaringssentrum.example")
    assert is_mfa_enabled(staff)
    capsys.readouterr()
    call_command("demo_totp")
    code = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    assert len(code) == 6 and code.isdigit()


def test_every_page_links_the_favicon_and_favicon_ico_answers(client):
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/static/favicon.ico"' in html
    assert 'rel="icon" href="/static/favicon.svg" type="image/svg+xml"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/static/favicon.ico"
    for name, start in (("favicon.ico", b"\x00\x00\x01\x00"), ("favicon.svg", b"<svg")):
        assert Path(finders.find(name)).read_bytes().startswith(start)
