"""Writes to the project's own models: the admin and `seed_demo` call these."""

from .core.adviser_fields import validate_phone_number
from .models import ContactDetails, User


def contact_details_save(*, details: ContactDetails) -> ContactDetails:
    """Validates and saves the centre's contact details (the single row every page shows)."""
    details.full_clean()
    details.save()
    return details


def user_details_update(*, user: User, organisation: str, role: str, phone: str) -> User:
    """Saves «Mine opplysninger»: what the booking and course forms fill in for the adviser."""
    validate_phone_number(phone)
    user.organisation, user.role, user.phone = organisation.strip(), role.strip(), phone.strip()
    user.full_clean(validate_unique=False, exclude=["password"])
    user.save(update_fields=["organisation", "role", "phone"])
    return user
