"""Markdown written by staff, rendered to HTML that cannot carry script.

Markdown allows raw HTML, so the rendered output is always passed through nh3 (a
whitelist sanitiser): only the tags below survive, event handlers and `style` are dropped,
and links may only use http(s), mailto and tel. An image becomes a link to it, named by its
text: pages load nothing from other sites.
"""

import html
import re
import threading
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

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


class _ImagesAsLinks(Treeprocessor):
    def run(self, root):
        for link in root.iter("a"):  # an image that is a link's text: just its words
            for image in link.iter("img"):
                image.tag, image.text = "span", image.get("alt", "")
                image.attrib.clear()
        for element in root.iter("img"):
            source, text = element.get("src", ""), element.get("alt", "")
            element.tag = "a"
            element.attrib.clear()
            element.set("href", source)
            element.text = f"{text} (bilde)" if text else "Bilde"


class _ImagesAsLinksExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        # After the inline patterns (priority 20), which make the images.
        md.treeprocessors.register(_ImagesAsLinks(md), "images_as_links", 5)


# Building a Markdown converter loads its extensions (about 0.3 ms); one per thread is reused.
_converters = threading.local()


def _to_html(text: str) -> str:
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown_lib.Markdown(
            extensions=["extra", "sane_lists", _ImagesAsLinksExtension()]
        )
    return converter.reset().convert(text or "")


# The same text always renders the same, so each worker keeps what it rendered last: a
# logged-in visitor's course page (never cached) renders its description on every visit,
# which took longer than the page's queries. Only texts up to this length are kept, so the
# memory this takes stays small (at most KEPT_TEXTS of them).
KEPT_TEXT_LENGTH = 20_000
KEPT_TEXTS = 64


def render_markdown(text: str) -> SafeString:
    text = text or ""
    if len(text) > KEPT_TEXT_LENGTH:
        return _render(text)
    return _render_kept(text)


def _render(text: str) -> SafeString:
    return sanitize_html(_to_html(text))


_render_kept = lru_cache(maxsize=KEPT_TEXTS)(_render)


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"(^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+)|[*_`~]+|<[^>]*>", re.MULTILINE)


def markdown_summary(text: str, *, words: int = 30) -> str:
    """A short plain-text summary without rendering: link texts kept, markup and any HTML
    dropped. For lists of many items (search hits), where rendering each would be slow."""
    # The summary is the first `words` words: only the start of a long text is read
    # (40 characters a word leaves room for the link addresses and markup dropped).
    text = text or ""
    start = text[: words * 40]
    return _summary(start, words=words, cut=len(text) > len(start))


# Kept like rendered texts: the site search summarises the FAQ answers it finds, the same few
# hundred answers again and again, and writing 21 summaries took longer than their query.
# Only the start of a text is the key, so each kept summary costs at most 1,200 characters.
@lru_cache(maxsize=512)
def _summary(start: str, *, words: int, cut: bool) -> str:
    found = _MARKUP.sub("", _LINK.sub(r"\1", start)).split()
    summary = " ".join(found[:words])
    return summary + "…" if len(found) > words or cut else summary


def markdown_to_plain_text(text: str) -> str:
    """For e-mails, feeds, JSON-LD and meta descriptions: the rendered text without any tags,
    and without entities (`&amp;` is `&` again): whoever puts it into HTML escapes it there."""
    return html.unescape(nh3.clean(_to_html(text), tags=set())).strip()
