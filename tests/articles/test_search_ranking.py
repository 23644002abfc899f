"""Search ranking and matching, and, on PostgreSQL, the site's cheaper query shape
(clinic.i18n.search.LocalizedPostgresSearchQueryCompiler) against Wagtail's own: same matches,
same order. Only live, public articles are ever found."""

import re
from unittest import mock

import pytest
from django.db import connection

from tests.factories import ArticlePageFactory, PasswordRestrictionFactory, paragraph

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's full-text search and its query shape"
)


def titles(client, query, path="/search/"):
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return [page.title for page in response.context["results"].object_list]


def article(parent, title, text, **kwargs):
    return ArticlePageFactory(
        parent=parent,
        title=title,
        summary=kwargs.pop("summary", "A short read."),
        body=[paragraph(f"<p>{text}</p>")],
        **kwargs,
    )


@pytest.fixture
def quokka_articles(articles_index):
    """Three articles with the word "quokka": in the title, all through the body, once in
    passing; the last made last, so that a tie (newest first) would put it above the others."""
    about = article(
        articles_index,
        "Island animals",
        "The quokka is small. A quokka sleeps by day; a quokka eats leaves. "
        "Quokka mothers carry their young. Every quokka on the island is protected.",
        summary="All about the quokka.",
    )
    titled = article(articles_index, "Quokka facts", "Small, friendly and protected.")
    passing = article(
        articles_index,
        "Garden chores in spring",
        "Rake the beds, turn the compost and mend the fence. A quokka once visited.",
    )
    return titled, about, passing


def test_a_title_ranks_first_and_an_article_about_the_word_above_one_mentioning_it(
    client, quokka_articles
):
    titled, about, passing = quokka_articles
    found = titles(client, "quokka")
    if connection.vendor == "postgresql":
        assert found == [titled.title, about.title, passing.title]
    else:  # SQLite's bm25 (development) may put the article about the word first
        assert sorted(found[:2]) == sorted([titled.title, about.title])
        assert found[2] == passing.title


def test_a_word_only_in_the_body_is_found_and_every_word_must_be_somewhere(client, articles_index):
    both = article(articles_index, "Wombat burrows", "Dig with a trowel and a wheelbarrow.")
    article(articles_index, "Wombat diets", "Grass and roots.")
    assert titles(client, "wheelbarrow") == [both.title]
    # One word in the title, the other in the body: found; the body lacks one word: not.
    assert titles(client, "wombat wheelbarrow") == [both.title]
    assert titles(client, "wombat trowel wheelbarrow") == [both.title]


def test_drafts_private_and_restricted_articles_are_never_found(client, articles_index, home):
    shown = article(articles_index, "Numbat care", "Numbats eat termites.")
    article(articles_index, "Numbat draft", "Numbats nest in logs.", publish=False)
    private = article(articles_index, "Numbat private", "Numbats are striped.")
    PasswordRestrictionFactory(page=private)
    unpublished = article(articles_index, "Numbat old news", "Numbats are rare.")
    unpublished.unpublish()
    assert titles(client, "numbat") == [shown.title]
    # A restriction on the whole index hides every article under it.
    PasswordRestrictionFactory(page=articles_index)
    assert titles(client, "numbat") == []


@postgres_only
def test_stop_words_are_left_out_and_only_stop_words_find_nothing(client, quokka_articles):
    titled, about, passing = quokka_articles
    assert titles(client, "the quokka") == [titled.title, about.title, passing.title]
    assert titles(client, "the of and") == []


def _wagtail_order(backend, query, queryset, operator):
    """The ids Wagtail's own compiler ranks for `query` (its concatenated-vector shape)."""
    from wagtail.search.backends.database.postgres.postgres import PostgresSearchQueryCompiler

    with mock.patch.object(type(backend), "query_compiler_class", PostgresSearchQueryCompiler):
        return [page.pk for page in backend.search(query, queryset, operator=operator)[:500]]


@postgres_only
@pytest.mark.parametrize(
    ("query", "operator"),
    [
        ("quokka", "and"),
        ("sleep", "and"),
        ("leg cramps", "and"),
        ("the quokka", "and"),
        ("quokka wombat", "or"),
        ("night-time cramps", "and"),
        ("magnesium", "or"),
    ],
)
def test_the_sites_query_shape_finds_and_orders_as_wagtails_own(
    quokka_articles, articles_index, query, operator
):
    from articles.models import ArticlePage
    from clinic.i18n.search import backend_for_language, result_ids

    article(articles_index, "Wombat burrows", "A quokka and a wombat share a burrow.")
    backend = backend_for_language("en")
    searched = ArticlePage.objects.live().public().only("id")
    ours = backend.search(query, searched, operator=operator)[:500]
    expected = _wagtail_order(backend, query, searched, operator)
    assert expected  # the demo articles and the fixtures hold every query
    assert result_ids(ours) == expected
    assert [page.pk for page in ours] == expected  # the model instances, same order


@postgres_only
def test_the_query_never_selects_the_vectors_and_names_its_configuration(quokka_articles):
    from django.test.utils import CaptureQueriesContext

    from articles.models import ArticlePage
    from clinic.i18n.search import backend_for_language, result_ids

    backend = backend_for_language("en")
    with CaptureQueriesContext(connection) as queries:
        result_ids(backend.search("quokka", ArticlePage.objects.live().only("id"))[:500])
    (sql,) = [q["sql"] for q in queries.captured_queries if "indexentry" in q["sql"]]
    select = sql.split(" FROM ")[0]
    assert "indexentry" not in select  # neither the vectors nor their concatenation
    assert '"title" || ' not in sql  # matched per vector
    # to_tsquery(config, text), immutable: a constant once planned, not parsed again per entry.
    calls = re.findall(r"to_tsquery\(([^()]*)\)", sql)
    assert calls and all(call.split(", ")[0].endswith("::regconfig") for call in calls)


def test_topic_chips_are_read_only_when_nothing_is_found(client, quokka_articles):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "quokka"})
    assert len(response.context["results"].object_list) == 3
    assert b"search-topics-heading" not in response.content
    assert not [q for q in queries.captured_queries if "taggit_tag" in q["sql"]]
    # Nothing found: the chips, as before.
    response = client.get("/search/", {"q": "qwertyuiopasdf"})
    assert b"search-topics-heading" in response.content and response.context["topics"]


def test_the_results_page_leaves_the_bodies_in_the_database(client, quokka_articles):
    """A result shows title, date, reading time and summary: no query of the page reads a body."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "quokka"})
    found = {page.title for page in response.context["results"].object_list}
    assert found == {"Quokka facts", "Island animals", "Garden chores in spring"}
    assert b"All about the quokka." in response.content
    read_bodies = [
        q["sql"] for q in queries.captured_queries if '"articles_articlepage"."body"' in q["sql"]
    ]
    assert read_bodies == []
