from django import template

from erfaringssentrum.core.mailqueue import mail_queue_status

register = template.Library()


@register.inclusion_tag("admin/mail_queue_notice.html", takes_context=True)
def mail_queue_notice(context):
    """On the admin start page: e-mails that failed for good, and e-mails waiting for the mail
    server, for staff who may see failed e-mails."""
    user = context["request"].user
    if not user.has_perm("erfaringssentrum.view_failedmail"):
        return {"status": None}
    return {"status": mail_queue_status()}
