"""Table of contents: built from the body's headings, stable slug anchors that match the heading ids."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticlePageFactory, heading, paragraph

pytestmark = pytest.mark.django_db


def test_toc_links_point_at_the_heading_ids(client, articles_index):
    article = ArticlePageFactory(
        parent=articles_index,
        title="Anchors",
        body=[
            heading("What helps"),
            paragraph("<p>Text.</p>"),
            heading("Fluids", "h3"),
            heading("What helps"),  # a duplicate heading still gets a unique anchor
            heading("When to call"),
        ],
    )
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    toc_targets = [a["href"][1:] for a in soup.select("nav.toc a")]
    assert toc_targets == ["what-helps", "fluids", "what-helps-2", "when-to-call"]
    body_ids = [h["id"] for h in soup.select(".article-body h2, .article-body h3")]
    assert body_ids == toc_targets
    # h3 entries nest inside their section
    assert [a.get_text() for a in soup.select("nav.toc > ol > li > ol a")] == ["Fluids"]


def test_anchors_are_stable_across_renders(articles_index):
    article = ArticlePageFactory(
        parent=articles_index, title="Stable", body=[heading("A"), heading("B"), heading("C")]
    )
    first = [anchor for _, anchor in article.heading_anchors()]
    article.refresh_from_db()
    assert [anchor for _, anchor in article.heading_anchors()] == first == ["a", "b", "c"]


def test_no_toc_below_three_headings(client, articles_index):
    article = ArticlePageFactory(
        parent=articles_index,
        title="Short",
        body=[heading("One"), paragraph("<p>x</p>"), heading("Two")],
    )
    assert article.table_of_contents == []
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert soup.select("nav.toc") == []
    assert [h["id"] for h in soup.select(".article-body h2")] == ["one", "two"]
