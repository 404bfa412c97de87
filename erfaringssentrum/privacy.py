"""A user's own data: download it, or delete the account (GDPR articles 15, 17 and 20).

The account itself is handled here. Each app that stores personal data takes part through
`<app>/privacy.py` with:

- `export_user_data(user) -> dict`: what the app holds about the user, JSON-serialisable;
- `delete_user_data(user, *, now)`: cancel what is upcoming (telling the counterparts) and
  remove or anonymise the rest, before the account row is deleted;
- `apply_retention(*, now) -> int` (optional): anonymise what is past its retention period.
"""

from datetime import timedelta
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
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


def user_delete(*, user: User, now=None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        for module in privacy_modules():
            module.delete_user_data(user, now=now)
        user.delete()


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
