from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from erfaringssentrum.pagecache import bump_content_version

from .models import Resource


def resource_set_published(*, resources: QuerySet[Resource], published: bool, now=None) -> int:
    """Publishes or unpublishes. A future publish date is kept: the resource appears then.
    Returns how many changed."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = resources.exclude(is_published=published)
        count = changed.update(is_published=published, updated_at=now)
        # update() sends no post_save, so cached pages are invalidated here.
        transaction.on_commit(bump_content_version)
    return count


def resource_set_featured(*, resources: QuerySet[Resource], featured: bool) -> int:
    """Features resources on the front page (or stops doing so). Returns how many changed.

    The content is unchanged, so `updated_at` (the "Oppdatert" date and the feed's <updated>)
    is left alone."""
    with transaction.atomic():
        changed = resources.exclude(is_featured=featured)
        count = changed.update(is_featured=featured)
        transaction.on_commit(bump_content_version)
    return count
