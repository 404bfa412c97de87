"""The one path for e-mail: queued after commit, sent by the worker, retried for more than a
day while the mail server is down, then shown to staff, who can send it again."""

import smtplib
from datetime import datetime, timedelta
from http import HTTPStatus
from importlib import import_module
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.mail import EmailMessage
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from erfaringssentrum.core import mailqueue
from erfaringssentrum.core.mailqueue import RETRY_DELAYS, mail_later, mail_queue_status, queued_mail
from erfaringssentrum.models import MAIL_TASK_PATH, FailedMail

from .mail_queue import SERVER_DOWN

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime(2026, 3, 2, 8, 0, tzinfo=ZoneInfo("Europe/Oslo"))


@queued_mail("Testmelding")
def greeting(*, to: str, name: str):
    return EmailMessage(f"Hei {name}", "Tekst", to=[to])


@queued_mail("Testmelding om noe som er slettet")
def about_nothing(*, thing_id: int):
    return None  # as a builder does when its booking or signup is gone


def pending():
    return DBTaskResult.objects.filter(task_path=MAIL_TASK_PATH, status="READY")


def test_the_mail_task_is_the_one_the_failed_list_looks_for():
    assert mailqueue.send_queued_mail.module_path == MAIL_TASK_PATH


def test_mail_queued_before_the_queue_moved_to_core_is_still_sent(db):
    """The migration renames the task of e-mails queued or failed under the old path."""
    migration = import_module("erfaringssentrum.migrations.0006_mail_task_in_core")
    queued = DBTaskResult.objects.create(
        task_path=migration.OLD_PATH,
        args_kwargs={"args": ["x.y", {}], "kwargs": {}},
        priority=0,
        queue_name="default",
        backend_name="default",
        run_after=START,
    )
    forward = migration.Migration.operations[0].code
    forward(apps, SimpleNamespace(connection=connection))
    queued.refresh_from_db()

    assert queued.task_path == MAIL_TASK_PATH == migration.NEW_PATH


def test_only_ids_and_plain_values_are_queued(db):
    with pytest.raises(TypeError, match="plain value"):
        mail_later(greeting, to=FailedMail(), name="Kari")
    with pytest.raises(TypeError, match="queued_mail"):
        mail_later(pending)


def test_nothing_waits_in_the_request_and_the_worker_sends_once(
    database_queue, mailoutbox, time_machine
):
    time_machine.move_to(START, tick=False)
    mail_later(greeting, to="kari@example.org", name="Kari")
    assert mailoutbox == []  # queued, not sent
    assert pending().count() == 1
    database_queue()
    assert [m.subject for m in mailoutbox] == ["Hei Kari"]
    database_queue()
    assert len(mailoutbox) == 1
    assert not pending().exists()


def pending_as_the_worker_sees_it() -> int:
    """Ready mail tasks counted on a connection of their own, as the worker's is."""
    worker = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with worker.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {DBTaskResult._meta.db_table} WHERE task_path = %s",  # noqa: S608 - a model's table name
                [MAIL_TASK_PATH],
            )
            return cursor.fetchone()[0]
    finally:
        worker.close()


