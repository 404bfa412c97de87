"""Only approved advisers book: approval by trusted domain at e-mail confirmation, or by staff;
everyone else waits, is told why, and cannot book by any route."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.models import (
    AdviserApproval,
    ApprovalStatus,
    Booking,
    TrustedEmailDomain,
)
from courses.models import Course, CourseType, Signup

from .conftest import NOW
from .test_views import form_data

pytestmark = pytest.mark.django_db

WAITING_TITLE = "Kontoen din venter på godkjenning"


@pytest.fixture
def confirm(user_factory):
    """An account that has just confirmed `email` (as allauth's confirmation does)."""

    def create(email, **fields):
        user = user_factory(email=email, **fields)
        services.adviser_email_confirmed(user=user, email=email, now=NOW)
        return user

    return create


def status_of(user):
    return AdviserApproval.objects.get(user=user).status


# --- Approval by domain -----------------------------------------------------------------------


def test_the_migration_trusts_nav_no_and_a_nav_address_is_approved_at_once(confirm):
    assert TrustedEmailDomain.objects.filter(domain="nav.no", include_subdomains=False).exists()
    approval = confirm("Kari.Veileder@NAV.no").adviser_approval
    assert approval.status == ApprovalStatus.APPROVED
    assert approval.trusted_domain == "nav.no"
    assert approval.decided_at == NOW and approval.decided_by is None
    assert not mail.outbox  # they see it at once: they land on the booking form


@pytest.mark.parametrize(
    ("email", "include_subdomains", "approved"),
    [
        ("v@oslo.nav.no", False, False),
        ("v@oslo.nav.no", True, True),
        ("v@a.b.nav.no", True, True),
        ("v@evilnav.no", True, False),
        ("v@nav.no.evil.example", True, False),
        ("v@no", True, False),
    ],
)
def test_subdomains_count_only_where_the_entry_says_so(
    confirm, email, include_subdomains, approved
):
    TrustedEmailDomain.objects.filter(domain="nav.no").update(include_subdomains=include_subdomains)
    expected = ApprovalStatus.APPROVED if approved else ApprovalStatus.WAITING
    assert status_of(confirm(email)) == expected


def test_any_other_address_waits_once_and_a_later_trusted_address_approves(confirm, mailoutbox):
    user = confirm("veileder@tiltak.example")
    assert status_of(user) == ApprovalStatus.WAITING
    services.adviser_email_confirmed(user=user, email="annen@gmail.com", now=NOW)
    assert AdviserApproval.objects.filter(user=user).count() == 1
    assert status_of(user) == ApprovalStatus.WAITING
    services.adviser_email_confirmed(user=user, email="veileder@nav.no", now=NOW)
    assert status_of(user) == ApprovalStatus.APPROVED
    assert not mailoutbox


@pytest.fixture
def approved_by_work_address(user_factory, time_machine):
    """A private account approved because it confirmed a work address on nav.no as well."""
    time_machine.move_to(NOW, tick=False)
    user = user_factory(email="privat@gmail.example")
    EmailAddress.objects.create(user=user, email="kari@nav.no", verified=True, primary=False)
    services.adviser_email_confirmed(user=user, email="kari@nav.no", now=NOW)
    assert status_of(user) == ApprovalStatus.APPROVED
    return user


def remove_address(user, email):
    client = Client()
    client.force_login(user)
    return client.post("/konto/email/", {"email": email, "action_remove": ""})


def test_removing_the_work_address_that_approved_the_account_makes_it_wait_again(
    approved_by_work_address,
):
    remove_address(approved_by_work_address, "kari@nav.no")
    assert not EmailAddress.objects.filter(email="kari@nav.no").exists()
    approval = AdviserApproval.objects.get(user=approved_by_work_address)
    assert (approval.status, approval.trusted_domain) == (ApprovalStatus.WAITING, "")
    assert approval.staff_notified_at is None  # in the next notice to staff


def test_an_approval_stays_while_a_trusted_address_is_left_or_staff_gave_it(
    approved_by_work_address, confirm, staff_user
):
    TrustedEmailDomain.objects.filter(domain="nav.no").update(include_subdomains=True)
    EmailAddress.objects.create(user=approved_by_work_address, email="k@a.nav.no", verified=True)
    remove_address(approved_by_work_address, "kari@nav.no")
    assert status_of(approved_by_work_address) == ApprovalStatus.APPROVED

    # Another address going says nothing about the one that approved, trusted now or not.
    TrustedEmailDomain.objects.filter(domain="nav.no").delete()
    EmailAddress.objects.create(
        user=approved_by_work_address, email="x@gmail.example", verified=True
    )
    remove_address(approved_by_work_address, "x@gmail.example")
    assert status_of(approved_by_work_address) == ApprovalStatus.APPROVED

    by_staff = confirm("veileder@tiltak.example")
    services.adviser_approve(approval=by_staff.adviser_approval, by=staff_user, now=NOW)
    EmailAddress.objects.create(user=by_staff, email="annen@tiltak.example", verified=True)
    remove_address(by_staff, "annen@tiltak.example")
    assert status_of(by_staff) == ApprovalStatus.APPROVED


def test_someone_who_was_staff_with_a_confirmed_work_address_is_approved_at_login(
    user_factory,
):
    former = user_factory(email="privat@gmail.example", is_staff=True)
    EmailAddress.objects.create(user=former, email="kari@nav.no", verified=True)
    former.is_staff = False
    former.save(update_fields=["is_staff"])
    Client().force_login(former)
    assert status_of(former) == ApprovalStatus.APPROVED


def test_someone_who_was_staff_waits_for_approval_once_they_log_in(user_factory):
    former = user_factory(email="tidligere@tiltak.example", is_staff=True)
    former.is_staff = False
    former.save(update_fields=["is_staff"])
    assert not AdviserApproval.objects.filter(user=former).exists()
    Client().force_login(former)
    assert status_of(former) == ApprovalStatus.WAITING  # listed for staff to decide


def test_a_staff_rejection_stands_when_a_trusted_address_is_confirmed(confirm, staff_user):
    user = confirm("veileder@tiltak.example")
    services.adviser_reject(approval=user.adviser_approval, by=staff_user, reason="Ukjent.")
    services.adviser_email_confirmed(user=user, email="veileder@nav.no", now=NOW)
    assert status_of(user) == ApprovalStatus.REJECTED


def test_staff_accounts_book_without_approval(staff_user, slot_factory, booking_data):
    assert services.adviser_email_confirmed(user=staff_user, email=staff_user.email) is None
    booking = services.booking_create(slot_id=slot_factory().pk, adviser=staff_user, **booking_data)
    assert booking.adviser == staff_user


def test_confirming_through_allauth_starts_the_wait(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the confirmation e-mail
        client.post(
            reverse("account_signup"),
            {
                "name": "Tiltak Veileder",
                "email": "veileder@tiltak.example",
                "password1": "et-godt-passord-123",
                "password2": "et-godt-passord-123",
            },
        )
    link = re.search(r"https?://\S+(/konto/confirm-email/\S+/)", mailoutbox[-1].body).group(1)
    assert client.post(link).status_code == HTTPStatus.FOUND
    approval = AdviserApproval.objects.get(user__email="veileder@tiltak.example")
    assert approval.status == ApprovalStatus.WAITING
    assert approval.staff_notified_at is None


def test_trusted_domains_are_stored_in_lower_case_without_at(staff_client):
    response = staff_client.post(
        reverse("admin:assessments_trustedemaildomain_add"),
        {"domain": "@Oslo.Kommune.NO", "include_subdomains": "on"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert TrustedEmailDomain.objects.filter(domain="oslo.kommune.no").exists()
    response = staff_client.post(
        reverse("admin:assessments_trustedemaildomain_add"), {"domain": "ikke et domene"}
    )
    assert response.status_code == HTTPStatus.OK
    assert TrustedEmailDomain.objects.count() == 2  # nav.no and the one above


def test_a_new_trusted_domain_approves_those_already_waiting_on_it_and_tells_them(
    confirm, staff_client, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(NOW, tick=False)
    on_it = confirm("en@tiltak.example")
    on_a_subdomain = confirm("to@oslo.tiltak.example")
    elsewhere = confirm("tre@annet.example")
    add = reverse("admin:assessments_trustedemaildomain_add")
    assert "blir godkjent når du lagrer" in staff_client.get(add).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(add, {"domain": "tiltak.example"}, follow=True)

    assert "Én veileder som ventet, er godkjent og får e-post om det." in response.content.decode()
    approval = AdviserApproval.objects.get(user=on_it)
    assert approval.status == ApprovalStatus.APPROVED
    assert (approval.trusted_domain, approval.decided_by) == ("tiltak.example", None)
    assert approval.decided_at == NOW
    assert status_of(on_a_subdomain) == status_of(elsewhere) == ApprovalStatus.WAITING
    (message,) = mailoutbox
    assert message.to == ["en@tiltak.example"]
    assert "Du kan nå booke vurderingssamtaler" in message.subject

    entry = TrustedEmailDomain.objects.get(domain="tiltak.example")
    change = reverse("admin:assessments_trustedemaildomain_change", args=[entry.pk])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(change, {"domain": "tiltak.example", "include_subdomains": "on"})
    assert status_of(on_a_subdomain) == ApprovalStatus.APPROVED
    assert status_of(elsewhere) == ApprovalStatus.WAITING
    assert [m.to for m in mailoutbox[1:]] == [["to@oslo.tiltak.example"]]


def test_a_new_trusted_domain_leaves_rejections_and_unconfirmed_addresses_alone(
    confirm, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    rejected = confirm("en@tiltak.example")
    services.adviser_reject(approval=rejected.adviser_approval, by=staff_user, reason="Ukjent.")
    unconfirmed = confirm("to@annet.example")
    EmailAddress.objects.create(user=unconfirmed, email="to@tiltak.example", verified=False)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        approved = services.trusted_domain_save(
            entry=TrustedEmailDomain(domain="tiltak.example"), now=NOW
        )

    assert approved == []
    assert status_of(rejected) == ApprovalStatus.REJECTED
    assert status_of(unconfirmed) == ApprovalStatus.WAITING
    assert not mailoutbox


# --- What a waiting adviser sees, and cannot do -----------------------------------------------


@pytest.fixture
def waiting(confirm):
    return confirm("veileder@tiltak.example")


@pytest.fixture
def waiting_client(waiting):
    client = Client()
    client.force_login(waiting)
    return client


def test_the_booking_page_explains_instead_of_showing_the_form(waiting_client, slot_factory):
    slot = slot_factory()
    response = waiting_client.get(reverse("assessments:book", args=[slot.pk]))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f"<h1>{WAITING_TITLE}</h1>" in html
    assert "veileder@tiltak.example, er ikke på den listen" in html
    assert "Du får e-post til veileder@tiltak.example når kontoen er godkjent" in html
    assert reverse("courses:index") in html
    assert 'name="candidate_name"' not in html and "Book samtalen" not in html


@pytest.mark.parametrize("state", ["waiting", "rejected", "none"])
def test_an_unapproved_account_cannot_book_by_any_route(
    state, user_factory, staff_user, slot_factory, booking_data
):
    user = user_factory(email="veileder@tiltak.example")
    if state != "none":
        services.adviser_email_confirmed(user=user, email=user.email)
    if state == "rejected":
        services.adviser_reject(approval=user.adviser_approval, by=staff_user, reason="Nei.")
    client = Client()
    client.force_login(user)
    slot = slot_factory()
    url = reverse("assessments:book", args=[slot.pk])
    # A direct POST, and the same again (a double submit): refused with the explanation.
    for _ in range(2):
        response = client.post(url, form_data(slot))
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "ikke godkjent" in response.content.decode() or WAITING_TITLE in (
            response.content.decode()
        )
    with pytest.raises(services.AdviserNotApproved):
        services.booking_create(slot_id=slot.pk, adviser=user, **booking_data)
    assert not Booking.objects.exists()


def test_a_rejected_adviser_sees_the_reason(user_factory, staff_user, slot_factory):
    user = user_factory(email="veileder@tiltak.example")
    approval = services.adviser_email_confirmed(user=user, email=user.email)
    services.adviser_reject(approval=approval, by=staff_user, reason="Bruk jobbadressen din.")
    client = Client()
    client.force_login(user)
    html = client.get(reverse("assessments:book", args=[slot_factory().pk])).content.decode()
    assert "<h1>Kontoen din er ikke godkjent for booking</h1>" in html
    assert "Bruk jobbadressen din." in html


def test_an_approved_adviser_books_through_the_form(confirm, slot_factory):
    client = Client()
    client.force_login(confirm("veileder@nav.no"))
    slot = slot_factory()
    response = client.post(reverse("assessments:book", args=[slot.pk]), form_data(slot))
    assert response.status_code == HTTPStatus.FOUND
    assert Booking.objects.get().slot == slot


def test_overview_and_min_side_explain_the_wait(waiting_client, slot_factory):
    slot = slot_factory()
    overview = waiting_client.get(reverse("assessments:index")).content.decode()
    assert WAITING_TITLE in overview
    assert reverse("assessments:book", args=[slot.pk]) not in overview  # no Book buttons
    min_side = waiting_client.get(reverse("min-side")).content.decode()
    assert WAITING_TITLE in min_side
    assert "Legg den til og bekreft den" in min_side


def test_an_approved_adviser_sees_no_explanation(auth_client, slot_factory):
    slot = slot_factory()
    overview = auth_client.get(reverse("assessments:index")).content.decode()
    assert WAITING_TITLE not in overview
    assert reverse("assessments:book", args=[slot.pk]) in overview
    assert WAITING_TITLE not in auth_client.get(reverse("min-side")).content.decode()


def test_course_signups_and_interest_lists_stay_open_to_waiting_accounts(waiting, waiting_client):
    course_type = CourseType.objects.create(
        title="Fellessamling", slug="fellessamling", summary="K", description="L", audience="A"
    )
    course = Course.objects.create(
        course_type=course_type, slug="var", expected_period="våren", place="Oslo"
    )
    response = waiting_client.post(
        reverse("courses:signup", args=[course.slug]), {"organisation": "Tiltak", "role": "v"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Signup.objects.filter(user=waiting, course=course).exists()
    other_type = CourseType.objects.create(
        title="Annet kurs", slug="annet", summary="K", description="L", audience="A"
    )
    response = waiting_client.post(reverse("courses:interest", args=[other_type.slug]))
    assert response.status_code == HTTPStatus.FOUND
    assert waiting.course_interests.filter(course_type=other_type).exists()


# --- Staff decide in admin --------------------------------------------------------------------


@pytest.fixture
def assessments_staff(user_factory):
    """A member of Vurderingsansvarlig (not a superuser): the group that decides."""
    user = user_factory(name="Vurderings Ansvarlig", is_staff=True)
    user.groups.add(Group.objects.get(name="Vurderingsansvarlig"))
    client = Client()
    client.force_login(user)
    return user, client


def test_the_admin_start_page_counts_those_waiting(assessments_staff, confirm):
    _, client = assessments_staff
    confirm("en@tiltak.example")
    confirm("to@tiltak.example")
    confirm("tre@nav.no")  # approved at once: not counted
    html = client.get(reverse("admin:index")).content.decode()
    assert "2 veiledere venter på godkjenning" in html
    changelist = reverse("admin:assessments_adviserapproval_changelist")
    assert f'href="{changelist}?status=waiting"' in html


def test_the_waiting_list_shows_only_those_waiting_by_default(assessments_staff, confirm):
    _, client = assessments_staff
    confirm("venter@tiltak.example")
    confirm("godkjent@nav.no")
    html = client.get(reverse("admin:assessments_adviserapproval_changelist")).content.decode()
    assert "venter@tiltak.example" in html and "godkjent@nav.no" not in html
    everyone = reverse("admin:assessments_adviserapproval_changelist") + "?status=alle"
    assert "godkjent@nav.no" in client.get(everyone).content.decode()


def test_staff_approve_and_the_adviser_is_told(
    assessments_staff, waiting, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://erfaringssentrum.example"
    staff, client = assessments_staff
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:assessments_adviserapproval_changelist"),
            {"action": "approve", "_selected_action": [waiting.adviser_approval.pk]},
        )
    assert response.status_code == HTTPStatus.FOUND
    approval = AdviserApproval.objects.get(user=waiting)
    assert approval.status == ApprovalStatus.APPROVED and approval.decided_by == staff
    (message,) = mailoutbox
    assert message.to == ["veileder@tiltak.example"]
    assert message.subject == "[Erfaringssentrum] Du kan nå booke vurderingssamtaler"
    assert "https://erfaringssentrum.example/vurdering/" in message.body


def test_staff_reject_with_a_reason_on_an_intermediate_page(
    assessments_staff, waiting, mailoutbox, django_capture_on_commit_callbacks
):
    _, client = assessments_staff
    url = reverse("admin:assessments_adviserapproval_changelist")
    selected = {"action": "reject", "_selected_action": [waiting.adviser_approval.pk]}
    page = client.post(url, selected)
    assert page.status_code == HTTPStatus.OK
    assert "Begrunnelse til veilederen" in page.content.decode()
    # No reason: asked again, nothing changes and nobody is told.
    again = client.post(url, {**selected, "apply": "1", "reason": "  "})
    assert "Skriv en begrunnelse" in again.content.decode()
    assert status_of(waiting) == ApprovalStatus.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**selected, "apply": "1", "reason": "Vi fant deg ikke i NAV."})
    approval = AdviserApproval.objects.get(user=waiting)
    assert approval.status == ApprovalStatus.REJECTED
    assert approval.reason == "Vi fant deg ikke i NAV."
    (message,) = mailoutbox
    assert message.to == ["veileder@tiltak.example"]
    assert "Vi fant deg ikke i NAV." in message.body
    assert "Vi fant deg ikke i NAV." in message.alternatives[0].content


def test_approving_twice_is_refused_and_sends_nothing(confirm, staff_user, mailoutbox):
    approval = confirm("veileder@nav.no").adviser_approval
    with pytest.raises(services.BookingError, match="allerede godkjent"):
        services.adviser_approve(approval=approval, by=staff_user)
    assert not mailoutbox


def test_staff_without_the_group_cannot_decide(user_factory, waiting):
    outsider = user_factory(is_staff=True)
    client = Client()
    client.force_login(outsider)
    url = reverse("admin:assessments_adviserapproval_changelist")
    response = client.post(
        url, {"action": "approve", "_selected_action": [waiting.adviser_approval.pk]}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert status_of(waiting) == ApprovalStatus.WAITING
    assert "venter på godkjenning" not in client.get(reverse("admin:index")).content.decode()


# --- Staff are told, at most once an hour -----------------------------------------------------


def test_staff_get_one_email_an_hour_listing_everyone_new(
    confirm, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.STAFF_NOTIFICATION_EMAILS = ["ansatte@erfaringssentrum.example"]
    first, second = confirm("en@tiltak.example"), confirm("to@tiltak.example")
    confirm("godkjent@nav.no")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.advisers_notify_staff(now=NOW) == 2
    (message,) = mailoutbox
    assert message.to == ["ansatte@erfaringssentrum.example"]
    assert message.subject == "[Erfaringssentrum] 2 nye veiledere venter på godkjenning"
    assert first.email in message.body and second.email in message.body
    assert "godkjent@nav.no" not in message.body

    third = confirm("tre@tiltak.example")
    with django_capture_on_commit_callbacks(execute=True):
        # Later in the same hour: nothing, however many run.
        assert services.advisers_notify_staff(now=NOW + timedelta(minutes=59)) == 0
        assert services.advisers_notify_staff(now=NOW + timedelta(minutes=30)) == 0
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.advisers_notify_staff(now=NOW + timedelta(hours=1)) == 1
        assert services.advisers_notify_staff(now=NOW + timedelta(hours=2)) == 0  # no one new
    assert len(mailoutbox) == 2
    assert third.email in mailoutbox[1].body and first.email not in mailoutbox[1].body
    assert mailoutbox[1].subject.endswith("En ny veileder venter på godkjenning")


def test_the_hourly_command_notifies_staff(
    confirm, mailoutbox, time_machine, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    time_machine.move_to(NOW)
    confirm("en@tiltak.example")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("assessments_notify_staff", stdout=out)
        call_command("assessments_notify_staff", stdout=out)
    assert out.getvalue().splitlines() == [
        "Veiledere i varselet til ansatte: 1.",
        "Veiledere i varselet til ansatte: 0.",
    ]
    assert len(mailoutbox) == 1


def test_a_decided_adviser_is_not_listed_to_staff(confirm, staff_user, mailoutbox):
    user = confirm("en@tiltak.example")
    services.adviser_approve(approval=user.adviser_approval, by=staff_user)
    mailoutbox.clear()
    assert services.advisers_notify_staff(now=NOW) == 0
    assert not mailoutbox


def test_a_new_trusted_domain_finds_those_waiting_in_one_query(confirm):
    def queries_to_save(domain):
        entry = TrustedEmailDomain(domain=domain)
        with CaptureQueriesContext(connection) as queries:
            services.trusted_domain_save(entry=entry, now=NOW)
        return len(queries)

    confirm("en@a.example")
    one_waiting = queries_to_save("a.example")
    for number in range(3):
        confirm(f"v{number}@b.example")
    assert queries_to_save("b.example") == one_waiting + 2  # one update per approval
