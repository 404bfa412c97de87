"""The pages and states this round changed, in the browser: the candidate's page while the
appointment runs and when its time moved while the page was open, the adviser's booking when
staff cancelled it and once its time has passed, Min side's sections, a course that is
cancelled or held, the library with no hits, the searches for some of the words and of only
common words, the front page and «Slett kontoen» past its limit. Each is axe-clean, has one
h1 and fits a phone at 360 px and 200 % text."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from assessments import services
from assessments.models import Format
from courses.models import Course
from erfaringssentrum import demo
from tests.browser.helpers import label, log_in_as

TEAMS_LINK = (
    "https://teams.microsoft.com/l/meetup-join/19%3ameeting_"
    "NjA1ZTk0ZDgtYjM1Yy00ZmQ1LWE2NzgtOGI1ZGM2YzE3NmRl%40thread.v2/0?context=%7b%22Tid%22"
    "%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%7d"
)


def hour(delta):
    return (timezone.now() + delta).replace(minute=0, second=0, microsecond=0)


@pytest.fixture
def digital_slot(slot_factory):
    def create(starts_at, location="https://video.erfaringssentrum.example/rom"):
        return slot_factory(starts_at=starts_at, format=Format.DIGITAL, location=location)

    return create


def test_the_candidate_page_while_the_appointment_runs(
    page, digital_slot, booking_factory, check_page
):
    starts = timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=10)
    # A Teams link is one long word: it wraps rather than widening the page on a phone.
    slot = digital_slot(starts, location=TEAMS_LINK)
    booking = booking_factory(
        slot=slot, now=starts - timedelta(days=3), candidate_email="kari@example.org"
    )
    page.goto(f"/vurdering/kandidat/{services.booking_candidate_token(booking)}/")
    expect(page.locator("#i-gang")).to_contain_text("Samtalen har begynt")
    expect(page.get_by_role("link", name=TEAMS_LINK)).to_be_visible()
    assert page.get_by_role("button").filter(has_text="Bekreft").count() == 0
    check_page(page)


def test_the_candidate_hears_and_sees_that_the_time_moved(
    page, digital_slot, booking_factory, check_page
):
    first = digital_slot(hour(timedelta(days=4)))
    later = digital_slot(hour(timedelta(days=5)))
    booking = booking_factory(slot=first, candidate_email="kari@example.org")
    page.goto(f"/vurdering/kandidat/{services.booking_candidate_token(booking)}/")
    services.booking_move(booking=booking, new_slot_id=later.pk, by_staff=True)
    page.get_by_role("button", name="Bekreft at jeg kommer").click()
    notice = page.locator("#ny-tid")
    expect(notice).to_contain_text("Samtalen har fått en ny tid")
    # Like an error summary, the notice takes focus: a screen reader reads it at once, and the
    # next Tab leads on from it, not from the top of the page.
    expect(notice).to_be_focused()
    check_page(page)


def test_the_advisers_booking_cancelled_by_staff_and_one_whose_time_has_passed(
    page, live_server, digital_slot, booking_factory, adviser_factory, check_page
):
    adviser = adviser_factory()
    cancelled = booking_factory(slot=digital_slot(hour(timedelta(days=4))), adviser=adviser)
    services.booking_cancel(
        booking=cancelled, by_staff=True, message="Rådgiveren er syk.\nVi beklager."
    )
    starts = hour(timedelta(days=-2))
    past = booking_factory(
        slot=digital_slot(starts), adviser=adviser, now=starts - timedelta(days=3)
    )
    now = timezone.now().replace(second=0, microsecond=0)
    running = booking_factory(
        slot=digital_slot(now - timedelta(minutes=10)),
        adviser=adviser,
        now=now - timedelta(days=3),
    )
    log_in_as(page, live_server, adviser)
    page.goto(f"/vurdering/booking/{running.pk}/")
    expect(page.get_by_role("main")).to_contain_text("Samtalen er i gang nå.")
    check_page(page)
    page.goto(f"/vurdering/booking/{cancelled.pk}/")
    expect(page.locator("#avbestilt")).to_contain_text("Senteret har avbestilt samtalen")
    expect(page.locator("#avbestilt")).to_contain_text("Rådgiveren er syk.")
    check_page(page)
    page.goto(f"/vurdering/booking/{past.pk}/")
    expect(page.get_by_role("main")).to_contain_text("Tiden for samtalen er passert")
    assert page.get_by_role("link", name=re.compile("Avbestill|Endre tid")).count() == 0
    check_page(page)
    page.goto("/min-side/")
    expect(page.get_by_role("main")).to_contain_text("Tiden er passert")
    check_page(page)


def test_min_side_and_the_course_page_for_a_cancelled_and_a_held_course(
    page, live_server, user, course_factory, signup_factory, check_page
):
    cancelled = course_factory(expected_period="juni", status=Course.Status.CANCELLED)
    held = course_factory(
        starts_at=hour(timedelta(days=-7)),
        status=Course.Status.COMPLETED,
        place="Kurssalen",
        town="Oslo",
    )
    for course in (cancelled, held):
        signup_factory(course, user=user, organisation="NAV Eksempelby", role="Veileder")
    log_in_as(page, live_server, user)
    page.goto("/min-side/")
    expect(page.get_by_role("main")).to_contain_text("Kurset er avlyst")
    expect(page.get_by_role("main")).to_contain_text("Påmeldt – kurset er gjennomført")
    check_page(page)
    for course, text in [
        (cancelled, "Kurset er avlyst"),
        (held, "Påmeldt – kurset er gjennomført"),
    ]:
        page.goto(course.get_absolute_url())
        expect(page.get_by_role("main")).to_contain_text(f"Din påmelding: {text}")
        expect(page.get_by_role("link", name="Gi meg beskjed om neste kurs")).to_be_visible()
        check_page(page)


@pytest.fixture
def library(transactional_db):
    demo.seed(stdout=io.StringIO())


def test_the_library_with_no_hits_and_the_front_page_cards(page, library, check_page):
    page.goto("/")
    for name in ("Tips og artikler", "Ta egenvurderingen «Passer jeg?»", "Råd til arbeidsgivere"):
        expect(page.get_by_role("link", name=name)).to_be_visible()
    check_page(page)
    page.goto("/ressurser/?q=xyzzyqq")
    expect(page.get_by_role("heading", name="0 treff for «xyzzyqq»")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="søk på hele nettstedet").click()
    page.get_by_role("heading", level=1).wait_for()
    assert "q=xyzzyqq" in page.url
    check_page(page)


@pytest.mark.parametrize("path", ["/sok/", "/sporsmal-og-svar/", "/ressurser/"])
def test_the_search_for_some_of_the_words_and_of_only_common_words(
    page, transactional_db, settings, check_page, path
):
    settings.DEBUG = True  # seed_demo refuses without it
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    page.goto(f"{path}?q=l%C3%B8nn+xyzzyqq")  # no page has both words
    expect(page.get_by_role("main")).to_contain_text(
        "Ingen treff på alle ordene. Viser treff på noen av dem."
    )
    check_page(page)
    page.goto(f"{path}?q=hvor+mange")
    expect(page.get_by_role("main")).to_contain_text("består bare av vanlige ord")
    check_page(page)


def test_delete_account_after_too_many_tries(page, live_server, user, settings, check_page):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "delete-account": (1, 60 * 60)}
    log_in_as(page, live_server, user)
    page.goto("/min-side/slett-konto/")
    for _ in range(2):
        page.get_by_label(label("Passordet ditt")).fill("feil-passord")
        page.get_by_role("button", name="Slett kontoen min").click()
        page.wait_for_load_state("load")
        if page.get_by_role("heading", level=1, name="For mange forsøk").count():
            break
    expect(page.get_by_role("heading", level=1)).to_have_text("For mange forsøk")
    check_page(page)
