"""Drafts and private articles appear nowhere public: index, search, feed, sitemap, home page."""

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from articles.models import ArticlePage
from tests.factories import ArticlePageFactory, PasswordRestrictionFactory, paragraph

pytestmark = pytest.mark.django_db

WORD = "zephyrine"  # an invented word only these test articles contain


@pytest.fixture
def hidden_and_public(articles_index):
    body = [paragraph(f"<p>This text mentions {WORD} once.</p>")]
    public = ArticlePageFactory(
        parent=articles_index, title="Public zephyr article", body=body, topics=["secretive"]
    )
    draft = ArticlePageFactory(
        parent=articles_index,
        title="Draft zephyr article",
        body=body,
        publish=False,
        topics=["secretive"],
    )
    private = ArticlePageFactory(
        parent=articles_index, title="Private zephyr article", body=body, topics=["secretive"]
    )
    PasswordRestrictionFactory(page=private)
    return public, draft, private


def test_index(client, articles_index, hidden_and_public):
    public, draft, private = hidden_and_public
    for params in ({}, {"topic": "secretive"}):
        html = client.get(articles_index.url, params).content.decode()
        assert public.title in html
        assert draft.title not in html
        assert private.title not in html


def test_search(client, hidden_and_public):
    public, draft, private = hidden_and_public
    soup = BeautifulSoup(client.get("/search/", {"q": WORD}).content, "html.parser")
    assert [a.get_text() for a in soup.select(".search-result__title a")] == [public.title]


def test_feed(client, hidden_and_public):
    public, draft, private = hidden_and_public
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    titles = [item.findtext("title") for item in root.iter("item")]
    assert public.title in titles
    assert draft.title not in titles and private.title not in titles
    assert set(titles) >= {
        "Leg cramps at night: why they happen and what helps",
        "Sore muscles after exercise",
    }
    item = next(i for i in root.iter("item") if i.findtext("title") == public.title)
    assert item.findtext("link") == public.full_url
    assert item.findtext("description") == public.summary


def test_sitemap(client, hidden_and_public):
    public, draft, private = hidden_and_public
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own sitemap
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
        for u in root.findall("s:url", ns)
    }
    assert public.full_url in entries
    assert draft.full_url not in entries and private.full_url not in entries
    cramps = ArticlePage.objects.get(slug="leg-cramps")
    assert entries[cramps.full_url] == "2026-09-14"  # lastmod is the article's "Updated" date


def test_home_page_latest_list(client, home, hidden_and_public):
    public, draft, private = hidden_and_public
    home.latest_articles_count = 20
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert public.title in html
    assert draft.title not in html and private.title not in html


def test_private_article_itself_asks_for_the_password(client, hidden_and_public):
    _, _, private = hidden_and_public
    response = client.get(private.url)
    assert response.status_code == 200
    assert WORD not in response.content.decode()
    assert "password" in response.content.decode().lower()


def test_robots_points_at_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
