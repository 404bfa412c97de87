"""«Endre tid»: a booking moves to another free time in one step, for the adviser up to the
cut-off and for staff in admin; both sides get one «Ny tid» e-mail that updates the calendar
entry (same UID, higher SEQUENCE), never a cancellation first."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from assessments import services
from assessments.models import Booking, Status
from tests.invitations import read_invitation

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(slot_factory, booking_factory, user, django_capture_on_commit_callbacks, mailoutbox):
    """The logged-in adviser's booking four days after NOW, with a candidate address, and a
    free slot a day later; the booking's own e-mails are cleared."""
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_factory(
            slot=slot_factory(starts_at=NOW + timedelta(days=4)),
            adviser=user,
            candidate_email="kandidat@example.org",
            now=NOW,
        )
    mailoutbox.clear()
    return booking


def move(booking, slot, *, by_staff=False, now=NOW, capture=None):
    with capture(execute=True):
        return services.booking_move(
            booking=booking, new_slot_id=slot.pk, by_staff=by_staff, now=now
        )


def test_moving_changes_the_time_and_updates_every_calendar_in_place(
    booked, slot_factory, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(NOW, tick=False)  # the e-mails are built as they are sent
    old_slot = booked.slot
    new_slot = slot_factory(starts_at=NOW + timedelta(days=5))
    Booking.objects.filter(pk=booked.pk).update(candidate_confirmed_at=NOW)

    moved = move(booked, new_slot, capture=django_capture_on_commit_callbacks)

    moved.refresh_from_db()
    assert moved.slot == new_slot and moved.status == Status.ACTIVE
    assert moved.calendar_sequence == 1
    assert moved.candidate_confirmed_at is None  # the candidate confirms the new time
    assert not old_slot.bookings.holding_slot().exists()  # the old time is free again
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {moved.adviser.email, "kandidat@example.org", *_staff()}
    for mail in mailoutbox:
        assert "avlyst" not in (mail.subject + mail.body).lower()
        assert "Ny tid for vurderingssamtalen" in mail.subject or "Flyttet:" in mail.subject
    for address in (moved.adviser.email, "kandidat@example.org"):
        invitation = read_invitation(by_address[address])
        assert invitation.method == "REQUEST" and invitation.status == "CONFIRMED"
        assert invitation.uid == f"vurdering-{moved.pk}@testserver"
        assert invitation.sequence == 1
        assert invitation.event.decoded("dtstart") == new_slot.starts_at
    candidate_mail = by_address["kandidat@example.org"]
    assert "/vurdering/kandidat/" in candidate_mail.body  # confirm the new time
    assert "gjelder ikke lenger" in candidate_mail.body


def _staff():
    from django.conf import settings

    return set(settings.STAFF_NOTIFICATION_EMAILS)


def test_a_moved_booking_is_reminded_again_for_its_new_time(
    booked, slot_factory, django_capture_on_commit_callbacks
):
    Booking.objects.filter(pk=booked.pk).update(reminder_sent_at=NOW)
    moved = move(
        booked,
        slot_factory(starts_at=NOW + timedelta(days=6)),
        capture=django_capture_on_commit_callbacks,
    )
    moved.refresh_from_db()
    assert moved.reminder_sent_at is None


def test_advisers_cannot_move_after_the_cut_off_but_staff_can(
    booked, slot_factory, django_capture_on_commit_callbacks
):
    new_slot = slot_factory(starts_at=NOW + timedelta(days=5))
    too_late = booked.slot.starts_at - timedelta(hours=23)
    with pytest.raises(services.MoveNotAllowed):
        move(booked, new_slot, now=too_late, capture=django_capture_on_commit_callbacks)
    booked.refresh_from_db()
    assert booked.slot_id != new_slot.pk
    moved = move(
        booked, new_slot, by_staff=True, now=too_late, capture=django_capture_on_commit_callbacks
    )
    assert moved.slot_id == new_slot.pk


def test_the_cut_off_is_exactly_the_cancellation_cut_off(
    booked, slot_factory, django_capture_on_commit_callbacks
):
    new_slot = slot_factory(starts_at=NOW + timedelta(days=5))
    just_in_time = booked.slot.starts_at - timedelta(hours=24)
    moved = move(booked, new_slot, now=just_in_time, capture=django_capture_on_commit_callbacks)
    assert moved.slot_id == new_slot.pk


def test_a_taken_slot_leaves_the_booking_where_it_was(
    booked, slot_factory, booking_factory, django_capture_on_commit_callbacks, mailoutbox
):
    taken = slot_factory(starts_at=NOW + timedelta(days=5))
    booking_factory(slot=taken, now=NOW)
    mailoutbox.clear()
    with pytest.raises(services.SlotTaken, match="fortsatt den gamle tiden"):
        move(booked, taken, capture=django_capture_on_commit_callbacks)
    old = booked.slot
    booked.refresh_from_db()
    assert booked.slot == old and booked.calendar_sequence == 0
    assert mailoutbox == []


def test_advisers_move_only_to_what_they_could_book(
    booked, slot_factory, django_capture_on_commit_callbacks
):
    unpublished = slot_factory(starts_at=NOW + timedelta(days=5), is_published=False)
    inside_lead_time = slot_factory(starts_at=NOW + timedelta(hours=20))
    for slot in (unpublished, inside_lead_time):
        with pytest.raises(services.SlotUnavailable):
            move(booked, slot, capture=django_capture_on_commit_callbacks)
    # Staff may use both (not a past one).
    past = slot_factory(starts_at=NOW - timedelta(hours=2))
    with pytest.raises(services.SlotUnavailable):
        move(booked, past, by_staff=True, capture=django_capture_on_commit_callbacks)
    moved = move(booked, unpublished, by_staff=True, capture=django_capture_on_commit_callbacks)
    assert moved.slot == unpublished


def test_a_cancelled_booking_cannot_be_moved(
    booked, slot_factory, django_capture_on_commit_callbacks
):
    services.booking_cancel(booking=booked, now=NOW)
    with pytest.raises(services.MoveNotAllowed):
        move(
            booked,
            slot_factory(starts_at=NOW + timedelta(days=5)),
            by_staff=True,
            capture=django_capture_on_commit_callbacks,
        )


# --- The adviser's page -----------------------------------------------------------------------


def test_the_adviser_moves_through_the_form(
    auth_client,
    booked,
    slot_factory,
    time_machine,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    time_machine.move_to(NOW)
    new_slot = slot_factory(starts_at=NOW + timedelta(days=5))
    url = reverse("assessments:booking-move", args=[booked.pk])
    page = auth_client.get(url).content.decode()
    assert f'value="{new_slot.pk}"' in page
    assert f'value="{booked.slot.pk}"' not in page  # not the time it already has

    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(url, {"slot": new_slot.pk})

    assert response.status_code == HTTPStatus.FOUND
    booked.refresh_from_db()
    assert booked.slot == new_slot
    detail = auth_client.get(response["Location"]).content.decode()
    assert "Samtalen er flyttet til" in detail
    assert len(mailoutbox) == 3

    # A second click on the same button: done already, not an error.
    with django_capture_on_commit_callbacks(execute=True):
        again = auth_client.post(url, {"slot": new_slot.pk})
    assert again.status_code == HTTPStatus.FOUND
    assert "Samtalen er flyttet til" in auth_client.get(again["Location"]).content.decode()
    assert len(mailoutbox) == 3


def test_the_form_says_what_to_do_when_nothing_is_chosen_or_the_slot_was_taken(
    auth_client, booked, slot_factory, booking_factory, time_machine
):
    time_machine.move_to(NOW)
    taken = slot_factory(starts_at=NOW + timedelta(days=5))
    still_free = slot_factory(starts_at=NOW + timedelta(days=6))
    url = reverse("assessments:booking-move", args=[booked.pk])
    empty = auth_client.post(url, {})
    assert empty.status_code == HTTPStatus.OK
    assert "Velg den nye tiden." in empty.content.decode()

    booking_factory(slot=taken, now=NOW)  # someone else was quicker
    response = auth_client.post(url, {"slot": taken.pk})
    assert response.status_code == HTTPStatus.CONFLICT
    page = response.content.decode()
    assert "fortsatt den gamle tiden" in page
    assert f'value="{still_free.pk}"' in page and f'value="{taken.pk}"' not in page
    booked.refresh_from_db()
    assert booked.slot.starts_at == NOW + timedelta(days=4)


def test_after_the_cut_off_the_page_says_whom_to_contact(auth_client, booked, time_machine):
    time_machine.move_to(booked.slot.starts_at - timedelta(hours=2))
    page = auth_client.get(reverse("assessments:booking-move", args=[booked.pk])).content.decode()
    assert "frem til 24 timer før samtalen" in page
    assert 'name="slot"' not in page


def test_another_advisers_booking_cannot_be_moved(client, booked, slot_factory, adviser_factory):
    client.force_login(adviser_factory())
    url = reverse("assessments:booking-move", args=[booked.pk])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    new_slot = slot_factory(starts_at=NOW + timedelta(days=5))
    assert client.post(url, {"slot": new_slot.pk}).status_code == HTTPStatus.NOT_FOUND


def test_booking_page_and_min_side_offer_endre_tid(auth_client, booked, time_machine):
    time_machine.move_to(NOW)
    move_url = reverse("assessments:booking-move", args=[booked.pk])
    assert (
        move_url
        in auth_client.get(reverse("assessments:booking-detail", args=[booked.pk])).content.decode()
    )
    assert move_url in auth_client.get(reverse("min-side")).content.decode()


# --- Staff in admin ---------------------------------------------------------------------------


def test_staff_move_a_booking_from_its_change_page(
    staff_client,
    booked,
    slot_factory,
    django_capture_on_commit_callbacks,
    mailoutbox,
    time_machine,
):
    time_machine.move_to(NOW)
    new_slot = slot_factory(starts_at=booked.slot.starts_at + timedelta(days=1))
    change = staff_client.get(reverse("admin:assessments_booking_change", args=[booked.pk]))
    move_url = reverse("admin:assessments_booking_move", args=[booked.pk])
    assert move_url in change.content.decode()
    page = staff_client.get(move_url).content.decode()
    assert f'value="{new_slot.pk}"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(move_url, {"slot": new_slot.pk})

    assert response.status_code == HTTPStatus.FOUND
    booked.refresh_from_db()
    assert booked.slot == new_slot
    staff_mail = next(m for m in mailoutbox if "Flyttet:" in m.subject)
    assert "av senteret" in staff_mail.body


def test_the_admin_action_opens_the_move_page_for_one_booking(
    staff_client, booked, slot_factory, booking_factory, time_machine
):
    time_machine.move_to(NOW)
    url = reverse("admin:assessments_booking_changelist")
    response = staff_client.post(
        url, {"action": "move_one", ACTION_CHECKBOX_NAME: [booked.pk], "index": 0}
    )
    assert response["Location"] == reverse("admin:assessments_booking_move", args=[booked.pk])
    other = booking_factory(slot=slot_factory())
    response = staff_client.post(
        url,
        {"action": "move_one", ACTION_CHECKBOX_NAME: [booked.pk, other.pk], "index": 0},
        follow=True,
    )
    assert "Velg én booking å flytte." in response.content.decode()


def test_view_only_staff_cannot_move(user_factory, booked, slot_factory):
    from django.contrib.auth.models import Permission
    from django.test import Client

    viewer = user_factory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_booking"))
    client = Client()
    client.force_login(viewer)
    url = reverse("admin:assessments_booking_move", args=[booked.pk])
    new_slot = slot_factory(starts_at=NOW + timedelta(days=5))
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    assert client.post(url, {"slot": new_slot.pk}).status_code == HTTPStatus.FORBIDDEN
    booked.refresh_from_db()
    assert booked.slot_id != new_slot.pk


def test_staff_are_told_who_hears_of_the_move_when_the_candidate_has_no_address(
    staff_client,
    slot_factory,
    booking_factory,
    django_capture_on_commit_callbacks,
    mailoutbox,
    time_machine,
):
    """The adviser's own move says so already; the admin said «kandidaten» gets e-mail too,
    so staff would not call a candidate who hears nothing from us."""
    time_machine.move_to(NOW)
    booking = booking_factory(slot=slot_factory(starts_at=NOW + timedelta(days=4)), now=NOW)
    assert not booking.candidate_email
    new_slot = slot_factory(starts_at=NOW + timedelta(days=5))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:assessments_booking_move", args=[booking.pk]),
            {"slot": new_slot.pk},
            follow=True,
        )
    page = response.content.decode()
    assert "Veilederen og senteret får e-post om den nye tiden." in page
    assert "kandidaten" not in page.split("Bookingen er flyttet til")[1].split("</li>")[0]
    assert booking.adviser.email in {m.to[0] for m in mailoutbox}


@pytest.mark.parametrize(
    ("after_start", "says"),
    [
        (timedelta(minutes=5), "Samtalen er i gang nå"),
        (timedelta(hours=3), "Tiden for samtalen er passert"),
    ],
)
@pytest.mark.parametrize(
    ("view", "what"), [("booking-move", "flytte"), ("booking-cancel", "avbestille")]
)
def test_once_it_has_started_the_pages_do_not_offer_help_to_move_or_cancel(
    auth_client, booked, time_machine, after_start, says, view, what
):
    """Not «kontakt oss, så hjelper vi deg» to move or cancel an appointment under way or
    over (a bookmark, the browser's history): it is too late for anyone."""
    time_machine.move_to(booked.slot.starts_at + after_start)
    auth_client.force_login(booked.adviser)  # a new session: the first one has been idle
    page = auth_client.get(reverse(f"assessments:{view}", args=[booked.pk])).content.decode()
    assert f"{says}, så den kan ikke {what}s lenger." in page
    assert "frem til 24 timer før" not in page


@pytest.mark.parametrize("after_start", [timedelta(minutes=5), timedelta(days=1)])
def test_an_appointment_that_has_started_is_a_record_staff_cannot_move(
    booked, slot_factory, django_capture_on_commit_callbacks, mailoutbox, after_start
):
    """As a cancellation or a correction: once it has started, staff record how it went
    («Møtte ikke», then a new booking), rather than move it and tell everyone of a «new
    time» for an appointment already held."""
    started = booked.slot.starts_at + after_start
    new_slot = slot_factory(starts_at=started + timedelta(days=2))
    with pytest.raises(services.MoveNotAllowed, match="Samtalen har alt startet"):
        move(
            booked,
            new_slot,
            by_staff=True,
            now=started,
            capture=django_capture_on_commit_callbacks,
        )
    booked.refresh_from_db()
    assert booked.slot_id != new_slot.pk and mailoutbox == []


def test_the_admin_offers_no_move_once_the_appointment_has_started(
    staff_client, staff_user, booked, time_machine
):
    change_url = reverse("admin:assessments_booking_change", args=[booked.pk])
    move_url = reverse("admin:assessments_booking_move", args=[booked.pk])
    time_machine.move_to(booked.slot.starts_at - timedelta(hours=1))
    staff_client.force_login(staff_user)  # a new session at each moment: no idle timeout
    assert move_url in staff_client.get(change_url).content.decode()
    time_machine.move_to(booked.slot.starts_at + timedelta(minutes=5))
    staff_client.force_login(staff_user)
    assert move_url not in staff_client.get(change_url).content.decode()
    response = staff_client.get(move_url, follow=True)
    assert "så den kan ikke flyttes" in response.content.decode()
