"""Hooks into allauth: a confirmed address decides whether the adviser may book."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from . import services


@receiver(email_confirmed, dispatch_uid="assessments-adviser-email-confirmed")
def adviser_email_confirmed(sender, request, email_address, **kwargs):
    services.adviser_email_confirmed(user=email_address.user, email=email_address.email)
