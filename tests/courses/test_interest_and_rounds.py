"""The interest list and new rounds from the waiting list."""

from datetime import timedelta

import pytest

from courses import emails, services
from courses.models import Course, InterestEntry, Signup

from .conftest import NOW


def test_interest_is_refused_while_a_course_is_open(course, user):
    with pytest.raises(services.CourseError, match="åpen påmelding"):
        services.interest_add(course_type=course.course_type, user=user, now=NOW)


def test_interest_is_stored_once(course_type, user):
    first = services.interest_add(course_type=course_type, user=user, now=NOW)
    again = services.interest_add(course_type=course_type, user=user, now=NOW)
    assert first == again
    assert InterestEntry.objects.count() == 1


def test_opening_a_course_emails_the_interest_list_once(
    course_type, course_factory, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    users = [user_factory() for _ in range(3)]
    for u in users:
        services.interest_add(course_type=course_type, user=u, now=NOW)
    course = course_factory()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.course_notify_interest(course=course, now=NOW) == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in users)
    assert "Nytt kurs" in mailoutbox[0].subject
    assert f"https://erfaringssentrum.example/kurs/{course.slug}/" in mailoutbox[0].body
    assert not InterestEntry.objects.filter(notified_at__isnull=True).exists()

    # Neither the same course again nor the next one e-mails the same people.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.course_notify_interest(course=course, now=NOW) == 0
        assert services.course_notify_interest(course=course_factory(), now=NOW) == 0
    assert len(mailoutbox) == 3


@pytest.mark.parametrize("ended", ["avlyst", "slettet"])
def test_a_course_cancelled_before_its_news_went_out_leaves_the_interest_list_waiting(
    course_type, course_factory, user_factory, mailoutbox, django_capture_on_commit_callbacks, ended
):
    waiting = user_factory()
    services.interest_add(course_type=course_type, user=waiting, now=NOW)
    by_mistake = course_factory()
    services.course_notify_interest(course=by_mistake, now=NOW)  # queued, not sent yet
    if ended == "avlyst":
        services.course_cancel(course=by_mistake, reason="Feil kurstype", now=NOW)
    else:
        services.course_delete(course=by_mistake)  # nobody signed up: it may be deleted
    (entry,) = InterestEntry.objects.all()
    assert emails.interest_course_open(entry_id=entry.pk) is None  # the queued one, later

    with django_capture_on_commit_callbacks(execute=True):
        assert services.course_notify_interest(course=course_factory(), now=NOW) == 1
    assert [m.to for m in mailoutbox] == [[waiting.email]]


def test_no_news_of_a_course_that_had_begun_before_the_e_mail_went_out(
    course_type, course_factory, user, time_machine
):
    services.interest_add(course_type=course_type, user=user, now=NOW)
    course = course_factory(starts_at=NOW + timedelta(days=2))
    services.course_notify_interest(course=course, now=NOW)
    (entry,) = InterestEntry.objects.all()
    time_machine.move_to(NOW, tick=False)
    assert emails.interest_course_open(entry_id=entry.pk) is not None
    time_machine.move_to(course.starts_at, tick=False)  # the mail server was down till now
    assert emails.interest_course_open(entry_id=entry.pk) is None


def test_someone_back_on_the_list_already_is_not_put_there_twice(course_type, course_factory, user):
    started = course_factory(starts_at=NOW - timedelta(hours=1))
    InterestEntry.objects.create(  # told of the course, which has begun
        course_type=course_type,
        user=user,
        created=NOW - timedelta(days=9),
        notified_at=NOW - timedelta(days=8),
        notified_course=started,
    )
    services.interest_add(course_type=course_type, user=user, now=NOW)  # and joined again
    services.course_cancel(course=started, reason="Kursholder syk", now=NOW)
    assert InterestEntry.objects.filter(notified_at__isnull=True).count() == 1


def test_removing_yourself_from_the_interest_list(course_type, user):
    entry = services.interest_add(course_type=course_type, user=user, now=NOW)
    services.interest_remove(entry=entry)
    assert not InterestEntry.objects.exists()


def test_no_new_round_without_anyone_to_move_nor_a_second_one_on_a_double_click(
    course_factory, signup_factory
):
    nobody_waits = course_factory(min_participants=1, max_participants=2)
    signup_factory(nobody_waits)
    with pytest.raises(services.CourseError, match="Ingen står på ventelisten"):
        services.course_start_new_round(course=nobody_waits, now=NOW)
    full = course_factory(min_participants=1, max_participants=1)
    signup_factory(full)
    signup_factory(full, status=Signup.Status.WAITING, minutes=1)
    services.course_start_new_round(course=full, now=NOW)
    with pytest.raises(services.CourseError, match="Ingen står på ventelisten"):
        services.course_start_new_round(course=full, now=NOW)  # clicked again
    assert Course.objects.count() == 3


