"""The admin site: its permission check requires two-factor authentication for staff, and its
lists take input the database cannot hold as an invalid filter.

Checking two-factor here (not by matching the path in a middleware) holds for every admin
page wherever the site is mounted (a SCRIPT_NAME prefix included), and for every view a
ModelAdmin adds through `admin_view`.
"""

import json

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views import main
from django.db import DataError, models, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext

from .core.staff import is_verified_staff, needs_two_factor

# The start page and the menu group the lists by the task staff come to do, in this order;
# within a group, models come in the order given. A model not named here lands in «Drift».
TASK_GROUPS = (
    (
        "kurs",
        "Kurs",
        (
            "courses.course",
            "courses.signup",
            "courses.coursetype",
            "courses.interestentry",
            "courses.coursemessage",
        ),
    ),
    ("vurderingssamtaler", "Vurderingssamtaler", ("assessments.slot", "assessments.booking")),
    (
        "innhold",
        "Innhold",
        (
            "resources.resource",
            "resources.audience",
            "faq.question",
            "faq.category",
            "erfaringssentrum.searchsynonym",
            "erfaringssentrum.contactdetails",
        ),
    ),
    (
        "kontoer",
        "Kontoer og tilgang",
        (
            "erfaringssentrum.user",
            "assessments.adviserapproval",
            "assessments.trustedemaildomain",
            "auth.group",
            "account.emailaddress",
            "mfa.authenticator",
        ),
    ),
)
OTHER_GROUP = ("drift", "Drift")


class AdminSite(admin.AdminSite):
    site_header = "Erfaringssentrum – administrasjon"
    site_title = "Erfaringssentrum"
    index_title = "I dag"
    index_template = "admin/today.html"

    def get_app_list(self, request, app_label=None):
        """The lists grouped by task (TASK_GROUPS) on the start page and in the menu; an app's
        own page (app_label) keeps Django's grouping by app."""
        if app_label is not None:
            return super().get_app_list(request, app_label)
        models = {
            f"{model['model']._meta.app_label}.{model['model']._meta.model_name}": (app, model)
            for app in self._build_app_dict(request).values()
            for model in app["models"]
        }
        groups = []
        for label, name, members in TASK_GROUPS:
            found = [models.pop(key) for key in members if key in models]
            if found:
                groups.append(_group(label, name, found))
        if models:
            rest = sorted(models.values(), key=lambda pair: pair[1]["name"])
            groups.append(_group(*OTHER_GROUP, rest))
        return groups

    def has_permission(self, request):
        return super().has_permission(request) and is_verified_staff(request.user)

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every list in the admin, the apps' and allauth's alike, gets the guarded changelist.
        admin_class = admin_class or admin.ModelAdmin
        guarded = type(
            admin_class.__name__, (GuardedChangeList, LowercaseInlineNames, admin_class), {}
        )
        guarded.__module__ = admin_class.__module__
        super().register(model_or_iterable, guarded, **options)

    def login(self, request, extra_context=None):
        # Where admin_view sends staff without two-factor: to set it up, not to a login form.
        if needs_two_factor(request.user):
            messages.info(
                request,
                "Ansatte må bruke tofaktorautentisering. Sett opp en autentiseringsapp "
                "før du går videre til administrasjonen.",
            )
            return redirect("mfa_activate_totp")
        return super().login(request, extra_context)


def _group(label, name, members):
    """One group in the app list's shape; its heading leads to its first list's app page."""
    return {
        "name": name,
        "app_label": label,
        "app_url": members[0][0]["app_url"],
        "has_module_perms": True,
        "models": [model for _, model in members],
    }


class ChangeList(main.ChangeList):
    """Django's changelist, taking a filter value the database cannot hold (a 20-digit id or
    year, a date whose UTC time falls before year 1) as the invalid filter it is: the admin
    answers with its "invalid filter" notice (?e=1) instead of a 500."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:  # the date hierarchy's year, month or day
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            with transaction.atomic():  # on PostgreSQL, only this savepoint fails
                super().get_results(request)
        except (OverflowError, DataError) as error:
            raise IncorrectLookupParameters(error) from error


class GuardedChangeList:
    """Mixin for every ModelAdmin registered on the site (see AdminSite.register)."""

    def get_changelist(self, request, **kwargs):
        return ChangeList

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A slug is the page's part of a link, not a postal address: say so wherever the
        # model calls it «adresse» and the form gives no label of its own.
        if isinstance(db_field, models.SlugField) and "label" not in kwargs:
            kwargs["label"] = "Adresse i lenken"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_changelist_form(self, request, **kwargs):
        # A field edited in the list (list_editable) stands in a table cell without a label:
        # each input is named after its column and its row for screen readers.
        form_class = super().get_changelist_form(request, **kwargs)

        class LabelledRowForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.widget.attrs.setdefault("aria-label", f"{field.label}: {self.instance}")

        LabelledRowForm.__name__ = form_class.__name__
        return LabelledRowForm

class InlineAdminFormSet(helpers.InlineAdminFormSet):
    """Django capitalises the model name in an inline's "Add another" link ("Legg til
    Datoforslag"); in Norwegian the name stays as written ("Legg til datoforslag")."""

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        data["options"]["addText"] = gettext("Add another %(verbose_name)s") % {
            "verbose_name": self.opts.verbose_name
        }
        return json.dumps(data)


class LowercaseInlineNames:
    """Mixin for every ModelAdmin registered on the site (see AdminSite.register)."""

    def get_inline_formsets(self, *args, **kwargs):
        formsets = super().get_inline_formsets(*args, **kwargs)
        for formset in formsets:
            formset.__class__ = InlineAdminFormSet  # Django builds them; we only add wording
        return formsets


def name_other_apps_in_bokmal():
    """Names the admin shows for other packages' apps and models that have none in bokmål
    (django-tasks-db's app name and allauth's Authenticator are not marked for translation).
    Only the runtime names change; migrations read the models' original options."""
    apps.get_app_config("django_tasks_database").verbose_name = "Bakgrunnsjobber"
    authenticator = apps.get_model("mfa", "Authenticator")._meta
    authenticator.verbose_name = "autentiseringsmetode"
    authenticator.verbose_name_plural = "autentiseringsmetoder"
