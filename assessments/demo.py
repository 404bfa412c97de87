"""Demo content for `seed_demo` (idempotent): open slots for three weeks, a few bookings, a
demo trusted domain with an approved adviser on it, and an adviser waiting for approval."""

from datetime import time

from django.contrib.auth import get_user_model
from django.utils import timezone

from erfaringssentrum.demo import ADVISER_EMAIL, WAITING_ADVISER_EMAIL, ensure_user

from . import services
from .forms import CONSENT_VERSION
from .models import Booking, CallTo, Format, Slot, TrustedEmailDomain

CONSULTANT_EMAIL = "konsulent@erfaringssentrum.example"
PATTERNS = [
    # weekday, start, format, place or link: a placeholder video link (the launch check lists
    # it), and no address, as the centre has not given one.
    ([0, 2], time(10, 0), Format.DIGITAL, "https://video.erfaringssentrum.example/vurdering"),
    ([1, 3], time(13, 0), Format.IN_PERSON, ""),
    ([4], time(9, 0), Format.PHONE, ""),
]
DEMO_BOOKINGS = [("Kari", "kari@example.org"), ("Jon", ""), ("Ola", "")]
# Only in the demo: the real list starts with nav.no (migration 0005).
DEMO_TRUSTED_DOMAIN = "nav.example"


def seed_advisers(*, now):
    if not TrustedEmailDomain.objects.filter(domain=DEMO_TRUSTED_DOMAIN).exists():
        services.trusted_domain_save(entry=TrustedEmailDomain(domain=DEMO_TRUSTED_DOMAIN))
    # The accounts come from erfaringssentrum.demo, which seed_demo runs first.
    advisers = get_user_model().objects.filter(email__in=[ADVISER_EMAIL, WAITING_ADVISER_EMAIL])
    for user in advisers:  # as if they had just confirmed their addresses
        services.adviser_email_confirmed(user=user, email=user.email, now=now)
    return advisers.get(email=ADVISER_EMAIL)


def seed(*, stdout):
    consultant = ensure_user(
        email=CONSULTANT_EMAIL,
        password=None,
        name="Rådgiver ved senteret",
        is_staff=True,
    )
    now = timezone.now()
    if not Slot.objects.filter(starts_at__gt=now).exists():
        for weekdays, start, format_, location in PATTERNS:
            services.slots_bulk_create(
                consultant=consultant,
                weekdays=weekdays,
                start_time=start,
                duration_minutes=60,
                weeks_ahead=3,
                format=format_,
                location=location,
                now=now,
            )
    adviser = seed_advisers(now=now)
    if Booking.objects.for_adviser(adviser).exists():
        return
    free = list(Slot.objects.bookable(now=now)[2 : 2 + 2 * len(DEMO_BOOKINGS) : 2])
    for slot, (name, email) in zip(free, DEMO_BOOKINGS, strict=False):
        services.booking_create(
            slot_id=slot.pk,
            adviser=adviser,
            organisation="NAV Eksempelby",
            adviser_role="Veileder",
            candidate_name=name,
            candidate_email=email,
            adviser_attends=True,
            call_to=CallTo.ADVISER,  # used only if the slot is on the phone
            call_number="+47 000 00 000",
            question="Er dette en god vei videre for kandidaten?",
            consent_version=CONSENT_VERSION,
            now=now,
        )
    stdout.write(
        f"Vurdering: ledige tider i tre uker og {len(free)} demobookinger. "
        f"Godkjent domene i demoen: {DEMO_TRUSTED_DOMAIN}."
    )
