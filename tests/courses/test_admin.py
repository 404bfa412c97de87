"""Django admin as the staff tool: list counts, validation, actions, set date, CSV export."""

import csv
import io
import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import (
    Course,
    CourseMessage,
    DateOption,
    InterestEntry,
    PollAnswer,
    Signup,
)

CHANGELIST = reverse("admin:courses_course_changelist")


def action(client, name, courses, **extra):
    return client.post(
        CHANGELIST,
        {"action": name, "_selected_action": [c.pk for c in courses], **extra},
    )


def course_form(course_type, **overrides):
    data = {
        "course_type": course_type.pk,
        "slug": "nytt-kurs",
        "expected_period": "april",
        "format": "in_person",
        "place": "",
        "video_link": "",
        "min_participants": "5",
        "max_participants": "10",
        "date_options-TOTAL_FORMS": "0",
        "date_options-INITIAL_FORMS": "0",
        "signups-TOTAL_FORMS": "0",
        "signups-INITIAL_FORMS": "0",
    }
    return {**data, **overrides}


def add_then_change(staff_client, course_type, **changes):
    """A course added through the admin form, then its change form posted with `changes`:
    the response to the change, and the course as saved."""
    staff_client.post(reverse("admin:courses_course_add"), course_form(course_type))
    course = Course.objects.get()
    response = staff_client.post(
        reverse("admin:courses_course_change", args=[course.pk]),
        course_form(course_type, **changes),
    )
    course.refresh_from_db()
    return response, course


def test_changelist_shows_counts_with_constant_queries(
    staff_client, course_factory, signup_factory
):
    course = course_factory()
    signup_factory(course)
    signup_factory(course, status=Signup.Status.WAITING)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(CHANGELIST)
        assert response.status_code == HTTPStatus.OK
        return len(queries)

    count()
    few = count()
    for _ in range(5):
        signup_factory(course_factory())
    assert count() == few
    html = staff_client.get(CHANGELIST).content.decode()
    assert "Påmelding åpen" in html


def test_course_type_list_counts_the_interest_list_with_constant_queries(
    staff_client, course_type, course_type_factory, user_factory
):
    url = reverse("admin:courses_coursetype_changelist")
    InterestEntry.objects.create(course_type=course_type, user=user_factory())

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(url)
        assert response.status_code == HTTPStatus.OK
        return len(queries)

    count()
    few = count()
    for n in range(5):
        other = course_type_factory(title=f"Kurs {n}")
        InterestEntry.objects.create(course_type=other, user=user_factory())
        InterestEntry.objects.create(
            course_type=other, user=user_factory(), notified_at=timezone.now()
        )
    assert count() == few
    html = staff_client.get(url).content.decode()
    assert re.search(r'class="field-interest_count">1<', html)


def test_min_above_max_is_an_error_next_to_the_field(staff_client, course_type):
    response = staff_client.post(
        reverse("admin:courses_course_add"),
        course_form(course_type, min_participants="8", max_participants="6"),
    )
    assert response.status_code == HTTPStatus.OK
    assert "Minste antall kan ikke være større enn største antall." in response.content.decode()
    assert not Course.objects.exists()
    response = staff_client.post(
        reverse("admin:courses_course_add"), course_form(course_type, min_participants="0")
    )
    assert not Course.objects.exists()


def test_creating_a_course_tells_the_interest_list(
    staff_client, course_type, user, mailoutbox, django_capture_on_commit_callbacks
):
    InterestEntry.objects.create(course_type=course_type, user=user)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:courses_course_add"), course_form(course_type))
    assert response.status_code == HTTPStatus.FOUND
    course = Course.objects.get()
    assert [m.to for m in mailoutbox] == [[user.email]]
    assert course.get_absolute_url() in mailoutbox[0].body
    # Editing it later does not e-mail again.
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("admin:courses_course_change", args=[course.pk]),
            course_form(course_type, expected_period="mai"),
        )
    assert len(mailoutbox) == 1


def test_staff_change_the_town_of_a_course(staff_client, course_type):
    response, course = add_then_change(staff_client, course_type, town="Tromsø")
    assert response.status_code == HTTPStatus.FOUND
    assert course.town == "Tromsø"


