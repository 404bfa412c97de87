"""`compilemessages` without GNU gettext: Django's own command needs `msgfmt`, which a fresh
machine lacks. This one compiles the catalogues in LOCALE_PATHS (our bokmål for Django's,
allauth's and django-tasks-db's messages) with polib. `make install` runs it; production runs
it after `pip install .` (README: Production)."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Kompilerer oversettelsene i LOCALE_PATHS (.po til .mo) uten GNU gettext."

    def handle(self, *args, **options):
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                # Like msgfmt, polib writes only translated entries: fuzzy ones stay out.
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                if options["verbosity"] >= 1:
                    self.stdout.write(f"{po_path}: {len(catalogue.translated_entries())} meldinger")
