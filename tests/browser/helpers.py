import re


def label(text):
    """A get_by_label() matcher: crispy marks required fields with an asterisk after the text."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")
