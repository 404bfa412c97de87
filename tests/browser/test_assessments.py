import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments import services
from assessments.models import Booking, Format, Slot, Status, TrustedEmailDomain
from erfaringssentrum.core import dates
from tests.assessments.conftest import OSLO
from tests.browser.helpers import label, log_in_as


@pytest.fixture
def open_slots(consultant):
    return services.slots_bulk_create(
        consultant=consultant,
        weekdays=[0, 1, 2, 3, 4],
        start_time=time(10, 0),
        duration_minutes=60,
        weeks_ahead=2,
        format=Format.DIGITAL,
        location="https://video.erfaringssentrum.example/rom",
        now=timezone.now() + timedelta(days=1),
    )


def test_adviser_signs_up_books_downloads_and_cancels(
    page, live_server, open_slots, mailoutbox, check_page, settings
):
    settings.STAFF_NOTIFICATION_EMAILS = ["ansatte@erfaringssentrum.example"]
    settings.SITE_URL = live_server.url
    # The adviser's address is on a trusted domain: approved as soon as it is confirmed.
    TrustedEmailDomain.objects.create(domain="nav.example")
    page.goto("/")
    page.get_by_role("link", name="Book gratis vurdering").click()
    page.get_by_role("heading", name="Gratis vurderingssamtale").wait_for()
    check_page(page)

    first_slot = open_slots[0]
    page.locator(f"a[href='/vurdering/book/{first_slot.pk}/']").click()
    # Not logged in: through login, then signup, keeping the way back to this slot.
    slash = "(/|%2F)"
    way_back = rf"next={slash}vurdering{slash}book{slash}{first_slot.pk}{slash}"
    expect(page).to_have_url(re.compile(rf"/konto/login/\?{way_back}"))
    intent = (
        f"Du er i ferd med å booke {dates.when(first_slot.starts_at, first_slot.ends_at)}. "
        "Når du er logget inn, kommer du rett tilbake til skjemaet."
    )
    expect(page.get_by_text("Du er i ferd med å booke ").first).to_have_text(intent)
    page.get_by_role("link", name="Registrer deg").click()
    expect(page).to_have_url(re.compile(rf"/konto/signup/\?{way_back}"))
    expect(page.get_by_text(intent)).to_be_visible()  # the signup page says it too
    page.get_by_label(label("Navn")).fill("Veileder Veiledersen")
    page.get_by_label(label("E-post")).fill("veileder@nav.example")
    page.get_by_label(label("Passord")).fill("et-godt-passord-123")
    page.get_by_label(label("Gjenta passordet")).fill("et-godt-passord-123")
    page.get_by_role("button", name="Registrer deg").click()
    page.get_by_role("heading", name="Bekreft e-postadressen din").wait_for()

    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Bekreft").click()
    page.get_by_role("heading", name="Book vurderingssamtale").wait_for()
    expect(page).to_have_url(re.compile(rf"/vurdering/book/{first_slot.pk}/$"))
    expect(page.get_by_text("Ikke skriv helseopplysninger").first).to_be_visible()
    check_page(page)

    # A submit without the consent is refused next to the field, with the input kept.
    page.get_by_label(label("Arbeidssted")).fill("NAV Eksempelby")
    page.get_by_label(label("Rolle")).fill("Veileder")
    page.get_by_label(label("Kandidatens fornavn")).fill("Kari")
    page.get_by_label(label("Kandidatens e-postadresse")).fill("kari@example.org")
    page.get_by_label("Ja, jeg blir med").check()
    page.get_by_label(label("Hva ønsker dere å få avklart?")).fill("Er rollen riktig for henne?")
    page.locator("#id_consent").evaluate("el => el.removeAttribute('required')")
    page.get_by_role("button", name="Book samtalen").click()
    page.get_by_role("link", name="Kryss av for at kandidaten har sagt ja").wait_for()
    expect(page.get_by_label(label("Arbeidssted"))).to_have_value("NAV Eksempelby")
    check_page(page)

    page.get_by_label(re.compile("Kandidaten vet om og har sagt ja")).check()
    page.get_by_role("button", name="Book samtalen").click()
    page.get_by_role("heading", name="Bookingen din").wait_for()
    check_page(page)
    booking = Booking.objects.get()
    assert booking.slot == first_slot and booking.adviser.email == "veileder@nav.example"
    recipients = {m.to[0] for m in mailoutbox}
    assert {"veileder@nav.example", "kari@example.org", "ansatte@erfaringssentrum.example"} <= (
        recipients
    )

    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned kalenderinvitasjon (.ics)").click()
    ics = open(download.value.path(), encoding="utf-8").read()  # noqa: SIM115
    start = timezone.localtime(first_slot.starts_at)
    assert "BEGIN:VCALENDAR" in ics
    assert f"DTSTART;TZID=Europe/Oslo:{start:%Y%m%dT%H%M%S}" in ics

    # The candidate confirms from their own e-mail, without an account.
    invitation = next(m for m in mailoutbox if m.to == ["kari@example.org"])
    confirm = re.search(r"https?://\S+/vurdering/kandidat/\S+/", invitation.body).group(0)
    assert confirm.startswith(live_server.url)
    candidate = page.context.browser.new_context(locale="nb-NO")
    outside = []
    candidate.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    candidate_page = candidate.new_page()
    candidate_page.goto(confirm)
    check_page(candidate_page)
    candidate_page.get_by_role("button", name="Bekreft at jeg kommer").click()
    candidate_page.get_by_text("Du har bekreftet at du kommer").wait_for()
    candidate.close()
    assert not outside

    page.get_by_role("link", name="Se alle bookingene dine på Min side").click()
    page.get_by_role("heading", name="Mine bookinger av vurderingssamtale").wait_for()
    expect(page.get_by_text("Kandidaten har bekreftet.")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name=re.compile("^Avbestill samtalen")).click()
    page.get_by_role("heading", name="Avbestill vurderingssamtale").wait_for()
    check_page(page)
    mails_before = len(mailoutbox)
    page.get_by_role("button", name="Ja, avbestill").click()
    page.get_by_text("Bookingen er avbestilt").wait_for()
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED
    assert len(mailoutbox) == mails_before + 3  # adviser, candidate and staff
    assert first_slot in Slot.objects.bookable()


