from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from erfaringssentrum.core import former_slugs
from erfaringssentrum.core.pagecache import ContentMemo
from erfaringssentrum.core.search import (
    RANK_VECTOR_FIELD,
    fulltext_search,
    search_index,
    trigram_index,
)
from erfaringssentrum.core.staff import is_verified_staff

# The front page shows this many of the featured resources, the newest ones.
FRONT_PAGE_FEATURED = 3
# Title counts most, then the summary, then the body.
SEARCH_FIELDS = {"title": "A", "summary": "B", "body": "C"}
# Ranking uses title and summary only: a match in the body alone ranks after them.
RANK_FIELDS = {"title": "A", "summary": "B"}


class Kind(models.TextChoices):
    ARTICLE = "artikkel", "Artikkel"
    TIPS = "tips", "Tips og råd"
    BROCHURE = "brosjyre", "Brosjyre"
    HANDBOOK = "handbok", "Håndbok/veileder"
    REPORT = "rapport", "Rapport"
    VIDEO = "video", "Video"
    LINK = "lenke", "Lenke"


class Audience(models.Model):
    """Who a resource is written for ("Arbeidsgiver", "NAV og tiltak", ...)."""

    class Key(models.TextChoices):
        """The audiences the site links to by itself (front page, self-check): found by this
        key, which staff cannot change, so that a new slug or name breaks no link."""

        WANTS_TO_BECOME = "vil-bli-erfaringskonsulent", "Forsiden og egenvurderingen lenker hit"
        EMPLOYER = "arbeidsgiver", "Forsiden lenker hit"

    name = models.CharField("navn", max_length=80, unique=True)
    slug = models.SlugField("nettadresse", max_length=80, unique=True)
    position = models.PositiveSmallIntegerField("rekkefølge", default=0)
    key = models.CharField(
        "brukt av nettstedet",
        max_length=40,
        choices=Key.choices,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Lenkene følger med om du endrer navnet eller nettadressen.",
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "målgruppe"
        verbose_name_plural = "målgrupper"

    def __str__(self):
        return self.name


def _load_audience_slugs() -> dict[str, str]:
    rows = Audience.objects.filter(
        Q(key__isnull=False) | Q(slug__in=Audience.Key.values)
    ).values_list("key", "slug")
    # The audience with the key; else one staff made again at the address the site was made
    # with (a key's value), which they could not give the key.
    slugs = {slug: slug for key, slug in rows if slug in Audience.Key.values}
    return slugs | {key: slug for key, slug in rows if key}


# Read by the front page; each worker reads it again only after an audience changes.
_audience_slugs = ContentMemo("audience-slugs", _load_audience_slugs)


def audience_slugs() -> dict[str, str]:
    """The current slug of each audience the site links to, by `Audience.Key` (one missing
    if staff deleted it)."""
    return _audience_slugs.get()


@receiver([post_save, post_delete], sender=Audience)
def _audiences_changed(**kwargs) -> None:
    _audience_slugs.changed()


class ResourceQuerySet(models.QuerySet):
    def published(self, *, now=None):
        return self.filter(is_published=True, published_at__lte=now or timezone.now())

    def visible_to(self, user, *, now=None):
        """Staff who may see resources in admin also see drafts and future ones on the site."""
        if is_verified_staff(user) and user.has_perm("resources.view_resource"):
            return self.all()
        return self.published(now=now)

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def with_audiences(self):
        return self.prefetch_related(Prefetch("audiences", queryset=Audience.objects.all()))

    def featured(self, *, now=None):
        return self.published(now=now).filter(is_featured=True).newest_first()

    def library(self, *, kind: str = "", audience: Audience | None = None, query: str = ""):
        """The public list: filters combine; search results best first, else newest first."""
        resources = self.published()
        if kind:
            resources = resources.filter(kind=kind)
        if audience is not None:
            resources = resources.filter(audiences=audience)
        if query:
            return resources.search(query)
        return resources.newest_first()

    def search(self, query: str):
        """Matching resources with a `rank` annotation, best first (Norwegian word forms)."""
        return fulltext_search(self, query, SEARCH_FIELDS, rank_by=RANK_VECTOR_FIELD)

    def related_to(self, resource, *, now=None, limit: int = 3):
        """Published resources sharing most audiences with `resource`, then the same type."""
        audience_ids = [audience.pk for audience in resource.audiences.all()]
        shared = Count("audiences", filter=Q(audiences__in=audience_ids), distinct=True)
        return (
            self.published(now=now)
            .exclude(pk=resource.pk)
            .filter(Q(audiences__in=audience_ids) | Q(kind=resource.kind))
            .annotate(shared=shared)
            .order_by("-shared", "-published_at", "-pk")
            .distinct()[:limit]
        )


class Resource(models.Model):
    title = models.CharField("tittel", max_length=200)
    slug = models.SlugField(
        "nettadresse",
        max_length=200,
        unique=True,
        help_text="Fylles ut fra tittelen. Endrer du den, sender den gamle lenken videre hit.",
    )
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    audiences = models.ManyToManyField(
        Audience, verbose_name="målgrupper", related_name="resources", blank=True
    )
    summary = models.CharField(
        "sammendrag",
        max_length=300,
        help_text="Én eller to setninger som vises i lista, i søk og i nyhetsstrømmen.",
    )
    body = models.TextField(
        "innhold",
        blank=True,
        help_text="Skrives i Markdown: **fet**, *kursiv*, ## Mellomtittel, - punktliste, "
        "[lenketekst](https://…). HTML og skript fjernes.",
    )
    external_url = models.URLField(
        "ekstern lenke",
        max_length=500,
        blank=True,
        help_text="For videoer, lenker og publikasjoner hos andre. Videoer lenkes til, "
        "de bygges ikke inn.",
    )
    pdf = models.FileField(
        "PDF-fil",
        upload_to="ressurser/%Y/",
        blank=True,
        help_text="Bare PDF. Største filstørrelse står under feltet når du laster opp.",
    )
    is_published = models.BooleanField(
        "publisert", default=False, help_text="Uten hake er ressursen et utkast."
    )
    published_at = models.DateTimeField(
        "publiseringstidspunkt",
        default=timezone.now,
        help_text="Ressursen blir synlig for alle fra dette tidspunktet (hvis den er publisert).",
    )
    is_featured = models.BooleanField(
        "fremhevet på forsiden",
        default=False,
        help_text="De tre nyeste fremhevede ressursene vises under «Anbefalt lesning» på forsiden.",
    )
    # Filled by a database trigger on PostgreSQL (see erfaringssentrum/core/search.py).
    search_vector = SearchVectorField(null=True, editable=False)
    rank_vector = SearchVectorField(null=True, editable=False)  # title and summary only
    created_at = models.DateTimeField("opprettet", auto_now_add=True)
    updated_at = models.DateTimeField("sist endret", auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "ressurs"
        verbose_name_plural = "ressurser"
        indexes = [
            models.Index(fields=["is_published", "-published_at"], name="resource_published_idx"),
            models.Index(fields=["kind", "-published_at"], name="resource_kind_idx"),
            models.Index(
                fields=["-published_at"],
                condition=Q(is_featured=True),
                name="resource_featured_idx",
            ),
            search_index("resource_search_vector_idx"),
            trigram_index("title", "resource_title_trgm_idx"),  # «Mente du …?»
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:detail", kwargs={"slug": self.slug})

    @property
    def pdf_url(self) -> str:
        return reverse("resources:pdf", kwargs={"slug": self.slug}) if self.pdf else ""

    @property
    def pdf_size(self) -> int | None:
        """The PDF's size in bytes, or None when there is none or the file has gone missing."""
        if not self.pdf:
            return None
        try:
            return self.pdf.size
        except OSError:
            return None

    def is_public(self, *, now=None) -> bool:
        return self.is_published and self.published_at <= (now or timezone.now())

    @property
    def is_video(self) -> bool:
        return self.kind == Kind.VIDEO


class FormerSlug(former_slugs.FormerSlug):
    """An address the resource had before staff changed it (core/former_slugs.py)."""

    target = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="former_slugs")

    class Meta:
        verbose_name = "tidligere adresse"
        verbose_name_plural = "tidligere adresser"
