"""Settings for assessments, each read with a default so settings.py needs no entry.

ASSESSMENTS_LEAD_TIME_HOURS       slots closer than this are not offered (24)
ASSESSMENTS_CANCEL_CUTOFF_HOURS   advisers can cancel until this long before (24)
ASSESSMENTS_MAX_OPEN_BOOKINGS     upcoming active bookings per adviser (5)
ASSESSMENTS_RETENTION_MONTHS      bookings are anonymised this long after the appointment (6)
ASSESSMENTS_WEEKS_SHOWN           how far ahead /vurdering/ lists open slots (8)
ASSESSMENTS_INVITATIONS_PER_ADDRESS_PER_DAY
                                  invitations to one candidate address in 24 hours, across
                                  all advisers (3); past that the booking is kept, unsent

The two time limits are read here only: the rules use `lead_time()` and `cancel_cutoff()`,
and pages and e-mails state them through `deadline_context()`.
"""

from datetime import timedelta

from django.conf import settings


def lead_time_hours() -> int:
    return getattr(settings, "ASSESSMENTS_LEAD_TIME_HOURS", 24)


def lead_time() -> timedelta:
    return timedelta(hours=lead_time_hours())


def cancel_cutoff_hours() -> int:
    return getattr(settings, "ASSESSMENTS_CANCEL_CUTOFF_HOURS", 24)


def cancel_cutoff() -> timedelta:
    return timedelta(hours=cancel_cutoff_hours())


def deadline_context() -> dict[str, int]:
    """The two time limits as pages and e-mails state them ("frem til 24 timer før"): the
    views, Min side and the e-mails add this to their context, so the text always says what
    the code does."""
    return {"lead_hours": lead_time_hours(), "cutoff_hours": cancel_cutoff_hours()}


def max_open_bookings() -> int:
    return getattr(settings, "ASSESSMENTS_MAX_OPEN_BOOKINGS", 5)


def retention_months() -> int:
    return getattr(settings, "ASSESSMENTS_RETENTION_MONTHS", 6)


def weeks_shown() -> int:
    return getattr(settings, "ASSESSMENTS_WEEKS_SHOWN", 8)


def invitations_per_address_per_day() -> int:
    return getattr(settings, "ASSESSMENTS_INVITATIONS_PER_ADDRESS_PER_DAY", 3)


def invitation_window() -> timedelta:
    return timedelta(hours=24)
