"""No URL of the site answers 5xx, whatever is put into its path and query string (issue #13):
every URL pattern (found by walking the resolver) with NUL bytes, 20-digit numbers, huge and
unicode path parts and query values, anonymously and as staff; and every admin list with bad
values for each of its filters, its date hierarchy, sorting and paging, and the booking export.
Run on SQLite and on PostgreSQL, which refuses more (NUL bytes, integers out of range)."""

import re
from http import HTTPStatus
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# What the review sent (issue #13): in every path part and query value of every URL.
NASTY = {
    "nul": "a\x00b",
    "20 digits": "9" * 20,
    "huge": "å" * 1000,
    "unicode": "æøå 🙂 \u202e 𝔘𝔫𝔦 \ufeff",
}
# For the admin's filters: ids and years out of range, dates that overflow when made into a
# time in UTC, text that is no choice, and a NUL byte.
FILTER_VALUES = [NASTY["nul"], NASTY["20 digits"], NASTY["unicode"], "0001-01-01", "9999-12-31"]
# Query parameters the site's views and the admin read, and one they do not. (The admin's
# _to_field and _popup, which turn a bad value away with a 400 before the page is made, are
# tried on their own in the test of the admin's lists.)
QUERY_NAMES = [
    "q", "page", "p", "o", "e", "all", "next", "kategori", "type", "malgruppe", "date_from",
    "date_to", "_changelist_filters", "utm_source",
]  # fmt: skip
PLACEHOLDER = re.compile(r"<(?:\w+:)?\w+>|\(\?P<\w+>(?:[^()]|\([^()]*\))*\)")
CATCH_ALL = "(?P<url>.*)"


def url_templates(patterns=None, prefix=""):
    """Every URL pattern as one string with its parameters as placeholders."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_templates(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield prefix + route


TEMPLATES = sorted(set(url_templates()))


def fill(template: str, value: str) -> str:
    """The URL of `template` with `value` in every parameter."""
    path = PLACEHOLDER.sub(lambda _: quote(value, safe=""), template.replace(CATCH_ALL, "<url>"))
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


def query(value: str) -> str:
    # A huge value goes into three of the names: Django refuses redirects (to the login page,
    # with the address in ?next=) longer than 16 kB with a 400 before any view would run.
    names = QUERY_NAMES if len(value) < 100 else ["q", "page", "utm_source"]
    return urlencode(dict.fromkeys(names, value))


def assert_no_server_error(client, url):
    response = client.get(url)
    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, (url[:200], response)


@pytest.fixture
def clients(demo_site, staff_client):
    return {"anonymous": Client(), "staff": staff_client}


def test_the_walk_finds_every_kind_of_url():
    assert len(TEMPLATES) > 150
    assert "vurdering/kalender/<str:token>.ics" in TEMPLATES
    assert any(template.startswith("admin/courses/course/") for template in TEMPLATES)
    assert any("(?P<key>" in template for template in TEMPLATES)  # allauth's regex patterns


@pytest.mark.parametrize("kind", NASTY)
def test_every_url_with_bad_path_parts_and_query_values(clients, kind):
    value = NASTY[kind]
    for template in TEMPLATES:
        url = fill(template, value) + "?" + query(value)
        assert_no_server_error(clients["staff"], url)
        # Every admin page sends an anonymous visitor to the login before any view runs.
        if not template.startswith("admin/"):
            assert_no_server_error(clients["anonymous"], url)


def test_the_reported_urls(clients):
    """The 500s the review found (issue #13, finding 5)."""
    for client in clients.values():
        response = client.get("/vurdering/kalender/abc%00def.ics")
        assert response.status_code == HTTPStatus.BAD_REQUEST
    staff = clients["staff"]
    for url in (
        "/admin/assessments/booking/?organisation=a%00b",
        "/admin/assessments/booking/eksport/?date_from=2026-01-01&date_to=9999-12-31",
        "/admin/assessments/booking/eksport/?date_from=0001-01-01&date_to=2026-01-01",
        "/admin/assessments/slot/?starts_at__year=" + "9" * 20,
    ):
        assert_no_server_error(staff, url)
    export = "/admin/assessments/booking/eksport/?date_from=2026-01-01&date_to=9999-12-31"
    assert "Velg en dato mellom" in staff.get(export).content.decode()


def test_a_nul_byte_in_a_cookie_is_refused(client):
    """The session cookie's value goes into a query (PostgreSQL refuses NUL bytes)."""
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "abcdefgh\x00ijkl"
    response = client.get("/")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Noe var feil i adressen eller skjemaet" in response.content.decode()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    template=st.sampled_from(TEMPLATES),
    value=st.one_of(st.sampled_from([*NASTY.values(), *FILTER_VALUES]), st.text(max_size=60)),
    values=st.dictionaries(st.sampled_from(QUERY_NAMES), st.text(max_size=40), max_size=4),
    as_staff=st.booleans(),
)
def test_any_url_with_generated_values(clients, template, value, values, as_staff):
    client = clients["staff" if as_staff else "anonymous"]
    assert_no_server_error(client, fill(template, value) + "?" + urlencode(values))


# --- The admin's lists: filters, date hierarchy, sorting, paging ------------------------------


def changelist_parameters(model_admin, user) -> set[str]:
    """The query parameters of the list's own: each filter's, the date hierarchy's, and the
    popup's (search, sorting and paging are tried with every URL above)."""
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    names = {"_to_field", "_popup"}
    for spec in changelist.filter_specs:
        names.update(spec.expected_parameters())
    if model_admin.date_hierarchy:
        names.update(f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    return names


# A date typed into a date-time filter is naive; Django says so, and the filter still works.
@pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime")
def test_every_admin_list_with_bad_filter_values(demo_site, staff_client, staff_user):
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = f"/admin/{opts.app_label}/{opts.model_name}/"
        for name in sorted(changelist_parameters(model_admin, staff_user)):
            for value in FILTER_VALUES:
                assert_no_server_error(staff_client, url + "?" + urlencode({name: value}))
        if model_admin.date_hierarchy:
            field = model_admin.date_hierarchy
            assert_no_server_error(
                staff_client, url + f"?{field}__year=2026&{field}__month=13&{field}__day=99"
            )
