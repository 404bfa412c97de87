"""Demo content for `seed_demo` (idempotent): courses in each state of the cycle.

Rows are written directly (not through services) so seeding sends no e-mail.
"""

from datetime import timedelta

from django.utils import timezone

from erfaringssentrum.core.dates import MONTHS
from erfaringssentrum.demo import ADVISER_EMAIL, ADVISER_PASSWORD, ensure_user

from .models import Course, CourseType, DateOption, PollAnswer, Signup

PARTICIPANT_PASSWORD = "demo-deltaker-passord"  # noqa: S105 - demo only; seed_demo refuses DEBUG off

DESCRIPTION = """\
For deg som følger opp kandidater i NAV eller i et arbeidsmarkedstiltak, og lurer på om noen
av dem kan bli erfaringskonsulenter.

**Dette får du:**

- innsikt i hva som skal til for å bli erfaringskonsulent
- hjelp til å veilede kandidater mot en slik jobb
- erfaringer fra folk i nettverket vårt: om veien dit, og om å vurdere om en kandidat bør gå den
- møte med andre som følger opp lignende kandidater
"""

def _participants(count, start=1):
    return [
        ensure_user(
            email=f"deltaker{n}@tiltak.example",
            password=PARTICIPANT_PASSWORD,
            name=f"Demodeltaker {n}",
        )
        for n in range(start, start + count)
    ]


def _fill(course, users, *, confirmed, now):
    if course.signups.exists():
        return []
    signups = []
    for index, user in enumerate(users):
        signups.append(
            Signup.objects.create(
                course=course,
                user=user,
                status=Signup.Status.CONFIRMED if index < confirmed else Signup.Status.WAITING,
                organisation="NAV Demo" if index % 2 else "Demo Tiltak AS",
                role="Veileder",
                created=now - timedelta(days=30 - index),
            )
        )
    return signups


def _months_ahead(now, first=3) -> str:
    """«mars eller april» when seeded in December: two months still ahead, never past ones."""
    month = timezone.localtime(now).month - 1  # 0-based
    return f"{MONTHS[(month + first) % 12]} eller {MONTHS[(month + first + 1) % 12]}"


def _at_ten(now, days):
    day = timezone.localtime(now + timedelta(days=days))
    return day.replace(hour=10, minute=0, second=0, microsecond=0)


def seed(*, stdout):
    now = timezone.now()
    course_type, _ = CourseType.objects.get_or_create(
        slug="fellessamling-erfaringskonsulent",
        defaults={
            "title": "Fellessamling: veien til jobb som erfaringskonsulent",
            "summary": "Slik veileder du kandidater som kan bli erfaringskonsulenter.",
            "description": DESCRIPTION,
            "audience": "Veiledere i NAV og arbeidsmarkedstiltak",
            "price": "Gratis",
        },
    )
    people = _participants(16)
    adviser = ensure_user(email=ADVISER_EMAIL, password=ADVISER_PASSWORD, name="Demo Veileder")

    def course(slug, **fields):
        return Course.objects.get_or_create(
            slug=slug, defaults={"course_type": course_type, "created": now, **fields}
        )[0]

    collecting = course("fellessamling-var", expected_period=_months_ahead(now))
    _fill(collecting, people[:3], confirmed=3, now=now)

    polling = course(
        "fellessamling-med-datoavstemning",
        expected_period="i løpet av de neste ukene",
        minimum_reached_notified_at=now,
        poll_sent_at=now,
    )
    signups = _fill(polling, people[3:9], confirmed=6, now=now)
    if signups:
        options = [
            DateOption.objects.create(course=polling, starts_at=_at_ten(now, days))
            for days in (20, 24, 27)
        ]
        for index, signup in enumerate(signups[:4]):
            given = ("yes", "maybe" if index % 2 else "yes", "no")
            for option, answer in zip(options, given, strict=True):
                PollAnswer.objects.create(option=option, signup=signup, answer=answer)

    dated = course(
        "fellessamling-med-dato",
        expected_period="neste måned",
        starts_at=_at_ten(now, 35),
        place="Erfaringssentrum, møterom 1",
        minimum_reached_notified_at=now,
    )
    _fill(dated, [adviser, *people[9:15]], confirmed=7, now=now)

    full = course(
        "fellessamling-full",
        expected_period="om seks uker",
        starts_at=_at_ten(now, 42),
        format=Course.Format.VIDEO,
        video_link="https://video.erfaringssentrum.example/fellessamling",
        minimum_reached_notified_at=now,
    )
    _fill(full, [*people[:10], *people[10:12], adviser], confirmed=10, now=now)

    stdout.write(
        f"Kursdeltakere: deltaker1@tiltak.example … deltaker16@tiltak.example / "
        f"{PARTICIPANT_PASSWORD}"
    )
