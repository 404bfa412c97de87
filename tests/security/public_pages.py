"""Every public page of the site, with the demo content in place (for site-wide checks)."""

from courses.models import Course
from faq.models import Question
from resources.models import Resource

STATIC_PAGES = [
    "/",
    "/om-oss/",
    "/personvern/",
    "/tilgjengelighet/",
    "/ressurser/",
    "/ressurser/passer-jeg/",
    "/sporsmal-og-svar/",
    "/sok/?q=lønn",
    "/sok/?q=finnesikke",
    "/vurdering/",
    "/kurs/",
    "/konto/login/",
    "/konto/signup/",
    "/konto/password/reset/",
]


def public_pages() -> list[str]:
    """Call after seed_demo: the fixed pages plus one of each kind of content page."""
    return [
        *STATIC_PAGES,
        Resource.objects.published().first().get_absolute_url(),
        Question.objects.published().first().get_absolute_url(),
        Course.objects.first().get_absolute_url(),
    ]
