"""After bulk work the planner's statistics are refreshed (clinic.http.bulk.refresh_statistics), so
that lists are not planned as if the tables were still small: the importer's deferred block and
the demo generator both ask for it, once, after their commit."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection
from wagtail.models import Page

from articles.models import ArticlePage
from clinic.http import bulk

pytestmark = pytest.mark.django_db


def test_a_deferred_block_refreshes_the_tables_it_wrote(
    articles_index, django_capture_on_commit_callbacks
):
    page = ArticlePage.objects.child_of(articles_index).first()
    with (
        mock.patch.object(bulk, "refresh_statistics") as refresh,
        django_capture_on_commit_callbacks(execute=True),
    ):
        with bulk.deferred_page_work():
            page.save_revision().publish()
        assert refresh.call_count == 0  # not before the commit
    assert refresh.call_count == 1
    (models,) = refresh.call_args.args
    assert ArticlePage in models


def test_the_demo_generator_refreshes_them(articles_index, django_capture_on_commit_callbacks):
    from articles.demo.generate import generate, index_generated

    with (
        mock.patch("clinic.http.bulk.refresh_statistics") as refresh,
        django_capture_on_commit_callbacks(execute=True),
    ):
        made = generate(articles_index, 3)
        index_generated(made)
    assert len(made) == 3
    # The indexes when they are written; the page tables at the commit.
    assert [call.args for call in refresh.call_args_list][0] == ()
    assert ArticlePage in refresh.call_args_list[1].args[0]
    assert refresh.call_count == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE is PostgreSQL's")
def test_postgresql_learns_how_many_pages_there_are(articles_index):
    from wagtail.search.models import IndexEntry

    from articles.demo.generate import generate, index_generated

    def planner_rows(table):
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return cursor.fetchone()[0]

    with mock.patch.object(bulk, "refresh_statistics"):  # written, not yet analyzed
        index_generated(generate(articles_index, 40))
    assert planner_rows("wagtailcore_page") != Page.objects.count()
    bulk.refresh_statistics([ArticlePage])
    assert planner_rows("wagtailcore_page") == Page.objects.count()
    assert planner_rows("wagtailsearch_indexentry") == IndexEntry.objects.count()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_new_rows_are_also_marked_all_visible(articles_index):
    """After the commit (where the importer and the generator call it) the refresh VACUUMs as
    well: the lists' first visits after a bulk load read no heap pages for visibility."""
    from articles.demo.generate import generate, index_generated

    def pages_not_all_visible(table):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relpages - relallvisible FROM pg_class WHERE relname = %s", [table]
            )
            return cursor.fetchone()[0]

    with mock.patch.object(bulk, "refresh_statistics"):
        index_generated(generate(articles_index, 40))
    assert not connection.in_atomic_block
    with connection.cursor() as cursor:  # the planner's view of the new rows, before the refresh
        cursor.execute("ANALYZE wagtailcore_page")
    assert pages_not_all_visible("wagtailcore_page") > 0
    bulk.refresh_statistics([ArticlePage])
    assert pages_not_all_visible("wagtailcore_page") == 0
    assert pages_not_all_visible("articles_articlepage") == 0
