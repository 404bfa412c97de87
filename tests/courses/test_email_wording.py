"""Course e-mails greet by first name and say only what is true for the one who gets them."""

from courses import services
from courses.models import Signup

from .conftest import NOW


def sign_up(course, user):
    return services.signup_create(
        course=course, user=user, organisation="NAV Test", role="Veileder", now=NOW
    )


def test_a_place_on_the_waiting_list_is_not_a_place_to_give_away(
    course_factory, signup_factory, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(min_participants=1, max_participants=1)
    signup_factory(course)
    with django_capture_on_commit_callbacks(execute=True):
        signup = sign_up(course, user_factory(name="Kari Nordmann"))
    assert signup.status == Signup.Status.WAITING
    (mail,) = mailoutbox
    html = mail.alternatives[0][0]
    for text in (mail.body, html):
        assert "Hei Kari!" in text and "Nordmann" not in text
        assert "får en annen plassen" not in text
        assert "Vil du ikke stå på ventelisten lenger?" in text


def test_a_confirmed_seat_can_be_given_back(
    course, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(course, user_factory(name="Kari Nordmann"))
    (mail,) = mailoutbox
    assert "Hei Kari!" in mail.body
    assert "så får en annen plassen" in mail.body
