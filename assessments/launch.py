"""Placeholders in the assessments: trusted domains reserved for examples (the demo's
`nav.example`), and video links on example domains in slots that have not ended."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from erfaringssentrum.launch_checks import Placeholder, example_urls, is_example_domain

from .models import Slot, TrustedEmailDomain


def trusted_domains() -> list[Placeholder]:
    return [
        Placeholder(
            "Godkjent e-postdomene",
            entry.domain,
            "Slett domenet. Ingen virkelig veileder har en adresse på et eksempeldomene.",
            reverse("admin:assessments_trustedemaildomain_change", args=[entry.pk]),
        )
        for entry in TrustedEmailDomain.objects.order_by("domain")
        if is_example_domain(entry.domain)
    ]


def slot_links(*, now=None) -> list[Placeholder]:
    now = now or timezone.now()
    locations = (
        Slot.objects.filter(ends_at__gt=now, location__icontains="example")
        .values("location")
        .annotate(count=Count("pk"))
        .order_by("location")
    )
    return [
        Placeholder(
            f"Sted eller videolenke i {row['count']} tider som ikke er over",
            row["location"],
            "Sett inn den virkelige lenken i tidene, eller slett tidene.",
            reverse("admin:assessments_slot_changelist"),
        )
        for row in locations
        if example_urls(row["location"])
    ]


def placeholders() -> list[Placeholder]:
    return [*trusted_domains(), *slot_links()]
