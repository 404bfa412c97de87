from django import template

from erfaringssentrum.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """`{{ resource.body|markdown }}`: staff-written Markdown as sanitised HTML."""
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def login_intent(context) -> str:
    """What the visitor was about to do before logging in (see core/login_intent.py)."""
    from erfaringssentrum.core.login_intent import login_intent as describe

    return describe(context.get("request"))
