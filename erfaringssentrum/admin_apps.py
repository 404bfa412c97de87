from django.contrib.admin.apps import AdminConfig as BaseAdminConfig


class AdminConfig(BaseAdminConfig):
    """django.contrib.admin with erfaringssentrum/admin_site.py as `admin.site` (two-factor
    authentication for staff is part of its permission check)."""

    default_site = "erfaringssentrum.admin_site.AdminSite"

    def ready(self):
        super().ready()
        from .admin_site import name_other_apps_in_bokmal

        name_other_apps_in_bokmal()
