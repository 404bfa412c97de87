"""Helpers for tests that run the real database task backend and its worker."""

import logging

from django.core.management import call_command

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SERVER_DOWN = {"default": {"BACKEND": "tests.security.failing_mail.EmailBackend"}}


def run_worker():
    """What `manage.py db_worker` does in production, until no task is due, in this process
    (the test's database connection sees the same rows)."""
    loggers = [logging.getLogger(name) for name in ("django.tasks", "django_tasks_db")]
    levels = [logger.level for logger in loggers]
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
