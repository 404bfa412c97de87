"""SQL built once per process for the queries that run on every request of a personal page.

Building and compiling a queryset with a few joins costs Django about a millisecond, more than
PostgreSQL takes to answer it, and Min side runs four of them for every visit. Their SQL is
the same on every request but for the parameters (the user's id), so `PreparedRows` compiles a
`values_list()` queryset once per process and runs that SQL with each request's values, and
`Columns` turns the rows back into model instances. The site search's `SearchRows`
(core/search.py) is one per limit.

`build(**values)` must return a `values_list()` queryset that passes each value on as a query
parameter, unchanged. That is checked when the SQL is compiled: it is compiled for two
different examples of every value, and each parameter must be the same in both or be one of
the values itself; anything else raises `UnpreparableQuery` rather than running the query
with an example in it. On SQLite (the embedded default, and half the test runs) the rows come
from the ORM on every call: SQLite returns dates as text, which only the ORM converts.

On PostgreSQL the SQL is also prepared on the server, once per database connection (PREPARE,
then EXECUTE with each request's values): planning the site search's three queries took a
quarter of the database's time for a search, and Min side's four more than their execution.
After five runs PostgreSQL keeps one generic plan for a statement, so nothing may be worked
out from a value for each row (`compiling_for_a_generic_plan`); a query whose generic plan is
worse than planning it each time says `plan_each_time`. Prepared statements live in the
server's session, so a pooler in transaction mode (pgbouncer) between the site and the
database would break them; deploy/ connects gunicorn to PostgreSQL directly.
"""

import contextvars
import itertools
import re
import weakref
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model, QuerySet


class UnpreparableQuery(Exception):
    """A value does not reach the SQL as a parameter of its own (see the module)."""


class _Slot:
    """Where a value goes in the compiled SQL's parameters."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self):
        return f"<{self.name}>"


_compiling_for_a_generic_plan = contextvars.ContextVar("generic_plan", default=False)


def compiling_for_a_generic_plan() -> bool:
    """True while PreparedRows compiles SQL that PostgreSQL will prepare and then plan once
    for any values: whatever is worked out from a value for each row (a search text parsed
    into a query) must then be worked out once, as a subquery (core.search.SearchQueryOnce).
    Planned for its values, PostgreSQL folds such a call into a constant itself."""
    return _compiling_for_a_generic_plan.get()


# The statements prepared on each open database connection, by name.
_prepared_on: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_statement_numbers = itertools.count(1)


class PreparedRows:
    def __init__(
        self,
        build: Callable[..., QuerySet],
        *,
        optional: tuple[str, ...] = (),
        plan_each_time: bool = False,
        **examples: tuple,
    ):
        """`examples`: for each keyword `build` takes, two different example values.
        `optional`: keywords the SQL may leave out (a search's time, used by some kinds only).
        `plan_each_time`: the SQL is sent as it is and planned for each run's values, for a
        query whose one generic plan, as a prepared statement, would be slower."""
        self.build = build
        self.examples = examples
        self.optional = set(optional)
        self.plan_each_time = plan_each_time
        self.name = f"prepared_rows_{next(_statement_numbers)}"
        self._compiled: tuple[str, list] | None = None

    def __call__(self, **values) -> list[tuple]:
        if connection.vendor != "postgresql":
            return list(self.build(**values))
        if self._compiled is None:
            self._compiled = self.compile()
        sql, params = self._compiled
        arguments = [values[p.name] if isinstance(p, _Slot) else p for p in params]
        with connection.cursor() as cursor:
            if self.plan_each_time:
                cursor.execute(sql, arguments)
            else:
                self._prepare(cursor, sql)
                cursor.execute(f"EXECUTE {self.name}({', '.join(['%s'] * len(params))})", arguments)
            return cursor.fetchall()

    def _prepare(self, cursor, sql: str) -> None:
        """PREPARE the statement if this connection has not yet. Straight on the driver's
        cursor: it happens once per connection, not once per page, so the query-count tests
        count what a page costs once the connection is warm."""
        prepared = _prepared_on.setdefault(cursor.db.connection, set())
        if self.name in prepared:
            return
        numbers = itertools.count(1)
        # Django's %s placeholders become $1, $2, …, and its %% (a literal %) becomes %.
        numbered = re.sub(r"%(%|s)", lambda m: "%" if m[1] == "%" else f"${next(numbers)}", sql)
        with cursor.db.wrap_database_errors:
            cursor.cursor.execute(f"PREPARE {self.name} AS {numbered}")
        prepared.add(self.name)

    def compile(self) -> tuple[str, list]:
        """The SQL, and its parameters with each value's place as a `_Slot`."""
        first = {name: pair[0] for name, pair in self.examples.items()}
        second = {name: pair[1] for name, pair in self.examples.items()}
        generic = _compiling_for_a_generic_plan.set(not self.plan_each_time)
        try:
            (sql, params), (other_sql, other_params) = (
                self.build(**values).query.sql_with_params() for values in (first, second)
            )
        finally:
            _compiling_for_a_generic_plan.reset(generic)
        if sql != other_sql or len(params) != len(other_params):
            raise UnpreparableQuery("The SQL changes with the values.")
        slots = []
        for param, other in zip(params, other_params, strict=True):
            name = next((n for n in self.examples if (param, other) == (first[n], second[n])), None)
            if name is not None:
                slots.append(_Slot(name))
            elif param == other:
                slots.append(param)
            else:
                raise UnpreparableQuery(f"A parameter depends on a value but is not one: {param!r}")
        used = {slot.name for slot in slots if isinstance(slot, _Slot)}
        missing = set(self.examples) - self.optional - used
        if missing:
            raise UnpreparableQuery(f"Not parameters of the SQL: {', '.join(sorted(missing))}.")
        return sql, slots


class Columns:
    """A model's columns in a `values_list()` row, at `path` ("course__" for a signup's
    course), and the instance made from them. `exclude`: fields nobody reads from these
    instances (a search vector); reading one anyway costs a query, which the query-count
    tests would catch."""

    def __init__(self, model: type[Model], path: str = "", *, exclude: tuple[str, ...] = ()):
        self.model = model
        self.names = [f.attname for f in model._meta.concrete_fields if f.name not in exclude]
        self.lookups = [path + name for name in self.names]

    def __len__(self):
        return len(self.names)

    def instance(self, values) -> Model:
        return self.model.from_db(DEFAULT_DB_ALIAS, self.names, values)


def split(row: tuple, *parts: Columns) -> list:
    """The row's instances, one per part in order, then the values after them."""
    instances, start = [], 0
    for part in parts:
        instances.append(part.instance(row[start : start + len(part)]))
        start += len(part)
    return [*instances, *row[start:]]
