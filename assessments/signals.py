"""Hooks into allauth: a confirmed address decides whether the adviser may book, and removing
the one that did can take that back."""

from allauth.account.signals import email_confirmed, email_removed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import services


@receiver(email_confirmed, dispatch_uid="assessments-adviser-email-confirmed")
def adviser_email_confirmed(sender, request, email_address, **kwargs):
    services.adviser_email_confirmed(user=email_address.user, email=email_address.email)


@receiver(email_removed, dispatch_uid="assessments-adviser-email-removed")
def adviser_email_removed(sender, request, user, email_address, **kwargs):
    services.adviser_email_removed(user=user)


@receiver(user_logged_in, dispatch_uid="assessments-adviser-logged-in")
def adviser_logged_in(sender, request, user, **kwargs):
    services.adviser_logged_in(user=user)
