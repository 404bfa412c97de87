from django import template
from django.urls import reverse

from ..models import AdviserApproval, ApprovalStatus

register = template.Library()


@register.inclusion_tag("admin/assessments/_advisers_waiting.html", takes_context=True)
def advisers_waiting(context):
    """How many advisers wait for approval, for staff who may see the list (else nothing)."""
    user = context["request"].user
    if not user.has_perm("assessments.view_adviserapproval"):
        return {"count": 0}
    return {
        "count": AdviserApproval.objects.waiting().count(),
        "url": reverse("admin:assessments_adviserapproval_changelist")
        + f"?status={ApprovalStatus.WAITING}",
    }
