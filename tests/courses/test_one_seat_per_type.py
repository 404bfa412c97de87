"""One seat per person across the open rounds of a course type (courses/services.py): a seat
in one round ends the waiting places in the others, moving up and «Start ny runde» pass over
someone seated in another round, and the e-mail about the seat says what ended."""

from datetime import timedelta

import pytest
from django.urls import reverse

from courses import services
from courses.models import Course, Signup

from .conftest import NOW


@pytest.fixture(autouse=True)
def _clock(time_machine):
    # The services get NOW; the e-mails are built on the clock.
    time_machine.move_to(NOW, tick=False)


def sign_up(course, user):
    return services.signup_create(
        course=course, user=user, organisation="NAV Test", role="Veileder", now=NOW
    )


def fill(course, signup_factory, count):
    return [signup_factory(course, minutes=n) for n in range(count)]


@pytest.fixture
def two_rounds(course_factory):
    """Two open rounds of one course type, told apart by their period and town."""
    a = course_factory(
        expected_period="februar", town="Oslo", min_participants=1, max_participants=2
    )
    b = course_factory(
        expected_period="april", town="Bergen", min_participants=1, max_participants=2
    )
    return a, b


def test_a_seat_in_one_round_ends_the_waiting_place_in_the_other_and_says_so(
    two_rounds, signup_factory, user, mailoutbox, django_capture_on_commit_callbacks
):
    a, b = two_rounds
    seated_in_a = fill(a, signup_factory, 2)
    waiting_in_a = signup_factory(a, user=user, status=Signup.Status.WAITING, minutes=5)

    with django_capture_on_commit_callbacks(execute=True):
        in_b = sign_up(b, user)

    assert in_b.status == Signup.Status.CONFIRMED
    waiting_in_a.refresh_from_db()
    assert waiting_in_a.status == Signup.Status.CANCELLED
    assert waiting_in_a.cancelled_at == NOW
    # The receipt they get anyway, no extra e-mail (staff hear the minimum is reached).
    (mail,) = [m for m in mailoutbox if m.to == [user.email]]
    assert "Du har fått plass på kurset" in mail.body
    assert (
        "Siden du nå har plass her, er påmeldingen din til den andre runden av kurset "
        "avsluttet (februar · Oslo · fysisk oppmøte)."
    ) in mail.body
    assert "februar · Oslo" in mail.alternatives[0][0]

    # A seat coming free in A goes to nobody who has one in B.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=seated_in_a[0], now=NOW)
    in_b.refresh_from_db()
    assert in_b.status == Signup.Status.CONFIRMED
    assert not a.signups.filter(user=user, status=Signup.Status.CONFIRMED).exists()
    assert [m.to for m in mailoutbox] == [[seated_in_a[0].user.email]]


def test_a_place_on_a_second_waiting_list_is_kept_until_a_seat_comes(
    two_rounds, signup_factory, user, mailoutbox, django_capture_on_commit_callbacks
):
    """Waiting for both rounds is fine; the first seat ends the other waiting place, and the
    e-mail about moving up says so."""
    a, b = two_rounds
    seated_in_a = fill(a, signup_factory, 2)
    fill(b, signup_factory, 2)
    in_a = sign_up(a, user)
    in_b = sign_up(b, user)
    assert {in_a.status, in_b.status} == {Signup.Status.WAITING}

    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=seated_in_a[1], now=NOW)

    in_a.refresh_from_db()
    in_b.refresh_from_db()
    assert in_a.status == Signup.Status.CONFIRMED
    assert in_b.status == Signup.Status.CANCELLED
    (promoted,) = [m for m in mailoutbox if m.to == [user.email]]
    assert "flyttet opp fra ventelisten" in promoted.body
    ended = "påmeldingen din til den andre runden av kurset avsluttet (april · Bergen"
    assert ended in promoted.body


def test_someone_seated_in_one_round_cannot_take_a_seat_in_another(
    two_rounds, signup_factory, user, mailoutbox
):
    a, b = two_rounds
    signup_factory(a, user=user)
    with pytest.raises(services.AlreadySignedUp, match="annen runde av dette kurset"):
        sign_up(b, user)
    assert not b.signups.exists()
    assert not mailoutbox


def test_a_round_that_has_ended_is_no_obstacle(two_rounds, signup_factory, user):
    a, b = two_rounds
    a.starts_at = NOW - timedelta(days=30)
    a.save()
    signup_factory(a, user=user)
    assert sign_up(b, user).status == Signup.Status.CONFIRMED


