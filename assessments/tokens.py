"""The signed link that lets a candidate confirm their appointment without an account. Made
here, so both the e-mails and the services use it without importing each other."""

from django.core import signing

from .models import Booking

CANDIDATE_SALT = "assessments.candidate-confirmation"


def booking_candidate_token(booking: Booking) -> str:
    return signing.dumps(booking.pk, salt=CANDIDATE_SALT)
