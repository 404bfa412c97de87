from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from erfaringssentrum.demo import print_credentials

# Demo bookings and signups must not send (or print) e-mails.
NO_MAIL = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}

# Order matters: accounts first, then content, then what refers to accounts and content.
SEEDERS = [
    "erfaringssentrum.demo.seed",
    "resources.demo.seed",
    "faq.demo.seed",
    "assessments.demo.seed",
    "courses.demo.seed",
]


class Command(BaseCommand):
    help = "Fyller databasen med demoinnhold. Kan kjøres flere ganger. Nektes når DEBUG er av."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo kjører bare med DEBUG på (aldri mot produksjon).")
        with override_settings(MAILERS=NO_MAIL), transaction.atomic():
            for path in SEEDERS:
                import_string(path)(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demoinnhold er klart."))
        print_credentials(self.stdout)