def test_nothing_is_queued_for_a_write_that_is_rolled_back(database_queue, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_later(greeting, to="kari@example.org", name="Kari")
        # Not before the commit either. (SQLite's in-memory test database locks the table
        # against other connections while it is written, so only PostgreSQL can show it.)
        if connection.vendor == "postgresql":
            assert pending_as_the_worker_sees_it() == 0
        raise RuntimeError("the booking failed")
    database_queue()
    assert not pending().exists() and mailoutbox == []


def test_the_mail_is_queued_with_its_write_so_a_crash_after_the_commit_loses_nothing(
    database_queue, mailoutbox, monkeypatch
):
    # A process killed right after the commit never runs the commit's callbacks.
    monkeypatch.setattr(mailqueue.transaction, "on_commit", lambda *args, **kwargs: None)
    with transaction.atomic():
        mail_later(greeting, to="kari@example.org", name="Kari")
    assert pending_as_the_worker_sees_it() == 1
    database_queue()
    assert [m.subject for m in mailoutbox] == ["Hei Kari"]


def test_a_server_that_stays_down_gets_attempts_for_more_than_a_day_then_staff_see_it(
    database_queue, settings, mailoutbox, time_machine
):
    settings.MAILERS = SERVER_DOWN
    time_machine.move_to(START, tick=False)
    mail_later(greeting, to="kari@example.org", name="Kari")
    waits = []
    while True:
        database_queue()
        retry = pending().first()
        if retry is None:
            break
        assert mail_queue_status()["retrying"] == 1
        waits.append(retry.run_after - mailqueue.timezone.now())
        time_machine.move_to(retry.run_after, tick=False)
        database_queue()  # not due a second earlier: nothing happens
    assert waits == list(RETRY_DELAYS)
    assert sum(waits, timedelta()) > timedelta(hours=24)
    (failed,) = FailedMail.objects.all()
    assert failed.args_kwargs["args"][2] == len(RETRY_DELAYS) + 1
    reason = mailqueue.failure_reason(failed.exception_class_path)
    assert reason == "E-posttjeneren svarte ikke (ConnectionRefusedError)"
    assert mail_queue_status() == {"failed": 1, "retrying": 0, "overdue": 0}
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("error", "retried"),
    [
        (ConnectionRefusedError(), True),
        (TimeoutError(), True),
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPResponseException(421, b"busy, try later"), True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"mailbox busy")}), True),
        (smtplib.SMTPAuthenticationError(535, b"bad credentials"), False),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no such user")}), False),
        (ValueError("a bug in a template"), False),
    ],
)
def test_a_server_that_may_answer_later_gets_another_attempt(error, retried):
    assert mailqueue.worth_retrying(error) is retried


