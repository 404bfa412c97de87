"""Test data for every test folder: one function per kind of row.

Each function makes a valid row that the public would see (published, active), with unique
names and slugs, and takes any model field as a keyword to override. Times are explicit
(`now=`, `starts_at=`, `created=`) or, when left out, relative to the clock when the row is
made (which TEST_CLOCK and the `time_machine` fixture pin). tests/conftest.py exposes these as
fixtures (`user_factory`, `slot_factory`, `booking_factory`, `course_factory`, ...).
"""

import itertools
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from assessments import services as assessment_services
from assessments.forms import CONSENT_VERSION
from assessments.models import AdviserApproval, ApprovalStatus, Booking, Format, Slot
from courses.models import Course, CourseType, DateOption, Signup
from erfaringssentrum.core.totp import totp_activate
from faq.models import Category, Question
from resources.models import Audience, Kind, Resource

PASSWORD = "et-godt-passord-123"
# Staff must have TOTP to use the admin; staff made by `user` get this secret.
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# Numbers for unique e-mail addresses, names and slugs, across the whole run.
_numbers = itertools.count(1)


def _number() -> int:
    return next(_numbers)


# --- Accounts ---------------------------------------------------------------------------------


def user(*, email=None, password=PASSWORD, name="Test Testesen", **fields):
    """An account with a confirmed e-mail address (as after allauth's signup); staff also get
    two-factor authentication, which the admin requires."""
    email = email or f"bruker{_number()}@example.org"
    account = get_user_model().objects.create_user(
        email=email, password=password, name=name, **fields
    )
    EmailAddress.objects.create(user=account, email=email, verified=True, primary=True)
    if account.is_staff:
        totp_activate(user=account, secret=STAFF_TOTP_SECRET)
    return account


# --- Assessments ------------------------------------------------------------------------------


def approve(account):
    """Makes `account` an adviser approved for booking, as staff would (without the e-mail)."""
    AdviserApproval.objects.update_or_create(
        user=account, defaults={"status": ApprovalStatus.APPROVED, "decided_at": timezone.now()}
    )
    return account


def adviser(**fields):
    """An account approved for booking assessments."""
    return approve(user(**fields))


# What an adviser fills in on the booking form (besides the slot).
BOOKING_DATA = {
    "organisation": "NAV Testby",
    "adviser_role": "Veileder",
    "candidate_name": "Kari",
    "adviser_attends": True,
    "consent_version": CONSENT_VERSION,
    "question": "Passer rollen?",
}


def slot(*, consultant, starts_at, hours=1, **fields) -> Slot:
    """A published one-hour digital slot."""
    fields = {
        "format": Format.DIGITAL,
        "location": "https://video.example/rom",
        "is_published": True,
        **fields,
    }
    return Slot.objects.create(
        consultant=consultant,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        **fields,
    )


def booking(*, slot, adviser, now=None, **fields) -> Booking:
    """A booking made the way an adviser makes one: through the service (rules and e-mails)."""
    return assessment_services.booking_create(
        slot_id=slot.pk,
        adviser=adviser,
        now=now or timezone.now(),
        **{**BOOKING_DATA, **fields},
    )


# --- Courses ----------------------------------------------------------------------------------


def course_type(**fields) -> CourseType:
    defaults = {
        "title": "Fellessamling: veien til jobb som erfaringskonsulent",
        "slug": f"kurstype-{_number()}",
        "summary": "Slik veileder du kandidater.",
        "description": "Om **kurset**.",
        "audience": "Veiledere i NAV og tiltak",
    }
    return CourseType.objects.create(**{**defaults, **fields})


def course(*, course_type, created=None, **fields) -> Course:
    """An active course taking signups, with no date yet; made a month ago unless `created`
    is given."""
    defaults = {
        "slug": f"kurs-{_number()}",
        "expected_period": "februar eller mars",
        "place": "Storgata 1, Oslo",
        "created": created or timezone.now() - timedelta(days=30),
    }
    return Course.objects.create(course_type=course_type, **{**defaults, **fields})


def signup(course, *, user, status=Signup.Status.CONFIRMED, created=None, **fields) -> Signup:
    """A signup written directly (no rules, no e-mail), e.g. to fill a course or a queue."""
    defaults = {"organisation": "NAV Test", "role": "Veileder"}
    return Signup.objects.create(
        course=course,
        user=user,
        status=status,
        created=created or timezone.now(),
        **{**defaults, **fields},
    )


def date_option(course, *, starts_at) -> DateOption:
    return DateOption.objects.create(course=course, starts_at=starts_at)


# --- Questions and answers --------------------------------------------------------------------


def category(*, name=None, position=0, **fields) -> Category:
    number = _number()
    return Category.objects.create(
        name=name or f"Kategori {number}",
        slug=fields.pop("slug", f"kategori-{number}"),
        position=position,
        **fields,
    )


def question(*, category, question=None, answer="Et kort svar.", **fields) -> Question:
    number = _number()
    fields.setdefault("is_published", True)
    return Question.objects.create(
        category=category,
        question=question or f"Spørsmål nummer {number}?",
        slug=fields.pop("slug", f"sporsmal-{number}"),
        answer=answer,
        **fields,
    )


# --- Resources --------------------------------------------------------------------------------

# The four audiences (made by a data migration; a flushed test database lacks them).
AUDIENCES = {
    "vil-bli-erfaringskonsulent": "Vil bli erfaringskonsulent",
    "nav-og-tiltak": "NAV og tiltak",
    "arbeidsgiver": "Arbeidsgiver",
    "tjenester-og-kompetansesentre": "Tjenester og kompetansesentre",
}


def audiences() -> dict[str, Audience]:
    return {
        slug: Audience.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "key": slug if slug in Audience.Key.values else None},
        )[0]
        for slug, name in AUDIENCES.items()
    }


def resource(*, title=None, audiences=(), published_at=None, **fields) -> Resource:
    """A published article (published a day before the clock unless given)."""
    number = _number()
    title = title or f"Ressurs nummer {number}"
    fields.setdefault("slug", f"ressurs-{number}")
    fields.setdefault("summary", f"Kort sammendrag av {title.lower()}.")
    fields.setdefault("kind", Kind.ARTICLE)
    fields.setdefault("is_published", True)
    resource = Resource.objects.create(
        title=title,
        published_at=published_at or timezone.now() - timedelta(days=1),
        **fields,
    )
    resource.audiences.set(audiences)
    return resource


# --- The admin's log --------------------------------------------------------------------------


def admin_log_entry(obj, *, user) -> LogEntry:
    """What the admin writes to its log when `user` changes `obj`: it names the object."""
    return LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Navn"]}}]',
    )
