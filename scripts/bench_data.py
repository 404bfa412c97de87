"""Large generated data set for `make bench` (scripts/bench.py). Never for production data.

    python scripts/bench_data.py [--scale 0.01 | --sizes 500,300,200,2000]
    python scripts/bench_data.py --check booking|course

run with BENCHMARK=1 against the bench's database. The first prints one JSON line: the pages to
measure, a logged-in session for the uncached pages, and the two concurrency scenarios; the
second verifies a scenario's outcome. tests/site/test_bench_data.py calls `generate()` and
`check()` directly.
"""

import argparse
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

if __name__ == "__main__":  # run as a script: the project on the path and Django set up first
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erfaringssentrum.settings")
    import django

    django.setup()

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from assessments.models import AdviserApproval, ApprovalStatus, Booking, Format, Slot
from courses.models import Course, CourseType, Signup
from erfaringssentrum.models import User
from faq.models import Category, Question
from resources.models import Audience, Kind, Resource

RESOURCES = 5_000
QUESTIONS = 500
COURSES = 300
SLOTS = 5_000
BOOKING_ADVISERS = 50
COURSE_SIGNUPS = 30
WORDS = [
    "erfaringskonsulent",
    "recovery",
    "brukermedvirkning",
    "lønn",
    "utdanning",
    "arbeidsgiver",
    "veiledning",
    "tjenester",
    "kommune",
    "spesialisthelsetjenesten",
    "rus",
    "psykisk",
    "helse",
    "stilling",
    "ansettelse",
    "erfaring",
    "kompetanse",
    "samarbeid",
    "oppfølging",
    "kandidat",
    "NAV",
    "tiltak",
    "kurs",
]


def text(seed: int, words: int) -> str:
    """Filler text. Like real content, a given word is in a few documents, not in all: the
    topic words (WORDS) are spread so that each occurs in about one document in twenty."""
    filler = [f"ord{(seed * 31 + i * 17) % 997}" for i in range(words)]
    for k in range(3):
        filler[(seed + k * 7) % words] = WORDS[(seed * 3 + k * 11) % len(WORDS)]
    return " ".join(filler)


