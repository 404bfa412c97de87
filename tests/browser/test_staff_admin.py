"""The staff admin in the browser at 1280 px: the start page «I dag» and the week view, the
confirmation pages for what cannot be undone, the message preview; every admin page staff
use passes axe, and no list scrolls sideways."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Booking, Status
from courses.models import Course, CourseMessage, InterestEntry, Signup
from tests.assessments.conftest import OSLO
from tests.browser.helpers import log_in_as

# A Wednesday morning: the browser and the server both see this as now.
NOW = datetime(2026, 12, 2, 8, 0, tzinfo=OSLO)


@pytest.fixture
def factory_now():
    return NOW


@pytest.fixture
def pinned(time_machine):
    time_machine.move_to(NOW, tick=True)


@pytest.fixture
def day_of_work(pinned, slot_factory, booking_factory, course_factory, signup_factory, mailoutbox):
    """A day with something of each kind on the start page."""
    today = slot_factory(starts_at=NOW.replace(hour=10))
    booking = booking_factory(
        slot=today,
        now=NOW - timedelta(days=3),
        organisation="NAV Grünerløkka",
        candidate_email="kari@example.org",
    )
    slot_factory(starts_at=NOW.replace(hour=13) + timedelta(days=1))
    course = course_factory(min_participants=2, max_participants=3)
    seated = [signup_factory(course, minutes=n) for n in range(3)]
    waiting = signup_factory(course, status=Signup.Status.WAITING, minutes=5)
    mailoutbox.clear()  # the tests count what staff send
    return {"booking": booking, "course": course, "seated": seated, "waiting": waiting}


def run_action(page, label):
    page.get_by_label("Handling").select_option(label=label)
    page.locator("button[name=index]").click()


def admin_urls(objects):
    """Every list, add and change page staff use, and the pages the apps add."""
    urls = []
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model in objects:
            urls.append(
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change", args=[objects[model].pk]
                )
            )
    urls += [
        reverse("admin:index"),
        reverse("admin:assessments_slot_week"),
        reverse("admin:assessments_slot_bulk_create"),
        reverse("admin:assessments_slot_calendar_feed"),
        reverse("admin:assessments_booking_export"),
        reverse("admin:courses_course_add"),
        reverse("admin:assessments_slot_add"),
        reverse("admin:resources_resource_add"),
        reverse("admin:faq_question_add"),
    ]
    return urls


def test_every_admin_page_passes_axe_and_no_list_scrolls_sideways(
    page, live_server, staff_user, day_of_work, assert_accessible, course_type_factory
):
    log_in_as(page, live_server, staff_user)
    course = day_of_work["course"]
    someone = day_of_work["waiting"].user
    no_rounds_yet = course_type_factory(slug="uten-runder")
    InterestEntry.objects.create(course_type=no_rounds_yet, user=someone)
    objects = {
        Course: course,
        Booking: day_of_work["booking"],
        Signup: day_of_work["seated"][0],
        type(day_of_work["booking"].slot): day_of_work["booking"].slot,
    }
    urls = admin_urls(objects) + [
        reverse("admin:courses_course_set_date", args=[course.pk]),
        reverse("admin:courses_course_send_message", args=[course.pk]),
        reverse("admin:assessments_booking_move", args=[day_of_work["booking"].pk]),
        # The delete confirmations that say who will be told.
        reverse("admin:courses_coursetype_delete", args=[no_rounds_yet.pk]),
        reverse("admin:erfaringssentrum_user_delete", args=[someone.pk]),
    ]
    problems = []
    for url in urls:
        page.goto(url)
        try:
            assert_accessible(page)
        except AssertionError as error:
            problems.append(str(error)[:1500])
        overflow = page.evaluate(
            """() => {
                const widths = [document.documentElement];
                document.querySelectorAll('#changelist .results, #changelist table')
                    .forEach(el => widths.push(el));
                return Math.max(...widths.map(el => el.scrollWidth - el.clientWidth));
            }"""
        )
        if overflow > 0:
            problems.append(f"{url}: {overflow}px sideways at 1280 px")
    assert not problems, "\n\n".join(problems)


def test_the_start_page_shows_the_day_and_leads_to_the_week(
    page, live_server, staff_user, day_of_work, assert_accessible
):
    log_in_as(page, live_server, staff_user)
    page.goto("/admin/")
    page.get_by_role("heading", level=1, name="I dag").wait_for()
    assert page.get_by_text("NAV Grünerløkka").is_visible()
    assert page.get_by_text("Resten av uka: ingen flere samtaler.").is_visible()
    assert page.get_by_role("heading", name="Kurs", exact=True).count() == 0  # a list group
    page.get_by_role("link", name="Se uka: ledige tider og bookinger per konsulent").click()
    week = "Uke 49, 30. november 2026–6. desember 2026"
    page.get_by_role("heading", level=1, name=week).wait_for()
    assert_accessible(page)

    # Keyboard: the slot link takes focus and opens with Enter.
    slot = day_of_work["booking"].slot
    link = page.get_by_role("link", name="10.00–11.00")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/admin/assessments/slot/{slot.pk}/change/")

    page.goto("/admin/assessments/slot/uke/")
    page.get_by_role("link", name="Flytt").click()
    page.get_by_role("heading", level=1, name="Flytt til en annen tid").wait_for()
    assert_accessible(page)

    page.goto("/admin/assessments/slot/uke/")
    page.get_by_role("link", name="Neste uke →").click()
    week = "Uke 50, 7. desember 2026–13. desember 2026"
    page.get_by_role("heading", level=1, name=week).wait_for()
    expect(page.get_by_text("Ingen tider denne uka.")).to_be_visible()


def test_cancelling_a_course_asks_for_a_reason_and_says_what_cannot_be_undone(
    page, live_server, staff_user, day_of_work, assert_accessible, mailoutbox
):
    course = day_of_work["course"]
    log_in_as(page, live_server, staff_user)
    page.goto("/admin/courses/course/")
    page.get_by_role("row", name=course.course_type.title).get_by_role("checkbox").check()
    run_action(page, "Avlys kurset …")
    page.get_by_role("heading", level=1, name="Avlys kurs").wait_for()
    page.get_by_role("heading", name="Dette kan ikke angres").wait_for()
    page.get_by_role("heading", name="Påmeldte (3)").wait_for()
    page.get_by_role("heading", name="På venteliste (1)").wait_for()
    expect(page.get_by_text(day_of_work["waiting"].user.email)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Avlys og send e-post").click()
    page.get_by_text("Skriv en begrunnelse. Den står i e-posten").wait_for()
    expect(page.locator("#id_reason")).to_be_focused()
    assert Course.objects.get(pk=course.pk).status == Course.Status.ACTIVE
    assert_accessible(page)

    page.get_by_label("Begrunnelse").fill("Kursholderen er syk, og vi finner ingen vikar.")
    page.get_by_role("button", name="Avlys og send e-post").click()
    page.get_by_text("er avlyst, og deltakerne får beskjed").wait_for()
    assert Course.objects.get(pk=course.pk).status == Course.Status.CANCELLED
    assert len(mailoutbox) == 4
    assert all("Kursholderen er syk" in m.body for m in mailoutbox)


def test_removing_a_participant_names_who_moves_up(
    page, live_server, staff_user, day_of_work, assert_accessible, mailoutbox
):
    leaving, waiting = day_of_work["seated"][0], day_of_work["waiting"]
    log_in_as(page, live_server, staff_user)
    page.goto("/admin/courses/signup/")
    page.get_by_role("row", name=leaving.user.email).get_by_role("checkbox").check()
    run_action(page, "Meld av …")
    page.get_by_role("heading", level=1, name="Meld av deltakere").wait_for()
    page.get_by_role(
        "heading", name="Kan få plass fra ventelisten (får egen e-post) (1)"
    ).wait_for()
    expect(page.get_by_text(waiting.user.email)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Begrunnelse").fill("Du ba oss melde deg av på telefon.")
    page.get_by_role("button", name="Meld av og send e-post").click()
    page.get_by_text("er meldt av.").wait_for()
    assert Signup.objects.get(pk=waiting.pk).status == Signup.Status.CONFIRMED
    removed = next(m for m in mailoutbox if m.to == [leaving.user.email])
    assert "Du ba oss melde deg av på telefon." in removed.body


def test_cancelling_a_booking_and_withdrawing_a_booked_slot_ask_first(
    page, live_server, staff_user, day_of_work, slot_factory, booking_factory, assert_accessible
):
    booking = day_of_work["booking"]
    log_in_as(page, live_server, staff_user)
    page.goto("/admin/assessments/booking/")
    page.get_by_role("row", name="NAV Grünerløkka").get_by_role("checkbox").check()
    run_action(page, "Avbestill …")
    page.get_by_role("heading", level=1, name="Avbestill bookinger").wait_for()
    expect(page.get_by_text("kari@example.org")).to_be_visible()
    expect(page.get_by_text(booking.adviser.email)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Avbryt, ikke gjør noe").click()
    # The action's page has the list's address too: wait for the list itself.
    expect(page.get_by_label("Handling")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/admin/assessments/booking/$"))
    assert Booking.objects.get(pk=booking.pk).status == Status.ACTIVE

    page.goto("/admin/assessments/slot/")
    page.get_by_role("row", name="onsdag 2. desember 2026").get_by_role("checkbox").check()
    run_action(page, "Avpubliser valgte tider …")
    page.get_by_role("heading", level=1, name="Avpubliser bookede tider").wait_for()
    assert_accessible(page)
    page.get_by_label("Begrunnelse").fill("Konsulenten er syk i dag.")
    page.get_by_role("button", name="Avpubliser og avbestill bookingene").click()
    page.get_by_text("1 booking er avbestilt").wait_for()
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED and booking.cancellation_message.startswith(
        "Konsulenten er syk"
    )


def test_a_message_is_previewed_tested_and_then_sent(
    page, live_server, staff_user, day_of_work, assert_accessible, mailoutbox
):
    course = day_of_work["course"]
    log_in_as(page, live_server, staff_user)
    page.goto(f"/admin/courses/course/{course.pk}/change/")
    page.get_by_role("link", name="E-post til deltakerne").click()
    page.get_by_label("Emne").fill("Husk matpakke")
    page.get_by_label("Melding").fill("Vi har kaffe, men ikke mat.")
    page.wait_for_load_state("load")  # the whole form is there before a button is missed
    assert page.get_by_role("button", name="Send til 3 deltakere").count() == 0
    page.get_by_role("button", name="Forhåndsvis").click()
    preview = page.locator(".mail-preview-body")
    expect(preview).to_contain_text("Vi har kaffe, men ikke mat.")
    expect(preview).to_contain_text(course.title)
    assert_accessible(page)

    page.get_by_role("button", name="Send en test til meg").click()
    page.get_by_text(f"En test er sendt til {staff_user.email}").wait_for()
    (test,) = mailoutbox
    assert test.to == [staff_user.email] and test.subject.startswith("[TEST] ")

    page.get_by_role("button", name="Send til 3 deltakere").click()
    page.get_by_text("Meldingen sendes til 3 deltakere.").wait_for()
    assert CourseMessage.objects.count() == 1
    assert sorted(m.to[0] for m in mailoutbox[1:]) == sorted(
        s.user.email for s in day_of_work["seated"]
    )
