from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.html import format_html

from .models import Category, Question
from .services import question_save, questions_set_published


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["question", "position", "is_published"]
    extra = 0
    show_change_link = True
    ordering = ["position", "pk"]

    def has_add_permission(self, request, obj=None):
        # A row here has no address or answer: new questions are added on their own page.
        return False


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "published_count", "question_count"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                question_count=Count("questions"),
                published_count=Count("questions", filter=Q(questions__is_published=True)),
            )
        )

    @admin.display(description="spørsmål i alt", ordering="question_count")
    def question_count(self, obj):
        return obj.question_count

    @admin.display(description="publiserte", ordering="published_count")
    def published_count(self, obj):
        return obj.published_count


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["question", "category", "position", "is_published", "updated_at", "view_link"]
    list_editable = ["position", "is_published"]
    list_filter = ["is_published", "category"]
    list_select_related = ["category"]
    search_fields = ["question", "answer"]
    prepopulated_fields = {"slug": ["question"]}
    ordering = ["category__position", "category__name", "position", "pk"]
    # A plain multiple select: the search boxes of autocomplete_fields and filter_horizontal
    # carry no accessible name (axe), and a list of resources is short enough to pick from.
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["category", "question", "slug", "answer", "related_resources"]}),
        ("Visning", {"fields": ["position", "is_published"]}),
    ]

    def save_model(self, request, obj, form, change):
        question_save(question=obj)

    @admin.display(description="på nettstedet")
    def view_link(self, obj):
        label = "Vis" if obj.is_published else "Forhåndsvis"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    @admin.action(description="Publiser valgte spørsmål", permissions=["change"])
    def publish(self, request, queryset):
        changed = questions_set_published(questions=queryset, published=True)
        self.message_user(request, f"{changed} spørsmål publisert.", messages.SUCCESS)

    @admin.action(description="Gjør valgte spørsmål til utkast", permissions=["change"])
    def unpublish(self, request, queryset):
        changed = questions_set_published(questions=queryset, published=False)
        self.message_user(request, f"{changed} spørsmål gjort til utkast.", messages.SUCCESS)
