from django import template

from erfaringssentrum.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """`{{ resource.body|markdown }}`: staff-written Markdown as sanitised HTML."""
    return render_markdown(text)
