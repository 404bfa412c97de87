import logging
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.crypto import salted_hmac

from .core.client_ip import client_ip
from .core.mailqueue import mail_later, queued_mail
from .core.ratelimit import hit_key
from .models import ContactDetails

logger = logging.getLogger("erfaringssentrum.security")
ACCOUNT_MAIL_SALT = "erfaringssentrum.account-mail-limit"

# Sent once per account, right after its signup (the address is taken from then on), so it
# floods nobody; held back, its owner could not log in, whoever had used up the day's limit.
ALWAYS_SENT = {"account/email/email_confirmation_signup"}


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user):
        # There is no username field; e-mail is the login.
        return None

    def get_client_ip(self, request):
        # allauth's rate limits count per client, read as the rest of the site reads it.
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys its per-account limit on the Host header and the address typed in;
        # another port in the Host header would give an attacker fresh attempts.
        return credentials.get("email", "").lower()

    def send_mail(self, template_prefix, email, context):
        """allauth's e-mails (confirm the address, reset the password, …) take the same path as
        every other e-mail: queued after commit with ids and strings only, sent by the worker,
        retried while the mail server is down.

        Each is sent to an address someone typed in (a signup, a password reset, an added
        address), so an address gets at most ACCOUNT_MAILS_PER_ADDRESS_PER_DAY of them: else
        anyone could flood an inbox in the centre's name. The page says the same either way.
        Not the confirmation right after signup (ALWAYS_SENT)."""
        if template_prefix not in ALWAYS_SENT and not account_mail_allowed(email):
            logger.warning("account mail not sent: daily limit per address (%s)", template_prefix)
            return
        mail_later(
            account_mail, template_prefix=template_prefix, **_queued_context(email, context)
        )


def account_mail_allowed(email: str) -> bool:
    """Counts one account e-mail to `email`; False past the day's limit for that address.
    The counter is named by a keyed hash: a plain one gives the address back to whoever
    tries likely addresses against the cache."""
    address = salted_hmac(ACCOUNT_MAIL_SALT, email.strip().lower(), algorithm="sha256").hexdigest()
    limit = settings.ACCOUNT_MAILS_PER_ADDRESS_PER_DAY
    return hit_key(f"account-mail:{address}", limit=limit, period=24 * 60 * 60)


def _on_site(url: str) -> str:
    """allauth builds its links from the request's host; a queued e-mail links to SITE_URL."""
    parts = urlsplit(url)
    if not (parts.scheme and parts.netloc):
        return url
    return settings.SITE_URL + parts._replace(scheme="", netloc="").geturl()


def _queued_context(email: str, context: dict) -> dict:
    """The user and the address as ids (an account deleted meanwhile gets nothing), links and
    keys as strings; the request is not needed."""
    user = context.get("user")
    addresses = EmailAddress.objects.filter(email__iexact=email)
    if user is not None:
        addresses = addresses.filter(user=user)
    address = addresses.order_by("-verified", "pk").first()
    # Only an address with no account (allauth's "unknown account" e-mail) is queued as text.
    params = {"email_address_id": address.pk} if address else {"email": email}
    if user is not None:
        params["user_id"] = user.pk
    for name, value in context.items():
        if name in ("user", "request", "email", "current_site"):
            continue
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            value = _on_site(value)
        params[name] = value
    return params


@queued_mail("Konto: bekreft e-postadressen, nytt passord og lignende")
def account_mail(*, template_prefix, email_address_id=None, email="", user_id=None, **strings):
    if email_address_id is not None:
        address = EmailAddress.objects.filter(pk=email_address_id).first()
        if address is None:
            return None
        email = address.email
    user = None
    if user_id is not None:
        user = get_user_model().objects.filter(pk=user_id).first()
        if user is None:
            return None
    context = {
        "email": email,
        "user": user,
        "contact": ContactDetails.load(),
        "current_site": {"name": "Erfaringssentrum", "domain": urlsplit(settings.SITE_URL).netloc},
        **strings,
    }
    return get_adapter().render_mail(template_prefix, email, context)
