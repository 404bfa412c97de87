"""Who counts as staff for what only staff may do: the admin and drafts on the public site."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled


def has_two_factor(user) -> bool:
    """Whether the account has set up an authenticator app (remembered for the request)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_has_two_factor"):
        user._has_two_factor = is_mfa_enabled(user, [Authenticator.Type.TOTP])
    return user._has_two_factor


def is_verified_staff(user) -> bool:
    """Active staff with two-factor authentication: only they get what staff get, wherever
    the site is mounted (the admin, drafts and previews on the public pages)."""
    return user.is_authenticated and user.is_active and user.is_staff and has_two_factor(user)


def needs_two_factor(user) -> bool:
    """Staff who must set up two-factor authentication before they get anything as staff."""
    return user.is_authenticated and user.is_active and user.is_staff and not has_two_factor(user)
