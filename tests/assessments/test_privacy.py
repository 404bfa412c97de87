"""Download my data, delete my account and retention, for assessment bookings."""

import json
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments import privacy, services
from assessments.models import AdviserApproval, Booking, Slot, Status
from erfaringssentrum.core.privacy import user_delete
from erfaringssentrum.models import User
from tests.site.mail_queue import DATABASE_BACKEND, run_worker

from .conftest import NOW

DAY = timedelta(days=1)

pytestmark = pytest.mark.django_db


def test_my_data_includes_the_advisers_bookings(auth_client, user, slot_factory, booking_factory):
    booking_factory(slot=slot_factory(), adviser=user, candidate_name="Kari", phone="+4700000000")
    booking_factory(slot=slot_factory(), candidate_name="Annens")
    data = json.loads(auth_client.get("/min-side/mine-data/").content)
    (exported,) = data["vurderingssamtaler"]
    assert exported["kandidat"] == "Kari"
    assert exported["telefon"] == "+4700000000"
    assert exported["status"] == "Booket"
    assert exported["samtykketekst_versjon"]


def test_my_data_says_who_cancelled_a_booking_and_why(
    auth_client, user, slot_factory, booking_factory
):
    booking = booking_factory(slot=slot_factory(), adviser=user)
    services.booking_cancel(booking=booking, by_staff=True, message="Konsulenten er syk")
    data = json.loads(auth_client.get("/min-side/mine-data/").content)
    (exported,) = data["vurderingssamtaler"]
    assert exported["avbestilt_av_senteret"] is True
    assert exported["melding_ved_avbestilling"] == "Konsulenten er syk"
    assert exported["påminnelse_sendt"] is None


def test_deleting_the_account_cancels_upcoming_and_anonymises_past_bookings(
    user, slot_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.STAFF_NOTIFICATION_EMAILS = ["ansatte@erfaringssentrum.example"]
    upcoming = booking_factory(slot=slot_factory(), adviser=user, candidate_email="k@example.org")
    past_slot = slot_factory(starts_at=timezone.now() - timedelta(days=10))
    past = booking_factory(slot=slot_factory(), adviser=user)
    Booking.objects.filter(pk=past.pk).update(slot=past_slot)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=user)
    upcoming.refresh_from_db()
    assert upcoming.status == Status.CANCELLED
    assert upcoming.slot in Slot.objects.bookable()
    assert sorted(m.to[0] for m in mailoutbox) == [
        "ansatte@erfaringssentrum.example",
        "k@example.org",
    ]
    past.refresh_from_db()
    assert past.adviser is None and past.candidate_name == "" and past.anonymised_at


def test_deleting_the_account_cancels_a_booking_inside_the_cutoff_too(
    user, slot_factory, booking_factory
):
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=2)), adviser=user, now=NOW
    )
    two_hours_before = booking.slot.starts_at - timedelta(hours=2)
    assert not booking.is_cancellable(now=two_hours_before)  # an adviser could not cancel now
    user_delete(user=user, now=two_hours_before)
    assert not User.objects.filter(pk=user.pk).exists()
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED
    assert booking.cancelled_at == two_hours_before
    assert booking.slot in Slot.objects.bookable(now=NOW)


@pytest.mark.django_db(transaction=True)  # the worker closes the connection between tasks
def test_a_booking_cancelled_just_before_the_account_is_deleted_still_reaches_the_candidate(
    user, slot_factory, booking_factory, settings, time_machine
):
    time_machine.move_to(NOW, tick=False)
    settings.TASKS = DATABASE_BACKEND  # the notices wait in the mail queue, as in production
    cancelled_now = booking_factory(
        slot=slot_factory(), adviser=user, candidate_email="a@example.org"
    )
    cancelled_long_ago = booking_factory(
        slot=slot_factory(), adviser=user, candidate_email="b@example.org"
    )
    services.booking_cancel(booking=cancelled_long_ago, now=NOW - 3 * DAY)
    run_worker()
    mail.outbox.clear()
    services.booking_cancel(booking=cancelled_now)  # the worker has not sent this yet
    user_delete(user=user)

    run_worker()

    assert [m.to for m in mail.outbox if "a@example.org" in m.to] == [["a@example.org"]]
    cancelled_now.refresh_from_db()
    cancelled_long_ago.refresh_from_db()
    assert cancelled_now.candidate_name == "" and cancelled_now.adviser is None
    assert cancelled_long_ago.candidate_email == "" and cancelled_long_ago.anonymised_at


def test_retention_hook_anonymises_old_bookings(slot_factory, booking_factory):
    now = timezone.now()
    old = booking_factory(slot=slot_factory())
    Booking.objects.filter(pk=old.pk).update(slot=slot_factory(starts_at=now - timedelta(days=400)))
    booking_factory(slot=slot_factory())
    assert privacy.apply_retention(now=now) == 1
    old.refresh_from_db()
    assert old.candidate_name == ""


