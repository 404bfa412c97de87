import smtplib
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from assessments import services
from assessments.models import Booking, Format, Status
from erfaringssentrum.core.pagecache import forget_local_state
from erfaringssentrum.models import ContactDetails

from .conftest import NOW

pytestmark = pytest.mark.django_db


def form_data(slot, **extra):
    return {
        "slot": slot.pk,
        "organisation": "NAV Testby",
        "adviser_role": "Veileder",
        "phone": "",
        "candidate_name": "Kari",
        "candidate_email": "",
        "adviser_attends": "ja",
        "question": "Passer rollen for henne?",
        "consent": "on",
        **extra,
    }


def test_index_lists_open_slots_by_day_in_norwegian(client, slot_factory):
    start = timezone.localtime() + timedelta(days=3)
    first = slot_factory(starts_at=start.replace(hour=10, minute=0, second=0, microsecond=0))
    slot_factory(
        starts_at=start.replace(hour=13, minute=0, second=0, microsecond=0),
        format=Format.IN_PERSON,
        location="Eksempelgata 1",
    )
    slot_factory(starts_at=timezone.now() + timedelta(hours=3))  # inside the lead time
    response = client.get(reverse("assessments:index"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    weekday = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"][
        start.weekday()
    ]
    assert html.count('class="slot-day') == 1
    assert f"{weekday} {start.day}." in html
    assert "kl. 10.00–11.00" in html and "Digitalt" in html
    assert "Oppmøte, Eksempelgata 1" in html
    assert reverse("assessments:book", args=[first.pk]) in html
    assert "gratis" in html
    assert html.count("Book<span") == 2


def test_index_without_slots_shows_how_to_get_in_touch(client):
    ContactDetails.objects.update(email="post@senteret.no")
    html = client.get(reverse("assessments:index")).content.decode()
    assert "ingen ledige tider" in html
    assert "mailto:post@senteret.no" in html


def test_index_queries_do_not_grow_with_the_number_of_slots(client, slot_factory):
    for _ in range(3):
        slot_factory()
    # Count the work behind the page, not the page cache.
    cache.clear()
    forget_local_state()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("assessments:index"))
    for _ in range(30):
        slot_factory()
    cache.clear()
    forget_local_state()
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("assessments:index"))
    assert response.content.decode().count("Book<span") == 33
    assert len(many) == len(few)


def test_booking_requires_login_and_keeps_the_slot(client, slot_factory):
    slot = slot_factory()
    url = reverse("assessments:book", args=[slot.pk])
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_adviser_books_a_slot(
    auth_client, user, slot_factory, mailoutbox, django_capture_on_commit_callbacks
):
    slot = slot_factory()
    url = reverse("assessments:book", args=[slot.pk])
    page = auth_client.get(url).content.decode()
    assert "Ikke skriv helseopplysninger, diagnoser eller fødselsnummer" in page
    assert 'maxlength="500"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(url, form_data(slot, candidate_email="k@example.org"))
    booking = Booking.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("assessments:booking-detail", args=[booking.pk])
    assert booking.adviser == user
    assert booking.adviser_attends is True
    assert booking.candidate_email == "k@example.org"
    assert len(mailoutbox) == 3
    detail = auth_client.get(response["Location"]).content.decode()
    assert "Samtalen er booket" in detail
    assert reverse("assessments:booking-ics", args=[booking.pk]) in detail


def test_losing_the_race_keeps_the_input_and_offers_other_slots(
    auth_client, slot_factory, booking_factory
):
    taken, other = slot_factory(), slot_factory()
    url = reverse("assessments:book", args=[taken.pk])
    auth_client.get(url)  # the adviser opens the form while the slot is free...
    booking_factory(slot=taken)  # ...and someone else books it first
    response = auth_client.post(url, form_data(taken, question="Et spørsmål om rollen"))
    assert response.status_code == HTTPStatus.CONFLICT
    html = response.content.decode()
    assert "Denne tiden ble nettopp booket" in html
    assert "Et spørsmål om rollen" in html and 'value="NAV Testby"' in html
    assert f'name="slot" value="{other.pk}"' in html
    assert f'name="slot" value="{taken.pk}"' not in html

    response = auth_client.post(url, form_data(other, question="Et spørsmål om rollen"))
    assert response.status_code == HTTPStatus.FOUND
    assert Booking.objects.filter(slot=other).exists()


