"""Full-text search shared by the resource library, the FAQ and the site-wide search.

On PostgreSQL: Django's full-text search with the `norwegian` configuration (stemming:
"erfaringskonsulenter" finds "erfaringskonsulent"), ranked. Each searchable model stores its
weighted tsvector in a `search_vector` column, kept up to date by a database trigger (so
save(), update() and bulk_create() all keep it right) and served by a GIN index on it.
Ranking reads the stored vector instead of parsing every matching document per query.
On SQLite: every word must occur in one of the fields, after stripping common Norwegian
inflection endings; ranked by how many words hit the most important field.

Any of the words: a question typed on a phone («trenger jeg utdanning») rarely has every word
on one page. When a search of two or more words finds nothing, `search_any_word()` runs it
again matching pages with any of its words (synonyms kept; a word left out with a minus stays
left out), ranked by how many of them a page has, then as usual. Only then: the normal search
keeps its queries and its speed.

Forgiving search: `with_synonyms()` adds the words staff have said a word means («betalt» →
«lønn») as alternatives («betalt or lønn»: websearch syntax, which the SQLite search
understands too). When a search finds nothing, `did_you_mean()` offers the closest word from
the content's titles and the FAQ's topics («lonn», «lønnn» → «lønn»): on PostgreSQL with
trigram similarity (pg_trgm) on those texts with æ, ø and å folded, served by a GIN index
where the table is large; on SQLite it offers nothing.
"""

import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property, reduce
from operator import and_, or_
from pathlib import Path

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.migrations.operations import AddIndex, RemoveIndex, RunSQL
from django.db.models import Case, F, FloatField, Func, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from .prepared import PreparedRows, compiling_for_a_generic_plan

SEARCH_CONFIG = "norwegian"
VECTOR_FIELD = "search_vector"
# Optional, smaller vector to rank by (e.g. title and summary): ranking reads one vector per
# match, and a long body's vector makes that the slowest part of a search for a common word.
RANK_VECTOR_FIELD = "rank_vector"
MAX_QUERY_LENGTH = 200
# Longest first, so "-ene" is stripped before "-e".
NORWEGIAN_ENDINGS = ("ene", "ane", "ers", "er", "en", "et", "ar", "a", "e")
# The words the `norwegian` full-text search skips (a copy of PostgreSQL's
# tsearch_data/norwegian.stop), skipped by the SQLite search too: «hvor mange» finds nothing
# on either, and the pages say why (`only_common_words()`) instead of asking the user to check
# the spelling.
STOP_WORDS = frozenset((Path(__file__).parent / "norwegian.stop").read_text("utf-8").split())
# «a or b» (websearch syntax): "or" joins alternatives, it is not a word searched for.
OR = "or"


@dataclass(frozen=True)
class SearchHit:
    """One result of the site-wide search, whatever app it comes from."""

    title: str
    url: str
    summary: str
    kind: str  # shown to the user: "Ressurs", "Spørsmål og svar"
    rank: float


@dataclass(frozen=True)
class FixedPage:
    """A page that is not a row (a form, a tool) for a provider to add to its hits, found by
    the `keywords` people use for it: a search matches it when one of its alternatives has
    a keyword and no other word than those and the title's («passer jeg som
    erfaringskonsulent») and leaves none of them out, or in `search_any_word()` any keyword.
    Matched in Python on the words' light stems («egenvurderingen» is «egenvurdering»): no
    query."""

    title: str
    url_name: str
    summary: str
    kind: str
    keywords: tuple[str, ...]

    @cached_property
    def _keyword_stems(self) -> frozenset[str]:
        return frozenset(light_stem(word) for word in self.keywords)

    @cached_property
    def _known_stems(self) -> frozenset[str]:
        """The keywords and the title's words: a query of these asks for the page."""
        return self._keyword_stems | {light_stem(word) for word in query_words(self.title)}

    def hit(self, query: str) -> SearchHit | None:
        keywords, known = self._keyword_stems, self._known_stems
        if _any_word.get():
            stems = {light_stem(word) for word in searched_words(query)}
            left_out = {light_stem(word) for word in left_out_words(query)}
            if not stems & keywords or left_out & known:
                return None
            # After the rows with more of the words, before those with as many (their rank
            # is the number of words plus less than 1).
            rank = len(stems & known) + 0.99
        else:
            alternatives = [
                (
                    {light_stem(word) for word in searched_words(alternative)},
                    {light_stem(word) for word in left_out_words(alternative)},
                )
                for alternative in re.split(r"\s+or\s+", clean_query(query).lower())
            ]
            if not any(
                stems & keywords and stems <= known and not left_out & known
                for stems, left_out in alternatives
            ):
                return None
            # A keyword is said on purpose: first, above every row's rank for this query
            # (ts_rank is at most 1; the SQLite search's is 0.1 plus at most 1 a word).
            rank = len(query_words(query)) + 1.0
        url = reverse(self.url_name)
        return SearchHit(title=self.title, url=url, summary=self.summary, kind=self.kind, rank=rank)