# --- Approval rows ----------------------------------------------------------------------------


def test_my_data_includes_the_approval_decision(user_factory, staff_user):
    adviser = user_factory(email="veileder@tiltak.example")
    approval = services.adviser_email_confirmed(user=adviser, email=adviser.email)
    services.adviser_reject(approval=approval, by=staff_user, reason="Bruk jobbadressen.")
    client = Client()
    client.force_login(adviser)
    data = json.loads(client.get("/min-side/mine-data/").content)
    exported = data["godkjenning_for_booking"]
    assert exported["status"] == "Avvist"
    assert exported["begrunnelse"] == "Bruk jobbadressen."
    assert exported["avgjort"]


def test_the_approval_row_goes_with_the_account_and_not_with_the_deciders(user_factory, staff_user):
    adviser = user_factory(email="veileder@tiltak.example")
    approval = services.adviser_email_confirmed(user=adviser, email=adviser.email)
    services.adviser_approve(approval=approval, by=staff_user)
    staff_user.is_staff = False  # the staff member who decided has left the centre
    staff_user.save(update_fields=["is_staff"])
    user_delete(user=staff_user)
    approval.refresh_from_db()
    assert approval.decided_by is None and approval.status == "approved"
    user_delete(user=adviser)
    assert not AdviserApproval.objects.exists()


# --- A consultant deleting their own account --------------------------------------------------


@pytest.fixture
def consultant_client(consultant):
    client = Client()
    client.force_login(consultant)
    return client


def test_a_consultant_with_slots_is_told_what_must_happen_first(
    consultant, consultant_client, slot_factory, booking_factory
):
    slot_factory()
    booking_factory(slot=slot_factory())
    Slot.objects.create(
        consultant=consultant,
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30, hours=-1),
        format="digital",
    )
    url = reverse("delete-account")
    page = consultant_client.get(url).content.decode()
    assert "Du kan ikke slette kontoen ennå" in page
    assert "ansvarlig konsulent for 3 tider for vurderingssamtaler (2 kommende)." in page
    assert 'name="password"' not in page  # no form to fill in for nothing
    response = consultant_client.post(url, {"password": "et-godt-passord-123", "confirm": "on"})
    assert response.status_code == HTTPStatus.CONFLICT
    assert "gi tidene til en annen konsulent" in response.content.decode()
    assert User.objects.filter(pk=consultant.pk).exists()
    assert Booking.objects.get().status == Status.ACTIVE  # nothing was cancelled either
    assert consultant_client.get(reverse("min-side")).status_code == HTTPStatus.OK  # logged in


def test_anything_else_that_protects_the_account_is_explained_too(
    consultant, consultant_client, slot_factory, monkeypatch
):
    consultant.is_staff = False  # has left the centre; the slots are still theirs
    consultant.save(update_fields=["is_staff"])
    slot_factory()
    monkeypatch.setattr(privacy, "deletion_blockers", lambda user, *, now: [])
    response = consultant_client.post(
        reverse("delete-account"), {"password": "et-godt-passord-123", "confirm": "on"}
    )
    assert response.status_code == HTTPStatus.CONFLICT
    assert "Kontoen er fortsatt knyttet til opplysninger" in response.content.decode()
    assert User.objects.filter(pk=consultant.pk).exists()
    assert consultant_client.get(reverse("min-side")).status_code == HTTPStatus.OK


def test_a_consultant_without_slots_can_delete_their_account_once_they_have_left(
    consultant, consultant_client
):
    form = {"password": "et-godt-passord-123", "confirm": "on"}
    response = consultant_client.post(reverse("delete-account"), form)
    assert response.status_code == HTTPStatus.CONFLICT  # a staff account: its admin log stays
    assert "Be en kollega gjøre kontoen inaktiv" in response.content.decode()
    consultant.is_staff = False
    consultant.save(update_fields=["is_staff"])
    response = consultant_client.post(reverse("delete-account"), form)
    assert response.status_code == HTTPStatus.FOUND
    assert not User.objects.filter(pk=consultant.pk).exists()
    assert consultant_client.get(reverse("min-side")).status_code == HTTPStatus.FOUND  # logged out


def test_the_privacy_notice_reads_the_invitation_limit_from_the_setting(client, settings):
    settings.ASSESSMENTS_INVITATIONS_PER_ADDRESS_PER_DAY = 2
    html = client.get("/personvern/").content.decode()
    assert "høyst 2 invitasjoner til samme adresse i døgnet" in html
    assert "lagrer vi bare fornavnet ditt" in html
