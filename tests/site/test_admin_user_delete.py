"""Staff deleting an account in admin delete it as its owner would on Min side (user_delete):
never by a bare cascade that would leave a seat unfilled, a booking untold or the address in
the admin's log."""

from http import HTTPStatus

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse

from courses.models import Signup
from erfaringssentrum.core.privacy import SCRUBBED, AccountDeletionBlocked

User = get_user_model()


@pytest.fixture(autouse=True)
def _clock(time_machine, factory_now):
    time_machine.move_to(factory_now, tick=False)  # seats and slots are judged against now


def delete_url(user):
    return reverse("admin:erfaringssentrum_user_delete", args=[user.pk])


def test_staff_delete_an_account_as_its_owner_would(
    staff_client,
    user_factory,
    course_factory,
    signup_factory,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    leaving = user_factory(email="slutter@nav.example")
    course = course_factory(min_participants=1, max_participants=1)
    signup_factory(course, user=leaving)
    waiting = signup_factory(course, status=Signup.Status.WAITING)
    page = staff_client.get(delete_url(leaving)).content.decode()
    assert "på samme måte som når brukeren sletter den selv" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(delete_url(leaving), {"post": "yes"})

    assert response.status_code == HTTPStatus.FOUND
    assert not User.objects.filter(pk=leaving.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == Signup.Status.CONFIRMED  # the seat went on, and they were told
    assert waiting.user.email in [address for mail in mailoutbox for address in mail.to]
    logged = LogEntry.objects.filter(object_id=str(leaving.pk))
    assert logged.exists()
    assert all(entry.object_repr == SCRUBBED for entry in logged)


def test_an_account_that_must_wait_is_not_deleted_and_staff_see_why(
    staff_client, consultant, user_factory, slot_factory
):
    consultant.is_staff = False  # a consultant who has left the staff group
    consultant.save(update_fields=["is_staff"])
    slot_factory()
    change = reverse("admin:erfaringssentrum_user_change", args=[consultant.pk])
    page = staff_client.get(change).content.decode()
    assert delete_url(consultant) not in page
    assert "Kontoen kan ikke slettes ennå. Slik forklares det for brukeren: «" in page

    response = staff_client.post(delete_url(consultant), {"post": "yes"}, follow=True)

    assert "Kontoen kan ikke slettes ennå" in response.content.decode()
    assert User.objects.filter(pk=consultant.pk).exists()


def test_a_reason_that_turns_up_while_staff_confirm_is_worded_for_staff(
    staff_client, user_factory, monkeypatch
):
    leaving = user_factory()

    def blocked(user):  # something changed after the confirmation page was shown
        raise AccountDeletionBlocked(["Du må først gi tidene dine til en kollega."])

    monkeypatch.setattr("erfaringssentrum.admin.user_delete", blocked)

    response = staff_client.post(delete_url(leaving), {"post": "yes"}, follow=True)

    assert (
        "Kontoen kan ikke slettes ennå. Slik forklares det for brukeren: «Du må først gi "
        "tidene dine til en kollega.»"
    ) in response.content.decode()
    assert User.objects.filter(pk=leaving.pk).exists()


def test_staff_accounts_are_made_inactive_not_deleted(staff_client, staff_user, consultant):
    for account in (staff_user, consultant):  # yourself too
        page = staff_client.get(
            reverse("admin:erfaringssentrum_user_change", args=[account.pk])
        ).content.decode()
        assert "Gjør kontoen inaktiv i stedet" in page
        staff_client.post(delete_url(account), {"post": "yes"})
        assert User.objects.filter(pk=account.pk).exists()


def test_accounts_are_not_deleted_in_bulk(rf, staff_user):
    request = rf.get("/admin/")
    request.user = staff_user
    assert "delete_selected" not in admin.site.get_model_admin(User).get_actions(request)
