"""The site search is served by the GIN indexes (EXPLAIN on PostgreSQL; skipped on SQLite).

With sequential scans priced out, PostgreSQL can only avoid scanning the table if the query's
tsvector expression is exactly the indexed one, so a drift between the search expression and
the index (e.g. another field or weight in one of them) fails here.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from faq.models import Question
from resources.models import Resource

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN of the GIN index needs PostgreSQL")


@pytest.fixture
def content(settings):
    settings.BENCHMARK = True
    call_command("generate_bench_data", "--sizes", "500,300,6,200", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SET enable_seqscan = off")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET enable_seqscan")


@pytest.mark.parametrize(
    "queryset, index",
    [
        (lambda q: Resource.objects.published().search(q), "resource_search_idx"),
        (lambda q: Question.objects.published().search(q), "faq_question_search_idx"),
    ],
)
def test_site_search_uses_the_gin_index(content, queryset, index):
    # A selective query (the generated titles are numbered), as most real searches are.
    plan = queryset("123").explain()
    assert index in plan, plan
