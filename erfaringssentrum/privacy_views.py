import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import FormView

from .core.privacy import (
    AccountDeletionBlocked,
    user_data_export,
    user_delete,
    user_deletion_blockers,
)
from .core.ratelimit import ratelimit_post


class MyDataDownloadView(LoginRequiredMixin, View):
    def get(self, request):
        data = user_data_export(user=request.user)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2, default=str),
            content_type="application/json; charset=utf-8",
        )
        filename = f"mine-data-{timezone.localdate().isoformat()}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Passordet ditt",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Vi ber om passordet for å være sikre på at det er du som sletter kontoen.",
        error_messages={"required": "Skriv inn passordet du logger inn med."},
    )
    confirm = forms.BooleanField(
        label="Jeg forstår at kontoen og opplysningene mine slettes, at kommende "
        "bookinger blir avbestilt og at jeg blir meldt av kursene.",
        error_messages={"required": "Kryss av for at du forstår hva som slettes."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "Passordet er feil. Skriv inn passordet du logger inn med."
            )
        return password


class DeleteAccountView(LoginRequiredMixin, FormView):
    template_name = "pages/delete_account.html"
    form_class = DeleteAccountForm

    # The form checks the password: without a limit, whoever finds the browser logged in
    # could try one password after another here (allauth limits its own password forms).
    @ratelimit_post(action="delete-account")
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("blockers", user_deletion_blockers(user=self.request.user))
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        user = self.request.user
        try:
            user_delete(user=user)
        except AccountDeletionBlocked as blocked:
            # Nothing was deleted and the user is still logged in: tell them what comes first.
            context = self.get_context_data(form=form, blockers=blocked.reasons)
            return self.render_to_response(context, status=409)
        logout(self.request)
        messages.success(self.request, "Kontoen din og opplysningene om deg er slettet.")
        return redirect("front-page")
