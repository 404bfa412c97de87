"""Setting the date (directly or from the poll), the poll itself, cancel and complete."""

from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from courses import services
from courses.models import Course, InterestEntry, PollAnswer, Signup

from .conftest import NOW


@pytest.fixture
def ready_course(course_factory, signup_factory, time_machine):
    """Minimum reached (5 of 6), one person waiting. The clock is NOW: the services are given
    NOW, and the e-mails are built as they are sent, by the clock."""
    time_machine.move_to(NOW, tick=False)
    course = course_factory(max_participants=5)
    signups = [signup_factory(course, minutes=i) for i in range(5)]
    waiting = signup_factory(course, status=Signup.Status.WAITING, minutes=10)
    return course, signups, waiting


def test_setting_the_date_sends_confirmed_participants_a_calendar_invitation(
    ready_course, mailoutbox, django_capture_on_commit_callbacks
):
    course, signups, waiting = ready_course
    course.town = "Oslo"
    course.save(update_fields=["town"])
    starts = NOW + timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_set_date(course=course, starts_at=starts, place="Rom 2", now=NOW)
    course.refresh_from_db()
    assert course.starts_at == starts
    assert course.place == "Rom 2"
    by_address = {m.to[0]: m for m in mailoutbox}
    assert len(mailoutbox) == 6
    confirmed_mail = by_address[signups[0].user.email]
    assert "Dato satt" in confirmed_mail.subject
    (ics,) = confirmed_mail.attachments
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == starts
    assert event.decoded("dtend") == starts + timedelta(hours=2)
    assert str(event["location"]) == "Rom 2, Oslo"
    assert "Sted: Rom 2, Oslo" in confirmed_mail.body
    waiting_mail = by_address[waiting.user.email]
    assert waiting_mail.attachments == []
    assert "venteliste som nr. 1" in waiting_mail.body