def test_public_pages_without_slots_and_with_a_dead_link(page, check_page):
    page.goto("/vurdering/")
    page.get_by_text("Akkurat nå er det ingen ledige tider").wait_for()
    check_page(page)
    response = page.goto("/vurdering/kandidat/ugyldig-lenke/")
    assert response.status == 404
    page.get_by_text("Lenken virker ikke.").wait_for()
    check_page(page)


def test_the_loser_of_a_race_picks_another_slot_with_the_input_kept(
    page, live_server, open_slots, adviser_factory, check_page
):
    adviser = adviser_factory()
    log_in_as(page, live_server, adviser)
    taken, other = open_slots[0], open_slots[1]
    page.goto(f"/vurdering/book/{taken.pk}/")
    page.get_by_label(label("Arbeidssted")).fill("NAV Eksempelby")
    page.get_by_label(label("Rolle")).fill("Veileder")
    page.get_by_label(label("Kandidatens fornavn")).fill("Ola")
    page.get_by_label("Nei, kandidaten deltar alene").check()
    page.get_by_label(re.compile("Kandidaten vet om og har sagt ja")).check()
    services.booking_create(  # someone else is quicker
        slot_id=taken.pk,
        adviser=adviser_factory(),
        organisation="NAV Annet",
        adviser_role="Veileder",
        candidate_name="P",
        adviser_attends=False,
        consent_version="test",
    )
    page.get_by_role("button", name="Book samtalen").click()
    page.get_by_text("Denne tiden ble nettopp booket").wait_for()
    expect(page.get_by_label(label("Kandidatens fornavn"))).to_have_value("Ola")
    check_page(page)
    page.locator(f"input[name=slot][value='{other.pk}']").check()
    page.get_by_role("button", name="Book samtalen").click()
    page.get_by_role("heading", name="Bookingen din").wait_for()
    assert Booking.objects.get(adviser=adviser).slot == other


def test_staff_bulk_create_slots_in_admin(page, live_server, staff_user, time_machine):
    # A Wednesday noon: the slots start on Thursday, all beyond the 24-hour lead time, and
    # three weeks of Mondays and Wednesdays are six slots whatever the real day is.
    time_machine.move_to(datetime(2026, 12, 2, 12, 0, tzinfo=OSLO))
    log_in_as(page, live_server, staff_user)
    page.goto("/admin/assessments/slot/")
    page.get_by_role("link", name="Opprett mange tider").click()
    for day in ("Mandag", "Onsdag"):
        page.get_by_label(day).check()
    page.get_by_label("Starttid").fill("09:30")
    page.get_by_label("Varighet (minutter)").fill("60")
    page.get_by_label("Antall uker fremover").fill("3")
    page.get_by_label("Form").select_option("in_person")
    page.get_by_label("Sted eller videolenke").fill("Eksempelgata 1, Oslo")
    page.get_by_role("button", name="Opprett tider").click()
    page.get_by_text("6 nye tider er opprettet").wait_for()
    slots = list(Slot.objects.all())
    assert len(slots) == 6
    assert all(timezone.localtime(s.starts_at).strftime("%H:%M") == "09:30" for s in slots)

    # The same again overlaps every slot: refused with a clear message, nothing created.
    page.get_by_role("link", name="Opprett mange tider").click()
    for day in ("Mandag", "Onsdag"):
        page.get_by_label(day).check()
    page.get_by_label("Starttid").fill("10:00")
    page.get_by_label("Antall uker fremover").fill("3")
    page.get_by_role("button", name="Opprett tider").click()
    page.get_by_text("Ingen tider ble opprettet").wait_for()
    assert Slot.objects.count() == 6

    page.goto("/vurdering/")
    assert page.get_by_role("link", name=re.compile(r"^Book")).count() == 6
