from django.utils.text import Truncator
from django.views.generic import DetailView, TemplateView

from erfaringssentrum.core.former_slugs import RedirectFormerSlug
from erfaringssentrum.core.markdown import markdown_to_plain_text
from erfaringssentrum.core.pagecache import do_not_store
from erfaringssentrum.core.search import clean_query, search_any_word
from erfaringssentrum.core.staff import is_verified_staff
from erfaringssentrum.models import SearchSynonym
from erfaringssentrum.site_search import NothingFound, nothing_found

from .forms import FaqFilterForm
from .models import Category, FormerSlug, Question
from .structured_data import faq_page_json_ld

# A search that finds this few questions shows their answers right away.
OPEN_RESULTS_AT_MOST = 3
# On the page with all categories, a category shows this many questions and links to the
# rest (its own filtered page), so a large FAQ does not become one very heavy page.
QUESTIONS_PER_CATEGORY = 25


class FaqIndexView(TemplateView):
    """All published questions by category; `?kategori=` narrows, `?q=` searches."""

    template_name = "faq/index.html"

    def get_context_data(self, **kwargs):
        categories = list(Category.objects.with_published_questions())
        data = None
        if self.request.GET:
            # Show the query as it was searched for: trimmed, without control characters.
            data = self.request.GET.copy()
            data["q"] = clean_query(data.get("q"))
        form = FaqFilterForm(data, categories=categories)
        form.is_valid()  # an unknown category is shown as an error; the rest still works
        query = form.cleaned_data.get("q", "") if form.is_bound else ""
        category = form.cleaned_data.get("kategori") if form.is_bound else None
        if form.errors:
            do_not_store(self.request)  # unknown categories are not cached
        shown_categories = [category] if category else categories

        results = None
        searched = Question.objects.published()
        if category:
            searched = searched.filter(category=category)
        if query:
            matches = searched.select_related("category").with_related_resources()
            # «betalt» finds «lønn» too (synonyms kept by staff).
            expanded = SearchSynonym.objects.expand(query)
            results = list(matches.search(expanded))
            shown_questions = results
        else:
            for shown in shown_categories:
                questions = list(shown.questions.all())  # prefetched: no query
                shown.listed = questions if category else questions[:QUESTIONS_PER_CATEGORY]
                shown.not_listed = len(questions) - len(shown.listed)
            shown_questions = [q for c in shown_categories for q in c.listed]

        # A suggestion is offered if the FAQ (in the chosen category) finds something for it.
        nothing = (
            nothing_found(
                query,
                finds=lambda suggested: searched.search(
                    SearchSynonym.objects.expand(suggested)
                ).exists(),
            )
            if results == []
            else NothingFound()
        )
        # «trenger jeg utdanning»: no question has every word, so those with some of them.
        some_words = False
        if results == []:
            again = search_any_word(query, lambda: list(matches.search(expanded)))
            if again:
                results = shown_questions = again
                some_words = True
        return super().get_context_data(
            form=form,
            categories=categories,
            shown_categories=shown_categories,
            selected_category=category,
            query=query,
            results=results,
            open_results=results is not None and len(results) <= OPEN_RESULTS_AT_MOST,
            common_words_only=nothing.common_words_only,
            did_you_mean=nothing.did_you_mean,
            some_words=some_words,
            json_ld=faq_page_json_ld(shown_questions),
            **kwargs,
        )


class QuestionDetailView(RedirectFormerSlug, DetailView):
    """The permalink of one question; staff may preview a draft."""

    template_name = "faq/question_detail.html"
    context_object_name = "question"
    former_slug_model = FormerSlug

    def get_queryset(self):
        questions = Question.objects.select_related("category")
        user = self.request.user
        if is_verified_staff(user) and user.has_perm("faq.view_question"):
            return questions
        return questions.published()

    def get_context_data(self, **kwargs):
        question = self.object
        others = (
            Question.objects.published()
            .filter(category=question.category)
            .exclude(pk=question.pk)
            .order_by("position", "pk")
            .only("question", "slug")
        )
        related_resources = question.related_resources.published().order_by("title")
        return super().get_context_data(
            others=others,
            related_resources=related_resources,
            meta_description=Truncator(markdown_to_plain_text(question.answer)).chars(155),
            **kwargs,
        )
