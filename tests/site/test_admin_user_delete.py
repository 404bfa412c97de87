"""Staff deleting an account in admin delete it as its owner would on Min side (user_delete):
never by a bare cascade that would leave a seat unfilled, a booking untold or the address in
the admin's log."""

from http import HTTPStatus

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse

from courses.models import Signup
from erfaringssentrum.core.privacy import SCRUBBED

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
    assert "slik den blir når brukeren sletter den selv" in page

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
    staff_client, consultant, slot_factory
):
    slot_factory()
    change = reverse("admin:erfaringssentrum_user_change", args=[consultant.pk])
    assert delete_url(consultant) not in staff_client.get(change).content.decode()

    response = staff_client.post(delete_url(consultant), {"post": "yes"}, follow=True)

    assert "Kontoen kan ikke slettes ennå" in response.content.decode()
    assert User.objects.filter(pk=consultant.pk).exists()


def test_accounts_are_not_deleted_in_bulk(staff_client):
    changelist = staff_client.get(reverse("admin:erfaringssentrum_user_changelist"))
    action_form = changelist.context["action_form"]  # None: no action is left
    assert action_form is None or "delete_selected" not in str(action_form)
