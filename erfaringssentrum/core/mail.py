"""Renders the site's e-mails (plain text + HTML, optional attachments).

Each app keeps its templates in `<app>/email/<name>_subject.txt`, `_message.txt` and
`_message.html`; its `emails.py` builds messages with `render_mail`, and `mailqueue.py` sends
them from a task.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, engines
from django.template.loader import render_to_string

from ..models import ContactDetails


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes | str
    mimetype: str


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template (an e-mail's subject or text body): nothing in it is HTML-escaped,
    so «"» and «&» stay themselves instead of becoming &quot; and &amp;."""
    template = engines["django"].engine.get_template(template_name)
    return template.render(Context(context, autoescape=False))


def render_mail(template_prefix: str, context: dict, to: list[str], attachments=()):
    context = {"contact": ContactDetails.load(), "site_url": settings.SITE_URL, **context}
    subject = render_text(f"{template_prefix}_subject.txt", context)
    subject = settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    text = render_text(f"{template_prefix}_message.txt", context)
    html = render_to_string(f"{template_prefix}_message.html", context)
    message = EmailMultiAlternatives(subject, text, to=to)
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message
