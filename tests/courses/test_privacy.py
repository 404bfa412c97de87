"""Download my data, delete my account and retention, for course signups."""

import json
from datetime import timedelta

from django.utils import timezone

from courses import privacy, services
from courses.models import Course, InterestEntry, PollAnswer, Signup
from erfaringssentrum.core.privacy import user_delete

from .conftest import NOW


def test_my_data_includes_signups_answers_and_interest(
    auth_client, user, course, signup_factory, date_option_factory
):
    signup = signup_factory(course, user=user, comment="Trenger teleslynge")
    option = date_option_factory(course, 5)
    PollAnswer.objects.create(option=option, signup=signup, answer="maybe")
    InterestEntry.objects.create(course_type=course.course_type, user=user)
    data = json.loads(auth_client.get("/min-side/mine-data/").content)
    (exported,) = data["kurspåmeldinger"]
    assert exported["kommentar"] == "Trenger teleslynge"
    assert exported["status"] == "Påmeldt"
    assert exported["svar_på_datoforslag"][0]["svar"] == "Kanskje"
    assert data["kursinteresse"][0]["kurstype"] == course.course_type.title


def test_my_data_includes_the_place_on_the_waiting_list_and_when_things_happened(
    auth_client, user, course_factory, signup_factory
):
    full = course_factory(min_participants=1, max_participants=1)
    signup_factory(full)
    signup_factory(full, status=Signup.Status.WAITING, minutes=1)
    signup_factory(full, user=user, status=Signup.Status.WAITING, minutes=2)
    left = signup_factory(course_factory(), user=user)
    services.signup_cancel(signup=left, now=NOW)
    data = json.loads(auth_client.get("/min-side/mine-data/").content)
    by_status = {signup["status"]: signup for signup in data["kurspåmeldinger"]}
    assert by_status["På venteliste"]["plass_på_ventelisten"] == 2
    assert by_status["Avmeldt"]["avmeldt"] == NOW.isoformat()
    assert by_status["Avmeldt"]["plass_på_ventelisten"] is None


def test_deleting_the_account_gives_the_seat_to_the_waiting_list(
    user, course_factory, signup_factory
):
    course = course_factory(min_participants=1, max_participants=1)
    signup_factory(course, user=user)
    waiting = signup_factory(course, status=Signup.Status.WAITING)
    user_delete(user=user)
    waiting.refresh_from_db()
    assert waiting.status == Signup.Status.CONFIRMED
    assert course.signups.count() == 1


def test_retention_removes_old_signups_only(course_factory, signup_factory, settings):
    settings.COURSE_DATA_RETENTION_DAYS = 30
    now = timezone.now()
    old = course_factory(starts_at=now - timedelta(days=40))
    recent = course_factory(starts_at=now - timedelta(days=10))
    signup_factory(old)
    kept = signup_factory(recent)
    assert privacy.apply_retention(now=now) == 1
    assert list(Signup.objects.all()) == [kept]


def test_a_course_closing_at_the_same_moment_does_not_stop_the_deletion(
    user, course, signup_factory, monkeypatch, time_machine
):
    time_machine.move_to(NOW, tick=False)  # the course still takes signups then
    signup_factory(course, user=user)

    def closed_meanwhile(**kwargs):  # staff cancelled the course between the check and the lock
        raise services.CourseError("Kurset er avlyst.")

    monkeypatch.setattr(services, "signup_cancel", closed_meanwhile)
    user_delete(user=user)
    assert not Signup.objects.filter(course=course).exists()


def test_a_round_nobody_joined_for_a_retention_period_is_cancelled_not_emptied(
    course_factory,
    signup_factory,
    settings,
    mailoutbox,
    django_capture_on_commit_callbacks,
    time_machine,
):
    time_machine.move_to(NOW, tick=False)  # the cancellation e-mails are built as they are sent
    settings.COURSE_DATA_RETENTION_DAYS = 365
    stale = course_factory(slug="stille-runde", created=NOW - timedelta(days=400))
    signups = [signup_factory(stale, created=NOW - timedelta(days=380)) for _ in range(3)]
    lively = course_factory(slug="levende-runde", created=NOW - timedelta(days=400))
    signup_factory(lively, created=NOW - timedelta(days=10))
    # A round started yesterday from an old waiting list keeps the dates they signed up.
    new_round = course_factory(slug="ny-runde", created=NOW - timedelta(days=1))
    signup_factory(new_round, created=NOW - timedelta(days=400))

    with django_capture_on_commit_callbacks(execute=True):
        privacy.apply_retention(now=NOW)

    stale.refresh_from_db()
    assert stale.status == Course.Status.CANCELLED and stale.cancelled_at == NOW
    assert Signup.objects.filter(course=stale).count() == 3  # kept a while, as for any cancelled
    told = sorted(address for mail in mailoutbox for address in mail.to)
    assert told == sorted(s.user.email for s in signups)
    assert privacy.STALE_ROUND_REASON in mailoutbox[0].body
    assert Course.objects.get(pk=lively.pk).status == Course.Status.ACTIVE
    assert Course.objects.get(pk=new_round.pk).status == Course.Status.ACTIVE

    privacy.apply_retention(now=NOW + timedelta(days=366))
    assert not Signup.objects.filter(course=stale).exists()
