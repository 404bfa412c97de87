"""Addresses that keep working after staff change a slug: the old one answers with a permanent
redirect to the new, so shared links, bookmarks and search results still lead there.

An app keeps its own model of former slugs (a subclass of FormerSlug with a `target` foreign
key to the content), records a change in its save service with `former_slug_record`, and
adds `RedirectFormerSlug` to its detail view.
"""

from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect


class FormerSlug(models.Model):
    slug = models.SlugField("tidligere adresse", max_length=200, unique=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.slug


def former_slug_record(model: type[FormerSlug], *, target, old_slug: str | None) -> None:
    """The slug `target` had before this save (`old_slug`, None for new content) leads to it
    from now on. (A former slug that is some content's own again is simply never reached.)"""
    if old_slug and old_slug != target.slug:
        model.objects.update_or_create(slug=old_slug, defaults={"target": target})


def former_slug_target(model: type[FormerSlug], queryset, slug: str):
    """The object in `queryset` (what the visitor may see) that had `slug` before, or None."""
    former = model.objects.filter(slug=slug).first()
    return former and queryset.filter(pk=former.target_id).first()


class RedirectFormerSlug:
    """DetailView mixin: a slug that is not found, but that an object visible here had before,
    redirects (301) to that object's address now."""

    former_slug_model: type[FormerSlug]

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            target = former_slug_target(
                self.former_slug_model, self.get_queryset(), kwargs.get("slug")
            )
            if not target:
                raise
            return HttpResponsePermanentRedirect(target.get_absolute_url())
