"""Placeholders in the resource library: links to example domains (a demo video, say)."""

from django.db.models import Q
from django.urls import reverse

from erfaringssentrum.launch_checks import Placeholder, example_urls

from .models import Resource


def placeholders() -> list[Placeholder]:
    candidates = Resource.objects.filter(
        Q(external_url__icontains="example") | Q(body__icontains="example")
    ).only("pk", "title", "external_url", "body")
    found = []
    for resource in candidates.order_by("title"):
        for url in example_urls(resource.external_url + "\n" + resource.body):
            found.append(
                Placeholder(
                    f"Lenke i ressursen «{resource.title}»",
                    url,
                    "Sett inn den virkelige lenken, eller fjern den.",
                    reverse("admin:resources_resource_change", args=[resource.pk]),
                )
            )
    return found
