from http import HTTPStatus
from unittest import mock

from django.db import OperationalError


def test_health_is_ok_when_the_database_answers(client, db):
    response = client.get("/helse/")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_is_503_when_the_database_does_not_answer(client, db):
    with mock.patch(
        "erfaringssentrum.views.connection.cursor", side_effect=OperationalError("nede")
    ):
        response = client.get("/helse/")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["status"] == "feil"
