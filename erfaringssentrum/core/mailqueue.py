"""One path for every e-mail the site sends, allauth's included.

`mail_later(builder, **ids)` queues a task that calls `builder(**ids)` and sends the message it
returns: in production in the current transaction, so it commits or rolls back with the write
it is about; with the immediate backend (DEBUG), once that transaction has committed. A
builder is a function marked with `@queued_mail`: it takes ids (and other JSON values), loads
the rows as they are when the task runs and returns one message, or None when there is
nothing (left) to send, e.g. because the booking was deleted meanwhile. One message per task,
so a retry never repeats a message that another recipient already got.

In production the tasks are stored in the database and run by the worker (`db_worker`). When
the mail server cannot be reached, the task queues itself again later (`RETRY_DELAYS`, more
than a day in all); after the last attempt, or at once for an error that a retry cannot mend
(a refused address, a bug), the task fails and is listed for staff in the admin
(`FailedMail`), where they can send it again; so is a task whose worker was killed mid-send.
With the immediate backend (DEBUG) a failure is only logged.
"""

import logging
import smtplib
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from ..models import MAIL_TASK_PATH, STUCK_AFTER, FailedMail

logger = logging.getLogger(__name__)

# Wait this long after attempt 1, 2, …: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 12 h. The last of
# the eight attempts comes about 32 hours after the first, so a mail server that is down for a
# day, or over a night and a morning, loses nothing.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=12),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def queued_mail(label: str):
    """Marks a function as a message builder that `mail_later` may queue. `label` names the
    e-mail for staff (the admin's list of failed e-mails)."""

    def mark(builder: Callable[..., EmailMessage | None]):
        builder.mail_label = label
        return builder

    return mark


def builder_path(builder: Callable) -> str:
    if not getattr(builder, "mail_label", None):
        raise TypeError(f"{builder!r} is not marked with @queued_mail")
    return f"{builder.__module__}.{builder.__qualname__}"


def resolve_builder(path: str) -> Callable[..., EmailMessage | None]:
    """The builder a queued task names; only functions marked with @queued_mail qualify."""
    builder = import_string(path)
    if not getattr(builder, "mail_label", None):
        raise TypeError(f"{path} is not marked with @queued_mail")
    return builder


def _check_params(params: dict) -> None:
    # Tasks are stored as JSON and kept for a while: ids and small values, never model
    # instances (they would be stale by the time the task runs).
    for name, value in params.items():
        if not isinstance(value, str | int | bool | None):
            raise TypeError(f"mail_later: {name} must be an id or a plain value, not {value!r}")


def mail_later(builder: Callable[..., EmailMessage | None], /, **params) -> None:
    """Queues `builder(**params)` to be built and sent after the current transaction commits
    (at once outside one). Nothing is sent for a write that is rolled back."""
    path = builder_path(builder)
    _check_params(params)
    _queue_with_the_write(partial(send_queued_mail.enqueue, path, params))


def _queue_with_the_write(enqueue: Callable[[], object]) -> None:
    # The database queue writes the task in the current transaction: the worker sees it only
    # once the write it is about has committed, and a crash between the commit and queueing
    # cannot lose it. Another backend would run or send it at once, so it waits for the commit.
    if isinstance(send_queued_mail.get_backend(), DatabaseBackend):
        enqueue()
    else:
        transaction.on_commit(enqueue, robust=True)


