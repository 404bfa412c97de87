"""E-mail addresses as the booking rules see them: the domain an adviser's address is on, and
the one inbox a candidate address reaches (for the invitation limit, kept only as a keyed hash).
"""

from django.utils.crypto import salted_hmac

DIGEST_SALT = "assessments.candidate-invitation"
# Providers known to ignore dots in the local part, so a.b@ and ab@ are the same inbox.
DOTLESS_PROVIDERS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def normalise_domain(domain: str) -> str:
    return domain.strip().lstrip("@").rstrip(".").lower()


def email_domain(address: str) -> str:
    _, at, domain = address.rpartition("@")
    return normalise_domain(domain) if at else ""


def parent_domains(domain: str) -> list[str]:
    """oslo.nav.no -> ["nav.no", "no"]: the entries that cover it when they include subdomains."""
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(1, len(labels))]


def inbox(address: str) -> str:
    """The inbox an address reaches: case, a +tag and (where the provider ignores them) dots
    do not make it another address, so they cannot be used to get past the limit."""
    local, _, domain = address.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    domain = normalise_domain(domain)
    if domain in DOTLESS_PROVIDERS:
        local, domain = local.replace(".", ""), DOTLESS_PROVIDERS[domain]
    return f"{local}@{domain}"


def inbox_digest(address: str) -> str:
    """A keyed hash of the inbox: the same address gives the same value, but the value cannot
    be turned back into the address without the site's SECRET_KEY."""
    return salted_hmac(DIGEST_SALT, inbox(address), algorithm="sha256").hexdigest()
