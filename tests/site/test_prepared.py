"""PreparedRows (erfaringssentrum/core/prepared.py): SQL compiled once per process, run with
each request's values, and the same rows as the ORM gives."""

import pytest
from django.db import connection
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone

from courses.models import InterestEntry, Signup
from erfaringssentrum.core.prepared import Columns, PreparedRows, UnpreparableQuery, split
from faq import search as faq_search
from resources import search as resource_search

pytestmark = pytest.mark.django_db


def signups_of(user_id):
    return Signup.objects.filter(user_id=user_id).order_by("pk").values_list("pk", "status")


def test_rows_are_those_the_orm_gives_for_each_value(user_factory, course_factory, signup_factory):
    first, second = user_factory(), user_factory()
    course = course_factory()
    mine = signup_factory(course, user=first)
    theirs = signup_factory(course_factory(), user=second, status=Signup.Status.WAITING)
    rows = PreparedRows(signups_of, user_id=(-1, -2))

    assert rows(user_id=first.pk) == [(mine.pk, "confirmed")]
    assert rows(user_id=second.pk) == [(theirs.pk, "waiting")]
    assert rows(user_id=first.pk) == list(signups_of(first.pk))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQL built once on PostgreSQL")
def test_the_queryset_is_built_only_to_compile_it(user_factory):
    built = []

    def build(user_id):
        built.append(user_id)
        return signups_of(user_id)

    rows = PreparedRows(build, user_id=(-1, -2))
    for _ in range(3):
        rows(user_id=user_factory().pk)
    assert built == [-1, -2]


def test_a_value_the_sql_changes_is_refused():
    shifted = PreparedRows(lambda user_id: signups_of(user_id + 1), user_id=(-1, -2))
    with pytest.raises(UnpreparableQuery):
        shifted.compile()
    unused = PreparedRows(lambda user_id: signups_of(5), user_id=(-1, -2))
    with pytest.raises(UnpreparableQuery):
        unused.compile()


def test_columns_make_instances_of_each_model_in_a_row(user, course_factory, signup_factory):
    signup = signup_factory(course_factory(expected_period="vår"), user=user)
    signup_columns, course_columns = Columns(Signup), Columns(signup.course._meta.model, "course__")
    row = Signup.objects.filter(pk=signup.pk).values_list(
        *signup_columns.lookups, *course_columns.lookups, "pk"
    )[0]

    made, course, extra = split(row, signup_columns, course_columns)

    assert (made.pk, made.status, made.course_id) == (signup.pk, signup.status, signup.course_id)
    assert (course.pk, course.expected_period) == (signup.course_id, "vår")
    assert extra == signup.pk
    assert not made._state.adding


def test_min_side_shows_each_user_only_their_own_rows(
    client,
    adviser_factory,
    slot_factory,
    booking_factory,
    course_factory,
    course_type_factory,
    signup_factory,
):
    """The SQL compiled for one user's page is run with the next user's id."""
    people = [adviser_factory(), adviser_factory()]
    candidates = ["Aslak", "Brita"]
    for number, person in enumerate(people):
        booking_factory(slot=slot_factory(), adviser=person, candidate_name=candidates[number])
        signup_factory(course_factory(expected_period=f"periode{number}"), user=person)
        InterestEntry.objects.create(
            user=person, course_type=course_type_factory(title=f"Kurstype{number}")
        )

    for number, person in enumerate(people):
        client.force_login(person)
        page = client.get(reverse("min-side")).content.decode()
        other = 1 - number
        assert candidates[number] in page and candidates[other] not in page
        for made_up in ("periode", "Kurstype"):
            assert f"{made_up}{number}" in page and f"{made_up}{other}" not in page


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statements are prepared on PostgreSQL only"
)


def _times_run(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements WHERE name = %s",
            [name],
        )
        found = cursor.fetchone()
    return found[0] if found else 0


@postgres_only
@pytest.mark.django_db(transaction=True)  # it closes the connection
def test_the_sql_is_prepared_once_per_connection_and_then_executed(user_factory):
    rows = PreparedRows(signups_of, user_id=(-1, -2))
    for _ in range(3):
        rows(user_id=user_factory().pk)
    assert _times_run(rows.name) == 3

    connection.close()  # a new connection has no prepared statements
    person = user_factory()
    assert rows(user_id=person.pk) == []
    assert _times_run(rows.name) == 1


@postgres_only
def test_a_literal_percent_sign_in_the_sql_stays_one(user, course_factory, signup_factory):
    def shares(user_id):
        signups = Signup.objects.filter(user_id=user_id)
        return signups.annotate(share=RawSQL("'100%%'", [])).values_list("share")

    signup_factory(course_factory(), user=user)
    assert PreparedRows(shares, user_id=(-1, -2))(user_id=user.pk) == [("100%",)]


@postgres_only
def test_the_generic_plan_of_a_search_parses_the_text_once_not_per_row(question_factory):
    """core.search.SearchQueryOnce: PostgreSQL keeps a generic plan for a prepared statement,
    and `ts_rank(vector, websearch_to_tsquery($1, $2))` in it parsed the text for every row."""
    question_factory(question="Hva er lønnen?")
    assert [question for question, *_ in faq_search.rows("lønn", limit=5)] == ["Hva er lønnen?"]
    prepared = faq_search.rows._rows(5)
    plan = _generic_plan(prepared, query="lønn")
    ranking = [line for line in plan.splitlines() if "ts_rank(" in line]
    assert ranking and not any("websearch_to_tsquery" in line for line in ranking)


@postgres_only
def test_a_query_planned_each_time_is_not_prepared_and_folds_the_search_itself(
    resource_factory,
):
    """The resources' search (resources/search.py): its generic plan was slower."""
    resource_factory(title="Lønn")
    assert [title for title, *_ in resource_search.rows("lønn", limit=5)] == ["Lønn"]
    prepared = resource_search.rows._rows(5)
    assert _times_run(prepared.name) == 0
    assert "(SELECT websearch_to_tsquery" not in prepared.compile()[0]


def _generic_plan(prepared: PreparedRows, **values) -> str:
    sql, params = prepared.compile()
    values.setdefault("now", timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_generic_plan")
        cursor.execute(
            f"EXPLAIN (VERBOSE) EXECUTE {prepared.name}({', '.join(['%s'] * len(params))})",
            [values[p.name] if hasattr(p, "name") else p for p in params],
        )
        plan = "\n".join(line for (line,) in cursor.fetchall())
        cursor.execute("RESET plan_cache_mode")
    return plan
