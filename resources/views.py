from django.http import FileResponse, Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import DetailView, FormView, ListView

from erfaringssentrum.core.former_slugs import RedirectFormerSlug, former_slug_target
from erfaringssentrum.core.pagecache import cache_public_page, do_not_store
from erfaringssentrum.core.search import search_any_word
from erfaringssentrum.models import SearchSynonym
from erfaringssentrum.site_search import NothingFound, nothing_found

from .forms import ResourceFilterForm, SelfCheckForm
from .models import Audience, FormerSlug, Kind, Resource, audience_slugs
from .selfcheck import reflect


class ResourceListView(ListView):
    template_name = "resources/resource_list.html"
    context_object_name = "resources"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        audiences = list(Audience.objects.all())
        self.filter_form = ResourceFilterForm(request.GET or None, audiences=audiences)
        self.filters = self.filter_form.filters()
        if self.filter_form.is_bound and not self.filter_form.is_valid():
            do_not_store(request)  # unknown types or audiences are not cached
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # «betalt» finds «lønn» too (synonyms kept by staff).
        query = SearchSynonym.objects.expand(self.filters["query"])
        return Resource.objects.library(**{**self.filters, "query": query}).with_audiences()

    def finds_anything(self, query: str) -> bool:
        query = SearchSynonym.objects.expand(query)
        return Resource.objects.library(**{**self.filters, "query": query}).exists()

    def paginate_queryset(self, queryset, page_size):
        # get_page() turns a missing, bad or too large page number into a real page.
        paginator = self.get_paginator(queryset, page_size)
        asked = self.request.GET.get("page")
        page = paginator.get_page(asked)
        if asked is not None and asked != str(page.number):
            do_not_store(self.request)  # not a page of its own
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        query = self.filters["query"]
        no_hits = query and not page.paginator.count
        # A suggestion is offered if the library finds something for it with the type and
        # audience chosen.
        nothing = nothing_found(query, finds=self.finds_anything) if no_hits else NothingFound()
        # «lønn erfaringskonsulent oslo»: no resource has every word, so those with some of them.
        again = search_any_word(query, self.get_queryset) if no_hits else None
        some_words = again is not None and again.exists()
        if some_words:
            self.object_list = again
            context = super().get_context_data(**kwargs)
            page = context["page_obj"]
        return {
            **context,
            "some_words": some_words,
            "filter_form": self.filter_form,
            "filters": self.filters,
            "is_filtered": any(self.filters.values()),
            "kind_label": Kind(self.filters["kind"]).label if self.filters["kind"] else "",
            "page_range": page.paginator.get_elided_page_range(page.number),
            "common_words_only": nothing.common_words_only,
            "did_you_mean": nothing.did_you_mean,
        }


class ResourceDetailView(RedirectFormerSlug, DetailView):
    template_name = "resources/resource_detail.html"
    context_object_name = "resource"
    former_slug_model = FormerSlug

    def get_queryset(self):
        return Resource.objects.visible_to(self.request.user).with_audiences()

    def get_context_data(self, **kwargs):
        resource = self.object
        related = Resource.objects.related_to(resource).only(
            "title", "slug", "kind", "summary", "published_at"
        )
        return super().get_context_data(
            related=related, is_draft=not resource.is_public(), **kwargs
        )


resource_list = cache_public_page(
    ResourceListView.as_view(), query=("type", "malgruppe", "page"), search="q"
)


def resource_pdf(request, slug):
    """The attached PDF, under the same visibility rules as the resource itself; a former
    address of the resource leads to it (core/former_slugs.py)."""
    with_pdf = Resource.objects.visible_to(request.user).exclude(pdf="")
    resource = with_pdf.filter(slug=slug).first()
    if resource is None:
        moved = former_slug_target(FormerSlug, with_pdf, slug)
        if not moved:
            raise Http404
        return HttpResponsePermanentRedirect(reverse("resources:pdf", args=[moved.slug]))
    try:
        file = resource.pdf.open("rb")
    except FileNotFoundError as error:
        raise Http404("PDF-filen finnes ikke.") from error
    return FileResponse(file, content_type="application/pdf", filename=f"{resource.slug}.pdf")


@method_decorator(never_cache, name="dispatch")
@method_decorator(sensitive_post_parameters(), name="dispatch")
class SelfCheckView(FormView):
    """Answers are sent by POST (never in a URL that could end up in a log), turned into
    feedback in the same response and then forgotten: no database, no session, no log."""

    template_name = "resources/self_check.html"
    form_class = SelfCheckForm

    def form_valid(self, form):
        reflections, overall = reflect(form.cleaned_data)
        # The audience as the front page finds it (models.audience_slugs).
        wants_to_become = audience_slugs().get(Audience.Key.WANTS_TO_BECOME)
        suggested = (
            Resource.objects.published()
            .filter(audiences__slug=wants_to_become)
            .order_by("-is_featured", "-published_at", "-pk")
            .only("title", "slug", "summary", "kind")[:4]
            if wants_to_become
            else []
        )
        return self.render_to_response(
            self.get_context_data(
                form=form,
                submitted=True,
                reflections=reflections,
                overall=overall,
                suggested=suggested,
            )
        )