def test_an_email_before_the_place_is_set_says_so_plainly(
    course_factory, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(format=Course.Format.IN_PERSON, place="", town="")
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_create(
            course=course, user=user_factory(), organisation="NAV Sagene", role="Veileder", now=NOW
        )
    (mail,) = mailoutbox
    assert "Sted: Stedet er ikke bestemt ennå" in mail.body
    assert "kommer" not in mail.body


def test_moving_the_date_updates_the_same_calendar_event(ready_course):
    course, _, _ = ready_course
    services.course_set_date(course=course, starts_at=NOW + timedelta(days=20), now=NOW)
    services.course_set_date(course=course, starts_at=NOW + timedelta(days=21), now=NOW)
    course.refresh_from_db()
    assert course.calendar_sequence == 1


def test_date_in_the_past_is_refused(ready_course):
    course, _, _ = ready_course
    with pytest.raises(services.CourseError, match="fram i tid"):
        services.course_set_date(course=course, starts_at=NOW - timedelta(hours=1), now=NOW)


def test_cancelling_a_course_tells_participants_and_the_waiting_list(
    ready_course, mailoutbox, django_capture_on_commit_callbacks
):
    course, signups, waiting = ready_course
    services.course_set_date(course=course, starts_at=NOW + timedelta(days=20), now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_cancel(course=course, now=NOW)
    course.refresh_from_db()
    assert course.status == Course.Status.CANCELLED
    assert course.state() == Course.State.CANCELLED
    assert sorted(m.to[0] for m in mailoutbox) == sorted(s.user.email for s in [*signups, waiting])
    confirmed_mail = next(m for m in mailoutbox if m.to[0] == signups[0].user.email)
    assert "Avlyst" in confirmed_mail.subject
    assert "STATUS:CANCELLED" in confirmed_mail.attachments[0].content
    with pytest.raises(services.CourseError):
        services.course_cancel(course=course, now=NOW)


def test_news_still_queued_when_the_course_is_cancelled_is_not_sent(
    ready_course, mailoutbox, django_capture_on_commit_callbacks
):
    """E-mails are rendered when their task runs; a date set just before the course was
    cancelled must not reach people after (or beside) the cancellation."""
    course, signups, waiting = ready_course
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.course_set_date(course=course, starts_at=NOW + timedelta(days=20), now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_cancel(course=course, now=NOW)
    for callback in queued:
        callback()
    assert len(mailoutbox) == 6
    assert all("Avlyst" in m.subject for m in mailoutbox)


def test_marking_completed_needs_a_date_that_has_come(ready_course):
    course, _, _ = ready_course
    with pytest.raises(services.CourseError, match="ingen dato"):
        services.course_complete(course=course, now=NOW)
    services.course_set_date(course=course, starts_at=NOW + timedelta(days=2), now=NOW)
    with pytest.raises(services.CourseError, match="ikke startet ennå"):
        services.course_complete(course=course, now=NOW)  # a click on the wrong course
    services.course_complete(course=course, now=NOW + timedelta(days=2))
    course.refresh_from_db()
    assert course.status == Course.Status.COMPLETED
    assert course.state(now=NOW) == Course.State.COMPLETED


def test_those_still_waiting_when_the_course_is_held_are_told_kindly(
    ready_course, user_factory, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    """Min side turns to «Fikk ikke plass»; an e-mail says so, with the interest list offered.
    Nobody else is e-mailed: those with a seat were there."""
    course, _, waiting = ready_course
    waiting.user.name = "Kari Nordmann"
    waiting.user.save()
    services.course_set_date(course=course, starts_at=NOW + timedelta(days=2), now=NOW)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.course_complete(course=course, now=NOW + timedelta(days=2))
    (mail,) = mailoutbox
    assert mail.to == [waiting.user.email]
    assert "Ingen ledig plass" in mail.subject
    html = mail.alternatives[0][0]
    for text in (mail.body, html):
        assert "Hei Kari!" in text
        assert "ikke ledig plass til deg" in text
        assert f"https://erfaringssentrum.example/kurs/interesse/{course.course_type.slug}/" in text


def test_no_no_seat_e_mail_to_someone_moved_to_a_new_round_before_it_went_out(
    ready_course, mailoutbox, django_capture_on_commit_callbacks
):
    course, _, waiting = ready_course
    services.course_set_date(course=course, starts_at=NOW + timedelta(days=2), now=NOW)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.course_complete(course=course, now=NOW + timedelta(days=2))
    services.course_start_new_round(course=course, now=NOW + timedelta(days=2))
    mailoutbox.clear()
    for callback in queued:
        callback()
    assert not [m for m in mailoutbox if "Ingen ledig plass" in m.subject]


def test_poll_needs_two_to_five_future_dates_and_the_minimum(
    course_factory, signup_factory, date_option_factory
):
    course = course_factory(min_participants=2)
    signup_factory(course)
    date_option_factory(course, 10)
    date_option_factory(course, 11)
    with pytest.raises(services.CourseError, match="minste antall"):
        services.poll_send(course=course, now=NOW)
    signup_factory(course)
    for days in (12, 13, 14, 15):
        date_option_factory(course, days)
    with pytest.raises(services.CourseError, match="mellom to og fem"):
        services.poll_send(course=course, now=NOW)


def test_poll_is_sent_to_confirmed_participants_with_a_link(
    ready_course, date_option_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course, signups, _ = ready_course
    date_option_factory(course, 10)
    date_option_factory(course, 12)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.poll_send(course=course, now=NOW) == 5
    assert sorted(m.to[0] for m in mailoutbox) == sorted(s.user.email for s in signups)
    assert f"https://erfaringssentrum.example/kurs/{course.slug}/datoavstemning/" in (
        mailoutbox[0].body
    )
    course.refresh_from_db()
    assert course.poll_is_open


def test_a_double_click_on_send_poll_e_mails_nobody_twice_but_new_dates_are_asked_about(
    ready_course, date_option_factory, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    """Like «Send melding» (MessageAlreadySent): the same poll again within minutes is a
    second click. Sent again with a date added, or later as a reminder, it goes out."""
    time_machine.move_to(NOW, tick=False)  # the e-mails are built as they are sent
    course, signups, _ = ready_course
    date_option_factory(course, 10)
    date_option_factory(course, 12)
    with django_capture_on_commit_callbacks(execute=True):
        services.poll_send(course=course, now=NOW)
        with pytest.raises(services.PollAlreadySent, match="nettopp sendt"):
            services.poll_send(course=course, now=NOW + timedelta(seconds=1))
    assert len(mailoutbox) == len(signups)

    date_option_factory(course, 14)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.poll_send(course=course, now=NOW + timedelta(minutes=2)) == 5
    assert len(mailoutbox) == len(signups)

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.poll_send(course=course, now=NOW + timedelta(days=1))  # a reminder
    assert len(mailoutbox) == len(signups)


def test_signing_up_after_the_minimum_says_the_date_comes_soon_or_links_to_the_poll(
    course_factory,
    signup_factory,
    date_option_factory,
    user_factory,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    course = course_factory(min_participants=2, max_participants=5)
    signup_factory(course)
    signup_factory(course)
    poll_url = f"https://erfaringssentrum.example/kurs/{course.slug}/datoavstemning/"

    def confirmation_for(user):
        with django_capture_on_commit_callbacks(execute=True):
            services.signup_create(
                course=course, user=user, organisation="NAV", role="Veileder", now=NOW
            )
        (mail,) = [m for m in mailoutbox if m.to == [user.email]]
        return mail

    mail = confirmation_for(user_factory())
    assert "vi setter dato snart" in mail.body
    assert "når minst 2 har meldt seg på" not in mail.body
    assert poll_url not in mail.body

    date_option_factory(course, 10)
    date_option_factory(course, 12)
    services.poll_send(course=course, now=NOW)
    mail = confirmation_for(user_factory())
    assert poll_url in mail.body
    assert f'<a href="{poll_url}">Svar på datoforslagene</a>' in mail.alternatives[0][0]


def test_poll_answers_replace_earlier_ones_and_only_confirmed_may_answer(
    ready_course, date_option_factory
):
    course, signups, waiting = ready_course
    first, second = date_option_factory(course, 10), date_option_factory(course, 12)
    services.poll_send(course=course, now=NOW)
    course.refresh_from_db()
    signup = signups[0]
    services.poll_answer(signup=signup, answers={first.pk: "yes", second.pk: "no"}, now=NOW)
    services.poll_answer(signup=signup, answers={first.pk: "maybe", second.pk: "no"}, now=NOW)
    assert dict(signup.poll_answers.values_list("option_id", "answer")) == {
        first.pk: "maybe",
        second.pk: "no",
    }
    with pytest.raises(services.CourseError):
        services.poll_answer(signup=waiting, answers={first.pk: "yes"}, now=NOW)
    with pytest.raises(services.CourseError):
        services.poll_answer(signup=signup, answers={first.pk: "kanskje-ikke"}, now=NOW)


def test_no_answer_is_stored_for_a_proposed_date_that_has_passed(
    ready_course, date_option_factory
):
    """The poll page and its e-mail no longer ask about a date that has passed: an answer
    to one (a page open since, or a made-up post) is refused, as for any date not asked."""
    course, signups, _ = ready_course
    first, second, third = (date_option_factory(course, d) for d in (10, 12, 14))
    services.poll_send(course=course, now=NOW)
    later = first.starts_at + timedelta(hours=1)
    with pytest.raises(services.CourseError):
        services.poll_answer(signup=signups[0], answers={first.pk: "yes"}, now=later)
    services.poll_answer(signup=signups[0], answers={second.pk: "yes"}, now=later)
    assert dict(signups[0].poll_answers.values_list("option_id", "answer")) == {second.pk: "yes"}


def test_tally_suggests_the_date_that_keeps_most_and_flags_too_few(
    ready_course, date_option_factory
):
    course, signups, _ = ready_course
    a, b, c = (date_option_factory(course, d) for d in (10, 12, 14))
    answers = {a: ["yes"] * 5, b: ["yes"] * 3 + ["maybe"] * 2, c: ["yes"] * 4 + ["no"]}
    for option, given in answers.items():
        for signup, answer in zip(signups, given, strict=True):
            PollAnswer.objects.create(option=option, signup=signup, answer=answer)
    rows = {row["option"]: row for row in services.poll_tally(course=course, now=NOW)}
    assert rows[a]["suggested"] and not rows[a]["too_few"]
    assert rows[b]["yes"] == 3 and rows[b]["maybe"] == 2 and rows[b]["too_few"]
    assert rows[c]["no"] == 1 and rows[c]["too_few"] and not rows[c]["suggested"]


def test_picking_a_poll_date_asks_those_who_said_no(
    ready_course, date_option_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course, signups, waiting = ready_course
    option = date_option_factory(course, 10)
    date_option_factory(course, 12)
    services.poll_send(course=course, now=NOW)
    no_voter = signups[0]
    PollAnswer.objects.create(option=option, signup=no_voter, answer="no")
    PollAnswer.objects.create(option=option, signup=signups[1], answer="yes")
    with django_capture_on_commit_callbacks(execute=True):
        services.course_set_date(course=course, starts_at=option.starts_at, option=option, now=NOW)
    course.refresh_from_db()
    assert course.starts_at == option.starts_at
    assert not course.poll_is_open
    no_voter.refresh_from_db()
    assert no_voter.date_question_at == NOW
    question = next(m for m in mailoutbox if m.to == [no_voter.user.email])
    assert "passer ikke" in question.subject
    assert f"/kurs/pameldinger/{no_voter.pk}/ny-dato/" in question.body
    assert question.attachments == []
    others = [m for m in mailoutbox if m.to != [no_voter.user.email]]
    assert len(others) == 5  # four other confirmed + the waiting person


def test_keeping_the_seat_sends_the_invitation(
    ready_course, date_option_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course, signups, _ = ready_course
    signups[0].date_question_at = NOW
    signups[0].save()
    course.starts_at = NOW + timedelta(days=5)
    course.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_keep_seat(signup=signups[0], now=NOW)
    signups[0].refresh_from_db()
    assert signups[0].date_question_at is None
    assert signups[0].status == Signup.Status.CONFIRMED
    (mail,) = mailoutbox
    assert mail.attachments[0].filename == "kurs.ics"
    with pytest.raises(services.CourseError):
        services.signup_keep_seat(signup=signups[0], now=NOW)


def test_moving_to_the_next_round_gives_the_seat_away_with_priority_later(
    ready_course, mailoutbox, django_capture_on_commit_callbacks
):
    course, signups, waiting = ready_course
    course.starts_at = NOW + timedelta(days=5)
    course.save()
    mover = signups[0]
    mover.date_question_at = NOW
    mover.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_defer(signup=mover, now=NOW)
    mover.refresh_from_db()
    waiting.refresh_from_db()
    assert mover.status == Signup.Status.DEFERRED
    assert waiting.status == Signup.Status.CONFIRMED
    assert InterestEntry.objects.filter(user=mover.user, notified_at=None).exists()
    receipt, promoted = sorted(mailoutbox, key=lambda m: m.to != [mover.user.email])
    assert promoted.to == [waiting.user.email]
    assert receipt.to == [mover.user.email]
    assert "Du har gitt fra deg plassen" in receipt.subject
    assert "først i køen" in receipt.body
    event = Calendar.from_ical(receipt.attachments[0].content).walk("VEVENT")[0]
    assert str(event["status"]) == "CANCELLED"


def test_an_answer_to_the_date_question_after_the_start_keeps_the_seat(ready_course, client):
    """Giving the seat away once the course has begun would hand it to someone too late (and
    the date form may have been left open in a browser tab)."""
    course, signups, waiting = ready_course
    course.starts_at = NOW + timedelta(days=5)
    course.save()
    mover = signups[0]
    mover.date_question_at = NOW
    mover.save()
    with pytest.raises(services.CourseError, match="Kurset er over eller avlyst"):
        services.signup_defer(signup=mover, now=course.starts_at + timedelta(minutes=1))
    mover.refresh_from_db()
    waiting.refresh_from_db()
    assert mover.status == Signup.Status.CONFIRMED and mover.date_question_at == NOW
    assert waiting.status == Signup.Status.WAITING
    assert not InterestEntry.objects.filter(user=mover.user).exists()


@pytest.fixture
def two_dates_one_no(ready_course, date_option_factory, time_machine):
    """A poll where the first participant said no to date A and yes to date B."""
    time_machine.move_to(NOW, tick=False)  # the e-mails are built as they are sent
    course, signups, _ = ready_course
    a, b = date_option_factory(course, 10), date_option_factory(course, 12)
    services.poll_send(course=course, now=NOW)
    PollAnswer.objects.create(option=a, signup=signups[0], answer="no")
    PollAnswer.objects.create(option=b, signup=signups[0], answer="yes")
    return course, signups[0], a, b


def test_a_date_question_lapses_when_the_date_moves_to_one_they_can(
    two_dates_one_no, mailoutbox, django_capture_on_commit_callbacks
):
    course, no_to_a, a, b = two_dates_one_no
    services.course_set_date(course=course, starts_at=a.starts_at, option=a, now=NOW)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.course_set_date(course=course, starts_at=b.starts_at, option=b, now=NOW)
    no_to_a.refresh_from_db()
    assert no_to_a.date_question_at is None
    (mail,) = [m for m in mailoutbox if m.to == [no_to_a.user.email]]
    assert "passer ikke" not in mail.subject and mail.attachments  # the invitation for B
    with pytest.raises(services.CourseError):
        services.signup_defer(signup=no_to_a, now=NOW)  # the old question gives nothing away


def test_saving_the_same_date_again_asks_nobody_again(
    two_dates_one_no, mailoutbox, django_capture_on_commit_callbacks
):
    course, no_to_a, a, _ = two_dates_one_no
    services.course_set_date(course=course, starts_at=a.starts_at, option=a, now=NOW)
    services.signup_keep_seat(signup=no_to_a, now=NOW)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.course_set_date(
            course=course, starts_at=a.starts_at, option=a, place="Rom 4", now=NOW
        )
    no_to_a.refresh_from_db()
    assert no_to_a.date_question_at is None
    (mail,) = [m for m in mailoutbox if m.to == [no_to_a.user.email]]
    assert "passer ikke" not in mail.subject and "Rom 4" in mail.body


def test_a_question_still_open_stands_when_the_same_date_is_saved_again(
    two_dates_one_no, mailoutbox, django_capture_on_commit_callbacks
):
    course, no_to_a, a, _ = two_dates_one_no
    services.course_set_date(course=course, starts_at=a.starts_at, option=a, now=NOW)
    asked_at = Signup.objects.get(pk=no_to_a.pk).date_question_at
    mailoutbox.clear()
    later = NOW + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_set_date(course=course, starts_at=a.starts_at, place="Rom 4", now=later)
    no_to_a.refresh_from_db()
    assert no_to_a.date_question_at == asked_at
    assert not [m for m in mailoutbox if m.to == [no_to_a.user.email]]


def test_a_new_place_reaches_the_calendar_of_someone_still_to_answer_who_holds_the_invitation(
    two_dates_one_no, mailoutbox, django_capture_on_commit_callbacks
):
    """The date moved to one they said no to: their question carried the updated invitation,
    so they hold it while they decide. Staff then save the same date with a new place: they
    are not asked again, but their invitation gets the new place (or, seat still held, they
    would go to the old one)."""
    course, no_to_a, a, b = two_dates_one_no
    services.course_set_date(course=course, starts_at=b.starts_at, option=b, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_set_date(course=course, starts_at=a.starts_at, option=a, now=NOW)
    (asked,) = [m for m in mailoutbox if m.to == [no_to_a.user.email]]
    (invitation,) = asked.attachments  # the invitation, moved to A while they decide
    asked_at = Signup.objects.get(pk=no_to_a.pk).date_question_at
    assert asked_at is not None
    mailoutbox.clear()
    later = NOW + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_set_date(course=course, starts_at=a.starts_at, place="Rom 4", now=later)

    no_to_a.refresh_from_db()
    assert no_to_a.date_question_at == asked_at  # not asked again
    (mail,) = [m for m in mailoutbox if m.to == [no_to_a.user.email]]
    assert "passer ikke" not in mail.subject and "Rom 4" in mail.body
    (ics,) = mail.attachments
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    before = Calendar.from_ical(invitation.content).walk("VEVENT")[0]
    assert str(event["location"]).startswith("Rom 4")
    assert event.decoded("dtstart") == a.starts_at
    assert event["sequence"] > before["sequence"]


def test_a_cancelled_course_has_no_date_question_to_answer(
    ready_course, client, mailoutbox, time_machine
):
    time_machine.move_to(NOW, tick=False)  # the date page judges the course by the clock
    course, signups, _ = ready_course
    asked = signups[0]
    course.starts_at = NOW + timedelta(days=5)
    course.save()
    asked.date_question_at = NOW
    asked.save()
    services.course_cancel(course=course, reason="Sykdom", now=NOW)
    mailoutbox.clear()
    with pytest.raises(services.CourseError, match="Kurset er over eller avlyst"):
        services.signup_keep_seat(signup=asked, now=NOW)
    client.force_login(asked.user)
    response = client.get(reverse("courses:date-choice", args=[asked.pk]))
    assert response.status_code == 302
    assert not mailoutbox


def test_saving_the_same_date_and_place_again_emails_nobody_twice(
    ready_course, mailoutbox, django_capture_on_commit_callbacks
):
    """A second click on «Lagre» in «Sett dato» (nothing changed) is not a new date: the
    participants already have their e-mail and calendar invitation."""
    course, _, _ = ready_course
    starts = NOW + timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_set_date(course=course, starts_at=starts, place="Rom 2", now=NOW)
    assert len(mailoutbox) == 6
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.DateAlreadySet, match="allerede"),
    ):
        services.course_set_date(
            course=course, starts_at=starts, place="Rom 2", video_link="", now=NOW
        )
    assert len(mailoutbox) == 6
    course.refresh_from_db()
    assert course.calendar_sequence == 0


def test_on_a_tie_the_tally_suggests_the_earliest_date_not_the_first_proposed(
    ready_course, date_option_factory
):
    """Staff proposed 20 days ahead first and added 10 days ahead later; both suit everyone.
    The suggestion (preselected on «Sett dato») is the earlier one, as the docstring says."""
    course, signups, _ = ready_course
    later = date_option_factory(course, 20)
    earlier = date_option_factory(course, 10)
    assert later.pk < earlier.pk
    for option in (later, earlier):
        for signup in signups:
            PollAnswer.objects.create(option=option, signup=signup, answer="yes")
    rows = {row["option"]: row for row in services.poll_tally(course=course, now=NOW)}
    assert rows[earlier]["suggested"] and not rows[later]["suggested"]


def test_the_tally_never_suggests_a_proposed_date_that_has_passed(
    ready_course, date_option_factory
):
    """Staff who choose the date late find the poll's favourite past; «Sett dato» preselects
    the suggestion, and a past time is refused, so the suggestion is the best date ahead."""
    course, signups, _ = ready_course
    passed = date_option_factory(course, 2)
    ahead = date_option_factory(course, 10)
    for signup in signups:
        PollAnswer.objects.create(option=passed, signup=signup, answer="yes")
    PollAnswer.objects.create(option=ahead, signup=signups[0], answer="yes")
    rows = {row["option"]: row for row in services.poll_tally(course=course, now=NOW)}
    assert rows[passed]["suggested"] and not rows[passed]["passed"]  # two days to go
    rows = {
        row["option"]: row
        for row in services.poll_tally(course=course, now=NOW + timedelta(days=3))
    }
    assert rows[passed]["passed"] and not rows[passed]["suggested"]
    assert rows[ahead]["suggested"]


def test_a_moved_date_or_a_new_place_is_told_as_news_not_as_a_date_set_again(
    ready_course, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    """Everyone already had «Dato satt» with a time: a second one with another time (or the
    same time and a new place) must say what changed, or it reads as a repeat."""
    time_machine.move_to(NOW, tick=False)  # the e-mails are built as they are sent
    course, signups, _ = ready_course
    first = NOW + timedelta(days=20)
    services.course_set_date(course=course, starts_at=first, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_set_date(course=course, starts_at=first + timedelta(days=1), now=NOW)
    (moved,) = [m for m in mailoutbox if m.to == [signups[0].user.email]]
    assert "Ny dato:" in moved.subject and "Dato satt" not in moved.subject
    for text in (moved.body, moved.alternatives[0][0]):
        assert "Kurset er flyttet til en ny dato." in text
        assert "Datoen for kurset er satt" not in text
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.course_set_date(
            course=course, starts_at=first + timedelta(days=1), place="Rom 7", now=NOW
        )
    (place,) = [m for m in mailoutbox if m.to == [signups[0].user.email]]
    assert "Nytt sted:" in place.subject
    assert "Vi har endret hvor kurset holdes." in place.body and "Rom 7" in place.body


def test_the_poll_sent_again_tells_those_who_answered_what_is_new(
    ready_course, date_option_factory, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    """Otherwise the same e-mail arrives twice, and the new date looks like nothing new."""
    time_machine.move_to(NOW, tick=False)  # the e-mails are built as they are sent
    course, signups, _ = ready_course
    a, b = date_option_factory(course, 10), date_option_factory(course, 12)
    services.poll_send(course=course, now=NOW)
    answered, silent = signups[0], signups[1]
    for option in (a, b):
        services.poll_answer(signup=answered, answers={option.pk: "yes"}, now=NOW)
    added = date_option_factory(course, 14)
    with django_capture_on_commit_callbacks(execute=True):
        services.poll_send(course=course, now=NOW + timedelta(hours=1))
    (again,) = [m for m in mailoutbox if m.to == [answered.user.email]]
    for text in (again.body, again.alternatives[0][0]):
        assert "Svarene du alt har gitt, er lagret" in text
        assert "bare å svare på det nye" in text
        assert str(added) in text and str(a) not in text
    (first,) = [m for m in mailoutbox if m.to == [silent.user.email]]
    assert "Svarene du alt har gitt" not in first.body
    assert str(a) in first.body and str(added) in first.body
