import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-for-tests",
    "ALLOWED_HOSTS": "erfaringssentrum.example",
    "DATABASE_URL": "sqlite:////tmp/erfaringssentrum-deploy-check.sqlite3",
    "EMAIL_HOST": "smtp.erfaringssentrum.example",
    "SITE_URL": "https://erfaringssentrum.example",
}


def run_manage(*args, env):
    # The browser harness sets DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never does.
    unset = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_manage("check", env={"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_refuses_to_start_without_site_url_when_debug_is_off():
    environment = {k: v for k, v in PRODUCTION_ENV.items() if k != "SITE_URL"}
    result = run_manage("check", env=environment)
    assert result.returncode != 0
    assert "SITE_URL must be set when DEBUG is off" in result.stderr


def test_refuses_to_start_without_a_database_url_when_debug_is_off():
    environment = {k: v for k, v in PRODUCTION_ENV.items() if k != "DATABASE_URL"}
    result = run_manage("check", env=environment)
    assert result.returncode != 0
    assert "DATABASE_URL must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    "value",
    ["erfaringssentrum.example", "ftp://erfaringssentrum.example", "https://e.example/portal"],
)
def test_refuses_a_site_url_that_is_not_a_scheme_and_host(value):
    result = run_manage("check", env={**PRODUCTION_ENV, "SITE_URL": value})
    assert result.returncode != 0
    assert "SITE_URL must be a scheme and a host only" in result.stderr


def test_make_run_points_links_at_the_host_it_serves():
    make = shutil.which("make")
    if make is None:
        pytest.skip("make er ikke installert")
    result = subprocess.run(
        [make, "-n", "run", "HOST=0.0.0.0:9000"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "SITE_URL"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "SITE_URL=http://0.0.0.0:9000 " in result.stdout, result.stdout + result.stderr


def test_starts_without_secret_key_in_debug():
    result = run_manage("check", env={"DEBUG": "1"})
    assert result.returncode == 0, result.stderr


def test_deploy_check_is_clean_with_production_environment(tmp_path):
    # A complete environment file, and a migrated database with nothing from the demo in it
    # (the launch check reads the data too: tests/site/test_launch_checks.py).
    env = PRODUCTION_ENV | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DEFAULT_FROM_EMAIL": "post@erfaringssentrum.no",
        "STAFF_NOTIFICATION_EMAILS": "ansatte@erfaringssentrum.no",
    }
    migrated = run_manage("migrate", "-v", "0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_about_placeholder_addresses_before_migrate(tmp_path):
    env = PRODUCTION_ENV | {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = run_manage("check", "--deploy", env=env)
    assert result.returncode == 0  # warnings, not errors: `migrate` may run next
    assert "Avsender av e-post (DEFAULT_FROM_EMAIL): post@erfaringssentrum.example" in (
        result.stderr
    )
    assert "launch.W002" in result.stderr  # the data could not be checked yet


def test_deploy_check_refuses_a_site_url_the_site_does_not_answer(tmp_path):
    env = PRODUCTION_ENV | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SITE_URL": "https://www.erfaringssentrum.example",  # links in every e-mail: a 400
    }
    result = run_manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "launch.E001" in result.stderr and "ALLOWED_HOSTS" in result.stderr


def mail_options(**env) -> dict:
    code = "from django.conf import settings; print(settings.MAILERS['default']['OPTIONS'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1", "EMAIL_HOST": "smtp.example", **env,
             "DJANGO_SETTINGS_MODULE": "erfaringssentrum.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip())


def test_smtp_takes_starttls_on_587_or_tls_from_the_start_on_465():
    starttls = mail_options()
    assert (starttls["port"], starttls["use_tls"], starttls["use_ssl"]) == (587, True, False)
    tls = mail_options(EMAIL_USE_SSL="1")
    assert (tls["port"], tls["use_tls"], tls["use_ssl"]) == (465, False, True)


def test_smtp_refuses_both_tls_settings_at_once():
    result = run_manage("check", env={"DEBUG": "1", "EMAIL_HOST": "smtp.example",
                                      "EMAIL_USE_SSL": "1", "EMAIL_USE_TLS": "1"})  # fmt: skip
    assert result.returncode != 0
    assert "not both" in result.stderr


def test_norwegian_language_time_zone_and_date_format(settings):
    from datetime import date

    from django.utils.formats import date_format

    assert settings.LANGUAGE_CODE == "nb"
    assert settings.TIME_ZONE == "Europe/Oslo"
    assert date_format(date(2018, 6, 26)) == "26. juni 2018"


@pytest.mark.parametrize(
    "url, engine",
    [
        ("", "django.db.backends.sqlite3"),
        ("postgres://u:p@db.example:5432/portal", "django.db.backends.postgresql"),
    ],
)
def test_database_comes_from_database_url(url, engine):
    env = {"DEBUG": "1", "DATABASE_URL": url}
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**base, **env, "DJANGO_SETTINGS_MODULE": "erfaringssentrum.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == engine, result.stderr


def test_smtp_is_used_when_email_host_is_set():
    code = "from django.conf import settings; print(settings.MAILERS['default']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={
            **os.environ,
            "DEBUG": "1",
            "EMAIL_HOST": "smtp.example",
            "DJANGO_SETTINGS_MODULE": "erfaringssentrum.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend", result.stderr
