"""Settings the courses app reads (all optional)."""

from django.conf import settings


def staff_emails() -> list[str]:
    """Who is told when a course reaches its minimum or falls below it after a date is set."""
    return list(getattr(settings, "STAFF_NOTIFICATION_EMAILS", [settings.DEFAULT_FROM_EMAIL]))


def retention_days() -> int:
    """How long signups are kept after a course has taken place (or was cancelled), and an
    interest-list entry after its person was told of a course."""
    return getattr(settings, "COURSE_DATA_RETENTION_DAYS", 365)


def untold_interest_retention_days() -> int:
    """How long an interest-list entry is kept when no course has come: a year more."""
    return retention_days() + 365
