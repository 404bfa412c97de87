from tests.faq.conftest import (  # noqa: F401
    category_factory,
    question_factory,
    resource_factory,
    salary_question,
)
