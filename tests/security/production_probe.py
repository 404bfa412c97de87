"""Run in a subprocess with production environment variables (see test_production_headers):
prints the headers and cookies of a few responses as JSON."""

import json

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

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
user = User.objects.create_user(email="probe@example.org", password="x")
client.force_login(user)
result["session"] = {"cookies": describe(client.get("/", secure=True))["cookies"]}
result["session"]["login_cookie"] = {
    name: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"]), "samesite": m["samesite"]}
    for name, m in client.cookies.items()
}
result["min_side"] = describe(client.get("/min-side/", secure=True))
print("PROBE " + json.dumps(result))