def test_change_form_shows_participants_and_the_poll_tally(
    staff_client, course_factory, signup_factory, user_factory
):
    course = course_factory()
    signup = signup_factory(course, organisation="NAV Sagene", user=user_factory(name="Per Hansen"))
    option = DateOption.objects.create(course=course, starts_at=timezone.now() + timedelta(days=5))
    PollAnswer.objects.create(option=option, signup=signup, answer="yes")
    html = staff_client.get(reverse("admin:courses_course_change", args=[course.pk])).content
    html = html.decode()
    assert "NAV Sagene" in html
    assert "Per Hansen" in html
    assert "Foreslått: flest kan" in html
    assert "Færre enn 5 har svart ja" in html
    assert reverse("admin:courses_course_set_date", args=[course.pk]) in html


def test_set_date_page_marks_a_passed_poll_date_and_does_not_preselect_it(
    staff_client, course_factory, signup_factory
):
    now = timezone.now()
    course = course_factory(poll_sent_at=now - timedelta(days=7))
    signup = signup_factory(course)
    passed, ahead = (
        DateOption.objects.create(course=course, starts_at=now + timedelta(days=d)) for d in (-1, 5)
    )
    PollAnswer.objects.create(option=passed, signup=signup, answer="yes")
    url = reverse("admin:courses_course_set_date", args=[course.pk])
    page = staff_client.get(url).content.decode()
    assert re.search(rf'value="{ahead.pk}"[^>]*checked', page)
    assert not re.search(rf'value="{passed.pk}"[^>]*checked', page)
    assert "Har passert" in page


def test_setting_the_date_from_the_poll_in_admin(
    staff_client, course_factory, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(poll_sent_at=timezone.now())
    signups = [signup_factory(course) for _ in range(5)]
    option = DateOption.objects.create(course=course, starts_at=timezone.now() + timedelta(days=9))
    PollAnswer.objects.create(option=option, signup=signups[0], answer="no")
    url = reverse("admin:courses_course_set_date", args=[course.pk])
    page = staff_client.get(url).content.decode()
    assert "nei 1" in page
    response = staff_client.post(url, {})
    assert "Velg én dato" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"option": option.pk, "place": "Rom 3"})
    assert response.status_code == HTTPStatus.FOUND
    course.refresh_from_db()
    assert course.starts_at == option.starts_at
    assert course.place == "Rom 3"
    assert len(mailoutbox) == 5
    signups[0].refresh_from_db()
    assert signups[0].date_question_at is not None


def test_set_date_page_preselects_the_suggested_date_and_lets_staff_type_another(
    staff_client, course_factory, signup_factory
):
    course = course_factory(poll_sent_at=timezone.now())
    signup = signup_factory(course)
    early, late = (
        DateOption.objects.create(course=course, starts_at=timezone.now() + timedelta(days=d))
        for d in (9, 10)
    )
    PollAnswer.objects.create(option=late, signup=signup, answer="yes")
    PollAnswer.objects.create(option=early, signup=signup, answer="no")
    url = reverse("admin:courses_course_set_date", args=[course.pk])
    page = staff_client.get(url).content.decode()
    assert re.search(rf'value="{late.pk}"[^>]*checked', page)
    assert not re.search(rf'value="{early.pk}"[^>]*checked', page)
    # The radio buttons have a way back to typing a time (a ticked radio cannot be unticked).
    assert re.search(r'value=""[^>]*>\s*Et annet tidspunkt', page)

    when = timezone.localtime(timezone.now() + timedelta(days=12)).replace(
        hour=12, minute=30, second=0, microsecond=0
    )
    response = staff_client.post(url, {"option": "", "starts_at": f"{when:%Y-%m-%dT%H:%M}"})
    assert response.status_code == HTTPStatus.FOUND
    course.refresh_from_db()
    assert course.starts_at == when


def test_setting_a_date_directly_in_admin(staff_client, course, signup_factory):
    signup_factory(course)
    url = reverse("admin:courses_course_set_date", args=[course.pk])
    when = timezone.localtime(timezone.now() + timedelta(days=12)).replace(
        hour=12, minute=30, second=0, microsecond=0
    )
    response = staff_client.post(url, {"starts_at": f"{when:%Y-%m-%dT%H:%M}", "place": "Rom 1"})
    assert response.status_code == HTTPStatus.FOUND
    course.refresh_from_db()
    assert course.starts_at == when
    response = staff_client.post(url, {"starts_at": "2001-01-01T10:00"})
    assert "fram i tid" in response.content.decode()


