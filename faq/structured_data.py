"""schema.org FAQPage as JSON-LD, safe to put inside a <script> element."""

import json

from django.utils.safestring import SafeString, mark_safe

from erfaringssentrum.core.links import absolute_url
from erfaringssentrum.core.markdown import markdown_to_plain_text

# As Django's json_script: nothing in the JSON can close the <script> element or open a
# comment, whatever staff write in a question.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def faq_page_json_ld(questions) -> SafeString:
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question.question,
                "url": absolute_url(question.get_absolute_url()),
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": markdown_to_plain_text(question.answer),
                },
            }
            for question in questions
        ],
    }
    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - the characters that could end the element are escaped
