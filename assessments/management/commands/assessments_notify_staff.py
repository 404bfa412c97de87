from django.core.management.base import BaseCommand

from assessments import services


class Command(BaseCommand):
    help = (
        "Sender ansatte én e-post med alle veiledere som har begynt å vente på godkjenning "
        "siden forrige gang. Høyst én e-post i timen, så kommandoen kan kjøres så ofte du vil "
        "(cron hver hele time)."
    )

    def handle(self, *args, **options):
        count = services.advisers_notify_staff()
        self.stdout.write(f"Veiledere i varselet til ansatte: {count}.")
