import copy
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .core.adviser_fields import validate_phone_number
from .core.pagecache import ContentMemo
from .core.search import clean_query, with_synonyms


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("E-postadresse må oppgis.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """An account: e-mail is the login, there is no username."""

    email = models.EmailField("e-postadresse", unique=True)
    name = models.CharField("navn", max_length=150, blank=True)
    is_staff = models.BooleanField(
        "ansatt", default=False, help_text="Gir tilgang til administrasjonen."
    )
    is_active = models.BooleanField("aktiv", default=True)
    date_joined = models.DateTimeField("registrert", default=timezone.now)
    # «Mine opplysninger»: what an adviser would otherwise type into every booking and course
    # signup. On the account itself: one per person, read by every form, gone with the account.
    organisation = models.CharField("arbeidssted", max_length=150, blank=True)
    role = models.CharField("rolle", max_length=100, blank=True)
    phone = models.CharField("telefon", max_length=20, blank=True)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "bruker"
        verbose_name_plural = "brukere"

    def __str__(self):
        return self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email


class ContactDetails(models.Model):
    """The centre's contact details: one row, edited by staff, shown across the site.

    Nothing here has a default: a page shows a phone number, an address or opening hours only
    when staff have set them (the demo fills in placeholders, which the launch check flags)."""

    organisation_name = models.CharField(
        "navn på senteret", max_length=200, default="Erfaringssentrum"
    )
    email = models.EmailField("e-post", blank=True)
    # Shown as a tel: link: words there («ring oss på Teams») would make an empty one.
    phone = models.CharField(
        "telefon", max_length=40, blank=True, validators=[validate_phone_number]
    )
    street_address = models.CharField("besøksadresse", max_length=200, blank=True)
    postal_code = models.CharField("postnummer", max_length=10, blank=True)
    city = models.CharField("poststed", max_length=100, blank=True)
    opening_hours = models.CharField(
        "telefontid",
        max_length=200,
        blank=True,
        help_text="Når vi svarer på telefonen, for eksempel «mandag–fredag kl. 10–14». "
        "Vises bare sammen med telefonnummeret.",
    )

    class Meta:
        verbose_name = "kontaktinformasjon"
        verbose_name_plural = "kontaktinformasjon"

    def __str__(self):
        return "Kontaktinformasjon"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        _contact_details.changed()

    @property
    def phone_href(self):
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def is_reachable(self) -> bool:
        """Whether there is an e-mail address or a phone number to give visitors."""
        return bool(self.email or self.phone)

    @property
    def address(self) -> str:
        """The visiting address in one line, from the parts staff have filled in."""
        town = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.street_address, town) if part)

    @classmethod
    def load(cls) -> "ContactDetails":
        """The single row (it is on every page's footer), read again by each worker only
        after it is saved. A copy, so that whoever changes it changes no other request's."""
        return copy.copy(_contact_details.get())


def _load_contact_details() -> ContactDetails:
    details, _ = ContactDetails.objects.get_or_create(pk=1)
    return details


_contact_details = ContentMemo("contact-details", _load_contact_details)


# The one task that sends e-mail (erfaringssentrum/core/mailqueue.py).
MAIL_TASK_PATH = "erfaringssentrum.core.mailqueue.send_queued_mail"
# A send takes seconds (the SMTP time-out is 10). A task still "running" after this long
# belonged to a worker that was killed (SIGKILL, power loss) mid-send: the queue never
# retries it by itself, so staff see it with the failed ones.
STUCK_AFTER = timedelta(minutes=15)


class FailedMailManager(models.Manager):
    def get_queryset(self):
        stuck = Q(status="RUNNING", started_at__lt=timezone.now() - STUCK_AFTER)
        mail = super().get_queryset().filter(task_path=MAIL_TASK_PATH)
        return mail.filter(Q(status="FAILED") | stuck)


class FailedMail(DBTaskResult):
    """An e-mail the worker gave up on (erfaringssentrum/core/mailqueue.py): staff see it in the
    admin, and send it again once the cause is mended."""

    objects = FailedMailManager()

    class Meta:
        proxy = True
        verbose_name = "e-post som ikke ble sendt"
        verbose_name_plural = "e-poster som ikke ble sendt"
        ordering = ["-finished_at"]


class SearchSynonymQuerySet(models.QuerySet):
    def as_dict(self) -> dict[str, tuple[str, ...]]:
        """word -> the words it means (one small query)."""
        return {
            word: tuple(split_words(means)) for word, means in self.values_list("word", "means")
        }

    def expand(self, query: str) -> str:
        """`query` searching for the synonyms of its words too (core.search.with_synonyms).
        Every search needs all the synonyms, so each worker reads them once per change
        (`_synonyms`), as it does the contact details, rather than on every search."""
        query = clean_query(query)
        return with_synonyms(query, _synonyms.get()) if query else ""


def split_words(text: str) -> list[str]:
    return [part.strip().lower() for part in text.split(",") if part.strip()]


class SearchSynonym(models.Model):
    """A word people search for and what the content calls it («betalt» → «lønn»): the search
    (`/sok/`, the FAQ and the resource library) looks for both. Kept by staff (Redaktør)."""

    word = models.CharField(
        "søkeord",
        max_length=50,
        unique=True,
        help_text="Ett ord slik folk skriver det i søket, for eksempel «betalt».",
    )
    means = models.CharField(
        "søk også etter",
        max_length=200,
        help_text="Ordet innholdet bruker, for eksempel «lønn». Skill flere ord med komma.",
    )

    objects = SearchSynonymQuerySet.as_manager()

    class Meta:
        verbose_name = "synonym i søket"
        verbose_name_plural = "synonymer i søket"
        ordering = ["word"]

    def __str__(self):
        return f"{self.word} → {self.means}"


def _load_synonyms() -> dict[str, tuple[str, ...]]:
    return SearchSynonym.objects.as_dict()


_synonyms = ContentMemo("search-synonyms", _load_synonyms)


@receiver([post_save, post_delete], sender=SearchSynonym)
def _synonyms_changed(**kwargs) -> None:
    _synonyms.changed()
