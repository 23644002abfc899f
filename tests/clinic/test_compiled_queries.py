"""Django pinned: clinic.http.queries.CompiledQuery compiles a queryset once and substitutes its
parameters by value. Each compiled query of the site is compared here with the ORM's own answer,
and each placeholder must reach the SQL as exactly one parameter, so that a Django upgrade that
changes how a queryset's parameters come out fails here instead of answering wrongly."""

from __future__ import annotations

import pytest
from django.db import connection

from handouts import fastpath, render, store

pytestmark = pytest.mark.django_db

COMPILED = {
    "stored handout for a URL path": fastpath.STORED_FOR_URL_PATH,
    "clinic settings' and practitioners' stamps": store.CONTEXT_STAMPS,
    "live locations' versions": store.LIVE_LOCATION_VERSIONS,
}


@pytest.mark.parametrize("name", COMPILED)
def test_each_placeholder_is_one_parameter(name):
    query = COMPILED[name]
    _, params = query.build(*query.placeholders).query.get_compiler(connection.alias).as_sql()
    for placeholder in query.placeholders:
        assert list(params).count(placeholder) == 1, (name, placeholder, params)


def orm_rows(query, *values):
    return [tuple(row) for row in query.build(*values)]


def test_the_site_queries_agree_with_the_orm(site, client, articles_index):
    from articles.models import ArticlePage

    article = ArticlePage.objects.child_of(articles_index).live().first()
    assert client.get(article.url + "handout/").status_code == 200  # stored
    version, _ = store.current_context(site.id)
    variant = render.Variant().in_language("en")
    cases = [
        (store.CONTEXT_STAMPS, (site.id,)),
        (store.CONTEXT_STAMPS, (site.id + 1000,)),
        (store.LIVE_LOCATION_VERSIONS, ()),
        (fastpath.STORED_FOR_URL_PATH, (article.url_path, variant.key, version)),
        (fastpath.STORED_FOR_URL_PATH, (article.url_path, variant.key, "other-version")),
        (fastpath.STORED_FOR_URL_PATH, ("/home/nowhere/", variant.key, version)),
    ]
    found = 0
    for query, values in cases:
        ours, theirs = [tuple(row) for row in query.rows(*values)], orm_rows(query, *values)
        if connection.vendor == "sqlite" and query is store.CONTEXT_STAMPS:
            # Raw rows skip field conversion: SQLite gives the datetime as text.
            ours, theirs = len(ours), len(theirs)
        assert ours == theirs, (query.build.__name__, values)
        found += bool(ours)
    assert found >= 3  # the cases that should find rows did