def clean_query(raw: str | None) -> str:
    """Trims, collapses white space and caps the length; control characters are dropped."""
    text = "".join(ch if ch.isprintable() else " " for ch in (raw or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


# Variants of a query with synonyms, at most; each is a full search of its own.
MAX_VARIANTS = 4
# Norwegian letters typed without them («lonn», «pa»), and a few accents, fold to ASCII.
FOLD_FROM, FOLD_TO = "æøåäöüéèáà", "aoaaoueeaa"
# How close a content word must be (trigram similarity, 0–1) to be offered as «Mente du …?».
SUGGESTION_SIMILARITY = 0.5
WORD = re.compile(r"\w+")
# Not a leading "-": «-betalt» excludes the word (websearch syntax), it does not search it.
PUNCTUATION_AROUND = re.compile(r"^[^\w-]+|\W+$")


def with_synonyms(query: str, synonyms: dict[str, tuple[str, ...]]) -> str:
    """`query` with each word that has synonyms also searched as them: "betalt arbeid" with
    betalt → lønn is "betalt arbeid or lønn arbeid" (websearch syntax)."""
    query = clean_query(query)
    variants = [query]
    words = query.split()
    for position, word in enumerate(words):
        # «tjene?» and «betalt,» are the words «tjene» and «betalt».
        for meaning in synonyms.get(PUNCTUATION_AROUND.sub("", word).lower(), ()):
            if len(variants) >= MAX_VARIANTS:
                break
            variant = " ".join([*words[:position], meaning, *words[position + 1 :]])
            if len(" or ".join([*variants, variant])) <= MAX_QUERY_LENGTH:
                variants.append(variant)
    return " or ".join(variants)


def query_words(query: str) -> list[str]:
    """The words of `query` as the search reads them: lower-cased, without the punctuation
    around them («det?» is «det»), the «or» between alternatives left out."""
    words = (PUNCTUATION_AROUND.sub("", word).lower() for word in clean_query(query).split())
    return [word for word in words if word and word != OR]


def only_common_words(query: str) -> bool:
    """Whether every word of `query` is one the search skips («hvor mange», «hva er det?»):
    such a query finds nothing, however it is spelt."""
    words = query_words(query)
    return bool(words) and all(word in STOP_WORDS for word in words)


# A query with more words than this is searched again for its first ones only: each word is
# a term of its own in the ranking.
MAX_ANY_WORDS = 10
# Set while `search_any_word()` runs a search again: `fulltext_search()` then matches any word.
_any_word = ContextVar("search_any_word", default=False)


def _plain_words(query: str, *, left_out: bool) -> list[str]:
    """The words `query` searches for (with `left_out`: those it leaves out with a minus,
    «lønn -oslo»), each once and as plain letters and digits only («lønn:*» is «lønn», «&»
    and «|» are nothing), without the common words the search skips and the «or» between
    alternatives."""
    words = []
    for token in clean_query(query).lower().split():
        if token.startswith("-") != left_out:
            continue
        for word in WORD.findall(token):
            word = word.strip("_")
            if word and word != OR and word not in STOP_WORDS and word not in words:
                words.append(word)
    return words


def searched_words(query: str) -> list[str]:
    """The words a search for `query` looks for (the first MAX_ANY_WORDS)."""
    return _plain_words(query, left_out=False)[:MAX_ANY_WORDS]


def left_out_words(query: str) -> list[str]:
    """The words `query` leaves out with a minus: a search for some of the words leaves them
    out too."""
    return _plain_words(query, left_out=True)


def search_any_word[R](query: str, search: Callable[[], R]) -> R | None:
    """For a search for `query` that found nothing: `search()` run again so that it matches
    pages with any of the query's words, those with the most of them first; None if `query`
    (as typed, before synonyms) has fewer than two words to search for. `search()` must build
    its querysets itself (the matching is decided when they are built) and may be given the
    query with synonyms: they are searched too."""
    if len(searched_words(query)) < 2:
        return None
    token = _any_word.set(True)
    try:
        return search()
    finally:
        _any_word.reset(token)


def nothing_to_search(query: str) -> bool:
    """Whether `query` has no word to look for: only common words, or only words left out
    with a minus («-oslo»). It finds nothing, on either database (PostgreSQL's websearch
    would list every page without the word: all of them, unranked, in a full scan)."""
    return not _plain_words(query, left_out=False)


def fold(text: str) -> str:
    return text.lower().translate(str.maketrans(FOLD_FROM, FOLD_TO))


def folded(field: str) -> Func:
    """The database's `fold()` of a field, as the trigram index stores it."""
    return Func(Lower(field), Value(FOLD_FROM), Value(FOLD_TO), function="translate")


def trigram_index(field: str, name: str) -> GinIndex:
    """GIN trigram index on a folded text field, for `did_you_mean()`; put it in Meta.indexes
    and use `AddIndexOnPostgres` (after `TrigramExtensionOnPostgres`) in the migration."""
    return GinIndex(OpClass(folded(field), name="gin_trgm_ops"), name=name)


def _trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _similarity(a: str, b: str) -> float:
    first, second = _trigrams(a), _trigrams(b)
    return len(first & second) / len(first | second)


def similar_texts(queryset: QuerySet, field: str, word: str) -> QuerySet:
    """`field` of the rows with a word like `word` (pg_trgm's `%>` on the folded text, which
    the trigram index serves), closest first."""
    return (
        queryset.alias(folded_text=folded(field))
        .filter(folded_text__trigram_word_similar=fold(word))
        .annotate(closeness=TrigramWordSimilarity(Value(fold(word)), "folded_text"))
        .order_by("-closeness")
        .values_list(field, flat=True)
    )


def did_you_mean(
    query: str,
    sources: list[tuple[QuerySet, str]],
    *,
    per_source: int = 5,
    finds: Callable[[str], bool] | None = None,
) -> str:
    """A query that may find what `query` did not: each of its three longest words replaced by
    the closest word in the `(queryset, field)` sources' texts (the other words kept as they
    are), or "" if none is close, or if `finds(suggestion)` says the page's own search would
    find nothing for it (the site's words are more than one page has: offer no empty page).
    PostgreSQL only: one indexed query per word and source, and `finds` (only run when nothing
    matched)."""
    if connection.vendor != "postgresql":
        return ""
    words = clean_query(query).lower().split()
    # The three longest words: in a question the short ones («hva», «en») are rarely the typo.
    # Not one left out with a minus («-utdanning»): offering it back would ask for the opposite.
    searched = [i for i, word in enumerate(words) if not word.startswith("-")]
    looked_up = sorted(searched, key=lambda i: -len(words[i]))[:3]
    suggestion = list(words)
    for position in looked_up:
        word = words[position]
        candidates = set()
        for queryset, field in sources:
            texts = similar_texts(queryset, field, word)[:per_source]
            candidates |= {found.lower() for text in texts for found in WORD.findall(text)}
        scored = [(_similarity(fold(word), fold(found)), found) for found in candidates]
        best = max(scored, default=(0.0, word))
        if best[0] >= SUGGESTION_SIMILARITY:
            suggestion[position] = best[1]
    if suggestion == words:
        return ""
    suggested = " ".join(suggestion)
    return suggested if finds is None or finds(suggested) else ""


def search_index(name: str) -> GinIndex:
    """The GIN index on the stored vector; put it in the model's Meta.indexes and use
    `AddIndexOnPostgres` for it in the migration."""
    return GinIndex(fields=[VECTOR_FIELD], name=name)


def _vector_sql(weighted_fields: dict[str, str], row: str) -> str:
    return " || ".join(
        f"setweight(to_tsvector('{SEARCH_CONFIG}', coalesce({row}{field}::text, '')), '{weight}')"
        for field, weight in weighted_fields.items()
    )


def search_vector_trigger(
    table: str, weighted_fields: dict[str, str], rank_fields: dict[str, str] | None = None
) -> "RunSQLOnPostgres":
    """Migration operation: a trigger that fills `search_vector` (and, with `rank_fields`,
    a smaller `rank_vector` to rank by) on insert and whenever a searched field changes, and
    a backfill of the rows already there. Running it again replaces the trigger."""
    function = f"{table}_search_vector_update"
    vectors = {VECTOR_FIELD: weighted_fields}
    if rank_fields:
        vectors[RANK_VECTOR_FIELD] = rank_fields
    assign = "\n".join(
        f"NEW.{field} := {_vector_sql(fields, 'NEW.')};" for field, fields in vectors.items()
    )
    columns = ", ".join([*weighted_fields, *vectors])
    backfill = ", ".join(
        f"{field} = {_vector_sql(fields, '')}" for field, fields in vectors.items()
    )
    # Table and field names come from the migrations, never from users.
    forward = f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
        BEGIN
            {assign}
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql;
        DROP TRIGGER IF EXISTS {table}_search_vector ON {table};
        CREATE TRIGGER {table}_search_vector
            BEFORE INSERT OR UPDATE OF {columns} ON {table}
            FOR EACH ROW EXECUTE FUNCTION {function}();
        UPDATE {table} SET {backfill};
    """  # noqa: S608
    backward = f"""
        DROP TRIGGER IF EXISTS {table}_search_vector ON {table};
        DROP FUNCTION IF EXISTS {function}();
    """
    return RunSQLOnPostgres(forward, backward)


def light_stem(word: str) -> str:
    for ending in NORWEGIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


class SearchQueryOnce(SearchQuery):
    """A search query that PostgreSQL parses once per query: as a subquery (an InitPlan),
    not a function call. For a statement prepared on the server (core/prepared.py): in the
    generic plan PostgreSQL keeps for one, `ts_rank(vector, websearch_to_tsquery($1, $2))`
    parsed and stemmed the text again for every row it ranked, three times slower for
    «lønn». Planned for its text, the plain call is folded into a constant, and faster."""

    template = "(SELECT %(function)s(%(expressions)s))"


def fulltext_search(
    queryset: QuerySet,
    query: str,
    weighted_fields: dict[str, str],
    *,
    vector=VECTOR_FIELD,
    rank_by=None,
) -> QuerySet:
    """Filters `queryset` to what matches `query`, annotated with `rank`, best first.
    `vector` is the stored vector to match (a related model's, e.g. "course_type__search_vector"),
    `rank_by` the one to rank with if not the same (RANK_VECTOR_FIELD where a model has it)."""
    query = clean_query(query)
    if nothing_to_search(query):
        return queryset.annotate(rank=Value(0.0)).none()
    if _any_word.get():
        return _any_word_search(queryset, query, weighted_fields, vector=vector, rank_by=rank_by)
    if connection.vendor == "postgresql":
        once = compiling_for_a_generic_plan()
        search_query = (SearchQueryOnce if once else SearchQuery)(
            query, config=SEARCH_CONFIG, search_type="websearch"
        )
        return (
            queryset.filter(**{vector: search_query})
            .annotate(rank=SearchRank(F(rank_by or vector), search_query))
            .order_by("-rank", "pk")
        )
    return _simple_search(queryset, query, list(weighted_fields))


def _any_word_search(queryset, query, weighted_fields, *, vector, rank_by) -> QuerySet:
    """`fulltext_search()` matching any word of `query` (`searched_words()`: plain words, so
    nothing typed is read as search syntax); `rank` is the number of its words a row has,
    plus the usual rank (below 1) among rows with as many."""
    words = searched_words(query)
    if not words:
        return queryset.annotate(rank=Value(0.0)).none()
    # «lønn kurs -oslo»: a page with «oslo» stays left out (the one with every word first).
    left_out = left_out_words(query)
    if connection.vendor != "postgresql":
        minus = "".join(f" -{word}" for word in left_out)
        alternatives = " or ".join(f"{word}{minus}" for word in words)
        return _simple_search(queryset, alternatives, list(weighted_fields), count=True)
    any_word = SearchQuery(" or ".join(words), config=SEARCH_CONFIG, search_type="websearch")
    for word in left_out:
        any_word &= ~SearchQuery(word, config=SEARCH_CONFIG)
    has_word = [
        Case(
            When(Q(**{vector: SearchQuery(word, config=SEARCH_CONFIG)}), then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        for word in words
    ]
    rank = reduce(lambda a, b: a + b, has_word, SearchRank(F(rank_by or vector), any_word))
    return queryset.filter(**{vector: any_word}).annotate(rank=rank).order_by("-rank", "pk")


class SearchRows:
    """The rows of one kind of search, for the site-wide search, with SQL built once.

    On PostgreSQL a search's SQL is the same whatever is searched for; only its parameters
    change. Building and compiling the queryset was about a third of the site search's
    time (it runs three such queries), so the SQL is compiled once per process and limit
    (`PreparedRows`, core/prepared.py) and each search fills in its own text and time.
    `build(query, now)` must return a `values_list` queryset that passes both on as query
    parameters, unchanged (the time only if it uses it); anything else (a text lower-cased,
    a date taken from the time) raises UnpreparableQuery rather than searching for the
    placeholder. On SQLite the SQL depends on the words, so the queryset is built for each
    search.
    """

    PLACEHOLDERS = (
        ("søkeplassholder", datetime(2000, 1, 1, tzinfo=UTC)),
        ("en annen søketekst", datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC)),
    )

    def __init__(self, build: Callable[[str, datetime], QuerySet], *, plan_each_time=False):
        self.build = build
        self.plan_each_time = plan_each_time
        self._per_limit: dict[int, PreparedRows] = {}

    def __call__(self, query: str, *, limit: int) -> list[tuple]:
        query = clean_query(query)
        if nothing_to_search(query):
            return []
        if _any_word.get():  # rarely (after a search found nothing), its SQL its own
            return list(self.build(query, timezone.now())[:limit])
        return self._rows(limit)(query=query, now=timezone.now())

    def compile(self, *, limit: int) -> tuple[str, list]:
        """The SQL, and its parameters with the text and the time as slots."""
        return self._rows(limit).compile()

    def _rows(self, limit: int) -> PreparedRows:
        if limit not in self._per_limit:
            (query, now), (other_query, other_now) = self.PLACEHOLDERS
            self._per_limit[limit] = PreparedRows(
                lambda query, now: self.build(query, now)[:limit],
                optional=("now",),
                plan_each_time=self.plan_each_time,
                query=(query, other_query),
                now=(now, other_now),
            )
        return self._per_limit[limit]


def _simple_search(
    queryset: QuerySet, query: str, fields: list[str], *, count: bool = False
) -> QuerySet:
    # "a b or c": every word of one alternative must occur (as websearch reads it), but for
    # the common words PostgreSQL skips too: «hva er lønn» looks for «lønn»; and none of the
    # words left out with a minus: «lønn -oslo».
    alternatives = []
    for alternative in re.split(r"\s+or\s+", query.lower()):
        words = [w for w in query_words(alternative) if w.lstrip("-") not in STOP_WORDS]
        included = [light_stem(w) for w in words if not w.startswith("-")]
        left_out = [light_stem(w.lstrip("-")) for w in words if w.startswith("-") and w.strip("-")]
        if included:
            alternatives.append((included, left_out))
    if not alternatives:  # only common words («hvor mange»): nothing, as on PostgreSQL
        return queryset.annotate(rank=Value(0.0)).none()
    stems = [stem for included, _ in alternatives for stem in included]

    def matches(stem):
        return reduce(or_, (Q(**{f"{f}__icontains": stem}) for f in fields))

    matches_any = reduce(
        or_,
        (
            reduce(and_, [*(matches(s) for s in included), *(~matches(s) for s in left_out)])
            for included, left_out in alternatives
        ),
    )
    in_first_field = [
        Case(When(Q(**{f"{fields[0]}__icontains": s}), then=Value(1.0)), default=Value(0.0))
        for s in stems
    ]
    rank = reduce(lambda a, b: a + b, in_first_field, Value(0.1))
    if count:  # how many of the words a row has first (`search_any_word()`), then as usual
        has_word = [Case(When(matches(s), then=Value(1.0)), default=Value(0.0)) for s in stems]
        rank = reduce(lambda a, b: a + b, has_word, rank / Value(len(stems) + 1.0))
    return queryset.filter(matches_any).annotate(rank=rank).order_by("-rank", "pk")


class PostgresOnly:
    """Makes a migration operation run on PostgreSQL only, while its state change (an index in
    Meta.indexes, for instance) is recorded on every database, so SQLite keeps working and
    `makemigrations --check` stays clean."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddIndexOnPostgres(PostgresOnly, AddIndex):
    """AddIndex for a PostgreSQL-only index (GIN)."""


class RemoveIndexOnPostgres(PostgresOnly, RemoveIndex):
    """RemoveIndex for an index that only exists on PostgreSQL."""


class TrigramExtensionOnPostgres(PostgresOnly, TrigramExtension):
    """CREATE EXTENSION pg_trgm (a trusted extension: the database's owner may create it)."""


class RunSQLOnPostgres(PostgresOnly, RunSQL):
    """RunSQL that only runs on PostgreSQL (triggers for the stored search vectors)."""
