"""A waiting adviser is told why and what happens next (axe, 360 px); staff approve them in
admin, and then the booking form is there."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments import services
from assessments.models import AdviserApproval, ApprovalStatus, Format
from tests.browser.helpers import log_in_as

WAITING_TITLE = "Kontoen din venter på godkjenning"


@pytest.fixture
def slot(user_factory):
    consultant = user_factory(name="Rådgiver Senteret", is_staff=True)
    (first, *_) = services.slots_bulk_create(
        consultant=consultant,
        weekdays=[0, 1, 2, 3, 4],
        start_time=time(10, 0),
        duration_minutes=60,
        weeks_ahead=1,
        format=Format.DIGITAL,
        now=timezone.now() + timedelta(days=1),
    )
    return first


def waiting_adviser(user_factory, email, name):
    user = user_factory(email=email, name=name)
    services.adviser_email_confirmed(user=user, email=email)
    return user


def test_a_waiting_adviser_is_told_why_and_what_happens_next(
    page, live_server, user_factory, slot, check_page
):
    adviser = waiting_adviser(user_factory, "veileder@tiltak.example", "Tiltak Veileder")
    log_in_as(page, live_server, adviser)

    page.goto("/vurdering/")
    page.get_by_role("heading", name=WAITING_TITLE).wait_for()
    assert page.get_by_role("link", name="melde deg på allerede nå").is_visible()
    assert page.get_by_role("link", name=re.compile(r"^Book\b")).count() == 0
    check_page(page)

    page.goto(f"/vurdering/book/{slot.pk}/")
    page.get_by_role("heading", level=1, name=WAITING_TITLE).wait_for()
    assert page.get_by_text("Du får e-post til veileder@tiltak.example").is_visible()
    assert page.get_by_role("button", name="Book samtalen").count() == 0
    check_page(page)

    page.goto("/min-side/")
    page.get_by_role("heading", name=WAITING_TITLE).wait_for()
    check_page(page)


def test_staff_approve_one_adviser_and_reject_another_in_admin(
    page, live_server, user_factory, staff_user, slot, mailoutbox, settings
):
    settings.SITE_URL = live_server.url
    kari = waiting_adviser(user_factory, "kari@tiltak.example", "Kari Veileder")
    ola = waiting_adviser(user_factory, "ola@ukjent.example", "Ola Ukjent")
    log_in_as(page, live_server, staff_user)

    page.goto("/admin/")
    page.get_by_text("2 veiledere venter på godkjenning").wait_for()
    page.get_by_role("link", name="Se listen «Venter på godkjenning»").click()
    page.get_by_role("link", name="kari@tiltak.example").wait_for()

    page.get_by_role("row", name="kari@tiltak.example").get_by_role("checkbox").check()
    page.get_by_label("Handling").select_option(label="Godkjenn valgte veiledere")
    page.locator("button[name=index]").click()  # "Run": not translated to Norwegian
    page.get_by_text("1 veileder er godkjent og har fått e-post.").wait_for()
    assert AdviserApproval.objects.get(user=kari).status == ApprovalStatus.APPROVED
    page.wait_for_load_state("load")  # the whole list is there before it is read for Kari
    expect(page.get_by_role("link", name="ola@ukjent.example")).to_be_visible()
    expect(page.get_by_role("link", name="kari@tiltak.example")).to_have_count(0)  # off it

    page.get_by_role("row", name="ola@ukjent.example").get_by_role("checkbox").check()
    page.get_by_label("Handling").select_option(label="Avvis valgte veiledere (med begrunnelse)")
    page.locator("button[name=index]").click()  # "Run": not translated to Norwegian
    page.get_by_label("Begrunnelse til veilederen").fill("Vi fant ikke tiltaket ditt.")
    page.get_by_role("button", name="Avvis og send e-post").click()
    page.get_by_text("1 veileder er avvist og har fått e-post.").wait_for()
    assert AdviserApproval.objects.get(user=ola).reason == "Vi fant ikke tiltaket ditt."
    assert {m.to[0] for m in mailoutbox} == {"kari@tiltak.example", "ola@ukjent.example"}

    # Kari can book now.
    log_in_as(page, live_server, kari)
    page.goto(f"/vurdering/book/{slot.pk}/")
    page.get_by_role("button", name="Book samtalen").wait_for()
