"""Runs one function in many threads at the same moment, for the concurrency tests.

Each thread gets its own database connection (Django opens one per thread), so on PostgreSQL
the calls really race for the same rows; the tests using this need
`pytest.mark.django_db(transaction=True)`, or the other threads would not see the test's data.
"""

import threading

import pytest
from django.db import connection

# Marks for a module of concurrency tests: only PostgreSQL locks rows (select_for_update does
# nothing on SQLite, which serialises writes anyway), so they are skipped elsewhere.
POSTGRES_ONLY = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="trenger PostgreSQL (ekte radlåser)"
    ),
    pytest.mark.django_db(transaction=True),
]


def run_at_once(function, arguments, *, timeout=60) -> list:
    """Calls `function(argument)` for each argument, each in its own thread on its own
    database connection, all released together by a barrier once connected. Returns what each
    call returned, or the exception it raised, in the order of `arguments`. Each thread closes
    its database connection when done."""
    arguments = list(arguments)
    barrier = threading.Barrier(len(arguments))
    outcomes = [None] * len(arguments)

    def run(index, argument):
        try:
            # Connect first: opening a connection takes longer than most of the calls raced
            # here, so threads that connected after the barrier would run one after another.
            connection.ensure_connection()
            barrier.wait(timeout=timeout)
            outcomes[index] = function(argument)
        except Exception as error:  # noqa: BLE001 - handed to the test, which asserts on it
            outcomes[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, argument))
        for index, argument in enumerate(arguments)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    stuck = [thread for thread in threads if thread.is_alive()]
    assert not stuck, f"{len(stuck)} av {len(threads)} tråder ble ikke ferdige på {timeout} s"
    return outcomes
