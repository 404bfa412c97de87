from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from erfaringssentrum.demo import STAFF_EMAIL, current_totp_code


class Command(BaseCommand):
    help = "Skriver ut gjeldende tofaktorkode for demo-administratoren (bare med DEBUG på)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp kjører bare med DEBUG på.")
        self.stdout.write(f"{STAFF_EMAIL}: {current_totp_code()}")
