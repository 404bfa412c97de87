"""Placeholders in the project's own data: the contact details, and accounts on example
domains (the demo's accounts: staff, advisers, course participants)."""

from django.urls import reverse

from .launch_checks import (
    Placeholder,
    example_address_q,
    is_example_address,
    is_placeholder_phone,
)
from .models import ContactDetails, User


def contact_details() -> list[Placeholder]:
    details = ContactDetails.objects.first()  # from the database: the cache may be behind
    if details is None:
        return []
    url = reverse("admin:erfaringssentrum_contactdetails_change", args=[details.pk])
    fix = "Skriv inn senterets egne opplysninger under Kontaktinformasjon, eller tøm feltet."
    found = []
    if details.email and is_example_address(details.email):
        found.append(Placeholder("E-postadressen i kontaktinformasjonen", details.email, fix, url))
    if details.phone and is_placeholder_phone(details.phone):
        found.append(Placeholder("Telefonnummeret i kontaktinformasjonen", details.phone, fix, url))
    return found


def demo_accounts() -> list[Placeholder]:
    emails = list(
        User.objects.filter(example_address_q("email")).order_by("email").values_list(
            "email", flat=True
        )
    )
    if not emails:
        return []
    return [
        Placeholder(
            f"Kontoer på eksempeldomener, som demokontoene ({len(emails)})",
            ", ".join(emails),
            "Slett kontoene (demokontoene har kjente passord).",
            reverse("admin:erfaringssentrum_user_changelist") + "?q=example",
        )
    ]


def placeholders() -> list[Placeholder]:
    return [*contact_details(), *demo_accounts()]
