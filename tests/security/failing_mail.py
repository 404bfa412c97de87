from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP-serveren svarer ikke")


class RefusingEmailBackend(BaseEmailBackend):
    """A mail server that answers, but refuses the recipient for good (550)."""

    def send_messages(self, email_messages):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({"finnes.ikke@example.org": (550, b"No such user")})
