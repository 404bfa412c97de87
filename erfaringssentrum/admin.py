from allauth.account import admin as account_admin  # registers allauth's EmailAddressAdmin
from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.contrib.auth.forms import UserCreationForm as BaseUserCreationForm
from django_tasks_db import admin as _tasks_admin  # noqa: F401 (registers the admin we drop)
from django_tasks_db.models import DBTaskResult

from . import services
from .core import mailqueue
from .core.admin_confirm import DeleteThroughService
from .core.errors import DomainError
from .core.numbers import count_of
from .core.privacy import AccountDeletionBlocked, user_delete, user_deletion_blockers
from .models import ContactDetails, FailedMail, SearchSynonym, User


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class UserChangeForm(BaseUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


# The admin's log of what a staff member did goes with their account (LogEntry.user).
STAFF_ACCOUNT_KEPT = (
    "Dette er en ansattkonto. Den slettes ikke her, for da forsvinner også loggen over hva "
    "personen har gjort i administrasjonen. Gjør kontoen inaktiv i stedet (fjern haken for "
    "«Aktiv»)."
)


def _not_yet(reasons: list[str]) -> str:
    # The reasons are written to the account's owner.
    return f"Kontoen kan ikke slettes ennå. Slik forklares det for brukeren: «{' '.join(reasons)}»"


@admin.register(User)
class UserAdmin(DeleteThroughService, BaseUserAdmin):
    """An account deleted here goes as when its owner deletes it on Min side (user_delete):
    seats are given up and the waiting list told, upcoming bookings cancelled with notice,
    the rest anonymised and the admin's log scrubbed; never by a bare cascade."""

    form = UserChangeForm
    service_errors = (DomainError,)  # also a seat or booking the deletion could not give up
    add_form = UserCreationForm
    ordering = ("email",)
    list_display = ("email", "name", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personalia", {"fields": ("name",)}),
        (
            "Tilganger",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Datoer", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),
    )

    def delete_refusal(self, obj):
        if obj.is_staff:
            return STAFF_ACCOUNT_KEPT
        reasons = user_deletion_blockers(user=obj)
        return _not_yet(reasons) if reasons else ""

    def refusal_message(self, error):
        if isinstance(error, AccountDeletionBlocked):
            return _not_yet(error.reasons)
        return error.message

    def save_model(self, request, obj, form, change):
        services.user_account_save(user=obj, changed=form.changed_data)

    def delete_object(self, obj):
        user_delete(user=obj)

    def get_deleted_objects(self, objs, request):
        # What goes with the account is user_delete's to decide, not the per-model delete
        # permissions (nobody deletes a signup by hand: it is given up), which made this a 403.
        deleted, counts, _permissions_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected


@admin.register(ContactDetails)
class ContactDetailsAdmin(admin.ModelAdmin):
    """There is exactly one row: the list page goes straight to it."""

    fieldsets = (
        (None, {"fields": ("organisation_name", "email", "phone", "opening_hours")}),
        ("Adresse", {"fields": ("street_address", "postal_code", "city")}),
    )

    def has_add_permission(self, request):
        return not ContactDetails.objects.exists()

    def save_model(self, request, obj, form, change):
        services.contact_details_save(details=obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        from django.shortcuts import redirect
        from django.urls import reverse

        details = ContactDetails.load()
        return redirect(reverse("admin:erfaringssentrum_contactdetails_change", args=[details.pk]))


@admin.register(FailedMail)
class FailedMailAdmin(admin.ModelAdmin):
    """E-mails the worker gave up on (see erfaringssentrum/core/mailqueue.py). The list shows what
    each was and why it failed, never its contents; staff send them again once the cause is
    mended (the mail server is back, the address corrected) or discard them."""

    list_display = ("label", "regarding", "attempts", "finished_at", "reason")
    list_display_links = None
    actions = ["send_again", "discard"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_resend_permission(self, request):
        # Sending again or discarding changes the queue: the change right on failed e-mails
        # (the list itself needs only the view right).
        return request.user.has_perm("erfaringssentrum.change_failedmail")

    @admin.display(description="e-post")
    def label(self, obj):
        return mailqueue.mail_label(obj.args_kwargs["args"][0])

    @admin.display(description="gjelder")
    def regarding(self, obj):
        # Only the ids: an account e-mail's other values are links with secret keys in them.
        params = obj.args_kwargs["args"][1]
        return ", ".join(
            f"{name.removesuffix('_id')} {value}"
            for name, value in params.items()
            if name.endswith("_id")
        )

    @admin.display(description="forsøk")
    def attempts(self, obj):
        args = obj.args_kwargs["args"]
        return args[2] if len(args) > 2 else 1

    @admin.display(description="årsak")
    def reason(self, obj):
        if obj.status == "RUNNING":
            return mailqueue.INTERRUPTED
        return mailqueue.failure_reason(obj.exception_class_path)

    @admin.action(description="Send valgte e-poster på nytt", permissions=["resend"])
    def send_again(self, request, queryset):
        count = mailqueue.failed_mails_retry(failed=queryset)
        mails = count_of(count, "e-post", "e-poster")
        self.message_user(request, f"{mails} er lagt i køen igjen.", messages.SUCCESS)

    @admin.action(description="Forkast valgte e-poster (sendes ikke)", permissions=["resend"])
    def discard(self, request, queryset):
        count = mailqueue.failed_mails_discard(failed=queryset)
        mails = count_of(count, "e-post", "e-poster")
        self.message_user(request, f"{mails} er forkastet.", messages.SUCCESS)


# django-tasks-db's own list of tasks shows each one's arguments (an account e-mail's carry
# links with secret keys) and error text; staff have FailedMailAdmin instead.
admin.site.unregister(DBTaskResult)
admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(account_admin.EmailAddressAdmin):
    """allauth's, with the permission its action needs: staff who may only view cannot mark
    an address as confirmed."""

    @admin.action(description="Marker valgte e-postadresser som bekreftet", permissions=["change"])
    def make_verified(self, request, queryset):
        super().make_verified(request, queryset)


class SearchSynonymForm(forms.ModelForm):
    class Meta:
        model = SearchSynonym
        fields = ("word", "means")

    def clean(self):
        data = super().clean()
        if not self.errors:
            data["word"], data["means"] = services.search_synonym_normalised(
                word=data["word"], means=data["means"]
            )
        return data


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """Words people search for and what the content calls them (Redaktør keeps the list)."""

    form = SearchSynonymForm
    list_display = ("word", "means")
    search_fields = ("word", "means")

    def save_model(self, request, obj, form, change):
        services.search_synonym_save(synonym=obj)

    def delete_model(self, request, obj):
        services.search_synonym_delete(synonym=obj)

    def delete_queryset(self, request, queryset):
        for synonym in queryset:
            services.search_synonym_delete(synonym=synonym)