def test_opening_a_taken_slot_offers_the_free_ones(auth_client, slot_factory, booking_factory):
    taken, other = slot_factory(), slot_factory()
    booking_factory(slot=taken)
    html = auth_client.get(reverse("assessments:book", args=[taken.pk])).content.decode()
    assert "er ikke lenger ledig" in html
    assert f'name="slot" value="{other.pk}"' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("consent", "", "Kryss av for at kandidaten har sagt ja"),
        ("question", "x" * 501, "500 tegn"),
        ("question", "Fnr 01019912345", "fødselsnummer"),
        ("candidate_name", "", "Skriv inn kandidatens fornavn."),
        ("candidate_name", "Vinn iPhone: evil.example/x", "Skriv bare kandidatens fornavn"),
        ("phone", "ring meg", "telefonnummer"),
        ("organisation", "NAV Testby (kari@nav.example)", "uten e-postadresse"),
        ("adviser_attends", "", "om du blir med"),
    ],
)
def test_bad_input_is_shown_next_to_the_field(auth_client, slot_factory, field, value, message):
    slot = slot_factory()
    data = form_data(slot, **{field: value})
    if value == "":
        data.pop(field)
    response = auth_client.post(reverse("assessments:book", args=[slot.pk]), data)
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_limit_reached_is_explained(settings, auth_client, user, slot_factory, booking_factory):
    settings.ASSESSMENTS_MAX_OPEN_BOOKINGS = 1
    booking_factory(slot=slot_factory(), adviser=user)
    slot = slot_factory()
    url = reverse("assessments:book", args=[slot.pk])
    assert "det meste en konto kan ha samtidig" in auth_client.get(url).content.decode()
    response = auth_client.post(url, form_data(slot))
    assert response.status_code == HTTPStatus.OK
    assert "det meste en konto kan ha samtidig" in response.content.decode()
    assert Booking.objects.count() == 1


def test_unknown_or_unpublished_slot_is_404(auth_client, slot_factory):
    hidden = slot_factory(is_published=False)
    assert auth_client.get(reverse("assessments:book", args=[hidden.pk])).status_code == 404
    assert auth_client.get(reverse("assessments:book", args=[99999])).status_code == 404


def test_a_failing_mail_server_still_books(auth_client, slot_factory, monkeypatch):
    def broken(self, messages):
        raise smtplib.SMTPServerDisconnected("borte")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    slot = slot_factory()
    response = auth_client.post(reverse("assessments:book", args=[slot.pk]), form_data(slot))
    assert response.status_code == HTTPStatus.FOUND
    booking = Booking.objects.get()
    response = auth_client.post(reverse("assessments:booking-cancel", args=[booking.pk]))
    assert response.status_code == HTTPStatus.FOUND
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED


def test_adviser_cancels_an_upcoming_booking(
    auth_client, user, slot_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks
):
    booking = booking_factory(slot=slot_factory(), adviser=user)
    url = reverse("assessments:booking-cancel", args=[booking.pk])
    assert "Ja, avbestill" in auth_client.get(url).content.decode()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(url)
    assert response["Location"] == reverse("min-side") + "#bookinger"
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED
    assert len(mailoutbox) == 2  # adviser and staff (no candidate e-mail given)


def test_cancelling_too_late_is_refused(auth_client, user, slot_factory, booking_factory):
    slot = slot_factory()
    booking = booking_factory(slot=slot, adviser=user)
    slot.starts_at = timezone.now() + timedelta(hours=5)
    slot.ends_at = slot.starts_at + timedelta(hours=1)
    slot.save()
    url = reverse("assessments:booking-cancel", args=[booking.pk])
    assert "for sent å avbestille på nettet" in auth_client.get(url).content.decode()
    response = auth_client.post(url, follow=True)
    assert "frem til 24 timer før" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Status.ACTIVE


