"""What the admin's list actions do to many questions at once (publish, unpublish).

Questions and categories are content with no rule beyond their form: staff write them in the
admin's own forms (faq/admin.py), the demo seeder (faq/demo.py) makes the demo's, and
nothing else writes them."""

from django.db.models import QuerySet
from django.utils import timezone

from erfaringssentrum.core.pagecache import content_changed

from .models import Question


def questions_set_published(*, questions: QuerySet[Question], published: bool, now=None) -> int:
    """Publishes or unpublishes the questions; returns how many changed."""
    changed = questions.exclude(is_published=published).update(
        is_published=published, updated_at=now or timezone.now()
    )
    content_changed()  # update() sends no post_save
    return changed
