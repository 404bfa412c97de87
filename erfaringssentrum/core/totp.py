"""Time-based one-time codes (RFC 6238) for the demo staff account and the tests: the code an
authenticator app would show, and switching two-factor on for an account with a known secret.

allauth checks the codes at login; this only makes them, so demo and tests need nothing from
allauth's internal modules. The parameters are allauth's (SHA-1, MFA_TOTP_DIGITS digits,
MFA_TOTP_PERIOD seconds), so the codes are the ones allauth accepts.
"""

import base64
import hashlib
import hmac
import struct
import time

from allauth.mfa import app_settings
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator


def hotp(key: bytes, counter: int, *, digits: int) -> str:
    """RFC 4226: HMAC-SHA-1 of the counter, dynamically truncated to `digits` digits."""
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def totp_code(secret: str, *, at: float | None = None, digits: int | None = None) -> str:
    """The code for the base32 `secret` (as authenticator apps take it) at Unix time `at`
    (default: now)."""
    key = base64.b32decode(secret, casefold=True)
    moment = time.time() if at is None else at
    return hotp(
        key,
        int(moment) // app_settings.TOTP_PERIOD,
        digits=digits or app_settings.TOTP_DIGITS,
    )


def totp_activate(*, user, secret: str) -> Authenticator:
    """Two-factor on for `user` with a known base32 secret, stored as allauth stores the
    secrets it makes (through the MFA adapter's `encrypt`)."""
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": get_adapter().encrypt(secret)}
    )
