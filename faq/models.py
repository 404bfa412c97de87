from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse

from erfaringssentrum.core import former_slugs
from erfaringssentrum.core.search import fulltext_search, search_index, trigram_index
from resources.models import Resource

# Weighted the same in the GIN index and in every search, so PostgreSQL can use the index.
SEARCH_FIELDS = {"question": "A", "answer": "B"}


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def search(self, query: str):
        return fulltext_search(self, query, SEARCH_FIELDS)

    def with_related_resources(self):
        """Each question's published related resources, in one extra query."""
        resources = Resource.objects.published().order_by("title").only("title", "slug")
        return self.prefetch_related(Prefetch("related_resources", queryset=resources))


class CategoryQuerySet(models.QuerySet):
    def with_published_questions(self):
        """Only categories that have something to show, each with its published questions
        and their published related resources."""
        questions = Question.objects.published().order_by("position", "pk").with_related_resources()
        has_published = Question.objects.published().filter(category=OuterRef("pk"))
        return self.filter(Exists(has_published)).prefetch_related(
            Prefetch("questions", queryset=questions)
        )


class Category(models.Model):
    name = models.CharField("navn", max_length=100, unique=True)
    slug = models.SlugField(
        "adresse", max_length=100, unique=True, help_text="Brukes som anker: #kategori-<adresse>."
    )
    intro = models.TextField("ingress", blank=True, help_text="Vises under overskriften.")
    position = models.PositiveIntegerField(
        "rekkefølge", default=0, help_text="Lavest tall vises først."
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = "kategori"
        verbose_name_plural = "kategorier"
        ordering = ["position", "name"]
        indexes = [models.Index(fields=["position", "name"], name="faq_category_order_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('faq:index')}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"kategori-{self.slug}"


class Question(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="questions", verbose_name="kategori"
    )
    question = models.CharField("spørsmål", max_length=200)
    slug = models.SlugField(
        "adresse",
        max_length=120,
        unique=True,
        help_text="Den faste lenken blir /sporsmal-og-svar/<adresse>/. Endrer du den, sender "
        "den gamle lenken videre hit.",
    )
    answer = models.TextField(
        "svar",
        help_text="Markdown: **fet**, *kursiv*, [lenketekst](https://…), lister med - "
        "og avsnitt med en tom linje. HTML blir fjernet.",
    )
    position = models.PositiveIntegerField(
        "rekkefølge", default=0, help_text="Rekkefølgen innenfor kategorien; lavest først."
    )
    is_published = models.BooleanField(
        "publisert", default=False, help_text="Bare publiserte spørsmål vises på nettstedet."
    )
    related_resources = models.ManyToManyField(
        "resources.Resource",
        blank=True,
        related_name="faq_questions",
        verbose_name="relaterte ressurser",
        help_text="Vises som «Les mer» under svaret (bare publiserte ressurser).",
    )
    # Filled by a database trigger on PostgreSQL (see erfaringssentrum/core/search.py).
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField("opprettet", auto_now_add=True)
    updated_at = models.DateTimeField("sist endret", auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = "spørsmål"
        verbose_name_plural = "spørsmål"
        ordering = ["category__position", "position", "pk"]
        indexes = [
            models.Index(
                fields=["category", "position"],
                condition=models.Q(is_published=True),
                name="faq_question_published_idx",
            ),
            search_index("faq_question_search_vector_idx"),
            trigram_index("question", "faq_question_trgm_idx"),  # «Mente du …?»
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("faq:question", kwargs={"slug": self.slug})

    @property
    def anchor(self) -> str:
        return f"sporsmal-{self.slug}"


class FormerSlug(former_slugs.FormerSlug):
    """An address the question had before staff changed it (core/former_slugs.py)."""

    target = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="former_slugs")

    class Meta:
        verbose_name = "tidligere adresse"
        verbose_name_plural = "tidligere adresser"
