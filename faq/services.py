"""How questions are written: the admin's form (question_save) and its list actions on many
at once (publish, unpublish). Categories are content with no rule beyond their form. The demo
seeder (faq/demo.py) makes the demo's, and nothing else writes them."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from erfaringssentrum.core.former_slugs import former_slug_record
from erfaringssentrum.core.pagecache import content_changed

from .models import FormerSlug, Question


def question_save(*, question: Question) -> Question:
    """Saves a question as staff wrote it; a changed address keeps the old one leading here
    (core/former_slugs.py)."""
    with transaction.atomic():
        old_slug = (
            Question.objects.select_for_update()
            .filter(pk=question.pk)
            .values_list("slug", flat=True)
            .first()
        )
        question.save()
        former_slug_record(FormerSlug, target=question, old_slug=old_slug)
    return question


def questions_set_published(*, questions: QuerySet[Question], published: bool, now=None) -> int:
    """Publishes or unpublishes the questions; returns how many changed."""
    changed = questions.exclude(is_published=published).update(
        is_published=published, updated_at=now or timezone.now()
    )
    content_changed()  # update() sends no post_save
    return changed