def test_moving_up_passes_over_someone_seated_in_another_round(
    two_rounds, signup_factory, user, user_factory, django_capture_on_commit_callbacks
):
    """Someone on B's waiting list with a seat in A (from before this rule) is passed over;
    the next in line gets the seat."""
    a, b = two_rounds
    signup_factory(a, user=user)
    seated_in_b = fill(b, signup_factory, 2)
    first_in_line = signup_factory(b, user=user, status=Signup.Status.WAITING, minutes=10)
    next_in_line = signup_factory(b, status=Signup.Status.WAITING, minutes=11)

    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=seated_in_b[0], now=NOW)

    first_in_line.refresh_from_db()
    next_in_line.refresh_from_db()
    assert first_in_line.status == Signup.Status.WAITING
    assert next_in_line.status == Signup.Status.CONFIRMED


def test_a_new_round_passes_over_someone_seated_in_another_round(
    two_rounds, course_factory, signup_factory, user, mailoutbox, django_capture_on_commit_callbacks
):
    a, b = two_rounds
    fill(a, signup_factory, 2)
    seated_in_b = signup_factory(b, user=user)
    left_behind = signup_factory(a, user=user, status=Signup.Status.WAITING, minutes=10)
    moved = signup_factory(a, status=Signup.Status.WAITING, minutes=11)
    # The one who moves also waits for a third round: that place ends with the new seat.
    c = course_factory(
        expected_period="juni", town="Tromsø", min_participants=1, max_participants=1
    )
    signup_factory(c)
    waiting_in_c = signup_factory(c, user=moved.user, status=Signup.Status.WAITING, minutes=12)

    with django_capture_on_commit_callbacks(execute=True):
        new = services.course_start_new_round(course=a, now=NOW)

    assert list(new.signups.values_list("user_id", "status")) == [
        (moved.user_id, Signup.Status.CONFIRMED)
    ]
    left_behind.refresh_from_db()
    seated_in_b.refresh_from_db()
    waiting_in_c.refresh_from_db()
    assert left_behind.status == Signup.Status.WAITING  # untouched: they have B
    assert seated_in_b.status == Signup.Status.CONFIRMED
    assert waiting_in_c.status == Signup.Status.CANCELLED
    (mail,) = [m for m in mailoutbox if m.to == [moved.user.email]]
    assert "påmeldingen din til den andre runden av kurset avsluttet (juni · Tromsø" in mail.body
    assert not [m for m in mailoutbox if m.to == [user.email]]

    # Nobody left to move: a second click makes no empty round.
    with pytest.raises(services.CourseError, match="allerede plass på en runde"):
        services.course_start_new_round(course=a, now=NOW)


