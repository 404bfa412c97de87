"""Demo accounts and contact details for `seed_demo`."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from . import services
from .core.totp import totp_activate, totp_code
from .launch_checks import PLACEHOLDER_EMAIL, PLACEHOLDER_PHONE
from .models import ContactDetails, User

STAFF_EMAIL = "admin@erfaringssentrum.example"
STAFF_PASSWORD = "demo-admin-passord"  # noqa: S105 - demo only; seed_demo refuses DEBUG off
ADVISER_EMAIL = "veileder@nav.example"
ADVISER_PASSWORD = "demo-veileder-passord"  # noqa: S105
# An adviser whose domain is not trusted: waits for staff to approve them (assessments.demo).
WAITING_ADVISER_EMAIL = "veileder@tiltak.example"
WAITING_ADVISER_PASSWORD = "demo-venter-passord"  # noqa: S105
# Staff need two-factor authentication; the demo staff account uses this known TOTP secret
# (add it to an authenticator app, or run `manage.py demo_totp` for the current code).
STAFF_TOTP_SECRET = "ERFARINGSSENTRUMDEMOTOTPSECRET22"  # noqa: S105


def ensure_user(*, email, password, name, is_staff=False, is_superuser=False) -> User:
    """Creates the account (with a confirmed e-mail address) if it is not there yet."""
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"name": name, "is_staff": is_staff, "is_superuser": is_superuser},
    )
    if created:
        user.set_password(password)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed_contact_details():
    """Placeholders staff replace in admin (the launch check lists them until they do); an
    address and opening hours are left out, as the centre has not given them."""
    details, _ = ContactDetails.objects.get_or_create(pk=1)
    if not details.email and not details.phone:
        details.email, details.phone = PLACEHOLDER_EMAIL, PLACEHOLDER_PHONE
        services.contact_details_save(details=details)


def seed(*, stdout):
    seed_contact_details()
    staff = ensure_user(
        email=STAFF_EMAIL,
        password=STAFF_PASSWORD,
        name="Demo Administrator",
        is_staff=True,
        is_superuser=True,
    )
    if not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists():
        totp_activate(user=staff, secret=STAFF_TOTP_SECRET)
    ensure_user(email=ADVISER_EMAIL, password=ADVISER_PASSWORD, name="Demo Veileder")
    ensure_user(
        email=WAITING_ADVISER_EMAIL, password=WAITING_ADVISER_PASSWORD, name="Demo Tiltaksveileder"
    )


def print_credentials(stdout):
    stdout.write("")
    stdout.write(f"Ansatt (admin): {STAFF_EMAIL} / {STAFF_PASSWORD}  ->  /admin/")
    stdout.write(
        f"  Tofaktorkode: legg {STAFF_TOTP_SECRET} inn i en autentiseringsapp, "
        "eller kjør `make totp` for gjeldende kode."
    )
    stdout.write(
        f"Demo-veileder (godkjent, kan booke):  {ADVISER_EMAIL} / {ADVISER_PASSWORD}"
        "  ->  /konto/login/"
    )
    stdout.write(
        f"Demo-veileder som venter på godkjenning:  {WAITING_ADVISER_EMAIL} / "
        f"{WAITING_ADVISER_PASSWORD}  ->  /konto/login/"
    )


def current_totp_code(secret: str = STAFF_TOTP_SECRET) -> str:
    """The code an authenticator app would show now for `secret`."""
    return totp_code(secret)
