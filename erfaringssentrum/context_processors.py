from .core.links import urls_reversed_once
from .models import ContactDetails

NAV_URLS = {
    "front_page": "front-page",
    "resources": "resources:index",
    "faq": "faq:index",
    "assessments": "assessments:index",
    "courses": "courses:index",
    "search": "search",
    "min_side": "min-side",
    "login": "account_login",
    "logout": "account_logout",
    "about": "about",
    "privacy": "privacy",
    "accessibility": "accessibility",
}


# The header's and footer's links.
nav_urls = urls_reversed_once(NAV_URLS)


# The header's sections: each covers every page under its address.
SECTIONS = ("resources", "faq", "assessments", "courses", "min_side")


def current_section(path: str) -> str:
    urls = nav_urls()
    return next((name for name in SECTIONS if path.startswith(urls[name])), "")


def site(request):
    return {
        "contact": ContactDetails.load(),
        "nav": nav_urls(),
        "nav_section": current_section(request.path),
    }
