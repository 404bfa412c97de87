import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress

from erfaringssentrum.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "et-godt-passord-123"


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """allauth's e-mails are queued after commit, like every e-mail: this client runs each
    request's on-commit callbacks, so the (immediate) task sends them before it returns."""

    class SendingClient:
        def __getattr__(self, name):
            return getattr(client, name)

        def get(self, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return client.get(*args, **kwargs)

        def post(self, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return client.post(*args, **kwargs)

    return SendingClient()


def confirmation_link(message):
    return re.search(r"https?://[^/\s]+(/konto/confirm-email/[^\s]+/)", message.body).group(1)


def sign_up(client, email="ny@nav.example"):
    return client.post(
        "/konto/signup/",
        {"name": "Kari Nordmann", "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_signup_sends_a_norwegian_confirmation_email(client, mailoutbox):
    response = sign_up(client)
    assert response.status_code == HTTPStatus.FOUND
    user = User.objects.get(email="ny@nav.example")
    assert user.name == "Kari Nordmann"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ny@nav.example"]
    assert "Bekreft" in message.subject or "bekreft" in message.body.lower()
    assert confirmation_link(message)


def test_login_requires_a_confirmed_email_address(client, mailoutbox):
    sign_up(client)
    client.logout()
    response = client.post("/konto/login/", {"login": "ny@nav.example", "password": PASSWORD})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/konto/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_confirming_the_email_lets_the_user_log_in(client, mailoutbox):
    sign_up(client)
    client.logout()
    link = confirmation_link(mailoutbox[0])
    assert client.get(link).status_code == HTTPStatus.OK
    client.post(link)
    assert EmailAddress.objects.get(email="ny@nav.example").verified
    client.logout()
    response = client.post("/konto/login/", {"login": "ny@nav.example", "password": PASSWORD})
    assert response["Location"] == "/min-side/"
    assert client.get("/min-side/").status_code == HTTPStatus.OK


def test_a_confirmation_link_used_twice_says_the_address_may_be_confirmed_already(
    client, mailoutbox
):
    sign_up(client)
    link = confirmation_link(mailoutbox[0])
    client.post(link)
    assert EmailAddress.objects.get(email="ny@nav.example").verified
    page = client.get(link).content.decode()  # the e-mail's link opened again later
    assert "Er den brukt før, er adressen allerede bekreftet" in page
    assert "for gammel" in page


def test_a_dead_password_reset_link_says_so_in_plain_words(client):
    page = client.get("/konto/password/reset/key/1-ugyldig/", follow=True).content.decode()
    assert "Lenken virker ikke" in page and "Ugyldig token" not in page


def test_wrong_password_gives_a_norwegian_error_next_to_the_form(client, user):
    response = client.post("/konto/login/", {"login": user.email, "password": "feil"})
    assert response.status_code == HTTPStatus.OK
    assert "E-postadressen og/eller passordet du oppgav er feil" in response.content.decode()


def test_account_pages_use_the_site_layout_in_norwegian(client):
    for url in ("/konto/login/", "/konto/signup/", "/konto/password/reset/"):
        html = client.get(url).content.decode()
        assert '<html lang="nb">' in html
        assert 'href="#hovedinnhold"' in html
        assert html.count("<h1") == 1


def test_password_reset_email_is_norwegian(client, user, mailoutbox):
    response = client.post("/konto/password/reset/", {"email": user.email})
    assert response.status_code == HTTPStatus.FOUND
    assert len(mailoutbox) == 1
    assert "passord" in mailoutbox[0].body.lower()


def test_account_emails_are_norwegian_text_and_html_in_the_site_design(client, mailoutbox, user):
    sign_up(client)
    client.post("/konto/password/reset/", {"email": user.email})
    confirmation, reset = mailoutbox
    assert confirmation.subject == "[Erfaringssentrum] Bekreft e-postadressen din"
    assert reset.subject == "[Erfaringssentrum] Lag et nytt passord"
    assert "Bekreft e-postadressen din ved å åpne denne lenken" in confirmation.body
    assert "Vennlig hilsen\nErfaringssentrum" in confirmation.body
    assert "testserver!" not in confirmation.body  # not allauth's "Hello from <domain>!"
    html = confirmation.alternatives[0].content
    assert '<html lang="nb">' in html and "Bekreft e-postadressen</a>" in html
    assert "Lag et nytt passord" in reset.body
    assert "/konto/password/reset/key/" in reset.alternatives[0].content


def test_account_emails_are_queued_with_ids_and_link_to_site_url(
    client, mailoutbox, user, settings
):
    from django.tasks.signals import task_enqueued

    settings.SITE_URL = "https://erfaringssentrum.example"
    queued = []

    def record(sender, task_result, **kwargs):
        queued.append(task_result.args)

    task_enqueued.connect(record)
    try:
        sign_up(client)
        client.post("/konto/password/reset/", {"email": user.email})
    finally:
        task_enqueued.disconnect(record)
    confirmation, reset = mailoutbox
    assert confirmation.to == ["ny@nav.example"] and reset.to == [user.email]
    assert "https://erfaringssentrum.example/konto/confirm-email/" in confirmation.body
    assert "https://erfaringssentrum.example/konto/password/reset/key/" in reset.body
    assert "testserver" not in confirmation.body + reset.body  # not the request's host
    assert [args[0] for args in queued] == ["erfaringssentrum.adapters.account_mail"] * 2
    for _, params in queued:
        assert "user_id" in params and "email_address_id" in params
        assert not any("@" in str(value) for value in params.values())


def test_a_reset_for_an_unknown_address_is_told_so_at_that_address(client, mailoutbox):
    client.post("/konto/password/reset/", {"email": "ukjent@example.org"})
    (message,) = mailoutbox
    assert message.to == ["ukjent@example.org"]


def test_an_account_deleted_before_its_email_went_out_gets_nothing(user):
    from erfaringssentrum.adapters import account_mail

    address = EmailAddress.objects.get(user=user)
    user_id = user.pk
    user.delete()
    assert (
        account_mail(
            template_prefix="account/email/password_reset_key",
            email_address_id=address.pk,
            user_id=user_id,
            password_reset_url="https://erfaringssentrum.example/konto/password/reset/key/x/",
        )
        is None
    )


# --- An extra address another account added but never confirmed is no claim to it --------
# Its owner can still sign up with it, a password reset for it never reaches the other
# account, and once the owner confirms it, the other account's unconfirmed copy goes.

KARI = "kari@nav.example"


@pytest.fixture
def squatter(user_factory):
    """Someone who added Kari's work address to their own account and never confirmed it."""
    other = user_factory(email="noen@gmail.example")
    EmailAddress.objects.create(user=other, email=KARI, verified=False, primary=False)
    return other


def test_the_owner_signs_up_and_confirms_and_the_unconfirmed_copy_goes(
    client, squatter, mailoutbox
):
    sign_up(client, email=KARI)

    kari = User.objects.get(email=KARI)
    (message,) = mailoutbox
    assert message.to == [KARI]
    client.post(confirmation_link(message))
    assert EmailAddress.objects.get(user=kari, email=KARI).verified
    assert not EmailAddress.objects.filter(user=squatter, email=KARI).exists()


def test_a_reset_for_the_address_never_reaches_the_account_that_added_it(
    client, squatter, mailoutbox
):
    client.post("/konto/password/reset/", {"email": KARI})

    (message,) = mailoutbox
    assert message.to == [KARI]
    assert "/konto/password/reset/key/" not in message.body  # the unknown-account e-mail


def test_an_account_that_holds_the_address_still_gets_its_reset(client, user, mailoutbox):
    client.post("/konto/password/reset/", {"email": user.email.upper()})
    (message,) = mailoutbox
    assert "/konto/password/reset/key/" in message.body