def test_no_new_round_from_a_cancelled_course(
    course_factory, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    """Everyone on a cancelled course was told «Påmeldingen din er avsluttet»; a new round
    from its waiting list would contradict that, and move the waiting list ahead of those
    who had a seat."""
    course = course_factory(min_participants=1, max_participants=1)
    signup_factory(course)
    signup_factory(course, status=Signup.Status.WAITING, minutes=1)
    services.course_cancel(course=course, reason="Sykdom", now=NOW)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.CourseError, match="Kurset er avlyst"),
    ):
        services.course_start_new_round(course=course, now=NOW)
    assert Course.objects.count() == 1
    assert not mailoutbox


def test_someone_who_gave_the_seat_away_and_then_joined_the_waiting_list_moves_once(
    course_factory, signup_factory, user_factory
):
    """After the date poll someone gives their seat away, then changes their mind and joins
    the waiting list of the same round: two signups of one person for the new round. Both are
    moved to their one new signup, so a second click starts no further round."""
    old = course_factory(min_participants=1, max_participants=1, starts_at=NOW + timedelta(days=3))
    signup_factory(old)
    person = user_factory()
    deferred = signup_factory(old, user=person, status=Signup.Status.DEFERRED, minutes=1)
    waiting = signup_factory(old, user=person, status=Signup.Status.WAITING, minutes=2)
    new = services.course_start_new_round(course=old, now=NOW)
    (moved,) = new.signups.all()
    assert moved.user == person
    for old_signup in (deferred, waiting):
        old_signup.refresh_from_db()
        assert (old_signup.status, old_signup.moved_to) == (Signup.Status.MOVED, moved)
    with pytest.raises(services.CourseError, match="Ingen står på ventelisten"):
        services.course_start_new_round(course=old, now=NOW)  # clicked again
    assert Course.objects.count() == 2


def test_new_round_moves_the_waiting_list_with_priority_and_tells_them(
    course_factory,
    signup_factory,
    user_factory,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    old = course_factory(
        min_participants=2, max_participants=2, starts_at=NOW + timedelta(days=3), town="Bodø"
    )
    signup_factory(old)
    signup_factory(old)
    deferred = signup_factory(old, status=Signup.Status.DEFERRED, minutes=1)
    first = signup_factory(old, status=Signup.Status.WAITING, minutes=2)
    second = signup_factory(old, status=Signup.Status.WAITING, minutes=3)
    # Someone on the interest list who is not moved still gets the "new course" e-mail.
    outsider = user_factory()
    InterestEntry.objects.create(course_type=old.course_type, user=outsider)
    InterestEntry.objects.create(course_type=old.course_type, user=deferred.user)

    with django_capture_on_commit_callbacks(execute=True):
        new = services.course_start_new_round(course=old, now=NOW)

    assert new.course_type == old.course_type
    assert new.previous_round == old
    assert new.starts_at is None
    assert (new.min_participants, new.max_participants) == (2, 2)
    assert new.town == "Bodø"  # the same place, so the cards still tell the rounds apart
    moved = list(new.signups.order_by("status", *Signup.WAITING_ORDER))
    assert [(s.user, s.status, s.priority) for s in moved] == [
        (deferred.user, "confirmed", 1),
        (first.user, "confirmed", 1),
        (second.user, "waiting", 1),
    ]
    for old_signup in (deferred, first, second):
        old_signup.refresh_from_db()
        assert old_signup.status == Signup.Status.MOVED
        assert old_signup.moved_to.course == new
    assert old.signups.filter(status="confirmed").count() == 2

    by_address = {}
    for mail in mailoutbox:
        by_address.setdefault(mail.to[0], []).append(mail.subject)
    assert by_address.pop(outsider.email) == [
        "[Erfaringssentrum] Nytt kurs med åpen påmelding: " + new.title
    ]
    # The minimum was reached by moving people over: staff are told once.
    assert len(by_address.pop("kurs@erfaringssentrum.example")) == 1
    assert sorted(by_address) == sorted(s.user.email for s in (deferred, first, second))
    assert all(
        len(subjects) == 1 and "neste runde" in subjects[0] for subjects in by_address.values()
    )
    assert Course.objects.get(pk=new.pk).interest_notified_at == NOW


def test_a_new_round_below_the_minimum_tells_staff_on_the_signup_that_reaches_it(
    course_factory, signup_factory, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    old = course_factory(min_participants=2, max_participants=2, starts_at=NOW + timedelta(days=3))
    signup_factory(old)
    signup_factory(old)
    signup_factory(old, status=Signup.Status.WAITING, minutes=1)

    def enough_mails():
        return [m for m in mailoutbox if "Nok påmeldte" in m.subject]

    with django_capture_on_commit_callbacks(execute=True):
        new = services.course_start_new_round(course=old, now=NOW)
    assert new.signups.filter(status=Signup.Status.CONFIRMED).count() == 1
    assert enough_mails() == []
    assert Course.objects.get(pk=new.pk).minimum_reached_notified_at is None

    with django_capture_on_commit_callbacks(execute=True):
        services.signup_create(
            course=new, user=user_factory(), organisation="NAV", role="Veileder", now=NOW
        )
    assert len(enough_mails()) == 1
