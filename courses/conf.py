"""Settings the courses app reads (all optional)."""

from django.conf import settings


def staff_emails() -> list[str]:
    """Who is told when a course reaches its minimum or falls below it after a date is set."""
    return list(getattr(settings, "STAFF_NOTIFICATION_EMAILS", [settings.DEFAULT_FROM_EMAIL]))


def retention_days() -> int:
    """How long signups are kept after a course has taken place (or was cancelled)."""
    return getattr(settings, "COURSE_DATA_RETENTION_DAYS", 365)
