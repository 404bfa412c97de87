from django.core.management import call_command

from assessments.models import AdviserApproval, ApprovalStatus, TrustedEmailDomain


def test_the_demo_has_an_approved_and_a_waiting_adviser_and_prints_both(db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    approvals = dict(AdviserApproval.objects.values_list("user__email", "status"))
    assert approvals == {
        "veileder@nav.example": ApprovalStatus.APPROVED,
        "veileder@tiltak.example": ApprovalStatus.WAITING,
    }
    assert TrustedEmailDomain.objects.filter(domain="nav.example").exists()
    out = capsys.readouterr().out
    assert "veileder@nav.example / demo-veileder-passord" in out
    assert "venter på godkjenning:  veileder@tiltak.example / demo-venter-passord" in out
