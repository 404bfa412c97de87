"""The deployment kit (deploy/) agrees with the code: every variable the settings read is in
the environment template, the units run commands that exist, nginx sends the headers the
settings trust to the port gunicorn listens on. (CI also runs the kit for real:
scripts/smoke_deploy.py.)"""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"


def names_read(path: Path) -> set[str]:
    source = path.read_text()
    pattern = r'(?:env_\w+|environ\.get|environ\[)\(?\s*"([A-Z][A-Z0-9_]+)"'
    return set(re.findall(pattern, source)) - {"DJANGO_SETTINGS_MODULE"}


def test_the_environment_template_lists_every_variable():
    template = (DEPLOY / "erfaringssentrum.env.example").read_text()
    listed = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", template, flags=re.MULTILINE))
    mentioned = set(re.findall(r"\b([A-Z][A-Z0-9_]+)\b", template))
    read = names_read(ROOT / "erfaringssentrum" / "settings.py")
    read |= names_read(DEPLOY / "gunicorn.conf.py")
    assert "SITE_URL" in read and "GUNICORN_BIND" in read  # the pattern finds them
    missing = read - listed - {"BENCHMARK"}
    assert not missing, f"not in deploy/erfaringssentrum.env.example: {sorted(missing)}"
    assert "BENCHMARK" in mentioned  # named, as something never to set in production
    assert "TRUSTED_PROXY_COUNT=1" in template


def test_every_unit_runs_a_command_that_exists():
    commands = get_commands()
    units = list((DEPLOY / "systemd").glob("*.service"))
    assert len(units) == 4
    run = []
    for unit in units:
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart=") and "manage.py" in line:
                run.append(line.split("manage.py", 1)[1].split()[0])
    assert sorted(run) == sorted(
        [
            "db_worker",
            "assessments_send_reminders",
            "assessments_notify_staff",
            "apply_retention",
            "prune_db_task_results",
        ]
    )
    for name in run:
        assert name in commands, name


def test_each_timer_starts_its_service_on_a_schedule():
    for name, schedule in (("reminders", "hourly"), ("nightly", "*-*-* 03:30:00")):
        timer = (DEPLOY / "systemd" / f"erfaringssentrum-{name}.timer").read_text()
        assert f"OnCalendar={schedule}" in timer
        assert (DEPLOY / "systemd" / f"erfaringssentrum-{name}.service").exists()


def test_nginx_passes_the_headers_the_settings_trust_to_gunicorn():
    from django.conf import settings

    site = (DEPLOY / "nginx" / "erfaringssentrum.conf").read_text()
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in site
    assert "ssl_certificate " in site and "return 301 https://" in site
    gunicorn = (DEPLOY / "gunicorn.conf.py").read_text()
    (bind,) = re.findall(r'"GUNICORN_BIND", "([^"]+)"', gunicorn)
    assert f"server {bind};" in site
