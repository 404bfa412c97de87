"""A user's own data: download it, or delete the account (GDPR articles 15, 17 and 20).

The account itself is handled here. Each app that stores personal data takes part through
`<app>/privacy.py` (found by core/discovery.py, in INSTALLED_APPS order) with:

- `export_user_data(user) -> dict`: what the app holds about the user, JSON-serialisable;
- `delete_user_data(user, *, now)`: cancel what is upcoming (telling the counterparts) and
  remove or anonymise the rest, before the account row is deleted;
- `apply_retention(*, now) -> int` (optional): anonymise what is past its retention period;
- `deletion_blockers(user, *, now) -> list[str]` (optional): what must happen before the
  account can go (in Norwegian, for the user), e.g. a consultant's slots.

What the apps remove or anonymise is also scrubbed from the admin's log (`admin_log_scrub`):
an entry names its object (a signup by the user's address, a booking by the candidate's
initials).
"""

import re
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import router, transaction
from django.db.models import ProtectedError, Q
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.module_loading import import_string

from ..models import User
from .discovery import app_modules
from .errors import DomainError

SCRUBBED = "(slettet)"


def iso_or_none(moment) -> str | None:
    """A moment in the data download: ISO 8601, or None for what has not happened."""
    return moment.isoformat() if moment else None


def privacy_modules():
    return app_modules("privacy", defining="delete_user_data")


def user_data_export(*, user: User) -> dict:
    data = {
        "konto": {
            "navn": user.name,
            "e-post": user.email,
            "arbeidssted": user.organisation,
            "rolle": user.role,
            "telefon": user.phone,
            "registrert": user.date_joined.isoformat(),
            "sist_innlogget": iso_or_none(user.last_login),
            "e-postadresser": [
                {"adresse": address.email, "bekreftet": address.verified}
                for address in EmailAddress.objects.filter(user=user)
            ],
        }
    }
    for module in privacy_modules():
        data.update(module.export_user_data(user))
    return data


class AccountDeletionBlocked(DomainError):
    """The account cannot be deleted yet; `reasons` say why and what must happen first, one
    paragraph each (`message` is them all in one)."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


# When something still refers to the account that no app has explained (a safety net).
REFERENCED_ELSEWHERE = (
    "Kontoen er fortsatt knyttet til opplysninger senteret må ta vare på. Ta kontakt med oss, "
    "så finner vi ut av det sammen."
)


# The admin's log of what a staff member did goes with their account (LogEntry.user), and
# their decisions (an adviser rejected) would lose who made them.
STAFF_ACCOUNT_KEPT = (
    "Du har en ansattkonto, og den slettes ikke, fordi loggen over hva du har gjort i "
    "administrasjonen hører til den. Be en kollega gjøre kontoen inaktiv i stedet."
)


def user_deletion_blockers(*, user: User, now=None) -> list[str]:
    now = now or timezone.now()
    reasons = [STAFF_ACCOUNT_KEPT] if user.is_staff else []
    for module in privacy_modules():
        blockers = getattr(module, "deletion_blockers", None)
        if blockers is not None:
            reasons.extend(blockers(user, now=now))
    return reasons


def admin_log_scrub(*, model=None, object_ids=(), text: str = "") -> int:
    """Blanks what the admin's log says about the given objects of `model`, and every entry
    that mentions `text` (an e-mail address). The entry itself, who did what when, stays."""
    entries = Q(pk__in=[])
    if model is not None and object_ids:
        content_type = ContentType.objects.get_for_model(model)
        entries |= Q(content_type=content_type, object_id__in=[str(pk) for pk in object_ids])
    if text:
        # The whole address, not a part: deleting a@nav.no must leave kari.a@nav.no's entries.
        # (A full stop may end a sentence after it.)
        whole = rf"(^|[^a-z0-9._%+-]){re.escape(text.lower())}($|[^a-z0-9.-]|\.($|[^a-z0-9-]))"
        entries |= Q(object_repr__iregex=whole) | Q(change_message__iregex=whole)
    return LogEntry.objects.filter(entries).update(object_repr=SCRUBBED, change_message="")


def _end_sessions(user: User, *, now) -> None:
    """Ends the user's sessions on other devices (their data holds how they logged in)."""
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    for session in Session.objects.filter(expire_date__gt=now).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session_key=session.session_key).delete()


def user_delete(*, user: User, now=None) -> None:
    """Deletes the account and everything about the user (see docs/personvern.md), or
    nothing at all: raises AccountDeletionBlocked when something must happen first."""
    now = now or timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).exists()
        reasons = user_deletion_blockers(user=user, now=now)
        if reasons:
            raise AccountDeletionBlocked(reasons)
        for module in privacy_modules():
            module.delete_user_data(user, now=now)
        admin_log_scrub(text=user.email)
        for address in EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email):
            admin_log_scrub(text=address.email)
        _end_sessions(user, now=now)
        try:
            # A savepoint, so the error leaves the transaction usable for the rollback.
            with transaction.atomic():
                _admin_log_scrub_cascade(user)
                user.delete()
        except ProtectedError:
            raise AccountDeletionBlocked([REFERENCED_ELSEWHERE]) from None


def _admin_log_scrub_cascade(user: User) -> None:
    """Blanks what the admin's log says of the account and every row deleted with it (its
    approval, signups, addresses …): an entry names its row as it was then, perhaps by an
    address the account no longer has."""
    collector = Collector(using=router.db_for_write(User))
    collector.collect([user])
    for model, rows in collector.data.items():
        admin_log_scrub(model=model, object_ids=[row.pk for row in rows])
    for rows in collector.fast_deletes:
        admin_log_scrub(model=rows.model, object_ids=list(rows.values_list("pk", flat=True)))


def unconfirmed_accounts_delete(*, now=None) -> int:
    """Accounts whose e-mail was never confirmed, older than UNCONFIRMED_ACCOUNT_DAYS."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.UNCONFIRMED_ACCOUNT_DAYS)
    stale = User.objects.filter(
        date_joined__lt=cutoff, is_staff=False, last_login__isnull=True
    ).exclude(emailaddress__verified=True)
    accounts = list(stale.values_list("pk", "email"))
    for _, email in accounts:
        admin_log_scrub(text=email)
    admin_log_scrub(model=User, object_ids=[pk for pk, _ in accounts])
    User.objects.filter(pk__in=[pk for pk, _ in accounts]).delete()
    return len(accounts)


def expired_sessions_delete() -> None:
    """Sessions past their expiry (Django leaves the rows; they name the user's id)."""
    import_string(settings.SESSION_ENGINE + ".SessionStore").clear_expired()
