"""The public pages, signing up and cancelling on the site, the poll page and Min side."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.forms import PollForm
from courses.models import Course, DateOption, InterestEntry, PollAnswer, Signup
from erfaringssentrum.core.pagecache import forget_local_state
from erfaringssentrum.models import ContactDetails

SIGNUP_DATA = {"organisation": "NAV Grünerløkka", "role": "Veileder", "comment": ""}


def future(days):
    return timezone.now() + timedelta(days=days)


def test_list_shows_open_courses_with_progress_in_words(client, course_factory, signup_factory):
    open_course = course_factory()
    for _ in range(3):
        signup_factory(open_course)
    course_factory(status=Course.Status.CANCELLED, expected_period="avlyst-periode")
    course_factory(starts_at=timezone.now() - timedelta(days=2), expected_period="gammel")
    response = client.get(reverse("courses:index"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "3 av 5 påmeldte – vi setter dato når 5 har meldt seg på" in html
    assert "Påmelding åpen" in html
    assert open_course.get_absolute_url() in html
    assert "avlyst-periode" not in html
    assert "gammel" not in html


def test_list_has_constant_queries(client, course_factory, signup_factory):
    def count():
        cache.clear()  # count the work behind the page, not the page cache
        forget_local_state()
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("courses:index"))
        return len(queries)

    course_factory()
    few = count()
    for _ in range(6):
        signup_factory(course_factory())
    assert count() == few


def test_detail_shows_facts_but_no_other_participants(client, course, signup_factory, user_factory):
    other = user_factory(name="Hemmelig Deltakersen")
    signup_factory(course, user=other)
    response = client.get(course.get_absolute_url())
    html = response.content.decode()
    assert "februar eller mars" in html
    assert "2 timer" in html
    assert "Veiledere i NAV og tiltak" in html
    assert "<strong>kurset</strong>" in html
    assert "Meld deg på" in html
    assert "Hemmelig" not in html
    assert other.email not in html


def test_unknown_course_is_404(client, db):
    assert client.get("/kurs/finnes-ikke/").status_code == HTTPStatus.NOT_FOUND


def test_signup_requires_login(client, course):
    response = client.get(reverse("courses:signup", args=[course.slug]))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_signing_up_on_the_site(
    auth_client, user, course, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("courses:signup", args=[course.slug])
    page = auth_client.get(url)
    assert user.email in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(url, SIGNUP_DATA, follow=True)
    assert response.redirect_chain[-1][0] == course.get_absolute_url()
    assert "Du er påmeldt" in response.content.decode()
    assert "Din påmelding: <strong>Påmeldt</strong>" in response.content.decode()
    signup = Signup.objects.get()
    assert (signup.user, signup.organisation, signup.status) == (
        user,
        "NAV Grünerløkka",
        "confirmed",
    )
    assert mailoutbox[0].to == [user.email]


def test_missing_fields_are_shown_next_to_the_field(auth_client, course):
    response = auth_client.post(reverse("courses:signup", args=[course.slug]), {"role": "x"})
    assert response.status_code == HTTPStatus.OK
    assert "Skriv inn hvor du jobber, for eksempel NAV-kontoret." in response.content.decode()
    assert not Signup.objects.exists()


def test_signing_up_twice_gives_a_clear_message(auth_client, user, course, signup_factory):
    signup_factory(course, user=user)
    response = auth_client.post(
        reverse("courses:signup", args=[course.slug]), SIGNUP_DATA, follow=True
    )
    assert "Du er allerede påmeldt" in response.content.decode()
    assert Signup.objects.count() == 1


def test_full_course_offers_the_waiting_list(auth_client, course_factory, signup_factory):
    course = course_factory(min_participants=1, max_participants=1)
    signup_factory(course)
    page = auth_client.get(course.get_absolute_url()).content.decode()
    assert "Fullt – venteliste" in page
    assert "Sett meg på ventelisten" in page
    response = auth_client.post(
        reverse("courses:signup", args=[course.slug]), SIGNUP_DATA, follow=True
    )
    assert "venteliste som nr. 1" in response.content.decode()


def test_closed_course_turns_signup_away(auth_client, course_factory):
    course = course_factory(status=Course.Status.CANCELLED)
    response = auth_client.get(reverse("courses:signup", args=[course.slug]), follow=True)
    assert "Påmeldingen til dette kurset er stengt." in response.content.decode()
    assert "Gi meg beskjed om neste kurs" in response.content.decode()


def test_a_failing_mail_server_loses_no_signup_and_gives_no_500(
    auth_client, course, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": "tests.security.failing_mail.EmailBackend"}}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = auth_client.post(reverse("courses:signup", args=[course.slug]), SIGNUP_DATA)
    assert callbacks  # the e-mail was attempted
    assert response.status_code == HTTPStatus.FOUND
    assert Signup.objects.filter(status="confirmed").count() == 1


def test_cancelling_own_signup_on_the_site(auth_client, user, course, signup_factory):
    signup = signup_factory(course, user=user)
    url = reverse("courses:cancel", args=[signup.pk])
    assert "Meld deg av kurset" in auth_client.get(url).content.decode()
    response = auth_client.post(url, follow=True)
    assert "Bekreftelsen kommer på e-post" in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CANCELLED
    assert "Avmeldt" in response.content.decode()


def test_other_peoples_signups_are_404(auth_client, course, signup_factory):
    someone_else = signup_factory(course)
    for name in ("courses:cancel", "courses:date-choice"):
        url = reverse(name, args=[someone_else.pk])
        assert auth_client.get(url).status_code == HTTPStatus.NOT_FOUND
        assert auth_client.post(url, {"choice": "defer"}).status_code == HTTPStatus.NOT_FOUND
    someone_else.refresh_from_db()
    assert someone_else.status == Signup.Status.CONFIRMED


@pytest.fixture
def poll_course(course_factory, signup_factory, user):
    course = course_factory(poll_sent_at=timezone.now())
    mine = signup_factory(course, user=user)
    options = [
        DateOption.objects.create(course=course, starts_at=future(days)) for days in (10, 12)
    ]
    return course, mine, options


def test_answering_the_poll(auth_client, poll_course):
    course, mine, (a, b) = poll_course
    url = reverse("courses:poll", args=[course.slug])
    page = auth_client.get(url).content.decode()
    assert str(a) in page and str(b) in page
    answer = PollForm.field_name
    response = auth_client.post(url, {answer(a): "yes", answer(b): "maybe"}, follow=True)
    assert "Svarene dine er lagret" in response.content.decode()
    assert dict(mine.poll_answers.values_list("option_id", "answer")) == {
        a.pk: "yes",
        b.pk: "maybe",
    }
    # The form shows the saved answers; a missing answer is an error next to the date.
    page = auth_client.get(url).content.decode()
    assert page.count("checked") == 2
    response = auth_client.post(url, {answer(a): "no"})
    assert f"Velg ja, kanskje eller nei for {b}." in response.content.decode()
    assert PollAnswer.objects.get(option=a).answer == "yes"


def test_poll_is_only_for_confirmed_participants(client, user_factory, poll_course, signup_factory):
    course, _, _ = poll_course
    outsider = user_factory()
    client.force_login(outsider)
    url = reverse("courses:poll", args=[course.slug])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    signup_factory(course, user=outsider, status=Signup.Status.WAITING)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_closed_poll_redirects_to_the_course(auth_client, poll_course):
    course, _, _ = poll_course
    course.starts_at = future(9)
    course.save()
    response = auth_client.get(reverse("courses:poll", args=[course.slug]), follow=True)
    assert "Datoavstemningen for dette kurset er avsluttet" in response.content.decode()


def test_answering_the_date_question(auth_client, user, course_factory, signup_factory):
    course = course_factory(min_participants=1, max_participants=1, starts_at=future(5))
    mine = signup_factory(course, user=user, date_question_at=timezone.now())
    waiting = signup_factory(course, status=Signup.Status.WAITING)
    url = reverse("courses:date-choice", args=[mine.pk])
    assert "Datoen passer ikke for deg?" in auth_client.get(url).content.decode()
    response = auth_client.post(url, {})
    assert "Velg om du beholder plassen eller gir den fra deg." in response.content.decode()
    response = auth_client.post(url, {"choice": "defer"}, follow=True)
    assert "Du står først i køen" in response.content.decode()
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Signup.Status.DEFERRED
    assert waiting.status == Signup.Status.CONFIRMED


def test_asking_to_be_told_about_the_next_course(auth_client, user, course_type):
    url = reverse("courses:interest", args=[course_type.slug])
    listing = auth_client.get(reverse("courses:index")).content.decode()
    assert url in listing
    assert "Gi meg beskjed" in auth_client.get(url).content.decode()
    response = auth_client.post(url, follow=True)
    assert "Du får én e-post" in response.content.decode()
    assert "Du står på interesselisten." in response.content.decode()
    assert InterestEntry.objects.get().user == user
    minside = auth_client.get(reverse("min-side")).content.decode()
    entry = InterestEntry.objects.get()
    assert reverse("courses:interest-remove", args=[entry.pk]) in minside
    auth_client.post(reverse("courses:interest-remove", args=[entry.pk]))
    assert not InterestEntry.objects.exists()


def test_interest_page_sends_people_to_the_open_course(auth_client, course):
    response = auth_client.get(reverse("courses:interest", args=[course.course_type.slug]))
    assert response["Location"] == course.get_absolute_url()


def test_min_side_shows_own_signups_with_status_and_date(
    auth_client, user, course_factory, signup_factory
):
    dated = course_factory(starts_at=future(7), expected_period="dated")
    full = course_factory(min_participants=1, max_participants=1, expected_period="fullt-kurs")
    signup_factory(dated, user=user)
    signup_factory(full)
    signup_factory(full, status=Signup.Status.WAITING, minutes=1)
    signup_factory(full, user=user, status=Signup.Status.WAITING, minutes=2)
    old = course_factory(expected_period="avmeldt-kurs")
    signup_factory(old, user=user, status=Signup.Status.CANCELLED)
    signup_factory(course_factory(expected_period="andres-kurs"))
    past = course_factory(starts_at=future(-7), expected_period="holdt")
    signup_factory(past, user=user)
    past_full = course_factory(starts_at=future(-7), min_participants=1, max_participants=1)
    signup_factory(past_full)
    signup_factory(past_full, user=user, status=Signup.Status.WAITING, minutes=1)
    html = auth_client.get(reverse("min-side")).content.decode()
    assert "Påmeldt – kurset er gjennomført" in html
    assert "Fikk ikke plass" in html
    assert "Påmeldt" in html
    assert Course.objects.get(pk=dated.pk).starts_at_local_text in html
    assert "Storgata 1, Oslo" in html
    assert "På venteliste nr. 2" in html
    assert "Avmeldt" in html
    assert "andres-kurs" not in html


def test_min_side_has_constant_queries(auth_client, user, course_factory, signup_factory):
    def count():
        with CaptureQueriesContext(connection) as queries:
            auth_client.get(reverse("min-side"))
        return len(queries)

    signup_factory(course_factory(), user=user)
    count()  # warms the cache (contact details, session)
    without_waiting = count()
    signup_factory(course_factory(), user=user, status=Signup.Status.WAITING)
    few = count()
    assert few == without_waiting  # the places come with the signups (with_waiting_position)
    for _ in range(5):
        course = course_factory(min_participants=1, max_participants=1, starts_at=future(3))
        signup_factory(course)
        signup_factory(course, user=user, status=Signup.Status.WAITING)
    assert count() == few


def test_sitemap_lists_open_courses_only(client, course_factory):
    open_course = course_factory()
    closed = course_factory(status=Course.Status.CANCELLED)
    xml = client.get("/sitemap.xml").content.decode()
    assert open_course.get_absolute_url() in xml
    assert closed.get_absolute_url() not in xml


def test_poll_link_on_the_course_page_for_a_confirmed_participant(auth_client, poll_course):
    course, _, _ = poll_course
    assert services.poll_tally(course=course)
    page = auth_client.get(course.get_absolute_url()).content.decode()
    assert reverse("courses:poll", args=[course.slug]) in page


def test_public_pages_are_cached_for_visitors_but_a_signup_shows_at_once(
    client, course, signup_factory
):
    ContactDetails.load()  # the first page view would create it, which bumps the version
    for url in (reverse("courses:index"), course.get_absolute_url()):
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"
    signup_factory(course)
    response = client.get(course.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "1 av 5 påmeldte" in response.content.decode()


def test_signup_posts_are_rate_limited_in_norwegian(client, user, settings, course_factory):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "course-signup": (2, 3600)}
    client.force_login(user)
    course = course_factory()
    url = f"/kurs/{course.slug}/pamelding/"
    assert client.post(url, {}).status_code == 200  # missing fields, but counted
    assert client.post(url, {}).status_code == 200
    response = client.post(url, {})
    assert response.status_code == 429
    assert "For mange forsøk" in response.content.decode()
    assert not course.signups.exists()


def test_course_page_shows_the_users_place_on_the_waiting_list(
    auth_client, user, course_factory, signup_factory
):
    course = course_factory(min_participants=1, max_participants=1)
    signup_factory(course)
    signup_factory(course, status=Signup.Status.WAITING)
    signup_factory(course, user=user, status=Signup.Status.WAITING)
    html = auth_client.get(course.get_absolute_url()).content.decode()
    assert "Din påmelding: <strong>På venteliste nr. 2</strong>" in html


def test_course_page_reads_the_waiting_place_with_the_signup(
    auth_client, user, course_factory, signup_factory
):
    def count(course):
        with CaptureQueriesContext(connection) as queries:
            auth_client.get(course.get_absolute_url())
        return len(queries)

    confirmed, waiting = course_factory(), course_factory(min_participants=1, max_participants=1)
    signup_factory(confirmed, user=user)
    signup_factory(waiting)
    signup_factory(waiting, user=user, status=Signup.Status.WAITING)
    count(confirmed)  # warms the cache (contact details, session)
    assert count(waiting) == count(confirmed)


def test_two_rounds_of_one_course_are_told_apart_by_title_heading_and_link_names(
    client, auth_client, user, course_factory, signup_factory
):
    """A screen reader lists titles and link names without the text around them."""
    spring = course_factory(slug="var", expected_period="mars 2027", town="Oslo")
    autumn = course_factory(slug="host", expected_period="september 2027", town="Bergen")
    pages = [
        client.get(reverse("courses:detail", args=[c.slug])).content.decode()
        for c in (spring, autumn)
    ]
    titles = [page.split("<title>")[1].split("</title>")[0] for page in pages]
    headings = [page.split("<h1>")[1].split("</h1>")[0] for page in pages]
    assert titles[0] != titles[1] and headings[0] != headings[1]
    assert "mars 2027" in titles[0] and "september 2027" in titles[1]

    for course in (spring, autumn):
        signup_factory(course, user=user)
    minside = auth_client.get(reverse("min-side")).content.decode()
    assert f": {spring.title}, {spring.round_name}</span>" in minside
    assert f": {autumn.title}, {autumn.round_name}</span>" in minside


def test_course_page_says_what_min_side_says_once_the_course_is_cancelled_or_held(
    auth_client, user, course_factory, signup_factory
):
    """A signup keeps its status when the course is cancelled or held; the course page must
    not then tell its holder «Påmeldt» or «På venteliste nr. 1» and offer to cancel."""
    cancelled = course_factory(status=Course.Status.CANCELLED)
    signup_factory(cancelled, user=user)
    held = course_factory(starts_at=future(-7), min_participants=1, max_participants=1)
    signup_factory(held)
    signup_factory(held, user=user, status=Signup.Status.WAITING, minutes=1)
    pages = {
        "Kurset er avlyst": auth_client.get(cancelled.get_absolute_url()).content.decode(),
        "Fikk ikke plass": auth_client.get(held.get_absolute_url()).content.decode(),
    }
    minside = auth_client.get(reverse("min-side")).content.decode()
    for status, html in pages.items():
        assert f"Din påmelding: <strong>{status}</strong>" in html
        assert "meld deg av" not in html
        assert "Gi meg beskjed om neste kurs" in html
        assert status in minside


def test_a_proposed_date_that_has_passed_is_neither_asked_about_nor_e_mailed(
    client,
    user,
    course_factory,
    signup_factory,
    time_machine,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """The poll went out with a date that has since passed (staff have not chosen yet, or
    send the poll again with new dates): nobody is asked whether it suits them."""
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    time_machine.move_to(start, tick=False)
    course = course_factory(min_participants=1, poll_sent_at=start)
    mine = signup_factory(course, user=user)
    passed, a, b = (
        DateOption.objects.create(course=course, starts_at=start + timedelta(days=days))
        for days in (1, 10, 12)
    )
    time_machine.move_to(start + timedelta(days=2), tick=False)
    url = reverse("courses:poll", args=[course.slug])
    client.force_login(user)  # a session started now
    page = client.get(url).content.decode()
    assert str(a) in page and str(b) in page
    assert str(passed) not in page
    answer = PollForm.field_name
    response = client.post(url, {answer(a): "yes", answer(b): "no"}, follow=True)
    assert "Svarene dine er lagret" in response.content.decode()
    assert set(mine.poll_answers.values_list("option_id", flat=True)) == {a.pk, b.pk}

    with django_capture_on_commit_callbacks(execute=True):
        services.poll_send(course=course)  # sent again
    (mail,) = mailoutbox
    assert str(a) in mail.body and str(b) in mail.body
    assert str(passed) not in mail.body


def test_a_course_under_way_reads_as_under_way_not_held(
    auth_client, user, course_factory, signup_factory
):
    """A participant who opens Min side or the course page while the course runs (late, looking
    for the video link) is told it is under way, not «kurset er gjennomført»; one left on the
    waiting list still reads «Fikk ikke plass», and once the course has ended it is held."""
    running = course_factory(
        starts_at=timezone.now() - timedelta(minutes=30),
        format=Course.Format.VIDEO,
        video_link="https://video.example/kurs",
        expected_period="i-gang",
    )
    signup_factory(running, user=user)
    ended = course_factory(starts_at=timezone.now() - timedelta(hours=3))
    signup_factory(ended, user=user)
    minside = auth_client.get(reverse("min-side")).content.decode()
    assert minside.count("Påmeldt – kurset er i gang") == 1
    assert minside.count("Påmeldt – kurset er gjennomført") == 1
    assert "https://video.example/kurs" in minside
    page = auth_client.get(running.get_absolute_url()).content.decode()
    assert "Din påmelding: <strong>Påmeldt – kurset er i gang</strong>" in page
    assert ">I gang</span>" in page and ">Gjennomført</span>" not in page
    assert ">Gjennomført</span>" in auth_client.get(ended.get_absolute_url()).content.decode()
    waiting = signup_factory(running, status=Signup.Status.WAITING, minutes=1)
    assert waiting.status_now_text == "Fikk ikke plass"


def test_min_side_offers_no_way_in_to_a_cancelled_course(
    auth_client, user, course_factory, signup_factory
):
    """A cancelled course keeps its date and video link in the database; Min side said «Kurset
    er avlyst» with the «Videolenke» (or the address) beside it, as if one could still join."""
    cancelled = course_factory(
        starts_at=future(5),
        format=Course.Format.VIDEO,
        video_link="https://video.example/avlyst-kurs",
    )
    signup_factory(cancelled, user=user)
    services.course_cancel(course=cancelled)
    html = auth_client.get(reverse("min-side")).content.decode()
    assert "Kurset er avlyst" in html
    assert "https://video.example/avlyst-kurs" not in html and "Videolenke" not in html
