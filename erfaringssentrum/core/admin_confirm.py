"""What the admin asks before a change that tells people something and cannot be taken back
(cancelling a course or a booking, removing a participant, withdrawing booked slots): one
confirmation page that says who will be told, asks for the reason they are told, and says
what cannot be undone; for forms whose save calls a service, the service's refusal shown on
the form like any other error; and deleting through a service, one object at a time."""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.admin import ActionLocation
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .errors import DomainError

CONFIRM = "bekreft"  # the name of the confirmation page's submit button


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Begrunnelse",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="Står i e-posten til alle som får beskjed. Skriv som til den det gjelder.",
        error_messages={
            "required": "Skriv en begrunnelse. Den står i e-posten til dem som får beskjed."
        },
    )

    def __init__(self, request):
        super().__init__(request.POST if CONFIRM in request.POST else None)

    def full_clean(self):
        super().full_clean()
        if self.errors:  # back to the field that needs an answer
            self.fields["reason"].widget.attrs["autofocus"] = True


@dataclass
class Recipients:
    """One group of people who get an e-mail: «Påmeldte (3)» and their names."""

    title: str
    people: list[str] = field(default_factory=list)


def confirmation_page(
    modeladmin,
    request,
    queryset,
    *,
    form: ReasonForm,
    title: str,
    what: str,
    recipients: list[Recipients],
    cannot_undo: str,
    submit_label: str,
    objects: list | None = None,
):
    """The page an admin action shows until staff confirm it with a reason. The action is
    posted again with the same selection; the action runs when `form.is_valid()`."""
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": opts,
        "title": title,
        "what": what,
        "objects": objects if objects is not None else list(queryset),
        "selected": list(queryset.values_list("pk", flat=True)),
        "recipients": [group for group in recipients if group.people],
        "cannot_undo": cannot_undo,
        "form": form,
        "submit_label": submit_label,
        "confirm_name": CONFIRM,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "back_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
    }
    return TemplateResponse(request, "admin/confirm_irreversible.html", context)


class ServiceErrorsOnForm:
    """ModelAdmin mixin for a form whose `save_model` calls a service: when the service
    refuses (one of `service_errors`), the write is rolled back with changeform_view's
    transaction and the form is shown again with the user's input and the service's message,
    beside its field when the error names one (`error.field`), else at the top."""

    service_errors: tuple[type[DomainError], ...] = ()

    def note_when_saved(self, request, message: str) -> None:
        """A message for staff («12 får e-post») shown only once the whole save has gone
        through: a refusal later in the same save (an inline's service) rolls it back."""
        request.__dict__.setdefault("_notes_when_saved", []).append(message)

    def response_add(self, request, obj, post_url_continue=None):
        self._show_notes(request)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._show_notes(request)
        return super().response_change(request, obj)

    def _show_notes(self, request):
        for message in request.__dict__.pop("_notes_when_saved", []):
            self.message_user(request, message, messages.INFO)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except self.service_errors as error:
            request.service_error = error
            request.__dict__.pop("_notes_when_saved", None)  # rolled back: none of it happened
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        error = getattr(request, "service_error", None)
        if error is None:
            return form_class

        class WithServiceError(form_class):
            def clean(self):
                data = super().clean()
                name = getattr(error, "field", None)
                self.add_error(name if name in self.fields else None, error.message)
                return data

        WithServiceError.__name__ = form_class.__name__
        return WithServiceError


class DeleteThroughService:
    """ModelAdmin mixin: an object is deleted one at a time by `delete_object(obj)`, a service
    that locks, checks and may refuse with one of `service_errors`; never by the bulk «Slett
    valgte». While `delete_refusal(obj)` gives a reason, the form shows it where «Slett» would
    be (templates/admin/submit_line.html), and a refusal when staff confirm (the object
    changed since the page was shown) is a message, not an error page."""

    service_errors: tuple[type[DomainError], ...] = ()

    def delete_object(self, obj) -> str | None:
        """Deletes `obj` through the service; may return a note for staff («3 får e-post»)."""
        raise NotImplementedError

    def delete_refusal(self, obj) -> str:
        """Why the service would refuse to delete `obj` now ("" when it would not)."""
        return ""

    def refusal_message(self, error: DomainError) -> str:
        """What staff read when the service refuses at confirmation."""
        return error.message

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.delete_refusal(obj):
            return False
        return super().has_delete_permission(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and super().has_delete_permission(request, obj):
            context["delete_refusal"] = self.delete_refusal(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        note = self.delete_object(obj)
        if note:
            self.message_user(request, note, messages.INFO)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        refusal = self.delete_refusal(obj) if obj is not None else ""
        if refusal and super().has_delete_permission(request, obj):
            return self._refused(request, obj, refusal)
        try:
            return super().delete_view(request, object_id, extra_context)
        except self.service_errors as error:
            return self._refused(request, obj, self.refusal_message(error))

    def _refused(self, request, obj, message):
        self.message_user(request, message, messages.ERROR)
        opts = self.opts
        if self.has_view_or_change_permission(request, obj):
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