def test_a_time_that_does_not_exist_in_oslo_gets_one_error_beside_the_field(
    staff_client, course, signup_factory
):
    """02.30 on the night summer time begins does not exist in Norway, and on the night it
    ends it happens twice: staff are told so beside the field, not also told at the top to
    «choose a date or type a time», which they did."""
    signup_factory(course)
    url = reverse("admin:courses_course_set_date", args=[course.pk])
    for value in ("2027-03-28T02:30", "2027-10-31T02:30"):
        response = staff_client.post(url, {"starts_at": value, "place": "Rom 1"})
        assert response.status_code == HTTPStatus.OK
        form = response.context["form"]
        assert "Europe/Oslo" in form.errors["starts_at"][0]
        assert not form.non_field_errors()
    course.refresh_from_db()
    assert course.starts_at is None


def test_a_double_click_on_set_date_emails_the_participants_once(
    staff_client, course, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    signup_factory(course)
    url = reverse("admin:courses_course_set_date", args=[course.pk])
    when = timezone.localtime(timezone.now() + timedelta(days=12)).replace(
        hour=12, minute=30, second=0, microsecond=0
    )
    data = {"starts_at": f"{when:%Y-%m-%dT%H:%M}", "place": "Rom 1", "video_link": ""}
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, data)
    with django_capture_on_commit_callbacks(execute=True):
        again = staff_client.post(url, data, follow=True)
    assert len(mailoutbox) == 1
    assert "allerede" in again.content.decode()


def test_emailing_all_confirmed_participants(
    staff_client, staff_user, course, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed = signup_factory(course)
    signup_factory(course, status=Signup.Status.WAITING)
    url = reverse("admin:courses_course_send_message", args=[course.pk])
    assert staff_client.get(url).status_code == HTTPStatus.OK
    text = {"subject": "Husk matpakke", "body": "Vi har kaffe."}
    with django_capture_on_commit_callbacks(execute=True):
        preview = staff_client.post(url, {**text, "preview": "1"})
    assert mailoutbox == []  # a preview sends nothing
    previewed = preview.context["form"].initial["previewed"]
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {**text, "previewed": previewed, "send": "1"})
    (mail,) = mailoutbox
    assert mail.to == [confirmed.user.email]
    assert mail.subject == "[Erfaringssentrum] Husk matpakke"
    assert "Vi har kaffe." in mail.body
    assert CourseMessage.objects.get().sent_by == staff_user

    with django_capture_on_commit_callbacks(execute=True):  # «Send» clicked twice
        again = staff_client.post(url, {**text, "previewed": previewed, "send": "1"}, follow=True)
    assert "allerede sendt" in again.content.decode()
    assert len(mailoutbox) == 1 and CourseMessage.objects.count() == 1


