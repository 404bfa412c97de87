"""Security log of logins, failed logins and logouts (user ids only, never form contents),
and what a confirmed e-mail address settles for the other accounts."""

import logging

from allauth.account.signals import email_confirmed
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import services
from .core.client_ip import client_ip

logger = logging.getLogger("erfaringssentrum.security")


def _ip(request):
    return client_ip(request) if request is not None else "-"


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    logger.info("login user_id=%s ip=%s", user.pk, _ip(request))


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    logger.info("logout user_id=%s ip=%s", getattr(user, "pk", None), _ip(request))


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` holds the e-mail address typed in; it is deliberately not logged.
    logger.warning("login_failed ip=%s", _ip(request))


@receiver(email_confirmed, dispatch_uid="erfaringssentrum-email-confirmed")
def release_other_claims(sender, request, email_address, **kwargs):
    services.email_address_confirmed(email_address=email_address)
