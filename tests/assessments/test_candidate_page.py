"""The calm page a candidate opens from their invitation: who they meet, how long, that it is
free, that nothing needs preparing, that they may bring someone, how to cancel, and a yes or
no to adaptation that the consultant sees. No account, no JavaScript; GET only shows."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from assessments import services
from erfaringssentrum.models import ContactDetails

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(slot_factory, booking_factory, time_machine):
    time_machine.move_to(NOW)
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=4)),
        candidate_email="kari@example.org",
        now=NOW,
    )
    url = reverse(
        "assessments:candidate-confirm",
        kwargs={"token": services.booking_candidate_token(booking)},
    )
    return booking, url


def test_the_page_says_what_happens_in_plain_words(client, invited):
    booking, url = invited
    ContactDetails.objects.update(email="post@senteret.no", phone="")
    page = client.get(url).content.decode()
    assert "Hei Kari!" in page
    assert "Rådgiver, som jobber hos oss" in page  # the consultant's first name only
    assert "Senteret" not in page.split("Hvem du møter")[1].split("</dd>")[0]
    assert "Én time" in page
    assert "Samtalen er gratis" in page
    assert "Du trenger ikke forberede noe" in page
    assert "noen du stoler på" in page
    assert "Si fra til veilederen din" in page and "mailto:post@senteret.no" in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]
    booking.refresh_from_db()
    assert booking.candidate_confirmed_at is None  # GET only shows


def test_without_contact_details_the_page_shows_no_empty_contact_line(client, invited):
    _, url = invited
    ContactDetails.objects.update(email="", phone="")
    page = client.get(url).content.decode()
    assert "Si fra til veilederen din" in page
    assert "kontakte oss direkte" not in page


def test_a_consultant_without_a_name_is_not_shown_by_address(client, invited):
    booking, url = invited
    consultant = booking.slot.consultant
    consultant.name = ""
    consultant.save()
    page = client.get(url).content.decode()
    assert consultant.email not in page
    assert "En av oss som jobber på senteret" in page


def test_adaptation_is_a_choice_the_consultant_sees_and_staff_are_told_once(
    client, invited, mailoutbox, django_capture_on_commit_callbacks, staff_client
):
    booking, url = invited
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"needs_adaptation": "on"})
    assert "Du har bekreftet at du kommer, og at du trenger tilrettelegging" in (
        response.content.decode()
    )
    booking.refresh_from_db()
    assert booking.needs_adaptation and booking.candidate_confirmed_at is not None
    (staff_mail,) = mailoutbox
    assert "Tilrettelegging" in staff_mail.subject
    change = staff_client.get(reverse("admin:assessments_booking_change", args=[booking.pk]))
    assert "kandidaten trenger tilrettelegging" in change.content.decode().lower()
    # It may hint at health: staff see it, the adviser does not (docs/personvern.md).
    adviser = Client()
    adviser.force_login(booking.adviser)
    detail = adviser.get(reverse("assessments:booking-detail", args=[booking.pk])).content
    assert "tilrettelegging" not in detail.decode().lower()
    exported = adviser.get(reverse("my-data")).content.decode()
    assert "tilrettelegging" not in exported

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"needs_adaptation": "on"})  # again: no second e-mail
        client.post(url, {})  # and taken back
    booking.refresh_from_db()
    assert not booking.needs_adaptation
    assert len(mailoutbox) == 1


def test_there_is_no_free_text_about_health(client, invited):
    _, url = invited
    page = client.get(url).content.decode()
    form = page.split('<form method="post"')[1].split("</form>")[0]
    assert "<textarea" not in form
    # The CSRF token, the time the page shows (hidden) and the checkbox.
    assert form.count("<input") == 3
    assert form.count('type="hidden"') == 2 and 'type="checkbox"' in form


def test_a_time_moved_while_the_page_was_open_is_shown_not_confirmed_unseen(
    client, invited, slot_factory
):
    booking, url = invited
    page = client.get(url).content.decode()
    assert "Fredag 6. mars 2026 kl. 12.00" in page
    seen = {"tid": str(booking.slot_id)}

    # The adviser moves the appointment while the candidate reads the old time.
    new_slot = slot_factory(starts_at=NOW + timedelta(days=6))
    services.booking_move(booking=booking, new_slot_id=new_slot.pk, now=NOW)

    response = client.post(url, {**seen, "needs_adaptation": "on"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Samtalen har fått en ny tid siden du åpnet siden" in page
    assert "Søndag 8. mars 2026 kl. 12.00" in page  # the new time, to confirm if it suits
    assert "Du har bekreftet" not in page
    assert 'name="needs_adaptation" id="id_needs_adaptation" checked' in page  # kept
    booking.refresh_from_db()
    assert booking.candidate_confirmed_at is None and not booking.needs_adaptation

    # Confirming the page that shows the new time goes through.
    response = client.post(url, {"tid": str(new_slot.pk)})
    assert "Du har bekreftet at du kommer" in response.content.decode()
    booking.refresh_from_db()
    assert booking.candidate_confirmed_at is not None


def test_the_page_and_its_answer_are_not_stored_by_the_browser(client, invited):
    """The candidate opens it without logging in, maybe on a shared computer at a NAV office
    or a library: their name, the time and how to take part must not stay in its cache."""
    booking, url = invited
    shown = client.get(url)
    assert "Hei Kari!" in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    answered = client.post(url, {"tid": str(booking.slot_id), "needs_adaptation": "on"})
    assert answered.status_code == 200
    assert "no-store" in answered["Cache-Control"]
