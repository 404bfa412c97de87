from django.core.management.base import BaseCommand

from assessments import conf, services


class Command(BaseCommand):
    help = (
        "Fjerner personopplysninger fra bookinger der samtalen var for mer enn "
        "ASSESSMENTS_RETENTION_MONTHS måneder siden (standard 6). Trygg å kjøre daglig."
    )

    def handle(self, *args, **options):
        count = services.bookings_anonymise()
        self.stdout.write(
            f"{count} bookinger eldre enn {conf.retention_months()} måneder er anonymisert."
        )
