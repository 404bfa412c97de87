"""What staff do to questions beyond editing them in admin."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import Question


def questions_set_published(*, questions: QuerySet[Question], published: bool, now=None) -> int:
    """Publishes or unpublishes the questions; returns how many changed."""
    return questions.exclude(is_published=published).update(
        is_published=published, updated_at=now or timezone.now()
    )