def test_a_refused_address_fails_at_once_without_retries(database_queue, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.security.failing_mail.RefusingEmailBackend"}}
    mail_later(greeting, to="finnes.ikke@example.org", name="Kari")
    database_queue()
    assert not pending().exists()
    (failed,) = FailedMail.objects.all()
    assert mailqueue.failure_reason(failed.exception_class_path).startswith(
        "Mottakeradressen ble avvist"
    )
    # The failed task is kept for weeks: the server's reply, which names the address, is not.
    assert "finnes.ikke@example.org" not in failed.traceback
    assert failed.traceback.rstrip().endswith("SMTPRecipientsRefused")


def test_a_task_whose_row_was_deleted_finishes_quietly(database_queue, mailoutbox):
    mail_later(about_nothing, thing_id=404)
    database_queue()
    assert mailoutbox == []
    assert not FailedMail.objects.exists()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_staff_see_when_mail_waits_because_the_worker_is_not_running(
    database_queue, settings, mailoutbox, staff_user, time_machine
):
    time_machine.move_to(START, tick=False)
    mail_later(greeting, to="kari@example.org", name="Kari")  # and no worker picks it up
    time_machine.move_to(START + timedelta(minutes=14), tick=False)
    assert mail_queue_status()["overdue"] == 0  # the worker may just be busy
    time_machine.move_to(START + timedelta(minutes=16), tick=False)
    assert mail_queue_status()["overdue"] == 1
    client = Client()
    client.force_login(staff_user)
    start_page = client.get(reverse("admin:index")).content.decode()
    assert "1 e-post har ventet i over et kvarter uten å bli sendt" in start_page

    database_queue()  # the worker is started again
    assert mail_queue_status()["overdue"] == 0 and len(mailoutbox) == 1


def test_a_retry_long_past_its_time_is_overdue_too(database_queue, settings, time_machine):
    settings.MAILERS = SERVER_DOWN
    time_machine.move_to(START, tick=False)
    mail_later(greeting, to="kari@example.org", name="Kari")
    database_queue()
    retry = pending().get()
    assert mail_queue_status()["overdue"] == 0
    time_machine.move_to(retry.run_after + timedelta(minutes=16), tick=False)
    assert mail_queue_status() == {"failed": 0, "retrying": 0, "overdue": 1}


def test_staff_see_failed_mail_on_the_start_page_and_send_it_again(
    database_queue, settings, mailoutbox, staff_user
):
    original_mailers = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": "tests.security.failing_mail.RefusingEmailBackend"}}
    mail_later(greeting, to="kari@example.org", name="Kari")
    database_queue()
    client = Client()
    client.force_login(staff_user)

    start_page = client.get(reverse("admin:index")).content.decode()
    assert "1 e-post kunne ikke sendes." in start_page
    listing = client.get(reverse("admin:erfaringssentrum_failedmail_changelist"))
    assert listing.status_code == HTTPStatus.OK
    html = listing.content.decode()
    assert "Testmelding" in html and "Mottakeradressen ble avvist" in html
    assert "kari@example.org" not in html  # what and why, never to whom or what it said

    settings.MAILERS = original_mailers  # the address was corrected on the server's side
    failed = FailedMail.objects.get()
    response = client.post(
        reverse("admin:erfaringssentrum_failedmail_changelist"),
        {"action": "send_again", "_selected_action": [str(failed.pk)]},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not FailedMail.objects.exists()
    database_queue()
    assert [m.subject for m in mailoutbox] == ["Hei Kari"]
    assert "kunne ikke sendes" not in client.get(reverse("admin:index")).content.decode()


def test_an_email_whose_worker_was_killed_mid_send_is_shown_to_staff(
    database_queue, mailoutbox, staff_user, time_machine
):
    time_machine.move_to(START, tick=False)
    mail_later(greeting, to="kari@example.org", name="Kari")
    pending().get().claim("a worker killed by SIGKILL before it finished")
    time_machine.move_to(START + timedelta(minutes=10), tick=False)
    assert not FailedMail.objects.exists()  # it may still be sending
    time_machine.move_to(START + timedelta(minutes=16), tick=False)
    (interrupted,) = FailedMail.objects.all()
    client = Client()
    client.force_login(staff_user)
    changelist = reverse("admin:erfaringssentrum_failedmail_changelist")
    assert "Avbrutt: arbeideren ble stoppet" in client.get(changelist).content.decode()
    client.post(changelist, {"action": "send_again", "_selected_action": [str(interrupted.pk)]})
    database_queue()
    assert [m.subject for m in mailoutbox] == ["Hei Kari"]
    assert not FailedMail.objects.exists()


def test_only_staff_with_the_right_see_failed_mail(database_queue, settings, user_factory):
    """Failed e-mail is an operator's matter (a mail server down, a refused address): the
    superusers see it, and whoever they give the rights on failed e-mails to."""
    from django.contrib.auth.models import Group, Permission

    settings.MAILERS = {"default": {"BACKEND": "tests.security.failing_mail.RefusingEmailBackend"}}
    mail_later(greeting, to="kari@example.org", name="Kari")
    database_queue()
    course_staff = user_factory(is_staff=True)
    course_staff.groups.add(Group.objects.get(name="Kursansvarlig"))
    client = Client()
    client.force_login(course_staff)
    changelist = reverse("admin:erfaringssentrum_failedmail_changelist")
    assert "kunne ikke sendes" not in client.get(reverse("admin:index")).content.decode()
    assert client.get(changelist).status_code == HTTPStatus.FORBIDDEN

    course_staff.user_permissions.add(Permission.objects.get(codename="view_failedmail"))
    client.force_login(course_staff)
    assert "1 e-post kunne ikke sendes." in client.get(reverse("admin:index")).content.decode()
    failed = FailedMail.objects.get()
    client.post(changelist, {"action": "send_again", "_selected_action": [str(failed.pk)]})
    assert FailedMail.objects.filter(pk=failed.pk).exists()  # seeing is not resending


def test_the_raw_task_list_is_not_in_the_admin(database_queue, settings, user_factory):
    """It shows each task's arguments: an account e-mail's carry a link with a secret key."""
    superuser = user_factory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)
    assert client.get("/admin/django_tasks_database/dbtaskresult/").status_code == 404
