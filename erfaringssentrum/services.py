"""Writes to the project's own models: the admin and `seed_demo` call these."""

from .models import ContactDetails


def contact_details_save(*, details: ContactDetails) -> ContactDetails:
    """Validates and saves the centre's contact details (the single row every page shows)."""
    details.full_clean()
    details.save()
    return details
