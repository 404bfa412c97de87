"""Markdown written by staff, rendered to HTML that cannot carry script.

Markdown allows raw HTML, so the rendered output is always passed through nh3 (a
whitelist sanitiser): only the tags below survive, event handlers and `style` are dropped,
and links may only use http(s), mailto and tel.
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4",
    "hr", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"colspan"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str) -> SafeString:
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just removed everything not allowed


def render_markdown(text: str) -> SafeString:
    html = markdown_lib.markdown(text or "", extensions=["extra", "sane_lists"])
    return sanitize_html(html)


def markdown_to_plain_text(text: str) -> str:
    """For e-mails, feeds and meta descriptions: the rendered text without any tags."""
    html = markdown_lib.markdown(text or "", extensions=["extra"])
    return nh3.clean(html, tags=set()).strip()
