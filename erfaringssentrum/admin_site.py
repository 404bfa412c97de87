"""The admin site: its permission check requires two-factor authentication for staff, and its
lists take input the database cannot hold as an invalid filter.

Checking two-factor here (not by matching the path in a middleware) holds for every admin
page wherever the site is mounted (a SCRIPT_NAME prefix included), and for every view a
ModelAdmin adds through `admin_view`.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views import main
from django.db import DataError, transaction
from django.shortcuts import redirect

from .core.staff import is_verified_staff, needs_two_factor


class AdminSite(admin.AdminSite):
    site_header = "Erfaringssentrum – administrasjon"
    site_title = "Erfaringssentrum"
    index_title = "Administrasjon"

    def has_permission(self, request):
        return super().has_permission(request) and is_verified_staff(request.user)

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every list in the admin, the apps' and allauth's alike, gets the guarded changelist.
        admin_class = admin_class or admin.ModelAdmin
        guarded = type(admin_class.__name__, (GuardedChangeList, admin_class), {})
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
