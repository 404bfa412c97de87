"""Settings of the resource library, each with a default (override in settings.py)."""

from django.conf import settings

DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def max_upload_bytes() -> int:
    """Largest PDF staff may upload (RESOURCE_MAX_UPLOAD_BYTES, default 10 MB)."""
    return getattr(settings, "RESOURCE_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)
