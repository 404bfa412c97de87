"""Run in a subprocess with production environment variables (see test_production_headers):
prints the headers and cookies of a few responses as JSON."""

import json

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from erfaringssentrum.core.pagecache import forget_local_state  # noqa: E402
from erfaringssentrum.models import User  # noqa: E402

call_command("migrate", verbosity=0)
call_command("collectstatic", "--noinput", verbosity=0)  # hashed names need the manifest
HOST = "erfaringssentrum.example"
client = Client(HTTP_HOST=HOST)


def describe(response):
    return {
        "status": response.status_code,
        "headers": dict(response.headers),
        "cookies": {
            name: {
                "secure": bool(morsel["secure"]),
                "httponly": bool(morsel["httponly"]),
                "samesite": morsel["samesite"],
                "path": morsel["path"],
                "domain": morsel["domain"],
            }
            for name, morsel in response.cookies.items()
        },
    }


result = {
    "plain_http": describe(client.get("/")),
    "front_page": describe(client.get("/", secure=True)),
    # served from the production cache, a table in the database made by `migrate`
    "front_page_again": describe(client.get("/", secure=True)),
    "login_page": describe(client.get("/konto/login/", secure=True)),
}
# Answers made before the views run: a NUL byte, an unknown host, a missing slash.
result["early_answers"] = {
    "nul_byte": describe(client.get("/ressurser/?q=%00", secure=True)),
    "unknown_host": describe(Client(HTTP_HOST="evil.example").get("/", secure=True)),
    "missing_slash": describe(client.get("/ressurser", secure=True)),
}
user = User.objects.create_user(email="probe@example.org", password="x")
client.force_login(user)
result["session"] = {"cookies": describe(client.get("/", secure=True))["cookies"]}
result["session"]["login_cookie"] = {
    name: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"]), "samesite": m["samesite"]}
    for name, m in client.cookies.items()
}
result["min_side"] = describe(client.get("/min-side/", secure=True))

# Each cached page twice, rendered and then from the page cache, over HTTPS (as behind the
# proxy) and over plain HTTP with SECURE_SSL_REDIRECT off, with and without gzip.
result["cached_pages"] = []
for url in ["/", "/ressurser/", "/sporsmal-og-svar/", "/kurs/", "/vurdering/", "/ressurser/feed/"]:
    for secure in (True, False):
        for encoding in ({}, {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}):
            cache.clear()
            forget_local_state()
            anonymous = Client(HTTP_HOST=HOST)
            with override_settings(SECURE_SSL_REDIRECT=secure):
                rendered = describe(anonymous.get(url, secure=secure, **encoding))
                hit = describe(anonymous.get(url, secure=secure, **encoding))
            result["cached_pages"].append(
                {"url": url, "secure": secure, "rendered": rendered, "hit": hit}
            )
# A page stored from an HTTPS request, then asked for over plain HTTP (redirect off).
cache.clear()
forget_local_state()
with override_settings(SECURE_SSL_REDIRECT=False):
    Client(HTTP_HOST=HOST).get("/", secure=True)
    result["http_after_https"] = describe(Client(HTTP_HOST=HOST).get("/"))
print("PROBE " + json.dumps(result))
