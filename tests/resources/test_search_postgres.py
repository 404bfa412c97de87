"""Full-text search on PostgreSQL: the `norwegian` configuration, ranking and the GIN index."""

import pytest
from django.db import connection

from resources.models import Resource

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("trenger PostgreSQL (norsk stemming og GIN-indeks)")


def test_plural_finds_singular_with_norwegian_stemming(client, resource_factory):
    resource_factory(title="Om rollen", body="Slik arbeider en erfaringskonsulent.")
    resource_factory(title="Noe annet", body="Om kurs for veiledere.")

    response = client.get("/ressurser/?q=erfaringskonsulenter")

    assert [r.title for r in response.context["resources"]] == ["Om rollen"]


def test_definite_plural_finds_indefinite(resource_factory):
    resource_factory(title="Råd om oppfølging")
    assert [r.title for r in Resource.objects.search("rådene")] == ["Råd om oppfølging"]


def test_title_hits_rank_above_body_hits(resource_factory):
    resource_factory(title="Om rollen", body="Litt om lønn.")
    resource_factory(title="Lønn og arbeidsvilkår")
    assert [r.title for r in Resource.objects.search("lønn")] == [
        "Lønn og arbeidsvilkår",
        "Om rollen",
    ]


def test_search_syntax_characters_are_harmless(client, resource_factory):
    resource_factory(title="Tips")
    for query in ["tips & | !", "'tips", "tips:*", '"tips', "-tips", "or"]:
        assert client.get("/ressurser/", {"q": query}).status_code == 200


def test_the_search_is_served_by_a_gin_index_on_the_stored_vector(resource_factory):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", ["resource_search_vector_idx"]
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition
    # The trigger fills the vector with the Norwegian configuration, on insert and on update.
    resource = resource_factory(title="Erfaringskonsulenter", summary="Kort", body="Lang")
    resource.refresh_from_db()
    assert "'erfaringskonsulent':1A" in resource.search_vector
    resource.title = "Lønnsnivå"
    resource.save()
    resource.refresh_from_db()
    assert "'lønnsnivå':1A" in resource.search_vector
    # Ranking reads the small vector of title and summary only.
    assert "'lønnsnivå':1A" in resource.rank_vector and "'lang'" not in resource.rank_vector
