"""What the apps add to the site, found in their own modules, as the admin finds `admin.py`.

An app takes part in a shared feature by having a module of an agreed name that defines an
agreed name; nothing central lists the apps:

| module        | defines                                    | read by                        |
| ------------- | ------------------------------------------ | ------------------------------ |
| `search.py`   | `site_search(query, *, limit)`             | the site search, `/sok/`       |
| `minside.py`  | `section(request)`                         | Min side                       |
| `privacy.py`  | `export_user_data`, `delete_user_data`, …  | core/privacy.py                |
| `sitemaps.py` | `SITEMAPS = {"section": SitemapClass}`     | `/sitemap.xml`                 |
| `demo.py`     | `seed(*, stdout)`                          | `manage.py seed_demo`          |
| `today.py`    | `sections(request, *, now)`                | the admin start page «I dag»   |

They come in INSTALLED_APPS order (which is also the order the demo data is seeded in: accounts
first, then what refers to them). A module that must come elsewhere says so with `ORDER = n`
(lower first; a module without it counts as 0), as the search providers do for the order of
hits of equal rank.
"""

from functools import cache
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import module_has_submodule


@cache
def app_modules(module_name: str, *, defining: str) -> tuple[ModuleType, ...]:
    """Every installed app's `<app>.<module_name>` that defines `defining`.

    Requiring the name keeps out a third-party module that happens to share the file name
    (`django.contrib.postgres.search`)."""
    found = []
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, module_name):
            module = import_module(f"{app_config.name}.{module_name}")
            if hasattr(module, defining):
                found.append(module)
    return tuple(sorted(found, key=lambda module: getattr(module, "ORDER", 0)))


@receiver(setting_changed)
def _installed_apps_changed(*, setting, **kwargs):
    if setting == "INSTALLED_APPS":  # tests that install an app of their own
        app_modules.cache_clear()

