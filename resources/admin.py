from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone

from erfaringssentrum.core.numbers import count_of

from .forms import ResourceAdminForm
from .models import FRONT_PAGE_FEATURED, Audience, Resource
from .services import resource_save, resource_set_featured, resource_set_published


def resources_text(count: int) -> str:
    return count_of(count, "ressurs", "ressurser")


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "resource_count"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["key"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(resource_count=Count("resources"))

    @admin.display(description="ressurser", ordering="resource_count")
    def resource_count(self, audience):
        return audience.resource_count


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("synlig", "Synlig for alle"),
            ("planlagt", "Publisert, men med dato frem i tid"),
            ("utkast", "Utkast"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "synlig":
            return queryset.published(now=now)
        if self.value() == "planlagt":
            return queryset.filter(is_published=True, published_at__gt=now)
        if self.value() == "utkast":
            return queryset.filter(is_published=False)
        return queryset


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    form = ResourceAdminForm
    list_display = ["title", "kind", "status", "published_at", "is_featured", "updated_at"]
    list_filter = [StatusFilter, "kind", "audiences", "is_featured"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    readonly_fields = ["created_at", "updated_at"]
    actions = ["publish", "unpublish", "feature", "unfeature"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "audiences", "summary", "body"]}),
        ("Lenke og fil", {"fields": ["external_url", "pdf"]}),
        (
            "Publisering",
            {"fields": ["is_published", "published_at", "is_featured", "created_at", "updated_at"]},
        ),
    ]

    def save_model(self, request, obj, form, change):
        resource_save(resource=obj, date_chosen="published_at" in form.changed_data)

    @admin.display(description="status")
    def status(self, resource):
        if not resource.is_published:
            return "Utkast"
        if not resource.is_public():
            return "Planlagt"
        return "Synlig"

    @admin.action(
        description="Publiser valgte ressurser nå (eller på den senere datoen som er satt)",
        permissions=["change"],
    )
    def publish(self, request, queryset):
        count = resource_set_published(resources=queryset, published=True)
        self.message_user(request, f"{resources_text(count)} publisert.", messages.SUCCESS)

    @admin.action(description="Gjør valgte ressurser til utkast", permissions=["change"])
    def unpublish(self, request, queryset):
        count = resource_set_published(resources=queryset, published=False)
        self.message_user(request, f"{resources_text(count)} gjort til utkast.", messages.SUCCESS)

    @admin.action(description="Fremhev valgte ressurser på forsiden", permissions=["change"])
    def feature(self, request, queryset):
        count = resource_set_featured(resources=queryset, featured=True)
        self.message_user(
            request, f"{resources_text(count)} fremhevet på forsiden.", messages.SUCCESS
        )
        featured = Resource.objects.featured().count()
        if featured > FRONT_PAGE_FEATURED:
            self.message_user(
                request,
                f"{featured} ressurser er fremhevet, men forsiden viser bare de "
                f"{FRONT_PAGE_FEATURED} nyeste. Fjern noen fra forsiden for å velge selv.",
                messages.WARNING,
            )

    @admin.action(description="Fjern valgte ressurser fra forsiden", permissions=["change"])
    def unfeature(self, request, queryset):
        count = resource_set_featured(resources=queryset, featured=False)
        self.message_user(
            request, f"{resources_text(count)} fjernet fra forsiden.", messages.SUCCESS
        )
