"""Three workers take e-mails from one queue at the same moment: each e-mail is sent once.

Runs only on PostgreSQL, where the worker's row lock (select_for_update with skip_locked)
really keeps two workers off the same task.
"""

import pytest
from django_tasks_db.management.commands.db_worker import Worker

from erfaringssentrum.core.mailqueue import mail_later
from tests.concurrency import POSTGRES_ONLY, run_at_once

from .test_mail_queue import greeting

pytestmark = POSTGRES_ONLY

MAILS = 30
WORKERS = 3


def work(worker_id):
    """One `db_worker --batch` (its signal handlers belong to the main thread, so the worker
    runs without them here)."""
    Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id=worker_id, excluded_queue_names=[],
    ).run()  # fmt: skip
    return worker_id


@pytest.mark.django_db(transaction=True)
def test_workers_racing_for_the_queue_send_each_email_once(database_queue, mailoutbox):
    for n in range(MAILS):
        mail_later(greeting, to=f"mottaker{n}@example.org", name=f"nr. {n}")
    outcomes = run_at_once(work, [f"arbeider-{i}" for i in range(WORKERS)])
    assert outcomes == [f"arbeider-{i}" for i in range(WORKERS)]
    subjects = sorted(message.subject for message in mailoutbox)
    assert subjects == sorted(f"Hei nr. {n}" for n in range(MAILS))
