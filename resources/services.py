from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Resource


def resource_set_published(*, resources: QuerySet[Resource], published: bool, now=None) -> int:
    """Publishes or unpublishes; a resource published now that had a future date keeps it
    (it appears then), one without a date gets `now`. Returns how many changed."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = resources.exclude(is_published=published)
        count = changed.update(is_published=published, updated_at=now)
    return count


def resource_set_featured(*, resources: QuerySet[Resource], featured: bool, now=None) -> int:
    """Features resources on the front page (or stops doing so). Returns how many changed."""
    now = now or timezone.now()
    return resources.exclude(is_featured=featured).update(is_featured=featured, updated_at=now)
