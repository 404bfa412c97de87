import re

from django.conf import settings
from django.test import Client


def label(text):
    """A get_by_label() matcher for a label's own text: an optional field's label ends with
    « (valgfritt)» (erfaringssentrum/core/forms.py)."""
    return re.compile(rf"^\s*{re.escape(text)}(?:\s*\(valgfritt\))?\s*$")


def log_in_as(page, live_server, user):
    """Gives the browser a logged-in session for `user` instead of whatever session it had
    (the login form itself is tested in test_site.py and test_staff_login.py)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
