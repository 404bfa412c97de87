"""The signed link that lets a candidate confirm their appointment without an account. Made
here, so both the e-mails and the services use it without importing each other."""

from django.core import signing
from django.utils.crypto import salted_hmac

from .models import Booking

CANDIDATE_SALT = "assessments.candidate-confirmation"


def address_digest(email: str) -> str:
    # Keyed with SECRET_KEY: the link does not reveal the address to whoever holds it.
    digest = salted_hmac(CANDIDATE_SALT, email.strip().lower(), algorithm="sha256")
    return digest.hexdigest()[:20]


def booking_candidate_token(booking: Booking) -> str:
    """The candidate's link, for the address it was sent to: it stops working when staff
    change the address (the mail may have gone to a wrong one)."""
    return signing.dumps([booking.pk, address_digest(booking.candidate_email)], salt=CANDIDATE_SALT)
