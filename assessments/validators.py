"""The candidate's first name: the only text an adviser writes that reaches the candidate's
e-mail, so it must be a name and nothing else (no links, addresses or messages)."""

import unicodedata

from django.core.exceptions import ValidationError

FIRST_NAME_MAX_LENGTH = 40
# Between the letters of a name: spaces, hyphens and apostrophes (typed or typographic).
NAME_PUNCTUATION = {" ", "-", "'", "’"}
FIRST_NAME_MESSAGE = (
    "Skriv bare kandidatens fornavn, med bokstaver. Mellomrom, bindestrek og apostrof går "
    "fint, men ikke tall, lenker, e-postadresser eller tegn som @, / og :."
)


def _is_letter(char: str) -> bool:
    # Letters and combining marks of any alphabet (é, ø, ñ, Cyrillic, Devanagari ...).
    return unicodedata.category(char)[0] in ("L", "M")


def normalise_first_name(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split())


def first_name_problem(value: str) -> str | None:
    """The Norwegian message for a name that breaks the rule, or None when it is fine."""
    if not value:
        return "Skriv kandidatens fornavn."
    if len(value) > FIRST_NAME_MAX_LENGTH:
        return f"Fornavnet kan være høyst {FIRST_NAME_MAX_LENGTH} tegn."
    if not _is_letter(value[0]) or not all(
        _is_letter(char) or char in NAME_PUNCTUATION for char in value
    ):
        return FIRST_NAME_MESSAGE
    return None


def validate_first_name(value: str) -> None:
    problem = first_name_problem(normalise_first_name(value))
    if problem:
        raise ValidationError(problem, code="first_name")
