"""Wagtail's database search backend with PostgreSQL's text-search configuration chosen per
language: a Spanish page is indexed with the `spanish` configuration (Spanish stemming: "calambres"
and "calambre" share the lexeme "calambr"), every other page with the backend's own (unchanged:
the server's default). A search runs with the configuration of the language searched
(`backend_for_language`). On SQLite (development, most tests) this is Wagtail's backend as is.

Settings: WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "clinic.i18n.search"}}.
"""

from __future__ import annotations

import copy
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


@lru_cache(maxsize=1)
def _postgres_backend_class():
    from wagtail.search.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
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

    class LocalizedPostgresSearchBackend(PostgresSearchBackend):
        index_class = LocalizedPostgresIndex

    return LocalizedPostgresSearchBackend


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