def test_the_signup_page_says_why_a_second_round_is_refused(
    two_rounds, signup_factory, user, auth_client
):
    a, b = two_rounds
    signup_factory(a, user=user)
    response = auth_client.post(
        reverse("courses:signup", args=[b.slug]),
        {"organisation": "NAV Test", "role": "Veileder"},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Du har allerede plass på en annen runde av dette kurset (februar · Oslo" in page
    assert not b.signups.exists()


def test_the_signup_form_says_it_before_anything_is_filled_in(
    two_rounds, signup_factory, user, auth_client
):
    a, b = two_rounds
    signup_factory(a, user=user)
    response = auth_client.get(reverse("courses:signup", args=[b.slug]), follow=True)
    assert response.redirect_chain == [(b.get_absolute_url(), 302)]
    page = response.content.decode()
    assert "Du har allerede plass på en annen runde av dette kurset (februar · Oslo" in page
    assert 'name="organisation"' not in page


def test_a_seat_in_a_round_under_way_is_not_to_be_cancelled_first(
    two_rounds, signup_factory, user
):
    """A round under way takes no cancellation (signup_cancel refuses it): the refusal says
    when they can sign up, not to cancel the other seat on Min side first."""
    a, b = two_rounds
    a.starts_at = NOW - timedelta(minutes=30)  # 120 minutes long: under way
    a.save()
    seat = signup_factory(a, user=user)
    with pytest.raises(services.AlreadySignedUp) as refused:
        sign_up(b, user)
    assert "Den runden er i gang nå, så du kan melde deg på en ny runde når den er over." in (
        refused.value.message
    )
    assert "Min side" not in refused.value.message
    with pytest.raises(services.CourseError):
        services.signup_cancel(signup=seat, now=NOW)


def test_the_meld_av_preview_names_who_will_move_up_passing_over_a_seat_elsewhere(
    two_rounds, signup_factory, user, staff_client, django_capture_on_commit_callbacks
):
    """Staff removing a participant see who gets the seat: not the first in line who has a
    seat in another round (the service passes them over), but the one who moves up."""
    a, b = two_rounds
    signup_factory(b, user=user)
    seated_in_a = fill(a, signup_factory, 2)
    passed_over = signup_factory(a, user=user, status=Signup.Status.WAITING, minutes=10)
    moves_up = signup_factory(a, status=Signup.Status.WAITING, minutes=11)
    selection = {"action": "cancel_signups", "_selected_action": [seated_in_a[0].pk]}

    html = staff_client.post(reverse("admin:courses_signup_changelist"), selection)
    named = html.content.decode().split("Kan få plass fra ventelisten")[1]

    assert moves_up.user.email in named
    assert passed_over.user.email not in named
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("admin:courses_signup_changelist"),
            {**selection, "bekreft": "1", "reason": "Flyttet."},
        )
    moves_up.refresh_from_db()
    passed_over.refresh_from_db()
    assert (moves_up.status, passed_over.status) == (Signup.Status.CONFIRMED, Signup.Status.WAITING)


def test_a_seat_ends_a_waiting_place_in_a_round_already_held_so_no_new_round_seats_them_again(
    two_rounds,
    course_factory,
    signup_factory,
    user,
    mailoutbox,
    django_capture_on_commit_callbacks,
    time_machine,
):
    """Someone waiting for the next round of a round already held (A) who then takes a seat
    in another round (B) has got what they waited for: that waiting place ends with the seat,
    so «Start ny runde» from A, once B is over too, does not seat them a second time."""
    _, b = two_rounds
    held = course_factory(
        expected_period="desember",
        town="Trondheim",
        starts_at=NOW - timedelta(days=20),
        status=Course.Status.COMPLETED,
    )
    deferred = signup_factory(held, user=user, status=Signup.Status.DEFERRED, minutes=1)
    still_waiting = signup_factory(held, status=Signup.Status.WAITING, minutes=2)

    with django_capture_on_commit_callbacks(execute=True):
        assert sign_up(b, user).status == Signup.Status.CONFIRMED

    deferred.refresh_from_db()
    assert deferred.status == Signup.Status.CANCELLED
    (mail,) = [m for m in mailoutbox if m.to == [user.email]]
    ended = "påmeldingen din til den andre runden av kurset avsluttet (desember 2026 · Trondheim"
    assert ended in mail.body

    # B is held; a new round from the held A takes only the one still waiting.
    b.starts_at = NOW + timedelta(days=7)
    b.save(update_fields=["starts_at"])
    later = NOW + timedelta(days=8)
    time_machine.move_to(later, tick=False)
    new = services.course_start_new_round(course=held, now=later)
    assert list(new.signups.values_list("user_id", flat=True)) == [still_waiting.user_id]


def test_a_new_date_for_a_round_that_has_ended_keeps_one_seat_per_person(
    two_rounds, signup_factory, user, mailoutbox
):
    """Round A's time passed without staff marking it held, so its participant signed up for
    B. Giving A a new date (a session called off on the day) would seat them twice: refused,
    saying how many stand in the way, until they leave the other round."""
    a, b = two_rounds
    a.starts_at = NOW - timedelta(days=3)
    a.save()
    signup_factory(a, user=user)
    seat_in_b = sign_up(b, user)
    mailoutbox.clear()

    with pytest.raises(services.CourseError) as refused:
        services.course_set_date(course=a, starts_at=NOW + timedelta(days=14), now=NOW)
    assert "1 av deltakerne har nå plass på en annen runde av kurset" in refused.value.message
    a.refresh_from_db()
    assert a.starts_at == NOW - timedelta(days=3)
    assert mailoutbox == []

    services.signup_cancel(signup=seat_in_b, by_staff=True, reason="Tar A.", now=NOW)
    services.course_set_date(course=a, starts_at=NOW + timedelta(days=14), now=NOW)
    a.refresh_from_db()
    assert a.starts_at == NOW + timedelta(days=14)