def test_ics_download(auth_client, user, slot_factory, booking_factory):
    booking = booking_factory(slot=slot_factory(), adviser=user)
    response = auth_client.get(reverse("assessments:booking-ics", args=[booking.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == timezone.localtime(booking.slot.starts_at)
    assert str(event["dtstart"].params["TZID"]) == "Europe/Oslo"


def test_candidate_confirms_without_an_account(client, slot_factory, booking_factory):
    booking = booking_factory(slot=slot_factory(), candidate_email="k@example.org")
    url = reverse("assessments:candidate-confirm", args=[services.booking_candidate_token(booking)])
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert "Bekreft at jeg kommer" in page.content.decode()
    booking.refresh_from_db()
    assert booking.candidate_confirmed_at is None  # a GET (e.g. a mail scanner) changes nothing
    response = client.post(url)
    assert "Du har bekreftet" in response.content.decode()
    booking.refresh_from_db()
    assert booking.candidate_confirmed_at is not None


def test_bad_candidate_link_is_404(client):
    url = reverse("assessments:candidate-confirm", args=["tull:og:tøys"])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert client.post(url).status_code == HTTPStatus.NOT_FOUND


def test_min_side_shows_bookings_and_candidate_confirmation(
    auth_client, user, slot_factory, booking_factory
):
    confirmed = booking_factory(
        slot=slot_factory(), adviser=user, candidate_name="Kari", candidate_email="k@example.org"
    )
    services.booking_confirm_candidate(token=services.booking_candidate_token(confirmed))
    booking_factory(
        slot=slot_factory(), adviser=user, candidate_name="Per", candidate_email="p@example.org"
    )
    booking_factory(slot=slot_factory(), candidate_name="Annens")
    html = auth_client.get(reverse("min-side")).content.decode()
    assert "Kari" in html and "Per" in html and "Annens" not in html
    assert "Kandidaten har bekreftet." in html
    assert "Kandidaten har ikke bekreftet ennå (invitasjonen gikk til p@example.org)." in html


def test_min_side_queries_are_constant(auth_client, user, slot_factory, booking_factory, settings):
    settings.ASSESSMENTS_MAX_OPEN_BOOKINGS = 100
    booking_factory(slot=slot_factory(), adviser=user)
    auth_client.get(reverse("min-side"))  # warm the contact-details cache
    with CaptureQueriesContext(connection) as few:
        auth_client.get(reverse("min-side"))
    for _ in range(20):
        booking_factory(slot=slot_factory(), adviser=user)
    with CaptureQueriesContext(connection) as many:
        response = auth_client.get(reverse("min-side"))
    assert response.content.decode().count("Kalenderinvitasjon (.ics)") == 21
    assert len(many) == len(few)


def test_consultant_feed_shows_initials_only(client, consultant, slot_factory, booking_factory):
    booking_factory(
        slot=slot_factory(),
        candidate_name="Kari Nordmann",
        candidate_email="kari@example.org",
        question="Hemmelig spørsmål",
    )
    slot_factory()  # not booked: not in the feed
    feed = services.calendar_feed_get(consultant=consultant)
    response = client.get(reverse("assessments:consultant-feed", args=[feed.token]))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Vurderingssamtale (K.N.)"
    for secret in ("Kari", "Nordmann", "kari@example.org", "Hemmelig", "NAV Testby"):
        assert secret not in body
    old_token = feed.token
    services.calendar_feed_reset(consultant=consultant)
    assert client.get(reverse("assessments:consultant-feed", args=[old_token])).status_code == 404


def test_overview_is_in_the_sitemap(client):
    assert "<loc>http://testserver/vurdering/</loc>" in client.get("/sitemap.xml").content.decode()


def test_a_cancelled_booking_says_so_on_the_cancel_page(
    auth_client, user, slot_factory, booking_factory
):
    booking = booking_factory(slot=slot_factory(), adviser=user)
    services.booking_cancel(booking=booking)
    html = auth_client.get(reverse("assessments:booking-cancel", args=[booking.pk])).content
    assert "er avbestilt og kan ikke avbestilles" in html.decode()


def test_booking_posts_are_rate_limited_in_norwegian(client, user, settings, slot_factory):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "booking": (2, 3600)}
    client.force_login(user)
    slot = slot_factory()
    url = f"/vurdering/book/{slot.pk}/"
    assert client.post(url, {}).status_code == 200  # invalid form, but counted
    assert client.post(url, {}).status_code == 200
    response = client.post(url, {})
    assert response.status_code == 429
    assert "For mange forsøk" in response.content.decode()
    assert client.get(url).status_code == 200  # reading the form is never limited


def test_a_slot_unpublished_while_the_form_is_filled_in_keeps_the_input(auth_client, slot_factory):
    gone, other = slot_factory(), slot_factory()
    url = reverse("assessments:book", args=[gone.pk])
    auth_client.get(url)
    services.slots_set_published(slots=[gone], published=False)  # staff unpublish it meanwhile
    response = auth_client.post(url, form_data(gone, question="Et spørsmål om rollen"))
    assert response.status_code == HTTPStatus.CONFLICT
    html = response.content.decode()
    assert "kan ikke lenger bookes" in html
    assert "Et spørsmål om rollen" in html and 'value="NAV Testby"' in html
    assert f'name="slot" value="{other.pk}"' in html
    assert not Booking.objects.exists()


def test_a_slot_deleted_while_the_form_is_filled_in_keeps_the_input(auth_client, slot_factory):
    gone, other = slot_factory(), slot_factory()
    url = reverse("assessments:book", args=[gone.pk])
    auth_client.get(url)
    services.slots_delete(slots=[gone])  # staff delete it meanwhile
    response = auth_client.post(url, form_data(gone, question="Et spørsmål om rollen"))
    assert response.status_code == HTTPStatus.CONFLICT
    html = response.content.decode()
    assert "finnes ikke lenger" in html
    assert "Velg en av de ledige tidene" not in html  # one message, not two
    assert "Et spørsmål om rollen" in html and 'value="NAV Testby"' in html
    assert f'name="slot" value="{other.pk}"' in html
    assert not Booking.objects.exists()
    assert auth_client.get(url).status_code == HTTPStatus.NOT_FOUND

    # Another time picked, but the name forgotten: that is what the page says now.
    again = auth_client.post(url, form_data(other, candidate_name=""))
    assert again.status_code == HTTPStatus.OK
    assert "finnes ikke lenger" not in again.content.decode()
    assert auth_client.post(url, form_data(other)).status_code == HTTPStatus.FOUND
    assert Booking.objects.get().slot == other


def test_the_feed_stops_when_the_consultant_is_no_longer_staff(client, consultant):
    feed = services.calendar_feed_get(consultant=consultant)
    url = reverse("assessments:consultant-feed", args=[feed.token])
    assert client.get(url).status_code == HTTPStatus.OK
    consultant.is_staff = False
    consultant.save(update_fields=["is_staff"])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_a_double_submit_leads_to_the_booking_not_to_someone_else_was_quicker(
    auth_client, user, slot_factory
):
    slot = slot_factory()
    url = reverse("assessments:book", args=[slot.pk])
    first = auth_client.post(url, form_data(slot))
    second = auth_client.post(url, form_data(slot))  # the same form, sent again
    booking = Booking.objects.get()
    assert booking.adviser == user
    assert first["Location"] == second["Location"] == booking_url(booking)
    page = auth_client.get(second["Location"]).content.decode()
    assert "Du har allerede booket denne tiden" in page
    assert "nettopp booket av noen andre" not in page


def booking_url(booking):
    return reverse("assessments:booking-detail", args=[booking.pk])


def test_a_booking_staff_cancelled_while_the_adviser_had_it_open_says_who_and_why(
    auth_client, user, slot_factory, booking_factory, time_machine
):
    time_machine.move_to(NOW, tick=False)
    booking = booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=4)), adviser=user)
    cancel_url = reverse("assessments:booking-cancel", args=[booking.pk])
    assert "Ja, avbestill" in auth_client.get(cancel_url).content.decode()

    # Staff cancel with a message while the adviser's cancel page is open; the adviser then
    # presses «Ja, avbestill».
    services.booking_cancel(
        booking=booking, by_staff=True, message="Konsulenten er syk.\nVi ringer deg.", now=NOW
    )
    page = auth_client.post(cancel_url, follow=True).content.decode()

    assert "allerede avbestilt" in page
    assert "Senteret har avbestilt samtalen" in page
    assert "Den ble avbestilt mandag 2. mars 2026 kl. 12.00" in page
    assert "Konsulenten er syk.<br>Vi ringer deg." in page
    assert reverse("assessments:index") in page.split('id="avbestilt"')[1]


