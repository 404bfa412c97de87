"""Staff admin that cannot hurt: cancelling a course and removing a participant ask first
(who is told, a reason, what cannot be undone), a message is previewed and can be tested
before it goes out, the course form saves through course_create / course_update, and a
course type is deleted only without courses, telling those on its interest list."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from courses import services
from courses.emails import TEST_SUBJECT_MARK
from courses.models import Course, CourseMessage, CourseType, InterestEntry, Signup

from .conftest import NOW

CHANGELIST = reverse("admin:courses_course_changelist")
SIGNUPS = reverse("admin:courses_signup_changelist")


def test_cancelling_a_course_asks_first_and_tells_everyone_the_reason(
    staff_client, course, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    seated = signup_factory(course)
    waiting = signup_factory(course, status=Signup.Status.WAITING)
    gone = signup_factory(course, status=Signup.Status.CANCELLED)
    selection = {"action": "cancel_courses", "_selected_action": [course.pk]}

    page = staff_client.post(CHANGELIST, selection)
    html = page.content.decode()
    assert page.status_code == HTTPStatus.OK
    assert "Dette kan ikke angres" in html
    assert seated.user.email in html and waiting.user.email in html
    assert gone.user.email not in html  # not told: no longer signed up
    assert "Påmeldte (1)" in html and "På venteliste (1)" in html

    # Confirming without a reason does nothing and asks for one.
    with django_capture_on_commit_callbacks(execute=True):
        again = staff_client.post(CHANGELIST, {**selection, "bekreft": "1", "reason": " "})
    assert "Skriv en begrunnelse" in again.content.decode()
    course.refresh_from_db()
    assert course.status == Course.Status.ACTIVE and mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        done = staff_client.post(
            CHANGELIST, {**selection, "bekreft": "1", "reason": "Kursholderen er syk."}
        )
    assert done.status_code == HTTPStatus.FOUND
    course.refresh_from_db()
    assert course.status == Course.Status.CANCELLED
    assert sorted(m.to[0] for m in mailoutbox) == sorted([seated.user.email, waiting.user.email])
    assert all("Kursholderen er syk." in m.body for m in mailoutbox)
    assert "Kursholderen er syk." in LogEntry.objects.get(object_id=str(course.pk)).change_message


def test_removing_a_participant_asks_first_names_who_moves_up_and_sends_the_reason(
    staff_client, course_factory, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(min_participants=1, max_participants=1)
    seated = signup_factory(course)
    first_waiting = signup_factory(course, status=Signup.Status.WAITING, minutes=1)
    second_waiting = signup_factory(course, status=Signup.Status.WAITING, minutes=2)
    selection = {"action": "cancel_signups", "_selected_action": [seated.pk]}

    html = staff_client.post(SIGNUPS, selection).content.decode()
    assert "Dette kan ikke angres" in html
    assert seated.user.email in html and first_waiting.user.email in html
    assert second_waiting.user.email not in html
    seated.refresh_from_db()
    assert seated.status == Signup.Status.CONFIRMED

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            SIGNUPS, {**selection, "bekreft": "1", "reason": "Du har byttet jobb, sa du."}
        )
    seated.refresh_from_db()
    first_waiting.refresh_from_db()
    assert seated.status == Signup.Status.CANCELLED
    assert first_waiting.status == Signup.Status.CONFIRMED
    removed = next(m for m in mailoutbox if m.to == [seated.user.email])
    assert removed.subject.endswith(f"Vi har meldt deg av: {course.title}")
    assert "Du har byttet jobb, sa du." in removed.body
    assert "Vi har meldt deg av" in removed.body


def test_someone_waiting_who_is_removed_too_is_not_named_as_moving_up(
    staff_client, course_factory, signup_factory
):
    course = course_factory(min_participants=1, max_participants=1)
    seated = signup_factory(course)
    first_waiting = signup_factory(course, status=Signup.Status.WAITING, minutes=1)
    second_waiting = signup_factory(course, status=Signup.Status.WAITING, minutes=2)
    both = [seated.pk, first_waiting.pk]
    html = staff_client.post(
        SIGNUPS, {"action": "cancel_signups", "_selected_action": both}
    ).content.decode()
    moving_up = html.split("Kan få plass fra ventelisten")[1]
    assert second_waiting.user.email in moving_up
    assert first_waiting.user.email not in moving_up


def message_url(course):
    return reverse("admin:courses_course_send_message", args=[course.pk])


def test_the_preview_is_the_email_as_the_first_participant_gets_it(
    staff_client, course, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    first = signup_factory(course, minutes=1)
    signup_factory(course, minutes=2)
    with django_capture_on_commit_callbacks(execute=True):
        page = staff_client.post(
            message_url(course), {"subject": "Husk matpakke", "body": "Vi har kaffe.", "preview": 1}
        )
    preview = page.context["preview"]
    assert preview.to == [first.user.email]
    assert preview.subject == "[Erfaringssentrum] Husk matpakke"
    html = page.content.decode()
    assert "Vi har kaffe." in html and course.title in preview.body
    assert preview.body in html.replace("&#x27;", "'")  # the text body as it is sent
    assert mailoutbox == [] and not CourseMessage.objects.exists()


def test_send_a_test_to_me_goes_to_my_address_only_marked_as_a_test(
    staff_client, staff_user, course, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    signup_factory(course)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            message_url(course), {"subject": "Husk matpakke", "body": "Vi har kaffe.", "test": 1}
        )
    (mail,) = mailoutbox
    assert mail.to == [staff_user.email]
    assert mail.subject == TEST_SUBJECT_MARK + "[Erfaringssentrum] Husk matpakke"
    assert "Vi har kaffe." in mail.body
    assert not CourseMessage.objects.exists()


def test_a_test_with_nobody_signed_up_yet_uses_the_staff_member_as_the_sample(
    staff_client, staff_user, course, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(message_url(course), {"subject": "Hei", "body": "Velkommen.", "test": 1})
    (mail,) = mailoutbox
    assert mail.to == [staff_user.email] and "Velkommen." in mail.body


def test_send_only_sends_the_text_that_was_previewed(
    staff_client, course, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    signup_factory(course)
    url = message_url(course)
    text = {"subject": "Husk matpakke", "body": "Vi har kaffe."}
    with django_capture_on_commit_callbacks(execute=True):
        unseen = staff_client.post(url, {**text, "send": 1})  # no preview yet
    assert unseen.status_code == HTTPStatus.OK and mailoutbox == []
    previewed = unseen.context["form"].initial["previewed"]
    with django_capture_on_commit_callbacks(execute=True):
        edited = staff_client.post(
            url, {**text, "body": "Vi har ikke kaffe.", "previewed": previewed, "send": 1}
        )
    assert "endret teksten" in edited.content.decode() and mailoutbox == []
    assert not CourseMessage.objects.exists()


def test_course_update_refuses_a_maximum_below_the_confirmed_count(course_factory, signup_factory):
    course = course_factory(min_participants=1, max_participants=3)
    signup_factory(course)
    signup_factory(course)
    try:
        services.course_update(course=course, changes={"max_participants": 1}, now=NOW)
    except services.CourseFieldError as error:
        assert error.field == "max_participants"
    else:
        raise AssertionError("course_update accepted a maximum below the confirmed count")
    course.refresh_from_db()
    assert course.max_participants == 3


def test_course_update_writes_only_the_changed_fields(course_factory):
    course = course_factory()
    stale = Course.objects.get(pk=course.pk)
    Course.objects.filter(pk=course.pk).update(poll_sent_at=NOW)  # meanwhile, elsewhere
    services.course_update(course=stale, changes={"place": "Storgata 1"}, now=NOW)
    course.refresh_from_db()
    assert course.place == "Storgata 1" and course.poll_sent_at == NOW


def test_the_kind_of_course_is_not_changed_under_those_signed_up(
    course_factory, course_type_factory, signup_factory, mailoutbox
):
    """People signed up for one course are not moved to another kind of course without a
    word (their Min side, calendar entry and interest list would change under them)."""
    other_type = course_type_factory(slug="annet-kurs")
    empty = course_factory()
    services.course_update(course=empty, changes={"course_type": other_type}, now=NOW)
    empty.refresh_from_db()
    assert empty.course_type == other_type  # a slip mended before anyone signed up

    taken = course_factory()
    signup_factory(taken)
    with pytest.raises(services.CourseFieldError) as refused:
        services.course_update(course=taken, changes={"course_type": other_type}, now=NOW)
    assert refused.value.field == "course_type"
    assert "meldt seg på" in refused.value.message
    taken.refresh_from_db()
    assert taken.course_type != other_type


def test_course_update_moves_people_up_into_new_seats(course_factory, signup_factory):
    course = course_factory(min_participants=1, max_participants=1)
    signup_factory(course)
    waiting = signup_factory(course, status=Signup.Status.WAITING, minutes=1)
    promoted = services.course_update(
        course=course, changes={"max_participants": 2}, now=NOW
    ).promoted
    assert promoted == [waiting]


def test_course_form_labels_say_what_each_field_is(staff_client, course):
    html = staff_client.get(reverse("admin:courses_course_change", args=[course.pk])).content
    html = html.decode()
    assert "Nettadresse til videomøtet" in html
    assert "Sted (oppmøteadresse)" in html
    assert ">Adresse:<" not in html


def test_a_reason_is_optional_for_the_services_and_left_out_of_the_email_when_empty(
    course, signup_factory, mailoutbox, django_capture_on_commit_callbacks
):
    signup_factory(course)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_cancel(course=course, now=NOW + timedelta(minutes=1))
    assert "Melding fra oss" not in mailoutbox[0].body


def test_a_course_someone_signed_up_for_cannot_be_deleted_only_cancelled(
    staff_client, course, signup_factory
):
    signup = signup_factory(course, status=Signup.Status.CANCELLED)  # even one who left
    change = reverse("admin:courses_course_change", args=[course.pk])
    delete = reverse("admin:courses_course_delete", args=[course.pk])
    assert delete not in staff_client.get(change).content.decode()  # no «Slett» link
    refused = staff_client.post(delete, {"post": "yes"}, follow=True)
    assert "Avlys det i stedet" in refused.content.decode()
    assert Signup.objects.filter(pk=signup.pk).exists()
    actions = staff_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert "delete_selected" not in dict(actions)
    with pytest.raises(services.CourseError, match="Avlys det i stedet"):
        services.course_delete(course=course)
    assert Course.objects.filter(pk=course.pk).exists()


def test_a_course_made_by_mistake_is_deleted(staff_client, course):
    delete = reverse("admin:courses_course_delete", args=[course.pk])
    response = staff_client.post(delete, {"post": "yes"})
    assert response.status_code == HTTPStatus.FOUND
    assert not Course.objects.filter(pk=course.pk).exists()


def test_a_signup_in_the_meantime_stops_the_deletion_with_a_message(
    staff_client, course, signup_factory
):
    delete = reverse("admin:courses_course_delete", args=[course.pk])
    assert staff_client.get(delete).status_code == HTTPStatus.OK  # the confirmation page
    signup_factory(course)  # someone signs up while staff read it
    response = staff_client.post(delete, {"post": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:courses_course_change", args=[course.pk]
    )
    assert "kan ikke slettes" in response.content.decode()
    assert Course.objects.filter(pk=course.pk).exists()


def test_a_course_types_address_is_fixed_once_saved_as_every_course_e_mail_links_it(
    staff_client, course_type
):
    change = reverse("admin:courses_coursetype_change", args=[course_type.pk])
    form = {
        "title": "Nytt navn",
        "slug": "nytt-navn",
        "summary": course_type.summary,
        "description": course_type.description,
        "audience": course_type.audience,
        "duration_minutes": course_type.duration_minutes,
        "price": course_type.price,
    }
    response = staff_client.post(change, form)
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    course_type.refresh_from_db()
    assert (course_type.title, course_type.slug) == ("Nytt navn", "fellessamling")
    course_type.slug = "nytt-navn"
    with pytest.raises(services.CourseFieldError, match="kan ikke endres"):
        services.course_type_save(course_type=course_type)


def test_a_course_type_with_courses_is_kept(staff_client, course):
    course.status = Course.Status.COMPLETED  # past rounds count too
    course.save(update_fields=["status"])
    course_type = course.course_type
    change = reverse("admin:courses_coursetype_change", args=[course_type.pk])
    delete = reverse("admin:courses_coursetype_delete", args=[course_type.pk])
    assert delete not in staff_client.get(change).content.decode()
    refused = staff_client.post(delete, {"post": "yes"}, follow=True)
    assert "også tidligere runder" in refused.content.decode()
    assert CourseType.objects.filter(pk=course_type.pk).exists()


def test_deleting_a_course_type_tells_those_waiting_on_its_interest_list(
    staff_client, course_type, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    waiting, told_before = user_factory(name="Kari Nordmann"), user_factory()
    services.interest_add(course_type=course_type, user=waiting, now=NOW)
    InterestEntry.objects.create(course_type=course_type, user=told_before, notified_at=NOW)
    delete = reverse("admin:courses_coursetype_delete", args=[course_type.pk])
    page = staff_client.get(delete).content.decode()
    assert "1 står på interesselisten og får e-post" in page
    assert waiting.email in page  # among what is deleted

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(delete, {"post": "yes"}, follow=True)

    assert "1 på interesselisten får e-post" in response.content.decode()
    assert not CourseType.objects.filter(pk=course_type.pk).exists()
    assert not InterestEntry.objects.exists()
    (mail,) = mailoutbox
    assert mail.to == [waiting.email]
    assert mail.subject.endswith(f"Vi tilbyr ikke lenger kurset {course_type.title}")
    assert "Hei Kari!" in mail.body
    assert "https://erfaringssentrum.example/kurs/" in mail.body


@pytest.mark.django_db(transaction=True)
def test_joining_the_interest_list_of_a_type_just_deleted_says_so(course_type, user):
    stale = CourseType.objects.get(pk=course_type.pk)
    services.course_type_delete(course_type=course_type)
    with pytest.raises(services.CourseError, match="tilbys ikke lenger"):
        services.interest_add(course_type=stale, user=user, now=NOW)
    assert not InterestEntry.objects.exists()


def test_staff_move_someone_up_the_waiting_list_under_the_course_lock(
    staff_client, course, signup_factory, monkeypatch
):
    first = signup_factory(course, status=Signup.Status.WAITING, minutes=1)
    second = signup_factory(course, status=Signup.Status.WAITING, minutes=2)
    locked = []
    lock = services._lock
    monkeypatch.setattr(services, "_lock", lambda c: locked.append(c.pk) or lock(c))

    response = staff_client.post(
        reverse("admin:courses_signup_change", args=[second.pk]),
        {"priority": "1", "comment": "Går foran etter avtale med NAV."},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert locked == [course.pk]
    queue = course.signups.waiting_list().with_waiting_position()
    assert [(s.pk, s.waiting_position) for s in queue] == [(second.pk, 1), (first.pk, 2)]
    second.refresh_from_db()
    assert second.comment == "Går foran etter avtale med NAV."
