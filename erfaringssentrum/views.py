import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.generic import FormView, TemplateView

from resources.models import FRONT_PAGE_FEATURED, Audience, Resource, audience_slugs

from .core.adviser_fields import initial_from_account
from .core.links import absolute_url, urls_reversed_once
from .core.minside import sections_for
from .forms import MyDetailsForm
from .services import user_details_update

logger = logging.getLogger(__name__)


class FrontPageView(TemplateView):
    template_name = "pages/front_page.html"

    def get_context_data(self, **kwargs):
        featured = Resource.objects.featured().with_audiences()[:FRONT_PAGE_FEATURED]
        return super().get_context_data(
            featured_resources=featured,
            wants_to_become_url=audience_url(Audience.Key.WANTS_TO_BECOME),
            employer_url=audience_url(Audience.Key.EMPLOYER),
            **kwargs,
        )


def audience_url(key: str) -> str:
    """The library filtered to the audience with `key`, under the slug it has now; the whole
    library if staff deleted it. No query while the audiences are unchanged."""
    slug = audience_slugs().get(key)
    library = reverse("resources:index")
    return f"{library}?{urlencode({'malgruppe': slug})}" if slug else library


class PrivacyView(TemplateView):
    """The privacy notice reads the retention periods from the settings the jobs use."""

    template_name = "pages/privacy.html"

    def get_context_data(self, **kwargs):
        from assessments import conf as assessments_conf
        from courses import conf as courses_conf

        return super().get_context_data(
            unconfirmed_account_days=settings.UNCONFIRMED_ACCOUNT_DAYS,
            booking_retention_months=assessments_conf.retention_months(),
            invitations_per_day=assessments_conf.invitations_per_address_per_day(),
            course_retention_days=courses_conf.retention_days(),
            untold_interest_days=courses_conf.untold_interest_retention_days(),
            **kwargs,
        )


class MyDetailsView(LoginRequiredMixin, FormView):
    """«Mine opplysninger»: workplace, role and phone, filled in on the booking and course
    forms."""

    template_name = "pages/my_details.html"
    form_class = MyDetailsForm

    def get_initial(self):
        return initial_from_account(self.request.user)

    def form_valid(self, form):
        user_details_update(user=self.request.user, **form.cleaned_data)
        messages.success(
            self.request, "Opplysningene er lagret. Vi fyller dem inn i skjemaene for deg."
        )
        return redirect(reverse("min-side") + "#mine-opplysninger")


MIN_SIDE_LINKS = {
    "my_details": "my-details",
    "change_password": "account_change_password",
    "change_email": "account_email",
    "my_data": "my-data",
    "delete_account": "delete-account",
}

min_side_links = urls_reversed_once(MIN_SIDE_LINKS)


class MinSideView(LoginRequiredMixin, TemplateView):
    template_name = "pages/min_side.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sections=sections_for(self.request), links=min_side_links(), **kwargs
        )


@never_cache
def health(request):
    """200 when the database answers, 503 when it does not (for load balancers and uptime)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "feil", "database": "utilgjengelig"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


@cache_control(max_age=60 * 60 * 24)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to: send them to the static file
    (temporarily, as its hashed name changes with the icon)."""
    return HttpResponseRedirect(static("favicon.ico"))


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /konto/",
        "Disallow: /min-side/",
        f"Sitemap: {absolute_url(reverse('django.contrib.sitemaps.views.sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def minimal(request):
    """A minimal Django view: the benchmark's floor (only routed when BENCHMARK is on)."""
    return HttpResponse("ok", content_type="text/plain")


def server_error(request):
    """The 500 page in the site's design. Like Django's own handler it renders without the
    request context (which may be what failed), but with the header and footer links."""
    from django.template import loader

    from .context_processors import nav_urls

    html = loader.get_template("500.html").render({"nav": nav_urls()})
    return HttpResponse(html, status=500)