def session_cookie(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


class NotInBenchmarkMode(RuntimeError):
    pass


def _refuse_unless_benchmark() -> None:
    if not settings.BENCHMARK:
        raise NotInBenchmarkMode("bench_data kjører bare med BENCHMARK=1.")


def data_counts(*, scale: float = 1.0, sizes: str | None = None) -> dict[str, int]:
    """`scale`: a share of the full data set (the tests use 0.01); `sizes`: exact counts
    instead, "resources,questions,courses,slots"."""
    names = ["resources", "questions", "courses", "slots"]
    if sizes:
        return dict(zip(names, map(int, sizes.split(",")), strict=True))
    return {
        name: max(minimum, int(full * scale))
        for name, full, minimum in [
            ("resources", RESOURCES, 20),
            ("questions", QUESTIONS, 12),
            ("courses", COURSES, 6),
            ("slots", SLOTS, 200),
        ]
    }


def generate(*, scale: float = 1.0, sizes: str | None = None) -> dict:
    """Writes the data set and returns the plan (see the module's docstring)."""
    _refuse_unless_benchmark()
    with transaction.atomic():
        return BenchData(data_counts(scale=scale, sizes=sizes)).generate()


def settle() -> None:
    """VACUUM ANALYZE after the bulk load, as autovacuum does within a minute or so of it.

    Until then PostgreSQL plans on an empty table's statistics, and the new rows wait in the
    GIN indexes' pending lists, which make the planner read every resource's search vector
    for a search (a sequential scan, several times slower than the index): the benchmark
    would measure how soon autovacuum happened to run, not the site."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def check(name: str) -> str:
    """The outcome of a concurrency scenario, in one line."""
    _refuse_unless_benchmark()
    return getattr(BenchData(), f"check_{name}")()


class BenchData:
    def __init__(self, counts: dict[str, int] | None = None):
        self.counts = counts

    def generate(self):
        now = timezone.now()
        # Accounts get sessions directly (see session_cookie), so they need no password.
        consultant, reader, *people = User.objects.bulk_create(
            User(email=email, name=email.split("@")[0], is_staff=email.startswith("konsulent"))
            for email in [
                "konsulent@bench.example",
                "leser@bench.example",
                *(f"veileder{i}@bench.example" for i in range(BOOKING_ADVISERS + 20)),
            ]
        )
        # Advisers approved by staff, so the booking scenario books (they confirmed no address).
        AdviserApproval.objects.bulk_create(
            AdviserApproval(user=user, status=ApprovalStatus.APPROVED, decided_at=now)
            for user in [reader, *people]
        )

        audiences = [
            Audience.objects.get_or_create(slug=f"bench-{i}", defaults={"name": f"Gruppe {i}"})[0]
            for i in range(4)
        ]
        kinds = [kind for kind, _ in Kind.choices]
        resources = Resource.objects.bulk_create(
            Resource(
                title=f"Ressurs {i}: {text(i, 4)}",
                slug=f"bench-ressurs-{i}",
                kind=kinds[i % len(kinds)],
                summary=text(i, 20),
                body=text(i, 200),
                is_published=True,
                published_at=now - timedelta(hours=i),
                is_featured=i < 3,
            )
            for i in range(self.counts["resources"])
        )
        through = Resource.audiences.through
        through.objects.bulk_create(
            through(resource_id=resource.pk, audience_id=audiences[j].pk)
            for i, resource in enumerate(resources)
            for j in range(1 + i % 3)
        )

        categories = [
            Category.objects.create(name=f"Kategori {i}", slug=f"bench-kategori-{i}", position=i)
            for i in range(6)
        ]
        Question.objects.bulk_create(
            Question(
                category=categories[i % 6],
                question=f"Spørsmål {i}: {text(i, 6)}?",
                slug=f"bench-sporsmal-{i}",
                answer=text(i, 80),
                position=i,
                is_published=True,
            )
            for i in range(self.counts["questions"])
        )

        first = (now + timedelta(days=2)).replace(hour=8, minute=0, second=0, microsecond=0)
        slots = Slot.objects.bulk_create(
            Slot(
                starts_at=first + timedelta(days=i // 8, hours=i % 8),
                ends_at=first + timedelta(days=i // 8, hours=i % 8, minutes=60),
                format=[Format.DIGITAL, Format.PHONE, Format.IN_PERSON][i % 3],
                location="Storgata 1, Oslo" if i % 3 == 2 else "",
                consultant=consultant,
            )
            for i in range(self.counts["slots"])
        )
        for slot in slots[:3]:
            Booking.objects.create(
                slot=slot,
                adviser=reader,
                organisation="NAV Bench",
                adviser_role="veileder",
                candidate_name="K",
                consent_confirmed_at=now,
                consent_confirmed_by=reader,
                consent_version="bench",
            )

        course_type = CourseType.objects.create(
            title="Fellessamling for veiledere",
            slug="bench-fellessamling",
            summary=text(1, 15),
            description=text(2, 120),
            audience="Veiledere i NAV og tiltak",
        )
        courses = Course.objects.bulk_create(
            Course(
                course_type=course_type,
                slug=f"bench-kurs-{i}",
                expected_period="februar eller mars",
                place="Storgata 1, Oslo",
            )
            for i in range(self.counts["courses"])
        )
        Signup.objects.bulk_create(
            Signup(
                course=course,
                user=people[(i + j) % len(people)],
                status=Signup.Status.CONFIRMED,
                organisation="NAV Bench",
                role="veileder",
            )
            for i, course in enumerate(courses[1:])
            for j in range(i % 8)
        )
        Signup.objects.create(
            course=courses[1], user=reader, status="confirmed", organisation="NAV", role="v"
        )
        # A course type of its own: the bench's people hold seats in the other type's rounds,
        # and one person holds one seat across the open rounds of a type (courses/services.py).
        scenario_course = courses[0]
        scenario_course.course_type = CourseType.objects.create(
            title="Kurs for nye veiledere",
            slug="bench-nye-veiledere",
            summary=text(1, 15),
            description=text(2, 120),
            audience="Veiledere i NAV og tiltak",
        )
        scenario_course.save(update_fields=["course_type"])

        booking_slots = slots[100 : 100 + BOOKING_ADVISERS]
        booking_fields = {
            "organisation": "NAV Bench",
            "adviser_role": "veileder",
            "phone": "+47 400 00 000",
            "candidate_name": "K",
            "adviser_attends": "nei",
            # Telephone slots: a candidate taking part alone is called on their own number.
            "call_to": "candidate",
            "call_number": "+47 400 00 001",
            "consent": "on",
        }
        return {
            "summary": "{resources} ressurser, {questions} spørsmål, {courses} kurs, "
            "{slots} tider".format(**self.counts),
            "user": {"cookie": session_cookie(reader)},
            "pages": [
                {"name": "forside", "path": "/", "logged_in": False, "kind": "cached"},
                {
                    "name": "ressursliste",
                    "path": "/ressurser/",
                    "logged_in": False,
                    "kind": "cached",
                },
                {
                    "name": "ressurs",
                    "path": f"/ressurser/{resources[10].slug}/",
                    "logged_in": False,
                    "kind": "cached",
                },
                {
                    "name": "spørsmål og svar",
                    "path": "/sporsmal-og-svar/",
                    "logged_in": False,
                    "kind": "cached",
                },
                {"name": "kursliste", "path": "/kurs/", "logged_in": False, "kind": "cached"},
                {
                    "name": "kursside",
                    "path": f"/kurs/{courses[5].slug}/",
                    "logged_in": False,
                    "kind": "cached",
                },
                {
                    "name": "vurdering (ledige tider)",
                    "path": "/vurdering/",
                    "logged_in": False,
                    "kind": "cached",
                },
                {
                    "name": "søk «lønn» (ubufret)",
                    "path": "/sok/?q=l%C3%B8nn",
                    "logged_in": False,
                    "kind": "uncached",
                },
                {
                    "name": "Min side (innlogget)",
                    "path": "/min-side/",
                    "logged_in": True,
                    "kind": "uncached",
                },
                {
                    "name": "kursside (innlogget)",
                    "path": f"/kurs/{courses[1].slug}/",
                    "logged_in": True,
                    "kind": "uncached",
                },
            ],  # fmt: skip
            "scenarios": [
                {
                    "name": "booking",
                    "title": f"{BOOKING_ADVISERS} veiledere booker {BOOKING_ADVISERS} tider",
                    "users": [{"cookie": session_cookie(u)} for u in people[:BOOKING_ADVISERS]],
                    "steps": [
                        {
                            "path": f"/vurdering/book/{slot.pk}/",
                            "fields": {**booking_fields, "slot": slot.pk},
                        }
                        for slot in booking_slots
                    ],  # fmt: skip
                },
                {
                    "name": "course",
                    "title": f"{COURSE_SIGNUPS} melder seg på et kurs med 10 plasser",
                    "users": [{"cookie": session_cookie(u)} for u in people[:COURSE_SIGNUPS]],
                    "steps": [
                        {
                            "path": f"/kurs/{scenario_course.slug}/pamelding/",
                            "fields": {"organisation": "NAV Bench", "role": "veileder"},
                        }
                    ]
                    * COURSE_SIGNUPS,  # fmt: skip
                },
            ],
        }

    def check_booking(self):
        advisers = Booking.objects.filter(adviser__email__startswith="veileder")
        per_slot = (
            Booking.objects.exclude(status="cancelled")
            .values("slot")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
        )
        doubles = per_slot.count()
        return f"{advisers.count()} bookinger lagret, {doubles} tider dobbeltbooket"

    def check_course(self):
        course = Course.objects.get(slug="bench-kurs-0")
        counts = course.signups.aggregate(
            confirmed=Count("pk", filter=Q(status="confirmed")),
            waiting=Count("pk", filter=Q(status="waiting")),
        )
        duplicates = course.signups.values("user").annotate(n=Count("pk")).filter(n__gt=1).count()
        seats = min(course.max_participants, COURSE_SIGNUPS)
        if counts["confirmed"] > course.max_participants:
            verdict = "OVERBOOKET"
        elif (counts["confirmed"], counts["waiting"], duplicates) != (
            seats,
            COURSE_SIGNUPS - seats,
            0,
        ):
            # Everyone signs up once: a seat each until the course is full, then the waiting list.
            verdict = f"FEIL (ventet {seats} bekreftet og {COURSE_SIGNUPS - seats} på venteliste)"
        else:
            verdict = "ok"
        return (
            f"{counts['confirmed']} bekreftet (maks {course.max_participants}), "
            f"{counts['waiting']} på venteliste, {duplicates} doble påmeldinger: {verdict}"
        )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Lager et stort testdatasett for ytelsestesten.")
    parser.add_argument("--check", choices=["booking", "course"])
    parser.add_argument("--scale", type=float, default=1.0, help="Share of the full data set.")
    parser.add_argument("--sizes", help="Exact counts instead: resources,questions,courses,slots.")
    args = parser.parse_args(argv)
    try:
        if args.check:
            print(check(args.check))
        else:
            plan = generate(scale=args.scale, sizes=args.sizes)
            settle()
            print(json.dumps(plan))
    except NotInBenchmarkMode as refused:
        raise SystemExit(str(refused)) from None


if __name__ == "__main__":
    main()
