"""Our RFC 6238 helper (erfaringssentrum/core/totp.py), which the demo and the tests use
instead of allauth's internal TOTP module: the RFC's own test values, and a code it makes
logs staff in through allauth."""

from datetime import UTC, datetime
from http import HTTPStatus

import pytest

from erfaringssentrum.core.totp import hotp, totp_code
from tests.factories import STAFF_TOTP_SECRET

# RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
RFC_SHA1_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


@pytest.mark.parametrize(
    ("unix_time", "code"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_rfc_6238_sha1_test_vectors(unix_time, code):
    assert totp_code(RFC_SHA1_SECRET, at=unix_time, digits=8) == code


def test_six_digits_by_default_as_allauth_expects():
    assert totp_code(RFC_SHA1_SECRET, at=59) == "287082"
    # RFC 4226 appendix D: the six-digit HOTP values for counters 0 to 9.
    expected = ["755224", "287082", "359152", "969429", "338314"]
    expected += ["254676", "287922", "162583", "399871", "520489"]
    assert [hotp(b"12345678901234567890", n, digits=6) for n in range(10)] == expected


def test_a_code_changes_every_30_seconds():
    assert totp_code(RFC_SHA1_SECRET, at=60) == totp_code(RFC_SHA1_SECRET, at=89)
    assert totp_code(RFC_SHA1_SECRET, at=89) != totp_code(RFC_SHA1_SECRET, at=90)


@pytest.mark.django_db
def test_staff_log_in_with_the_helpers_code_and_not_with_another(client, staff_user, time_machine):
    moment = datetime(2026, 11, 30, 9, 0, 10, tzinfo=UTC)
    time_machine.move_to(moment, tick=False)
    password = {"login": staff_user.email, "password": "et-godt-passord-123"}
    assert client.post("/konto/login/", password)["Location"] == "/konto/2fa/authenticate/"

    code = totp_code(STAFF_TOTP_SECRET)
    wrong = totp_code(STAFF_TOTP_SECRET, at=moment.timestamp() + 3600)
    refused = client.post("/konto/2fa/authenticate/", {"code": wrong})
    assert refused.status_code == HTTPStatus.OK
    assert "_auth_user_id" not in client.session

    accepted = client.post("/konto/2fa/authenticate/", {"code": code})
    assert accepted.status_code == HTTPStatus.FOUND
    assert client.session["_auth_user_id"] == str(staff_user.pk)