def test_a_booking_the_adviser_cancelled_says_so_without_blaming_the_centre(
    auth_client, user, slot_factory, booking_factory, time_machine
):
    time_machine.move_to(NOW, tick=False)
    booking = booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=4)), adviser=user)
    services.booking_cancel(booking=booking, now=NOW)
    page = auth_client.get(reverse("assessments:booking-detail", args=[booking.pk]))
    page = page.content.decode()
    assert "Samtalen er avbestilt" in page and "Senteret har avbestilt" not in page
    assert "Melding fra oss" not in page


def test_a_week_after_the_appointment_its_page_no_longer_says_it_is_booked(
    auth_client, user, slot_factory, booking_factory, time_machine
):
    time_machine.move_to(NOW, tick=False)
    booking = booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=2)), adviser=user)
    detail_url = reverse("assessments:booking-detail", args=[booking.pk])
    assert "Samtalen er booket" in auth_client.get(detail_url).content.decode()

    # A week later staff have not yet recorded how it went.
    time_machine.move_to(NOW + timedelta(days=9), tick=False)
    auth_client.force_login(user)  # the old session has expired meanwhile
    page = auth_client.get(detail_url).content.decode()
    assert "Tiden for samtalen er passert" in page
    assert "Samtalen er booket" not in page
    assert "frem til 24 timer før samtalen" not in page  # nothing left to cancel or move
    assert "Booket" not in page.split("<main")[1]
    assert reverse("assessments:booking-ics", args=[booking.pk]) not in page

    minside = auth_client.get(reverse("min-side")).content.decode()
    past = minside.split("Tidligere")[1]
    assert "Tiden er passert" in past and "Booket" not in past


