from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from erfaringssentrum.core.discovery import app_modules
from erfaringssentrum.demo import print_credentials

# Demo bookings and signups must not send (or print) e-mails.
NO_MAIL = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}


class Command(BaseCommand):
    help = "Fyller databasen med demoinnhold. Kan kjøres flere ganger. Nektes når DEBUG er av."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo kjører bare med DEBUG på (aldri mot produksjon).")
        # Each app's demo.py, in INSTALLED_APPS order: the project's accounts first, then the
        # content, then what refers to accounts and content (bookings, signups).
        with override_settings(MAILERS=NO_MAIL), transaction.atomic():
            for module in app_modules("demo", defining="seed"):
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demoinnhold er klart."))
        print_credentials(self.stdout)
