"""Writes to the project's own models: the admin and `seed_demo` call these."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db.models import Q

from .core.adviser_fields import (
    contains_email_address,
    no_email_address,
    one_line,
    validate_phone_number,
)
from .core.pagecache import content_changed
from .models import ContactDetails, SearchSynonym, User, split_words


def contact_details_save(*, details: ContactDetails) -> ContactDetails:
    """Validates and saves the centre's contact details (the single row every page shows)."""
    details.full_clean()
    details.save()
    return details


def user_signed_up(*, user: User, name: str) -> User:
    """The name typed on the signup form (allauth has saved the account), on one line."""
    user.name = one_line(name)
    user.save(update_fields=["name"])
    return user


def user_details_update(*, user: User, organisation: str, role: str, phone: str) -> User:
    """Saves «Mine opplysninger»: what the booking and course forms fill in for the adviser."""
    validate_phone_number(phone)
    no_email_address(organisation)
    user.organisation, user.role, user.phone = one_line(organisation), one_line(role), phone.strip()
    user.full_clean(validate_unique=False, exclude=["password"])
    user.save(update_fields=["organisation", "role", "phone"])
    return user


def user_details_fill_in(*, user: User, organisation: str = "", role: str = "", phone: str = ""):
    """Remembers what an adviser typed into a booking or course signup for the next form, but
    only where «Mine opplysninger» is still empty: what they saved on Min side is theirs and
    is never overwritten. Each field is set only if it is still empty in the database, so a
    save on Min side at the same moment wins."""
    try:
        validate_phone_number(phone)
    except ValidationError:
        phone = ""
    if contains_email_address(organisation):
        organisation = ""
    typed = {"organisation": one_line(organisation), "role": one_line(role), "phone": phone.strip()}
    for field, value in typed.items():
        if value and not getattr(user, field):
            User.objects.filter(pk=user.pk, **{field: ""}).update(**{field: value})
            setattr(user, field, value)


def search_synonym_normalised(*, word: str, means: str) -> tuple[str, str]:
    """A synonym written the way the search compares words: one lowercase word searched for,
    the words it means separated by commas. Raises ValidationError per field."""
    word, meanings = word.strip().lower(), split_words(means)
    if len(word.split()) != 1:
        raise ValidationError({"word": "Skriv ett ord, uten mellomrom."})
    if not meanings:
        raise ValidationError({"means": "Skriv minst ett ord søket også skal lete etter."})
    if word in meanings:
        raise ValidationError({"means": "Skriv andre ord enn søkeordet selv."})
    return word, ", ".join(meanings)


def search_synonym_save(*, synonym: SearchSynonym) -> SearchSynonym:
    synonym.word, synonym.means = search_synonym_normalised(word=synonym.word, means=synonym.means)
    synonym.full_clean()
    synonym.save()
    return synonym


def search_synonym_delete(*, synonym: SearchSynonym) -> None:
    synonym.delete()


def user_account_save(*, user: User, changed: list[str]) -> User:
    """Staff's changes to an account in admin (name, address, access). An account made
    inactive or active again changes what public pages show (a consultant's slots on
    /vurdering/ are offered only while they are active), so the cached pages are renewed."""
    user.save()
    if "is_active" in changed:
        content_changed()
    return user


def email_address_holders(email: str):
    """The accounts that hold `email`: as their own address (what they signed up or log in
    with) or as a confirmed extra one. An extra address another account added but never
    confirmed is no claim: else anyone could lock its owner out by adding it."""
    confirmed = Q(emailaddress__email__iexact=email, emailaddress__verified=True)
    return User.objects.filter(Q(email__iexact=email) | confirmed).distinct()


def email_address_confirmed(*, email_address: EmailAddress) -> int:
    """Once someone confirms an address, other accounts' unconfirmed claims to it go (they
    could never be confirmed now). Returns how many."""
    others = EmailAddress.objects.filter(email__iexact=email_address.email, verified=False)
    deleted, _ = others.exclude(user_id=email_address.user_id).delete()
    return deleted
