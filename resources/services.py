"""How resources are written: the admin's add and change forms (resource_save) and its list
actions on many at once (publish, feature). The demo seeder (resources/demo.py) makes the
demo's, and nothing else writes them. One rule holds for both ways of publishing: a draft
published after its date has passed is dated then. Cached pages follow post_save, and the
functions whose update() sends none invalidate them themselves.
"""

from django.db import transaction
from django.db.models import QuerySet, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from erfaringssentrum.core.former_slugs import former_slug_record
from erfaringssentrum.core.pagecache import content_changed

from .models import FormerSlug, Resource


def resource_save(*, resource: Resource, date_chosen: bool, now=None) -> Resource:
    """Saves a resource as staff wrote it in the admin's form. A draft published in this save
    is dated now if its date has passed, as resource_set_published does, unless staff set
    that date in this same save (`date_chosen`: an old article put in with its own date).
    A changed address keeps the old one leading here (core/former_slugs.py)."""
    now = now or timezone.now()
    with transaction.atomic():
        was_published, old_slug = (
            Resource.objects.select_for_update()
            .filter(pk=resource.pk)
            .values_list("is_published", "slug")
            .first()
        ) or (False, None)
        if resource.is_published and not was_published and not date_chosen:
            resource.published_at = max(resource.published_at, now)
        resource.save()
        former_slug_record(FormerSlug, target=resource, old_slug=old_slug)
    return resource


def resource_set_published(*, resources: QuerySet[Resource], published: bool, now=None) -> int:
    """Publishes or unpublishes. Returns how many changed.

    A draft whose publish date has passed (a draft is dated when it is started) is dated now,
    so it is new at the top of the list and the feed. A future publish date is kept: the
    resource appears then."""
    now = now or timezone.now()
    fields = {"is_published": published, "updated_at": now}
    if published:
        fields["published_at"] = Greatest("published_at", Value(now))
    with transaction.atomic():
        changed = resources.exclude(is_published=published)
        count = changed.update(**fields)
        # update() sends no post_save, so cached pages are invalidated here.
        content_changed()
    return count


def resource_set_featured(*, resources: QuerySet[Resource], featured: bool) -> int:
    """Features resources on the front page (or stops doing so). Returns how many changed.

    The content is unchanged, so `updated_at` (the "Oppdatert" date and the feed's <updated>)
    is left alone."""
    with transaction.atomic():
        changed = resources.exclude(is_featured=featured)
        count = changed.update(is_featured=featured)
        content_changed()
    return count
