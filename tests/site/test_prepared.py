"""PreparedRows (erfaringssentrum/core/prepared.py): SQL compiled once per process, run with
each request's values, and the same rows as the ORM gives."""

import pytest
from django.db import connection
from django.urls import reverse

from courses.models import InterestEntry, Signup
from erfaringssentrum.core.prepared import Columns, PreparedRows, UnpreparableQuery, split

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
