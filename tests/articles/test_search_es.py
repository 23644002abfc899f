"""Spanish search: from a Spanish page, Spanish live public articles, with Spanish stemming on
PostgreSQL (the `spanish` text-search configuration); English search unchanged."""

import pytest
from django.db import connection

from tests.factories import ArticlePageFactory, paragraph, spanish_tree, translate

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming needs PostgreSQL's text search"
)


def result_titles(response):
    assert response.status_code == 200
    return [page.title for page in response.context["results"].object_list]


@pytest.fixture
def spanish_cramps(home, articles_index):
    english = ArticlePageFactory(
        parent=articles_index,
        title="Night cramps",
        slug="night-cramps-test",
        body=[paragraph("<p>A cramp wakes you at night. Stretch and keep drinking water.</p>")],
    )
    spanish_tree(home, articles_index)
    return english, translate(
        english,
        {
            "Night cramps": "Calambres de noche",
            "A cramp wakes you at night. Stretch and keep drinking water.": (
                "Un calambre le despierta de noche. Estire la pierna y siga bebiendo agua."
            ),
        },
    )


@postgres_only
def test_spanish_plural_finds_the_singular_and_only_in_spanish(client, spanish_cramps):
    english, spanish = spanish_cramps
    assert result_titles(client.get("/es/search/", {"q": "calambres"})) == [spanish.title]
    # Forms only Spanish stemming relates (English stemming leaves them apart).
    # (The Spanish demo article on sore muscles, which says "estiramientos", may be found too.)
    for query in ("beber", "estiramientos"):
        titles = result_titles(client.get("/es/search/", {"q": query}))
        assert spanish.title in titles, query
        assert english.title not in titles, query
    # From an English page: English articles only (the Spanish one is not listed).
    assert spanish.title not in result_titles(client.get("/search/", {"q": "calambres"}))


@postgres_only
def test_english_stemming_is_unchanged(client, spanish_cramps):
    english, spanish = spanish_cramps
    titles = result_titles(client.get("/search/", {"q": "cramping"}))
    assert english.title in titles and spanish.title not in titles


def test_spanish_search_lists_spanish_live_articles_only(client, spanish_cramps, articles_index):
    english, spanish = spanish_cramps
    assert result_titles(client.get("/es/search/", {"q": "calambre"})) == [spanish.title]
    assert english.title not in result_titles(client.get("/es/search/", {"q": "cramp"}))
    spanish.unpublish()
    assert result_titles(client.get("/es/search/", {"q": "calambre"})) == []


def test_a_spanish_draft_is_never_found(client, home, articles_index):
    english = ArticlePageFactory(
        parent=articles_index,
        title="Hidden cramps",
        slug="hidden-cramps",
        body=[paragraph("<p>Cramp.</p>")],
    )
    spanish_tree(home, articles_index)
    translate(english, {"Cramp.": "Calambre secreto."}, publish=False)
    assert result_titles(client.get("/es/search/", {"q": "secreto"})) == []
