"""Placeholders in the questions and answers: links to example domains."""

from django.urls import reverse

from erfaringssentrum.launch_checks import Placeholder, example_urls

from .models import Question


def placeholders() -> list[Placeholder]:
    candidates = Question.objects.filter(answer__icontains="example").only(
        "pk", "question", "answer"
    )
    return [
        Placeholder(
            f"Lenke i svaret på «{question.question}»",
            url,
            "Sett inn den virkelige lenken, eller fjern den.",
            reverse("admin:faq_question_change", args=[question.pk]),
        )
        for question in candidates.order_by("question")
        for url in example_urls(question.answer)
    ]
