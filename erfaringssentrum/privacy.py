"""A user's own data: download it, or delete the account (GDPR articles 15, 17 and 20).

The account itself is handled here. Each app that stores personal data takes part through
`<app>/privacy.py` with:

- `export_user_data(user) -> dict`: what the app holds about the user, JSON-serialisable;
- `delete_user_data(user, *, now)`: cancel what is upcoming (telling the counterparts) and
  remove or anonymise the rest, before the account row is deleted;
- `apply_retention(*, now) -> int` (optional): anonymise what is past its retention period;
- `deletion_blockers(user, *, now) -> list[str]` (optional): what must happen before the
  account can go (in Norwegian, for the user), e.g. a consultant's slots.
"""

from datetime import timedelta
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from .models import User

APPS_WITH_PERSONAL_DATA = ["assessments", "courses"]


def privacy_modules():
    modules = []
    for app in APPS_WITH_PERSONAL_DATA:
        try:
            modules.append(import_module(f"{app}.privacy"))
        except ModuleNotFoundError as error:
            if error.name != f"{app}.privacy":
                raise
    return modules


def user_data_export(*, user: User) -> dict:
    data = {
        "konto": {
            "navn": user.name,
            "e-post": user.email,
            "registrert": user.date_joined.isoformat(),
            "sist_innlogget": user.last_login.isoformat() if user.last_login else None,
            "e-postadresser": [
                {"adresse": address.email, "bekreftet": address.verified}
                for address in EmailAddress.objects.filter(user=user)
            ],
        }
    }
    for module in privacy_modules():
        data.update(module.export_user_data(user))
    return data


class AccountDeletionBlocked(Exception):
    """The account cannot be deleted yet; `reasons` say why and what must happen first."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


# When something still refers to the account that no app has explained (a safety net).
REFERENCED_ELSEWHERE = (
    "Kontoen er fortsatt knyttet til opplysninger senteret må ta vare på. Ta kontakt med oss, "
    "så finner vi ut av det sammen."
)


def user_deletion_blockers(*, user: User, now=None) -> list[str]:
    now = now or timezone.now()
    reasons = []
    for module in privacy_modules():
        blockers = getattr(module, "deletion_blockers", None)
        if blockers is not None:
            reasons.extend(blockers(user, now=now))
    return reasons


def user_delete(*, user: User, now=None) -> None:
    """Deletes the account and the apps' data about it, or nothing at all: raises
    AccountDeletionBlocked when something must happen first."""
    now = now or timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).exists()
        reasons = user_deletion_blockers(user=user, now=now)
        if reasons:
            raise AccountDeletionBlocked(reasons)
        for module in privacy_modules():
            module.delete_user_data(user, now=now)
        try:
            # A savepoint, so the error leaves the transaction usable for the rollback.
            with transaction.atomic():
                user.delete()
        except ProtectedError:
            raise AccountDeletionBlocked([REFERENCED_ELSEWHERE]) from None


def unconfirmed_accounts_delete(*, now=None) -> int:
    """Accounts whose e-mail was never confirmed, older than UNCONFIRMED_ACCOUNT_DAYS."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.UNCONFIRMED_ACCOUNT_DAYS)
    stale = User.objects.filter(
        date_joined__lt=cutoff, is_staff=False, last_login__isnull=True
    ).exclude(emailaddress__verified=True)
    user_ids = list(stale.values_list("pk", flat=True))
    User.objects.filter(pk__in=user_ids).delete()
    return len(user_ids)
