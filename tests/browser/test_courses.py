"""The course cycle in the browser: five sign up, staff set the date in admin, one cancels on
Min side and the first on the waiting list moves up. Every public course page passes axe."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Course, Signup
from tests.browser.helpers import label, log_in_as


@pytest.fixture
def course(course_factory):
    """Five seats, no place yet (staff set it with the date)."""
    return course_factory(min_participants=5, max_participants=5, place="")


def sign_up(page, course, organisation):
    page.goto(course.get_absolute_url())
    page.get_by_role("link", name=re.compile("Meld deg på|Sett meg på ventelisten")).click()
    page.get_by_label(label("Arbeidssted")).fill(organisation)
    page.get_by_label(label("Rolle")).fill("Veileder")
    page.get_by_role("button", name=re.compile("Meld meg på|Sett meg på ventelisten")).click()


def test_course_cycle_from_signup_to_promotion(
    page,
    live_server,
    course,
    user_factory,
    staff_user,
    mailoutbox,
    assert_accessible,
    assert_fits_small_screen,
):
    participants = [user_factory(name=f"Deltaker {n}") for n in range(1, 7)]

    page.goto("/kurs/")
    page.get_by_text("0 av 5 påmeldte – vi setter dato når 5 har meldt seg på").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=course.title).click()
    page.get_by_role("heading", level=1, name=course.title).wait_for()
    expect(page.get_by_text("Påmelding åpen")).to_be_visible()
    assert_accessible(page)
    assert_fits_small_screen(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    for n, person in enumerate(participants[:5], start=1):
        log_in_as(page, live_server, person)
        if n == 1:
            page.goto(f"/kurs/{course.slug}/pamelding/")
            page.get_by_role("button", name="Meld meg på").click()
            missing = "Skriv inn hvor du jobber, for eksempel NAV-kontoret."
            page.get_by_role("link", name=missing).wait_for()
            assert_accessible(page)
            assert_fits_small_screen(page)
            page.set_viewport_size({"width": 1280, "height": 900})
        sign_up(page, course, f"NAV kontor {n}")
        page.get_by_text("Du er påmeldt.").wait_for()
    page.get_by_text("Fullt – venteliste").first.wait_for()
    assert_accessible(page)

    staff_mail = [m for m in mailoutbox if m.to == settings.STAFF_NOTIFICATION_EMAILS]
    assert len(staff_mail) == 1
    assert "Nok påmeldte" in staff_mail[0].subject

    # Full: the sixth person joins the waiting list and sees their place.
    log_in_as(page, live_server, participants[5])
    sign_up(page, course, "Tiltak AS")
    page.get_by_text("venteliste som nr. 1").first.wait_for()
    assert_accessible(page)

    # Staff set the date in admin.
    log_in_as(page, live_server, staff_user)
    page.goto(f"/admin/courses/course/{course.pk}/change/")
    page.get_by_role("link", name="Sett dato").click()
    when = timezone.localtime() + timedelta(days=21)
    when = when.replace(hour=10, minute=0, second=0, microsecond=0)
    page.get_by_label("Eller et annet tidspunkt").fill(f"{when:%Y-%m-%dT%H:%M}")
    page.get_by_label("Sted").fill("Storgata 1, Oslo")
    mailoutbox.clear()
    page.get_by_role("button", name="Sett dato og varsle alle").click()
    page.get_by_text("Datoen er satt.").wait_for()
    course.refresh_from_db()
    assert course.starts_at == when
    date_text = course.starts_at_local_text
    assert len(mailoutbox) == 6
    assert all(len(m.attachments) == 1 for m in mailoutbox if m.to[0] != participants[5].email)

    # A participant sees the date on Min side and cancels.
    log_in_as(page, live_server, participants[0])
    page.goto("/min-side/")
    page.get_by_text(date_text).wait_for()
    expect(page.get_by_text("Storgata 1, Oslo")).to_be_visible()
    assert_accessible(page)
    mailoutbox.clear()
    page.get_by_role("link", name=re.compile("^Meld deg av")).click()
    page.get_by_role("heading", level=1, name="Meld deg av kurset").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, meld meg av").click()
    page.get_by_text("Du er meldt av").wait_for()
    expect(page.get_by_text("Avmeldt")).to_be_visible()

    # The first on the waiting list is moved up and told.
    promoted = Signup.objects.get(user=participants[5])
    assert promoted.status == Signup.Status.CONFIRMED
    receipt, mail = mailoutbox
    assert receipt.to == [participants[0].email]
    assert "Du er meldt av" in receipt.subject
    assert mail.to == [participants[5].email]
    assert "Du har fått plass" in mail.subject
    log_in_as(page, live_server, participants[5])
    page.goto("/min-side/")
    page.get_by_text(date_text).wait_for()
    section = page.locator("#kurs")
    assert "Påmeldt" in section.inner_text()
    assert "venteliste" not in section.inner_text()


def test_poll_interest_and_date_question_pages(
    page,
    live_server,
    course,
    user_factory,
    signup_factory,
    date_option_factory,
    course_type_factory,
    assert_accessible,
    assert_fits_small_screen,
):
    person = user_factory(name="Deltaker Dato")
    signup = signup_factory(course, user=person, organisation="NAV")
    for days in (10, 12, 14):
        date_option_factory(course, days)
    course.poll_sent_at = timezone.now()
    course.save()
    other_type = course_type_factory(
        title="Fellessamling for ledere",
        slug="ledere",
        summary="For ledere.",
        description="Om å ansette.",
        audience="Ledere",
    )
    log_in_as(page, live_server, person)

    page.goto(f"/kurs/{course.slug}/datoavstemning/")
    page.get_by_role("button", name="Lagre svarene").click()
    page.get_by_text("Velg ja, kanskje eller nei for").first.wait_for()
    assert_accessible(page)
    groups = page.get_by_role("group")
    for index in range(3):
        groups.nth(index).get_by_label("Ja").check()
    page.get_by_role("button", name="Lagre svarene").click()
    page.get_by_text("Svarene dine er lagret").wait_for()
    assert signup.poll_answers.filter(answer="yes").count() == 3
    assert_accessible(page)
    assert_fits_small_screen(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/kurs/")
    page.get_by_role("link", name=re.compile("Gi meg beskjed om neste kurs.*ledere")).click()
    page.get_by_role("button", name="Gi meg beskjed").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Gi meg beskjed").click()
    page.get_by_text("Du står på interesselisten.").wait_for()
    assert other_type.interest_entries.filter(user=person).exists()

    course.starts_at = timezone.now() + timedelta(days=10)
    course.poll_sent_at = None
    course.save()
    signup.date_question_at = timezone.now()
    signup.save()
    page.goto("/min-side/")
    page.get_by_text("Du får beskjed når neste kurs åpner").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Datoen passer ikke")).click()
    page.get_by_role("heading", level=1, name="Datoen passer ikke for deg?").wait_for()
    assert_accessible(page)
    assert_fits_small_screen(page)
    page.get_by_label("Jeg beholder plassen og kommer på denne datoen").check()
    page.get_by_role("button", name="Send svaret").click()
    page.get_by_text("du beholder plassen").wait_for()
    assert_accessible(page)


def test_course_pages_in_every_state_are_accessible(
    page, course, course_factory, signup_factory, assert_accessible, assert_fits_small_screen
):
    full = course_factory(
        expected_period="mai",
        min_participants=1,
        max_participants=1,
        starts_at=timezone.now() + timedelta(days=9),
        format=Course.Format.VIDEO,
        video_link="https://video.example/hemmelig",
    )
    for status in ("confirmed", "waiting"):
        signup_factory(full, status=status, organisation="NAV", role="V")
    cancelled = course_factory(expected_period="juni", status="cancelled")
    for path, text in [
        (full.get_absolute_url(), "Fullt – venteliste"),
        (cancelled.get_absolute_url(), "Avlyst"),
        ("/kurs/", "1 av 1 plasser er tatt – 1 på venteliste"),
    ]:
        page.goto(path)
        page.get_by_text(text).first.wait_for()
        assert "hemmelig" not in page.content()
        assert_accessible(page)
        assert_fits_small_screen(page)
        page.set_viewport_size({"width": 1280, "height": 900})
