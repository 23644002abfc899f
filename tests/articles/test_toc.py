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


def test_a_way_back_to_the_contents_after_each_section_on_the_web_only(client, articles_index):
    """Phones (issue 20): after each h2 section, a link back to the contents list."""
    from handouts import render

    article = ArticlePageFactory(
        parent=articles_index,
        title="Long read",
        body=[
            heading("One"),
            paragraph("<p>Text.</p>"),
            heading("Detail", "h3"),
            paragraph("<p>More.</p>"),
            heading("Two"),
            paragraph("<p>Text.</p>"),
            heading("Three"),
            paragraph("<p>Text.</p>"),
        ],
    )
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    backs = soup.select(".article-body .back-to-contents a")
    assert len(backs) == 3  # before "Two", before "Three", and after the last section
    assert all(a["href"] == "#toc-heading" for a in backs)
    assert soup.select_one("nav.toc #toc-heading") is not None
    # Each link closes the section before it: the next element is that section's successor h2.
    following = [p.find_next_sibling() for p in soup.select(".article-body .back-to-contents")]
    assert [h.get_text() if h else None for h in following] == ["Two", "Three", None]
    # Not in the printed handout.
    from wagtail.models import Site

    html = render.render_html(article, render.Variant(), Site.objects.get(is_default_site=True))
    assert "back-to-contents" not in html


def test_headings_land_with_room_under_the_top_edge():
    from pathlib import Path

    css = Path(__file__).resolve().parents[2] / "clinic/static/clinic/css/site.css"
    rule = next(
        line
        for line in css.read_text().splitlines()
        if ".article-body h2" in line and "scroll" in line
    )
    value = rule.split("scroll-margin-top:")[1].split(";")[0].strip()
    assert value.endswith("rem") and float(value[:-3]) >= 2  # was 1rem: 16 px from the top edge