def worth_retrying(error: Exception) -> bool:
    """A mail server that is down, busy or unreachable (connection refused, time-out, a 4xx
    reply) may take the message later; a 5xx reply (address refused, bad credentials) will
    refuse it again, so staff should see it now."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500
    return isinstance(error, OSError | smtplib.SMTPException)


@task
def send_queued_mail(builder: str, params: dict, attempt: int = 1):
    with translation.override(settings.LANGUAGE_CODE):
        message = resolve_builder(builder)(**params)
        if message is None:
            return "ingenting å sende"
        try:
            message.send()
        except Exception as error:
            retry = (
                worth_retrying(error)
                and attempt < MAX_ATTEMPTS
                and send_queued_mail.get_backend().supports_defer
            )
            if not retry:
                # The task fails: staff see it among the failed e-mails. The stored error
                # keeps its class, not an SMTP reply's text, which names the refused address.
                if isinstance(error, smtplib.SMTPException):
                    raise _without_text(error) from None
                raise
            run_after = timezone.now() + RETRY_DELAYS[attempt - 1]
            send_queued_mail.using(run_after=run_after).enqueue(builder, params, attempt + 1)
            # The class only: an SMTP error's text can hold the recipient's address.
            logger.warning(
                "E-post ikke sendt (%s, forsøk %d av %d): %s. Nytt forsøk %s.",
                builder,
                attempt,
                MAX_ATTEMPTS,
                type(error).__name__,
                run_after.isoformat(timespec="seconds"),
            )
            return f"nytt forsøk {run_after.isoformat(timespec='seconds')}"
    return "sendt"


def _without_text(error: Exception) -> Exception:
    bare = type(error).__new__(type(error))
    bare.args = ()
    return bare


# --- For staff: what is waiting and what failed ------------------------------------------------


def mail_label(path: str) -> str:
    try:
        return resolve_builder(path).mail_label
    except (ImportError, TypeError):
        return path  # the e-mail was renamed or removed in a later release


FAILURE_REASONS = {
    "smtplib.SMTPRecipientsRefused": "Mottakeradressen ble avvist",
    "smtplib.SMTPSenderRefused": "Avsenderadressen ble avvist",
    "smtplib.SMTPAuthenticationError": "Innloggingen på e-posttjeneren feilet",
    "smtplib.SMTPDataError": "E-posttjeneren avviste e-posten",
}


INTERRUPTED = "Avbrutt: arbeideren ble stoppet midt i sendingen, så e-posten kan ha kommet fram"


def failure_reason(exception_class_path: str) -> str:
    """Why a failed e-mail failed, in words for staff (the SMTP text can hold addresses)."""
    name = exception_class_path.rpartition(".")[2]
    if exception_class_path in FAILURE_REASONS:
        return f"{FAILURE_REASONS[exception_class_path]} ({name})"
    try:
        error_class = import_string(exception_class_path)
    except ImportError:
        error_class = None
    if isinstance(error_class, type) and issubclass(error_class, OSError | smtplib.SMTPException):
        return f"E-posttjeneren svarte ikke ({name})"
    return f"Feil i nettstedet ({name})"


def mail_queue_status(*, now=None) -> dict[str, int]:
    """How many e-mails failed for good, how many wait for another attempt (a count above
    zero there means the mail server has not answered lately), and how many have been due
    for longer than STUCK_AFTER (the worker, which sends within seconds, is not running)."""
    now = now or timezone.now()
    ready = DBTaskResult.objects.filter(task_path=MAIL_TASK_PATH, status="READY")
    waiting = ready.filter(run_after__gt=now, run_after__lt=get_date_max())
    late = now - STUCK_AFTER
    overdue = ready.filter(
        Q(run_after=get_date_max(), enqueued_at__lt=late) | Q(run_after__lt=late)
    )
    return {
        "failed": FailedMail.objects.count(),
        "retrying": waiting.count(),
        "overdue": overdue.count(),
    }


def failed_mails_retry(*, failed) -> int:
    """Queues the given failed (or interrupted) e-mails again, each with a fresh round of
    attempts, and removes them from the list of failures."""
    with transaction.atomic():
        rows = list(FailedMail.objects.select_for_update().filter(pk__in=[f.pk for f in failed]))
        for row in rows:
            builder, params = row.args_kwargs["args"][:2]
            _queue_with_the_write(partial(send_queued_mail.enqueue, builder, params))
        FailedMail.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def failed_mails_discard(*, failed) -> int:
    """Staff decided the e-mails are not to be sent (an address that no longer exists)."""
    deleted, _ = FailedMail.objects.filter(pk__in=[f.pk for f in failed]).delete()
    return deleted
