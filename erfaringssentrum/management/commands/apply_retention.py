from django.core.management.base import BaseCommand
from django.utils import timezone

from erfaringssentrum.core.privacy import (
    expired_sessions_delete,
    privacy_modules,
    unconfirmed_accounts_delete,
)


class Command(BaseCommand):
    help = (
        "Anonymiserer bookinger og sletter påmeldinger, ubekreftede kontoer og utløpte "
        "innlogginger når lagringstiden er ute. Trygg å kjøre ofte (cron)."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        deleted = unconfirmed_accounts_delete(now=now)
        self.stdout.write(f"Ubekreftede kontoer slettet: {deleted}")
        expired_sessions_delete()
        for module in privacy_modules():
            apply = getattr(module, "apply_retention", None)
            if apply is not None:
                count = apply(now=now)
                self.stdout.write(f"{module.__name__}: {count} anonymisert")