def test_cancel_and_complete_actions(
    staff_client, course_factory, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    to_cancel = course_factory()
    signup_factory(to_cancel)
    done = course_factory(starts_at=timezone.now() - timedelta(hours=3))
    ahead = course_factory(starts_at=timezone.now() + timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        action(staff_client, "cancel_courses", [to_cancel], bekreft="1", reason="For få påmeldte.")
        for course in (done, ahead):  # the second one ticked by mistake
            staff_client.post(
                CHANGELIST + "?tid=alle",
                {"action": "mark_completed", "_selected_action": [course.pk]},
            )
    to_cancel.refresh_from_db()
    done.refresh_from_db()
    ahead.refresh_from_db()
    assert to_cancel.status == Course.Status.CANCELLED
    assert done.status == Course.Status.COMPLETED
    assert ahead.status == Course.Status.ACTIVE
    assert "har ikke startet ennå" in staff_client.get(CHANGELIST).content.decode()
    assert len(mailoutbox) == 1
    assert "For få påmeldte." in mailoutbox[0].body


def test_marking_completed_says_the_waiting_list_is_told(
    staff_client, course_factory, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(
        starts_at=timezone.now() - timedelta(hours=3), min_participants=1, max_participants=1
    )
    signup_factory(course)
    waiting = signup_factory(course, status=Signup.Status.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            CHANGELIST + "?tid=alle",
            {"action": "mark_completed", "_selected_action": [course.pk]},
            follow=True,
        )
    assert "ventelisten, får e-post om at de ikke fikk plass" in response.content.decode()
    assert [m.to for m in mailoutbox] == [[waiting.user.email]]


def test_csv_export_has_one_row_per_signup_without_a_query_per_row(
    staff_client, course_factory, signup_factory, user_factory
):
    course = course_factory(min_participants=1, max_participants=1)
    signup_factory(course, user=user_factory(name="Kari Nordmann"), organisation="NAV Bjerke")
    signup_factory(course, status=Signup.Status.WAITING)

    def export():
        with CaptureQueriesContext(connection) as queries:
            response = action(staff_client, "export_csv", [course])
        return response, len(queries)

    export()  # the first request of a session also writes the session
    response, few = export()
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Kurs", "Tidspunkt", "Status", "Plass på venteliste", "Navn"]
    assert rows[1][2:8] == ["Påmeldt", "", "Kari Nordmann", rows[1][5], "NAV Bjerke", "Veileder"]
    assert rows[2][2:4] == ["På venteliste", "1"]
    for _ in range(10):
        signup_factory(course, status=Signup.Status.WAITING)
    response, many = export()
    assert many == few
    assert len(response.content.decode("utf-8-sig").strip().splitlines()) == 13


def test_csv_export_keeps_formula_like_answers_as_text(staff_client, course, signup_factory):
    signup_factory(
        course, organisation='=HYPERLINK("https://evil.example","x")', role="+47 000", comment="-"
    )
    response = action(staff_client, "export_csv", [course])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][6:9] == ['\'=HYPERLINK("https://evil.example","x")', "'+47 000", "'-"]


def test_new_round_and_poll_actions(
    staff_client, course_factory, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(min_participants=1, max_participants=1)
    signup_factory(course)
    waiting = signup_factory(course, status=Signup.Status.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        response = action(staff_client, "start_new_round", [course])
    assert response.status_code == HTTPStatus.FOUND
    new = Course.objects.exclude(pk=course.pk).get()
    assert new.signups.get().user == waiting.user
    assert any(m.to == [waiting.user.email] for m in mailoutbox)

    for days in (5, 6):
        DateOption.objects.create(course=new, starts_at=timezone.now() + timedelta(days=days))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = action(staff_client, "send_poll", [new])
    new.refresh_from_db()
    assert new.poll_sent_at is not None
    assert [m.to for m in mailoutbox] == [[waiting.user.email]]


def test_a_second_click_on_send_poll_says_it_was_sent_and_e_mails_nobody_again(
    staff_client, course_factory, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(min_participants=1)
    signup = signup_factory(course)
    for days in (5, 6):
        DateOption.objects.create(course=course, starts_at=timezone.now() + timedelta(days=days))
    with django_capture_on_commit_callbacks(execute=True):
        action(staff_client, "send_poll", [course])
        response = action(staff_client, "send_poll", [course])
    assert [m.to for m in mailoutbox] == [[signup.user.email]]
    (note,) = [m for m in get_messages(response.wsgi_request) if "nettopp sendt" in m.message]
    assert note.level == messages.INFO


def test_kursansvarlig_group_has_exactly_the_course_permissions(db):
    group = Group.objects.get(name="Kursansvarlig")
    expected = set(Permission.objects.filter(content_type__app_label="courses"))
    assert set(group.permissions.all()) == expected
    codenames = {p.codename for p in expected}
    assert {"add_course", "change_course", "view_signup", "change_signup"} <= codenames


def test_a_kursansvarlig_can_run_courses_but_not_other_admin(user_factory, course, signup_factory):
    member = user_factory(is_staff=True)
    member.groups.add(Group.objects.get(name="Kursansvarlig"))
    client = Client()
    client.force_login(member)
    signup_factory(course)
    assert client.get(CHANGELIST).status_code == HTTPStatus.OK
    assert (
        client.get(reverse("admin:courses_course_set_date", args=[course.pk])).status_code
        == HTTPStatus.OK
    )
    assert action(client, "export_csv", [course]).status_code == HTTPStatus.OK
    users = reverse("admin:erfaringssentrum_user_changelist")
    assert client.get(users).status_code == HTTPStatus.FORBIDDEN


def test_staff_without_course_permissions_cannot_set_dates(user_factory, course):
    plain_staff = user_factory(is_staff=True)
    client = Client()
    client.force_login(plain_staff)
    url = reverse("admin:courses_course_set_date", args=[course.pk])
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN


def test_kursansvarlig_group_comes_back_after_a_flush(db):
    Group.objects.filter(name="Kursansvarlig").delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    group = Group.objects.get(name="Kursansvarlig")
    assert group.permissions.count() == len(list(apps.get_app_config("courses").get_models())) * 4


def test_raising_the_maximum_moves_people_up_and_lowering_below_confirmed_is_refused(
    staff_client, course_factory, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(min_participants=1, max_participants=1)
    signup_factory(course)
    signup_factory(course)  # two confirmed (set up directly), maximum is one
    first = signup_factory(course, status=Signup.Status.WAITING, minutes=1)
    second = signup_factory(course, status=Signup.Status.WAITING, minutes=2)
    url = reverse("admin:courses_course_change", args=[course.pk])
    form = course_form(
        course.course_type,
        slug=course.slug,
        place=course.place,  # only the number of seats changes
        min_participants="1",
        max_participants="1",
        **{"signups-TOTAL_FORMS": "4", "signups-INITIAL_FORMS": "4"},
    )
    signup_ids = list(course.signups.order_by("pk").values_list("pk", flat=True))
    for index, pk in enumerate(signup_ids):
        form[f"signups-{index}-id"] = pk
        form[f"signups-{index}-course"] = course.pk
    response = staff_client.post(url, form)
    assert "Det er allerede 2 påmeldte." in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {**form, "max_participants": "3"})
    assert response.status_code == HTTPStatus.FOUND
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Signup.Status.CONFIRMED
    assert second.status == Signup.Status.WAITING
    assert [m.to for m in mailoutbox] == [[first.user.email]]


def test_the_address_is_fixed_once_the_course_is_saved(staff_client, course_type):
    """Its link goes out at once (the interest list), then to everyone who signs up."""
    response, course = add_then_change(staff_client, course_type, slug="nytt-navn")
    assert response.status_code == HTTPStatus.FOUND  # the field is shown, not posted
    assert course.slug == "nytt-kurs"
    with pytest.raises(services.CourseFieldError, match="kan ikke endres"):
        services.course_update(course=course, changes={"slug": "nytt-navn"})
    services.course_update(course=course, changes={"slug": "nytt-kurs"})  # unchanged: fine


def test_proposed_dates_must_be_in_the_future(course):
    option = DateOption(course=course, starts_at=timezone.now() - timedelta(days=1))
    with pytest.raises(ValidationError):
        option.full_clean()


def test_an_empty_address_is_made_from_type_and_period(staff_client, course_type, course_factory):
    course_factory(slug="fellessamling-april")
    response = staff_client.post(
        reverse("admin:courses_course_add"), course_form(course_type, slug="")
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Course.objects.filter(slug="fellessamling-april-2").exists()


def test_the_course_list_reads_a_course_under_way_as_under_way_until_it_ends(
    staff_client, course_factory, signup_factory, time_machine
):
    """Staff's list says «I gang» while the course runs and «Gjennomført» once it has ended,
    as the participants read it (Signup.status_now_text) and the course page shows it."""
    now = timezone.now().replace(microsecond=0)
    time_machine.move_to(now, tick=False)
    running = course_factory(starts_at=now - timedelta(minutes=30))  # 120 minutes long
    signup_factory(running)
    ended = course_factory(starts_at=now - timedelta(hours=3))

    def state_cell(course):
        html = staff_client.get(CHANGELIST, {"tid": "alle"}).content.decode()
        row = re.search(
            rf"<tr[^>]*>(?:(?!</tr>).)*/{course.pk}/change/(?:(?!</tr>).)*</tr>", html, re.S
        )
        return re.search(r'<td class="field-state_display">([^<]*)</td>', row.group(0)).group(1)

    assert state_cell(running) == "I gang"
    assert state_cell(ended) == "Gjennomført"
    assert running.state() == Course.State.UNDER_WAY
    page = staff_client.get(running.get_absolute_url()).content.decode()
    assert ">I gang</span>" in page and ">Gjennomført</span>" not in page
    time_machine.move_to(running.ends_at, tick=False)
    assert state_cell(running) == "Gjennomført"
