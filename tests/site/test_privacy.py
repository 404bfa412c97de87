import json
from datetime import timedelta
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone

from erfaringssentrum.core.privacy import unconfirmed_accounts_delete
from erfaringssentrum.models import User

pytestmark = pytest.mark.django_db


def test_download_my_data_gives_my_account_as_json(auth_client, user):
    response = auth_client.get("/min-side/mine-data/")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"].startswith('attachment; filename="mine-data-')
    data = json.loads(response.content)
    assert data["konto"]["e-post"] == user.email
    assert data["konto"]["navn"] == user.name


def test_my_data_and_delete_require_login(client):
    for url in ("/min-side/mine-data/", "/min-side/slett-konto/"):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith("/konto/login/")


def test_delete_account_needs_password_and_confirmation(auth_client, user):
    response = auth_client.post("/min-side/slett-konto/", {"password": "feil"})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Passordet er feil. Skriv inn passordet du logger inn med." in html
    assert "Kryss av for at du forstår hva som slettes." in html
    assert User.objects.filter(pk=user.pk).exists()


def test_delete_account_removes_the_user_and_logs_out(auth_client, user):
    response = auth_client.post(
        "/min-side/slett-konto/", {"password": "et-godt-passord-123", "confirm": "on"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email=user.email).exists()
    assert auth_client.get("/min-side/").status_code == HTTPStatus.FOUND


def test_unconfirmed_accounts_are_deleted_after_the_retention_period(user_factory, settings):
    settings.UNCONFIRMED_ACCOUNT_DAYS = 30
    now = timezone.now()
    confirmed = user_factory()
    old_unconfirmed = User.objects.create_user(email="gammel@example.org", password="x")
    User.objects.filter(pk=old_unconfirmed.pk).update(date_joined=now - timedelta(days=31))
    new_unconfirmed = User.objects.create_user(email="ny@example.org", password="x")
    User.objects.filter(pk=confirmed.pk).update(date_joined=now - timedelta(days=365))

    assert unconfirmed_accounts_delete(now=now) == 1
    assert set(User.objects.values_list("pk", flat=True)) == {confirmed.pk, new_unconfirmed.pk}


def test_retention_command_runs(capsys):
    call_command("apply_retention")
    assert "Ubekreftede kontoer slettet: 0" in capsys.readouterr().out


def test_privacy_notice_reads_the_retention_periods_from_settings(client, settings):
    settings.UNCONFIRMED_ACCOUNT_DAYS = 17
    settings.ASSESSMENTS_RETENTION_MONTHS = 4
    settings.COURSE_DATA_RETENTION_DAYS = 200
    html = client.get("/personvern/").content.decode()
    assert "anonymiseres 4 måneder etter samtalen" in html
    assert "slettes 200 dager etter" in html
    assert "slettes etter 17 dager" in html
    assert "200 dager etter at vi ga deg beskjed om et kurs, men senest 565 dager etter" in html


def test_privacy_notice_names_the_security_log_and_the_interest_list(client):
    html = client.get("/personvern/").content.decode()
    assert "Sikkerhetslogg:" in html and "IP-adresse" in html
    assert "Interesseliste:" in html
    assert "venteliste" in html and "datoer" in html


def test_deleting_an_account_blanks_the_log_about_that_address_only(user_factory, staff_user):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from erfaringssentrum.core.privacy import SCRUBBED, user_delete

    leaving, neighbour = (
        user_factory(email="a@nav.example"),
        user_factory(email="kari.a@nav.example"),
    )
    users = ContentType.objects.get_for_model(User)
    for account in (leaving, neighbour):
        LogEntry.objects.create(
            user=staff_user,
            content_type=users,
            object_id=str(account.pk),
            object_repr=account.email,
            action_flag=CHANGE,
            change_message=f"Skrev til {account.email}.",
        )
    about_a_course = LogEntry.objects.create(
        user=staff_user,
        content_type=users,
        object_id="999",
        object_repr="Fellessamling",
        action_flag=CHANGE,
        change_message=f"Avlyst. Spurt av {leaving.email}.",
    )
    leaving_id = str(leaving.pk)
    user_delete(user=leaving)
    about_a_course.refresh_from_db()
    assert about_a_course.change_message == ""
    kept = LogEntry.objects.get(object_id=str(neighbour.pk))
    assert (kept.object_repr, kept.change_message) == (
        neighbour.email,
        f"Skrev til {neighbour.email}.",
    )
    scrubbed = LogEntry.objects.get(object_id=leaving_id)
    assert (scrubbed.object_repr, scrubbed.change_message) == (SCRUBBED, "")


def test_deleting_an_account_blanks_the_log_of_every_row_that_goes_with_it(
    user_factory, staff_user, course, signup_factory
):
    """The log named the approval and the signup by the address the account had then; the
    adviser has changed it since, so only the rows themselves lead to those entries."""
    from assessments.models import AdviserApproval
    from erfaringssentrum.core.privacy import SCRUBBED, user_delete
    from tests.factories import admin_log_entry

    user = user_factory(email="gammel@nav.example")
    approval = AdviserApproval.objects.create(user=user, status="waiting")
    entries = [
        admin_log_entry(row, user=staff_user)
        for row in (approval, signup_factory(course, user=user))
    ]
    assert all("gammel@nav.example" in entry.object_repr for entry in entries)
    EmailAddress.objects.filter(user=user).delete()  # changed on /konto/email/
    EmailAddress.objects.create(user=user, email="ny@nav.example", verified=True, primary=True)
    User.objects.filter(pk=user.pk).update(email="ny@nav.example")
    user.refresh_from_db()
    someone_else = admin_log_entry(user_factory(email="annen@nav.example"), user=staff_user)

    user_delete(user=user)

    for entry in entries:
        entry.refresh_from_db()
        assert (entry.object_repr, entry.change_message) == (SCRUBBED, ""), entry.content_type
    someone_else.refresh_from_db()
    assert someone_else.object_repr == "annen@nav.example"


def test_the_password_on_the_delete_page_cannot_be_guessed_over_and_over(
    auth_client, user, settings
):
    """The page checks the password, so someone at a browser left logged in (a shared
    computer) could otherwise try password after password there, with no limit, and learn
    it: allauth's own password forms are limited, this one counts its tries the same way."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "delete-account": (10, 60 * 60)}
    for attempt in range(10):
        response = auth_client.post("/min-side/slett-konto/", {"password": f"gjett-{attempt}"})
        assert response.status_code == HTTPStatus.OK
    response = auth_client.post(
        "/min-side/slett-konto/", {"password": "et-godt-passord-123", "confirm": "on"}
    )
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "For mange forsøk" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_past_the_limit_the_delete_page_says_how_long_to_wait(
    auth_client, user, settings, time_machine
):
    """The count starts again when the hour's window ends: «Vent noen minutter» sent the user
    back to be refused again, up to an hour. The page and Retry-After say when instead."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "delete-account": (1, 60 * 60)}
    time_machine.move_to(timezone.now().replace(minute=20, second=0, microsecond=0), tick=False)
    auth_client.post("/min-side/slett-konto/", {"password": "gjett"})
    response = auth_client.post("/min-side/slett-konto/", {"password": "gjett-igjen"})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    html = response.content.decode()
    assert "Du kan prøve igjen om 40 minutter." in html
    assert "Vent noen minutter" not in html
    assert response["Retry-After"] == "2400"
