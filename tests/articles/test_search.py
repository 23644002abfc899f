"""Wagtail search over live public articles (database backend: SQLite here, PostgreSQL full text in CI)."""

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

from tests.factories import ArticlePageFactory, paragraph

pytestmark = pytest.mark.django_db


def results(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_finds_a_demo_article_by_a_word_in_its_body(client):
    # "hypothyroidism" appears only in the body of the leg-cramps article, not in its title or summary.
    soup = results(client, "hypothyroidism")
    assert [a.get_text() for a in soup.select(".search-result__title a")] == [
        "Leg cramps at night: why they happen and what helps"
    ]
    assert "Night-time leg cramps are common" in soup.select_one(".search-result").get_text()


def test_finds_a_new_article_by_body_word(client, articles_index):
    article = ArticlePageFactory(
        parent=articles_index,
        title="Garden work",
        body=[paragraph("<p>Bring a wheelbarrow to the plot.</p>")],
    )
    soup = results(client, "wheelbarrow")
    assert [a["href"] for a in soup.select(".search-result__title a")] == [article.url]


def test_empty_result_is_helpful(client):
    soup = results(client, "qwertyuiopasdf")
    text = soup.get_text(" ", strip=True)
    assert "No articles found for “qwertyuiopasdf”" in text
    assert soup.select_one(".empty-results a[href='tel:+12543868149']")
    assert [a.get_text() for a in soup.select(".chips a")][:2] == ["Exercise", "Muscles"]


def test_no_query_shows_the_form_only(client):
    soup = results(client, "")
    assert soup.find("input", attrs={"name": "q"})
    assert not soup.select(".search-result")


def test_results_paginate_ten_per_page_and_keep_the_query(client, articles_index):
    for n in range(12):
        ArticlePageFactory(
            parent=articles_index,
            title=f"Quince fact {n}",
            body=[paragraph("<p>All about the quince fruit.</p>")],
        )
    page1 = results(client, "quince")
    assert len(page1.select(".search-result")) == 10
    assert page1.find("a", rel="next")["href"] == "?q=quince&page=2"
    page2 = results(client, "quince", page=2)
    assert len(page2.select(".search-result")) == 2


@pytest.mark.django_db
@override_settings(PAGE_CACHE_ENABLED=True)
def test_search_results_are_remembered_until_content_changes_and_never_outlive_a_restriction(
    client, articles_index, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ArticlePageFactory, PasswordRestrictionFactory

    article = ArticlePageFactory(
        parent=articles_index, title="Zebrafish and sleep", slug="zebrafish-sleep"
    )
    assert b"Zebrafish and sleep" in client.get("/search/?q=zebrafish").content
    with CaptureQueriesContext(connection) as first:
        client.get("/search/?q=zebrafish&page=1")
    assert not any("indexentry" in q["sql"] for q in first.captured_queries)  # remembered
    # Even if the cache missed the change, a restricted article is never shown from it.
    PasswordRestrictionFactory(page=article)
    assert b"Zebrafish and sleep" not in client.get("/search/?q=zebrafish").content
    # A publish forgets remembered searches: a new article is found at once.
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(parent=articles_index, title="Zebrafish diets", slug="zebrafish-diets")
    assert b"Zebrafish diets" in client.get("/search/?q=zebrafish").content


@pytest.mark.django_db
def test_a_page_of_results_asks_no_query_per_result(client, articles_index):
    """The results read only what was fetched for them (caches cleared, as after a publish): ten
    results cost as many queries as one."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ArticlePageFactory

    for n in range(11):
        ArticlePageFactory(parent=articles_index, title=f"Quokka habits {n}")
    ArticlePageFactory(parent=articles_index, title="A lone wombat")

    def queries(word):
        client.get(f"/search/?q={word}")
        for cache in caches.all():
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/search/?q={word}")
        return len(captured), response.content.decode().count('class="search-result"')

    many, shown = queries("quokka")
    one, alone = queries("wombat")
    assert (shown, alone) == (10, 1)
    assert many == one
