"""The site search is served by the GIN indexes (EXPLAIN on PostgreSQL; skipped on SQLite).

The searches must filter on the stored, trigger-filled search_vector column that the GIN
index covers; a search that computed its own tsvector per row again would fail here. (The
site search adds the published filter on top; on a table this small the planner may then
prefer the publishing index, so the search itself is what is explained.)
"""

import pytest
from django.db import connection

from faq.models import Question
from resources.models import Resource
from scripts import bench_data

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN of the GIN index needs PostgreSQL")


@pytest.fixture
def content(settings):
    settings.BENCHMARK = True
    bench_data.generate(sizes="500,300,6,200")

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SET enable_seqscan = off")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET enable_seqscan")


@pytest.mark.parametrize(
    "queryset, index",
    [
        (lambda q: Resource.objects.search(q), "resource_search_vector_idx"),
        (lambda q: Question.objects.search(q), "faq_question_search_vector_idx"),
    ],
)
def test_site_search_uses_the_gin_index(content, queryset, index):
    # A selective query (the generated titles are numbered), as most real searches are.
    plan = queryset("123").explain()
    assert index in plan, plan
