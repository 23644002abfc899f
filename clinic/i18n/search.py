"""Wagtail's database search backend with PostgreSQL's text-search configuration chosen per
language: a Spanish page is indexed with the `spanish` configuration (Spanish stemming: "calambres"
and "calambre" share the lexeme "calambr"), every other page with the backend's own (unchanged:
the server's default). A search runs with the configuration of the language searched
(`backend_for_language`). On SQLite (development, most tests) this is Wagtail's backend as is.

On PostgreSQL a plain search (words) runs in a cheaper shape than Wagtail's own, with the same
matches and the same rank (LocalizedPostgresSearchQueryCompiler): at 2,000 articles the ranked query
for a common word took 70–80 ms sent and fetched, now 15–20 ms (tests/benchmarks/lists.py).

Settings: WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "clinic.i18n.search"}}.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache

LANGUAGE_CONFIGS = {"es": "spanish"}


def _locale_codes() -> dict[int, str]:
    from wagtail.models import Locale

    return dict(Locale.objects.values_list("id", "language_code"))


def SearchBackend(params):  # noqa: N802 - Wagtail looks up this name in a backend module
    from django.db import connection

    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend

    return DatabaseSearchBackend(params)


@lru_cache(maxsize=4)
def server_config(alias: str = "default") -> str:
    """The server's default text-search configuration, e.g. `pg_catalog.english`: what a backend
    without SEARCH_CONFIG indexes with (PostgreSQL's `to_tsvector(text)`)."""
    from django.db import connections

    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT current_setting('default_text_search_config')")
        return cursor.fetchone()[0]


def _expressions():
    from django.db.models import BooleanField, Func

    class Condition(Func):
        output_field = BooleanField()
        template = "(%(expressions)s)"

    class Matches(Condition):
        """`vector @@ query`."""

        arg_joiner = " @@ "

    class AnyOf(Condition):
        arg_joiner = " OR "

    class AllOf(Condition):
        arg_joiner = " AND "

    class HasLexemes(Condition):
        """Whether a query has lexemes left (not only stop words)."""

        template = "(numnode(%(expressions)s) > 0)"

    class OnlyStopWords(Condition):
        template = "(numnode(%(expressions)s) = 0)"

    return Matches, AnyOf, AllOf, HasLexemes, OnlyStopWords


@lru_cache(maxsize=1)
def _postgres_backend_class():
    from django.contrib.postgres.search import SearchQuery
    from django.db import ProgrammingError
    from django.db.models import F
    from wagtail.search.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
        PostgresSearchResults,
    )
    from wagtail.search.backends.database.postgres.query import Lexeme
    from wagtail.search.query import PlainText

    Matches, AnyOf, AllOf, HasLexemes, OnlyStopWords = _expressions()

    class LocalizedPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
        """Wagtail's search query compiler, with the same matches and the same rank for a plain
        query (words, all or any of them), in a shape that takes 15–20 ms at 2,000 articles
        instead of 70–80 ms, sent and fetched (a common word matches nearly every article, so
        the index can seldom narrow it: the cost is per matching entry):

        - The text-search configuration is always named (the server's default when the backend
          has none, as it indexed with): `to_tsquery('pg_catalog.english', …)` is immutable, a
          constant once planned, where `to_tsquery(…)` is only stable and was parsed again for
          every entry, three times (the match and the two ranks).
        - Each word is matched in the title and body vectors (`title @@ w OR body @@ w`), not in
          their concatenation `title || body`: that built a new vector from every entry's
          TOASTed body, the costliest step. A plain query's match is the same: every word (or
          one, for `operator="or"`) in the title or the body. A word that is only a stop word
          is left out, as PostgreSQL leaves it out of the whole query; only stop words match
          nothing, as before. This shape can also use the title and body GIN indexes.
        - The concatenated vector is not selected (Wagtail annotates it): every match's whole
          body vector went to Python as text, which took as long as the query.

        The rank is Wagtail's: ts_rank of the title (times its length norm) plus ts_rank of the
        body, so a title holding the word stays far above a body mentioning it. Other queries
        (phrases, Not, Boost, fields=…) go to Wagtail's compiler, with the named configuration."""

        def get_config(self, backend):
            return backend.config or server_config(self.queryset.db)

        def _plain_terms(self) -> list[str] | None:
            if self.fields is not None or not isinstance(self.query, PlainText):
                return None
            # As Wagtail splits a PlainText query (build_tsquery_content).
            return [term for term in re.split(r"[\s\-]+", self.query.query_string) if term] or None

        def search(self, config, start, stop, score_field=None, backend=None):
            terms = self._plain_terms()
            if terms is None:
                return super().search(config, start, stop, score_field, backend)
            title, body = F("index_entries__title"), F("index_entries__body")
            whole = self.build_tsquery(self.query, config=config)
            words = []
            for term in terms:
                word = SearchQuery(Lexeme(term), search_type="raw", config=config)
                found = AnyOf(Matches(title, word), Matches(body, word))
                if self.query.operator != "or":  # a stop word does not hold the others back
                    found = AnyOf(found, OnlyStopWords(word))
                words.append(found)
            combine = AnyOf if self.query.operator == "or" else AllOf
            matched = AllOf(HasLexemes(whole), combine(*words) if len(words) > 1 else words[0])
            queryset = self.queryset.alias(_matched_=matched).filter(_matched_=True)
            rank_expression = self._build_rank_expression(self.get_search_vectors(whole), config)
            return self._apply_ordering_and_scoring(
                queryset, rank_expression, start, stop, score_field
            )

    class LocalizedPostgresIndex(PostgresIndex):
        def add_items(self, model, objs):
            codes = _locale_codes()
            groups: dict[str | None, list] = {}
            for obj in objs:
                language = codes.get(getattr(obj, "locale_id", None))
                groups.setdefault(LANGUAGE_CONFIGS.get(language), []).append(obj)
            for config, group in groups.items():
                if config is None:
                    super().add_items(model, group)
                else:
                    backend = copy.copy(self.backend)
                    backend.config = config
                    PostgresIndex(backend).add_items(model, group)

    class LocalizedPostgresSearchResults(PostgresSearchResults):
        def pks(self) -> list:
            """The matches' primary keys, best first, without a model instance for each: making
            500 pages took longer than the search (ClusterableModel.__init__)."""
            if self._results_cache is not None:
                return [obj.pk for obj in self._results_cache]
            try:
                return list(self.get_queryset().values_list("pk", flat=True))
            except ProgrammingError as error:
                self._handle_missing_postgres_extension(error)
                raise

    class LocalizedPostgresSearchBackend(PostgresSearchBackend):
        index_class = LocalizedPostgresIndex
        query_compiler_class = LocalizedPostgresSearchQueryCompiler
        results_class = LocalizedPostgresSearchResults

    return LocalizedPostgresSearchBackend


def result_ids(results) -> list:
    """The primary keys of (sliced) search results, in their order: on PostgreSQL in one query
    for the keys alone; elsewhere (SQLite) from the results."""
    pks = getattr(results, "pks", None)
    if pks is not None:
        return pks()
    return [obj.pk for obj in results]


def backend_for_language(language: str):
    """The default search backend, searching with `language`'s text-search configuration."""
    from wagtail.search.backends import get_search_backend

    config = LANGUAGE_CONFIGS.get(language)
    if config is None:
        return get_search_backend("default")
    return _backend_with_config(config)


@lru_cache(maxsize=4)
def _backend_with_config(config: str):
    from wagtail.search.backends import get_search_backend

    return get_search_backend("default", SEARCH_CONFIG=config)
