"""Is the site ready to launch? The demo and placeholder values still in use.

`placeholders_in_use()` is the one list: each app declares what it knows in a `launch.py`
module with a `placeholders()` function (found like the admin finds `admin.py`). The system
check below shows it on `manage.py check --deploy`, and the admin start page shows it to staff
until it is empty.

A placeholder is anything only a demo or a documentation example would hold: an address or a
link on a domain reserved for examples (RFC 2606: `.example`, `example.com`, `example.net`,
`example.org`), or the placeholder phone number the demo uses.
"""

import re
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from django.db.models import Q
from django.http.request import validate_host

from .core.discovery import app_modules

PLACEHOLDER_EMAIL = "post@erfaringssentrum.example"
PLACEHOLDER_PHONE = "+47 000 00 000"
EXAMPLE_DOMAINS = ("example", "example.com", "example.net", "example.org")

URL_PATTERN = re.compile(r"https?://[^\s<>()\"'\]]+", re.IGNORECASE)


@dataclass(frozen=True)
class Placeholder:
    what: str  # where it is, in words staff know: "Kontaktinformasjon: e-post"
    value: str
    fix: str  # what to do about it
    admin_url: str = ""  # where staff fix it, when it is in the admin


def is_example_domain(domain: str) -> bool:
    domain = domain.lower().rstrip(".")
    return any(domain == example or domain.endswith("." + example) for example in EXAMPLE_DOMAINS)


def is_example_address(address: str) -> bool:
    """An e-mail address ("Navn <post@x.example>" too) on a domain reserved for examples."""
    _, email = parseaddr(address)
    return "@" in email and is_example_domain(email.rsplit("@", 1)[1])


def is_example_url(url: str) -> bool:
    return is_example_domain(urlsplit(url.strip()).hostname or "")


def example_urls(text: str) -> list[str]:
    """The links in `text` (plain or Markdown) that point to an example domain."""
    return [url.rstrip(".,;:!?") for url in URL_PATTERN.findall(text) if is_example_url(url)]


def is_placeholder_phone(phone: str) -> bool:
    """The demo's number however it is written: nothing but zeros, with or without +47."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    national = digits[2:] if phone.strip().startswith("+47") else digits
    return len(national) >= 8 and set(national) == {"0"}


def example_address_q(field: str) -> Q:
    """A filter for rows whose e-mail address in `field` is on an example domain."""
    query = Q()
    for domain in EXAMPLE_DOMAINS:
        query |= Q(**{f"{field}__iendswith": "@" + domain})
        query |= Q(**{f"{field}__iendswith": "." + domain})
    return query


def email_settings() -> list[Placeholder]:
    """The sender and the staff's address for notifications, from the environment."""
    fix = "Sett {name} i miljøfilen (/etc/erfaringssentrum/env) og start tjenestene på nytt."
    found = []
    if is_example_address(settings.DEFAULT_FROM_EMAIL):
        found.append(
            Placeholder(
                "Avsender av e-post (DEFAULT_FROM_EMAIL)",
                settings.DEFAULT_FROM_EMAIL,
                fix.format(name="DEFAULT_FROM_EMAIL"),
            )
        )
    for address in settings.STAFF_NOTIFICATION_EMAILS:
        if is_example_address(address):
            found.append(
                Placeholder(
                    "Varsler til ansatte (STAFF_NOTIFICATION_EMAILS)",
                    address,
                    fix.format(name="STAFF_NOTIFICATION_EMAILS"),
                )
            )
    return found


def data_placeholders() -> list[Placeholder]:
    """What the apps' `launch.placeholders()` find in the database."""
    found = []
    for module in app_modules("launch", defining="placeholders"):
        found.extend(module.placeholders())
    return found


def placeholders_in_use() -> list[Placeholder]:
    """Every placeholder the site still uses: in the settings and in the data."""
    return [*email_settings(), *data_placeholders()]


def as_warning(item: Placeholder) -> checks.Warning:
    return checks.Warning(f"{item.what}: {item.value}", hint=item.fix, id="launch.W001")


@checks.register("launch", deploy=True)
def check_placeholders(app_configs=None, databases=None, **kwargs):
    """`check --deploy`: a warning for each placeholder still in use.

    Most of them are data, so this check reads the default database even when no --database
    is named: a site is not ready while its data says otherwise."""
    warnings = [as_warning(item) for item in email_settings()]
    try:
        return warnings + [as_warning(item) for item in data_placeholders()]
    except DatabaseError as error:
        return warnings + [
            checks.Warning(
                f"Databasen kunne ikke leses, så innholdet er ikke sjekket for demoverdier "
                f"({error.__class__.__name__}).",
                hint="Kjør migrate, og kjør check --deploy igjen.",
                id="launch.W002",
            )
        ]


@checks.register("launch", deploy=True)
def check_site_url_is_served(app_configs=None, **kwargs):
    """`check --deploy`: every link in e-mails, feeds and calendar files goes to SITE_URL, so
    its host must be one the site answers (ALLOWED_HOSTS), or each of them gives a 400."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    if validate_host(host, settings.ALLOWED_HOSTS):
        return []
    return [
        checks.Error(
            f"SITE_URL ({settings.SITE_URL}) har en vert som ikke står i ALLOWED_HOSTS "
            f"({', '.join(settings.ALLOWED_HOSTS) or 'tom'}).",
            hint="Legg verten til i ALLOWED_HOSTS, eller rett SITE_URL, i miljøfilen.",
            id="launch.E001",
        )
    ]
