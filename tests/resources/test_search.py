import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from erfaringssentrum.core.prepared import UnpreparableQuery
from erfaringssentrum.core.search import SearchHit, SearchRows
from resources.models import Resource
from resources.search import site_search


@pytest.mark.django_db
def test_site_search_finds_published_resources_as_hits(resource_factory):
    resource = resource_factory(
        title="Ti råd til arbeidsgivere", summary="Slik lykkes dere med ansettelsen."
    )
    resource_factory(title="Råd i et utkast", is_published=False)
    resource_factory(title="Helt annet tema")

    hits = site_search("råd")

    assert hits == [
        SearchHit(
            title="Ti råd til arbeidsgivere",
            url=resource.get_absolute_url(),
            summary="Slik lykkes dere med ansettelsen.",
            kind="Ressurs",
            rank=hits[0].rank,
        )
    ]
    assert isinstance(hits[0].rank, float)
    assert hits[0].url == f"/ressurser/{resource.slug}/"


@pytest.mark.django_db
def test_site_search_ranks_title_matches_first_and_respects_the_limit(resource_factory):
    in_body = resource_factory(title="Om rollen", body="Noe om lønn her.")
    in_title = resource_factory(title="Lønn for erfaringskonsulenter")

    assert [hit.title for hit in site_search("lønn")] == [in_title.title, in_body.title]
    assert len(site_search("lønn", limit=1)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_site_search_uses_one_query(resource_factory, size):
    for number in range(size):
        resource_factory(title=f"Veileder {number}")
    with CaptureQueriesContext(connection) as queries:
        hits = site_search("veileder")
    assert len(hits) == size
    assert len(queries) == 1


@pytest.mark.django_db
def test_site_search_with_an_empty_query_finds_nothing(resource_factory):
    resource_factory()
    assert site_search("   ") == []


@pytest.mark.django_db
def test_each_search_fills_in_its_own_words_and_the_current_time(resource_factory):
    """On PostgreSQL the SQL is built once and reused (SearchRows): every search must still
    get its own words, and a resource whose time has not come must stay hidden."""
    salary = resource_factory(title="Lønn og avtaler")
    education = resource_factory(title="Utdanning og kurs")
    resource_factory(title="Lønn i framtiden", published_at=timezone.now() + dt.timedelta(days=1))

    assert [hit.title for hit in site_search("lønn")] == [salary.title]
    assert [hit.title for hit in site_search("utdanning")] == [education.title]
    assert [hit.title for hit in site_search("lønn", limit=1)] == [salary.title]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQL built once on PostgreSQL")
def test_the_search_sql_is_built_once_per_limit():
    built = []

    def build(query, now):
        built.append(query)
        return Resource.objects.published(now=now).search(query).values_list("title", "rank")

    rows = SearchRows(build)
    for query in ("lønn", "utdanning", "kurs"):
        rows(query, limit=21)
    rows("lønn", limit=41)
    # Compiled once per limit, each time for two placeholder texts (to check the parameters).
    assert built == [query for query, _ in SearchRows.PLACEHOLDERS] * 2


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQL built once on PostgreSQL")
def test_every_search_provider_compiles():
    from courses.search import rows as course_rows
    from faq.search import rows as faq_rows
    from resources.search import rows as resource_rows

    for rows in (course_rows, faq_rows, resource_rows):
        sql, slots = rows.compile(limit=21)
        assert "<query>" in map(repr, slots)


@pytest.mark.django_db
def test_the_text_is_filled_in_where_build_passed_it():
    rows = SearchRows(
        lambda query, now: Resource.objects.filter(title=query, kind="x").values_list("pk")
    )
    _, slots = rows.compile(limit=5)
    assert {"<query>", "'x'"} <= set(map(repr, slots))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "build",
    [
        lambda query, now: Resource.objects.filter(title=query.upper()),  # the text changed
        lambda query, now: Resource.objects.filter(title=query, published_at__date=now.date()),
        lambda query, now: Resource.objects.filter(title="fast"),  # the text not used at all
        lambda query, now: Resource.objects.filter(title__in=query.split()),  # the SQL varies
    ],
    ids=["changed-text", "changed-time", "unused-text", "sql-varies"],
)
def test_a_search_that_cannot_be_filled_in_fails_loudly(build):
    """Rather than searching for the placeholder text and finding nothing."""
    with pytest.raises(UnpreparableQuery):
        SearchRows(lambda query, now: build(query, now).values_list("pk")).compile(limit=5)
