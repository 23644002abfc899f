"""Hostile rich text written straight through the models (not the editor) never reaches a page: the
article's introduction, paragraphs, list items, callouts and disclaimer, the clinic's disclaimer,
the home and index introductions and a clinic's directions. What the editor allows still renders.
(The handout: tests/handouts/test_hostile_richtext.py.)"""

import pytest
from bs4 import BeautifulSoup

from articles.models import ArticleIndexPage, ArticlePage
from locations.models import LocationIndexPage, LocationPage
from tests.clinic.hostile_html import AFTER, BEFORE, HOSTILE, problems
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def page_soup(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def hostile_body():
    return [
        ("paragraph", HOSTILE),
        ("numbered_list", {"items": [{"title": "A point", "text": HOSTILE}]}),
        ("callout", {"kind": "warning", "title": "", "text": HOSTILE}),
    ]


def assert_clean(region, copies):
    assert region is not None
    assert problems(region) == []
    text = region.get_text(" ")
    assert text.count(BEFORE) == copies and text.count(AFTER) == copies


def test_hostile_article_fields_and_blocks_render_sanitised(client, articles_index):
    article = ArticlePageFactory(
        parent=articles_index,
        title="Hostile article",
        introduction=HOSTILE,
        body=hostile_body(),
        disclaimer_override=HOSTILE,
    )
    soup = page_soup(client, article.url)
    # introduction + paragraph + list item + callout
    assert_clean(soup.select_one(".article-body"), copies=4)
    assert_clean(soup.select_one("section.disclaimer"), copies=1)
    assert soup.find("base") is None  # nowhere on the page, head included
    assert all(s.get("type") == "application/ld+json" for s in soup.find_all("script"))
    assert soup.find("h1").get_text() == "Hostile article"


def test_hostile_clinic_disclaimer_renders_sanitised_under_every_article(client, clinic_settings):
    clinic_settings.disclaimer = HOSTILE
    clinic_settings.save()
    soup = page_soup(client, ArticlePage.objects.get(slug="leg-cramps").url)
    assert_clean(soup.select_one("section.disclaimer"), copies=1)


@pytest.mark.parametrize(
    ("where", "field", "selector"),
    [
        ("home", "intro", 'section[aria-labelledby="intro-heading"]'),
        ("articles index", "intro", ".page-intro"),
        ("locations index", "intro", ".page-intro"),
        ("location", "directions", ".location-section .rich-text"),
    ],
)
def test_hostile_page_introductions_and_directions_render_sanitised(
    client, home, where, field, selector
):
    page = {
        "home": lambda: home,
        "articles index": lambda: ArticleIndexPage.objects.get(slug="articles"),
        "locations index": lambda: LocationIndexPage.objects.get(locale__language_code="en"),
        "location": lambda: LocationPage.objects.live().order_by("path").first(),
    }[where]()
    setattr(page, field, HOSTILE)
    page.save()
    soup = page_soup(client, page.url)
    assert_clean(soup.select_one(selector), copies=1)
    assert soup.find("base") is None


def test_what_the_editor_allows_still_renders(client, articles_index):
    target = ArticlePage.objects.get(slug="leg-cramps")
    paragraph = (
        '<p data-block-key="p1">Plain <b>bold</b> and <i>italic</i>, x<sup>2</sup> and H<sub>2</sub>O, '
        f'<a linktype="page" id="{target.pk}">an article</a>, '
        '<a href="https://example.org/guide">a guide</a>, '
        '<a href="mailto:care@example.org">email us</a>, '
        '<a href="tel:+12543868149">call us</a><br/>on a new line.</p>'
    )
    callout = "<p>Try these:</p><ul><li>Stretch</li></ul><ol><li>Drink water</li></ol>"
    article = ArticlePageFactory(
        parent=articles_index,
        title="Formatting article",
        introduction="<p>An <b>intro</b> with <i>style</i>.</p>",
        body=[("paragraph", paragraph), ("callout", {"kind": "tip", "title": "", "text": callout})],
    )
    body = page_soup(client, article.url).select_one(".article-body")
    assert [b.get_text() for b in body.find_all("b")] == ["intro", "bold"]
    assert [i.get_text() for i in body.find_all("i")] == ["style", "italic"]
    assert body.find("sup").get_text() == "2" and body.find("sub").get_text() == "2"
    links = {a.get_text(): a["href"] for a in body.find_all("a")}
    assert links == {
        "an article": target.url,
        "a guide": "https://example.org/guide",
        "email us": "mailto:care@example.org",
        "call us": "tel:+12543868149",
    }
    assert body.find("br") is not None
    assert body.find("p", attrs={"data-block-key": "p1"}) is not None
    box = body.select_one(".callout__body")
    assert [li.get_text() for li in box.select("ul > li")] == ["Stretch"]
    assert [li.get_text() for li in box.select("ol > li")] == ["Drink water"]
