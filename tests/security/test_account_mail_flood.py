"""The account forms send e-mail to whatever address is typed in: «Ukjent konto» for a password
reset of an address we do not know, «Konto eksisterer allerede» for a signup with one we do,
a reset link for an account. allauth limits these per minute (per client, and a reset also per
address), which still lets anyone, from a few addresses, send one inbox hundreds of e-mails a
day in the centre's name. Each address gets at most ACCOUNT_MAILS_PER_ADDRESS_PER_DAY of them;
the page says the same either way (no account enumeration)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
# Sunday late evening: the day's count must not run into Monday's.
START = datetime(2026, 11, 29, 22, 30, tzinfo=OSLO)
PASSWORD = "Kjempe-hemmelig-2026"


def from_address(number: int) -> Client:
    """A visitor behind the one trusted proxy, from their own address."""
    return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    def post(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_MAILS_PER_ADDRESS_PER_DAY = 5


def test_password_resets_for_an_unknown_address_stop_at_the_daily_limit(
    sending, mailoutbox, time_machine
):
    time_machine.move_to(START)
    for _ in range(12):  # one a minute, from one client: within allauth's limits
        time_machine.shift(timedelta(minutes=1))
        response = sending(
            from_address(1), reverse("account_reset_password"), {"email": "offer@example.org"}
        )
        assert response.status_code == 302  # the same answer every time
    assert [m.to for m in mailoutbox] == [["offer@example.org"]] * 5


def test_signups_with_a_taken_address_stop_at_the_daily_limit(sending, mailoutbox, time_machine):
    factories.user(email="offer@example.org")
    time_machine.move_to(START)
    for number in range(12):  # every three minutes: allauth's limit on these e-mails
        time_machine.shift(timedelta(minutes=3))
        response = sending(
            from_address(number),
            reverse("account_signup"),
            {
                "name": "Noen Andre",
                "email": "Offer@Example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        assert response.status_code == 302
    assert len(mailoutbox) == 5
    assert all(m.to == ["Offer@Example.org"] or m.to == ["offer@example.org"] for m in mailoutbox)


def test_the_limit_is_per_address_and_per_day(sending, mailoutbox, time_machine):
    time_machine.move_to(START)
    for _ in range(6):
        time_machine.shift(timedelta(minutes=1))
        sending(from_address(1), reverse("account_reset_password"), {"email": "en@example.org"})
    sending(from_address(2), reverse("account_reset_password"), {"email": "to@example.org"})
    assert len(mailoutbox) == 6  # five to the first address, one to the second
    time_machine.move_to(START + timedelta(days=1))
    sending(from_address(1), reverse("account_reset_password"), {"email": "en@example.org"})
    assert len(mailoutbox) == 7


def test_the_confirmation_right_after_signup_is_sent_even_past_the_limit(
    sending, mailoutbox, time_machine
):
    """Whoever used up an address's limit (password resets for it, before its owner has an
    account) must not keep the owner from confirming the account they then create: without
    that e-mail they cannot log in. It goes once per account, so it floods nobody."""
    time_machine.move_to(START)
    for _ in range(6):
        time_machine.shift(timedelta(minutes=1))
        sending(from_address(1), reverse("account_reset_password"), {"email": "ny@example.org"})
    assert len(mailoutbox) == 5
    mailoutbox.clear()

    response = sending(
        from_address(2),
        reverse("account_signup"),
        {
            "name": "Ny Bruker",
            "email": "ny@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == ["ny@example.org"]
    assert "Bekreft e-postadressen din" in message.subject


def test_the_counter_is_named_by_a_keyed_hash_not_one_anyone_can_compute(monkeypatch):
    """A plain sha256 of the address would give it back to whoever hashes likely addresses
    and looks for them in the cache."""
    import hashlib

    from erfaringssentrum import adapters

    names = []
    monkeypatch.setattr(adapters, "hit_key", lambda name, **_: names.append(name) or True)
    adapters.account_mail_allowed("Offer@Example.org")
    adapters.account_mail_allowed("offer@example.org ")
    plain = hashlib.sha256(b"offer@example.org").hexdigest()
    assert names[0] == names[1]  # one counter per address, whatever its case
    assert plain not in names[0]
