"""nav.no is the first trusted domain. Accounts that confirmed an address before approval
existed get their row now: approved on nav.no, otherwise waiting (staff are told by the
next hourly job)."""

from collections import defaultdict

from django.db import migrations
from django.utils import timezone

from assessments.addresses import email_domain

FIRST_DOMAIN = "nav.no"


def forwards(apps, schema_editor):
    TrustedEmailDomain = apps.get_model("assessments", "TrustedEmailDomain")
    AdviserApproval = apps.get_model("assessments", "AdviserApproval")
    EmailAddress = apps.get_model("account", "EmailAddress")
    TrustedEmailDomain.objects.get_or_create(domain=FIRST_DOMAIN)

    now = timezone.now()
    addresses = defaultdict(list)
    for user_id, email in (
        EmailAddress.objects.filter(verified=True, user__is_staff=False)
        .exclude(user_id__in=AdviserApproval.objects.values("user_id"))
        .values_list("user_id", "email")
    ):
        addresses[user_id].append(email)
    rows = []
    for user_id, emails in addresses.items():
        trusted = any(email_domain(email) == FIRST_DOMAIN for email in emails)
        rows.append(
            AdviserApproval(
                user_id=user_id,
                status="approved" if trusted else "waiting",
                created_at=now,
                decided_at=now if trusted else None,
                trusted_domain=FIRST_DOMAIN if trusted else "",
            )
        )
    AdviserApproval.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_advisers"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