@pytest.mark.parametrize("published", [True, False])
def test_cancelling_says_the_time_is_free_for_others_only_when_it_is(
    auth_client, user, slot_factory, booking_factory, time_machine, published
):
    """A slot staff unpublished (or one others cannot book for another reason) is not free
    for others when the adviser cancels: the confirmation and the message say only what is
    true."""
    time_machine.move_to(NOW, tick=False)
    booking = booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=4)), adviser=user)
    if not published:
        services.slot_update(slot=booking.slot, changes={"is_published": False}, now=NOW)
    url = reverse("assessments:booking-cancel", args=[booking.pk])

    page = auth_client.get(url).content.decode()
    response = auth_client.post(url, follow=True)

    message = "Bookingen er avbestilt, og tiden er ledig for andre igjen."
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED
    assert ("Tiden blir ledig for andre" in page) is published
    assert (message in response.content.decode()) is published
    assert "Bookingen er avbestilt" in response.content.decode()


@pytest.mark.parametrize(
    ("confirmed", "outcome", "shown"),
    [
        (False, None, "Ikke ennå"),  # still ahead: the candidate may confirm
        (False, "cancelled", None),  # nothing to wait for any more
        (True, "cancelled", "Ja, "),  # what the candidate had said still holds as history
        (False, Status.COMPLETED, "Nei"),  # held without a confirmation: not «ennå»
    ],
)
def test_the_booking_page_says_of_the_candidates_confirmation_what_still_makes_sense(
    auth_client, user, slot_factory, booking_factory, time_machine, confirmed, outcome, shown
):
    time_machine.move_to(NOW, tick=False)
    booking = booking_factory(
        slot=slot_factory(starts_at=NOW + timedelta(days=4)),
        adviser=user,
        candidate_email="k@example.org",
        now=NOW,
    )
    if confirmed:
        services.booking_confirm_candidate(token=services.booking_candidate_token(booking), now=NOW)
    if outcome == "cancelled":
        services.booking_cancel(booking=booking, now=NOW)
    elif outcome:
        time_machine.move_to(NOW + timedelta(days=5), tick=False)
        services.booking_set_outcome(booking=booking, status=outcome)

    html = auth_client.get(reverse("assessments:booking-detail", args=[booking.pk])).content
    html = html.decode()

    assert ("Kandidaten har bekreftet" in html) is (shown is not None)
    assert ("Ikke ennå" in html) is (shown == "Ikke ennå")
    if shown:
        row = html.split("Kandidaten har bekreftet</dt>", 1)[1].split("</dd>", 1)[0]
        assert shown in row
