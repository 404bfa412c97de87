from django.core.management.base import BaseCommand

from assessments import services


class Command(BaseCommand):
    help = (
        "Sender påminnelse om vurderingssamtaler som er i dag eller i morgen. Hver booking "
        "får bare én påminnelse, så kommandoen kan kjøres så ofte du vil (for eksempel fra cron)."
    )

    def handle(self, *args, **options):
        count = services.bookings_send_reminders()
        self.stdout.write(f"Påminnelser sendt for {count} bookinger.")
