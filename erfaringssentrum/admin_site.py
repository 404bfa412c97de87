"""The admin site: its permission check requires two-factor authentication for staff.

Checking it here (not by matching the path in a middleware) holds for every admin page
wherever the site is mounted (a SCRIPT_NAME prefix included), and for every view a ModelAdmin
adds through `admin_view`.
"""

from django.contrib import admin, messages
from django.shortcuts import redirect

from .staff import is_verified_staff, needs_two_factor


class AdminSite(admin.AdminSite):
    site_header = "Erfaringssentrum – administrasjon"
    site_title = "Erfaringssentrum"
    index_title = "Administrasjon"

    def has_permission(self, request):
        return super().has_permission(request) and is_verified_staff(request.user)

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

