"""Settings the courses app reads (all optional)."""

from django.conf import settings


def staff_emails() -> list[str]:
    return list(getattr(settings, "STAFF_NOTIFICATION_EMAILS", [settings.DEFAULT_FROM_EMAIL]))
