from http import HTTPStatus

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/konto/login/?next=")


def test_staff_without_two_factor_are_sent_to_set_it_up(django_user_model):
    staff = django_user_model.objects.create_user(
        email="ny-ansatt@example.org", password="x", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == HTTPStatus.FOUND
    response = client.get(response["Location"])  # the admin's login ...
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/konto/2fa/totp/activate/"  # ... sends them to set it up
    page = client.get(response["Location"], follow=True)  # allauth asks for the password again
    assert page.status_code == HTTPStatus.OK
    assert "tofaktorautentisering" in page.content.decode()


def test_staff_with_two_factor_reach_the_admin(staff_client):
    response = staff_client.get("/admin/")
    assert response.status_code == HTTPStatus.OK
    assert "Administrasjon" in response.content.decode()


def test_login_of_staff_asks_for_the_code(client, staff_user):
    response = client.post(
        "/konto/login/", {"login": staff_user.email, "password": "et-godt-passord-123"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/konto/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
