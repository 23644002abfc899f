"""What patients and search engines see: the index, the article page, its metadata and JSON-LD."""

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup

from articles.models import ArticlePage
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def card_titles(soup):
    return [a.get_text(strip=True) for a in soup.select(".card-grid .card__link")]


def test_index_lists_live_articles_newest_first_with_details(client, articles_index):
    soup = soup_of(client.get(articles_index.url))
    expected = list(
        ArticlePage.objects.live()
        .filter(locale=articles_index.locale)  # the index lists its own language's articles
        .order_by("-last_updated")
        .values_list("title", flat=True)
    )
    assert len(expected) == 4
    assert card_titles(soup) == expected
    first = soup.select_one(".card-grid .card")
    assert "Updated October 5, 2026" in first.get_text()
    assert "min read" in first.get_text()
    assert "Waking briefly at night is normal" in first.get_text()


def test_index_paginates_twelve_per_page(client, articles_index):
    for n in range(10):
        ArticlePageFactory(
            parent=articles_index,
            title=f"Extra article {n}",
            last_updated=datetime.date(2020, 1, n + 1),
        )
    page1 = soup_of(client.get(articles_index.url))
    page2 = soup_of(client.get(articles_index.url, {"page": 2}))
    assert len(card_titles(page1)) == 12
    assert len(card_titles(page2)) == 2
    assert not set(card_titles(page1)) & set(card_titles(page2))
    nav = page1.find("nav", attrs={"aria-label": "Article pages"})
    assert nav.select_one('[aria-current="page"]').get_text(" ", strip=True) == "Page 1"
    assert nav.find("a", rel="next")["href"] == "?page=2"


def test_topic_filter_shows_only_that_topic_and_marks_the_chip(client, articles_index):
    soup = soup_of(client.get(articles_index.url, {"topic": "exercise"}))
    assert card_titles(soup) == ["Sore muscles after exercise"]
    current = soup.select_one('.chips [aria-current="true"]')
    assert current.get_text() == "Exercise"
    chips = [a.get_text() for a in soup.select(".chips a")]
    assert chips[0] == "All topics" and "Sleep" in chips


def test_topic_filter_keeps_topic_in_pagination_links(client, articles_index):
    for n in range(13):
        ArticlePageFactory(parent=articles_index, title=f"Sleep note {n}", topics=["sleep"])
    soup = soup_of(client.get(articles_index.url, {"topic": "sleep"}))
    assert soup.find("a", rel="next")["href"] == "?topic=sleep&page=2"


def test_article_page_shows_everything_a_patient_needs(client, clinic_settings):
    article = ArticlePage.objects.get(slug="leg-cramps")
    soup = soup_of(client.get(article.url))
    assert soup.find("h1").get_text() == article.title
    meta = soup.select_one(".article-meta").get_text(" ", strip=True)
    assert re.search(
        r"Updated September 14, 2026 · Medically reviewed by Dana Whitfield, FNP-C on September 21, 2026",
        meta,
    )
    summary = soup.find("section", class_="summary-box")
    assert summary.find("h2").get_text() == "Key points"
    assert "Gentle calf stretches" in summary.get_text()
    assert soup.select("nav.toc li")
    # Call to action with the clinic's phone as a tel: link
    cta = soup.find("aside", class_="cta")
    assert cta.find("a", href="tel:+12543868149").get_text(strip=True) == "Call (254) 386-8149"
    # Handout links: standard and large print, to the handout route
    links = [a["href"] for a in soup.select(".handout-links a")]
    assert links == [article.url + "handout/", article.url + "handout/?size=large"]
    # Site default disclaimer
    assert "general health education" in soup.find("section", class_="disclaimer").get_text()
    # Breadcrumbs
    crumbs = [li.get_text(strip=True) for li in soup.select("nav.breadcrumbs li")]
    assert crumbs == ["Home", "Health articles", article.title]


def test_disclaimer_override_replaces_the_default(client, articles_index):
    article = ArticlePageFactory(
        parent=articles_index, title="Own disclaimer", disclaimer_override="<p>Special wording.</p>"
    )
    text = soup_of(client.get(article.url)).find("section", class_="disclaimer").get_text()
    assert "Special wording." in text
    assert "general health education" not in text


def test_related_articles_chosen_else_by_shared_topic(client, articles_index):
    article = ArticlePage.objects.get(slug="muscle-soreness-after-exercise")
    soup = soup_of(client.get(article.url))
    related = [a.get_text(strip=True) for a in soup.select(".related .card__link")]
    assert related == ["Leg cramps at night: why they happen and what helps"]  # shares "muscles"

    from articles.models import ArticleRelatedLink

    ArticleRelatedLink.objects.create(
        article=article, page=ArticlePage.objects.get(slug="dream-recall-and-vitamin-b6")
    )
    article.save_revision().publish()  # as an editor does: the page shows it once published
    soup = soup_of(client.get(article.url))
    assert [a.get_text(strip=True) for a in soup.select(".related .card__link")] == [
        "Dream recall and vitamin B6"
    ]


def test_private_articles_are_never_suggested_as_related(client, articles_index):
    from wagtail.models import PageViewRestriction

    from articles.models import ArticleRelatedLink

    article = ArticlePage.objects.get(slug="muscle-soreness-after-exercise")
    cramps = ArticlePage.objects.get(slug="leg-cramps")
    PageViewRestriction.objects.create(page=cramps, restriction_type="login")
    soup = soup_of(client.get(article.url))
    assert not soup.select(".related .card__link")  # the only topic match is now private
    ArticleRelatedLink.objects.create(
        article=article, page=cramps
    )  # chosen by staff, still private
    soup = soup_of(client.get(article.url))
    assert not soup.select(".related .card__link")


def test_meta_description_canonical_and_open_graph(client, articles_index):
    article = ArticlePage.objects.get(slug="dream-recall-and-vitamin-b6")
    soup = soup_of(client.get(article.url))
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description == " ".join(article.summary.split())
    assert soup.find("link", rel="canonical")["href"] == article.full_url
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:type"] == "article"
    assert og["og:title"] == article.title
    assert og["og:url"] == article.full_url
    assert og["og:description"] == description
    assert soup.find("link", rel="alternate", type="application/rss+xml")["href"] == "/feed/"

    article.search_description = "A promote-tab description."
    article.save_revision().publish()
    soup = soup_of(client.get(article.url))
    assert (
        soup.find("meta", attrs={"name": "description"})["content"] == "A promote-tab description."
    )


def test_json_ld_is_a_medical_web_page_with_all_fields(client):
    article = ArticlePage.objects.get(slug="leg-cramps")
    soup = soup_of(client.get(article.url))
    scripts = soup.find_all("script", type="application/ld+json")
    data = next(
        d for d in (json.loads(s.string) for s in scripts) if d.get("@type") == "MedicalWebPage"
    )
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == article.title
    assert data["datePublished"] == "2026-02-09"
    assert data["dateModified"] == "2026-09-14"
    assert data["lastReviewed"] == "2026-09-21"
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dana Whitfield",
        "honorificSuffix": "FNP-C",
    }
    assert data["author"]["@type"] == "Person"
    assert data["url"] == article.full_url
    assert len(data["citation"]) == article.references.count() == 5
    first = data["citation"][0]
    assert first["name"] == "Nocturnal leg cramps"
    assert first["author"] == "Allen, R. E., & Kirby, K. A."
    assert first["isPartOf"]["name"] == "American Family Physician"
    assert data["citation"][1]["url"] == "https://doi.org/10.1016/S1836-9553(12)70068-8"


def test_json_ld_survives_hostile_text(client, articles_index):
    article = ArticlePageFactory(
        parent=articles_index, title="Hostile </script><script>alert(1)</script>"
    )
    soup = soup_of(client.get(article.url))
    raw = soup.find("script", type="application/ld+json").string
    assert "</script>" not in raw
    assert json.loads(raw)["headline"] == "Hostile </script><script>alert(1)</script>"


def test_cached_body_changes_on_publish_and_previews_bypass_it(
    admin_client, client, articles_index
):
    import json as _json

    from django.urls import reverse

    from tests.factories import simple_body

    article = ArticlePageFactory(
        parent=articles_index, title="Cache check", body=simple_body("pumpernickel")
    )
    assert b"pumpernickel" in client.get(article.url).content  # now cached
    article.body = _json.dumps(simple_body("sourdough"))
    revision = article.save_revision()
    # A draft: the public page still shows the published text (served from the cache) ...
    assert b"pumpernickel" in client.get(article.url).content
    # ... while the editor's preview of the draft bypasses the cache.
    preview = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[article.id]))
    assert b"sourdough" in preview.content and b"pumpernickel" not in preview.content
    revision.publish()
    html = client.get(article.url).content
    assert b"sourdough" in html and b"pumpernickel" not in html


def test_a_replaced_image_file_is_shown_at_once(
    client, articles_index, django_capture_on_commit_callbacks
):
    """The cached body names the image's renditions; when staff upload a new file for the image,
    Wagtail deletes the old renditions, so the cached fragments must go too."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage

    from tests.factories import ImageFactory

    image = ImageFactory()
    body = [
        ("heading", {"text": "A picture", "level": "h2"}),
        ("image", {"image": image, "alt_text": "A chart of an evening routine", "caption": ""}),
    ]
    article = ArticlePageFactory(parent=articles_index, title="Image cache check", body=body)
    other = ArticlePageFactory(
        parent=articles_index, title="No image here", body=[("paragraph", "<p>Plain.</p>")]
    )
    before = soup_of(client.get(article.url)).select_one(".article-body img")["src"]
    client.get(other.url)

    buffer = io.BytesIO()
    PILImage.new("RGB", (900, 500), (200, 40, 40)).save(buffer, format="PNG")
    with django_capture_on_commit_callbacks(execute=True):
        image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="replaced.png")
        image.save()
        image.renditions.all().delete()  # as Wagtail's image form does when the file changes
    after = soup_of(client.get(article.url)).select_one(".article-body img")["src"]
    assert after != before and "replaced" in after

    from articles.signals import forget_cached_fragments

    assert forget_cached_fragments([article.id, other.id]) == 2


def test_listing_urls_are_wagtails(client, home, articles_index):
    """articles.models.index.child_url (the cards' links, built without Wagtail's router) gives
    what Wagtail's own Page.get_url() gives, for English and Spanish cards, a slug with letters
    outside ASCII and a page of the list past the first."""
    from tests.factories import spanish_tree, translate

    for n in range(13):
        ArticlePageFactory(parent=articles_index, slug=f"extra-{n}", title=f"Extra {n}")
    accented = ArticlePageFactory(parent=articles_index, slug="sueño-y-niños", title="Sueño")
    _spanish_home, spanish_index = spanish_tree(home, articles_index)
    translate(accented)
    checked = 0
    for index, query in [(articles_index, {}), (articles_index, {"page": 2}), (spanish_index, {})]:
        soup = soup_of(client.get(index.url, query))
        links = {a.get_text(strip=True): a["href"] for a in soup.select(".card-grid .card__link")}
        assert links
        for page in ArticlePage.objects.child_of(index).live():
            if page.title in links:
                assert links[page.title] == page.get_url(), page.title
                checked += 1
    assert checked >= 14
    assert "sue%C3%B1o-y-ni%C3%B1os" in accented.get_url()


@pytest.mark.parametrize("settings_append_slash", [True, False])
def test_child_url_follows_wagtails_append_slash(settings, articles_index, settings_append_slash):
    from articles.models.index import child_url

    settings.WAGTAIL_APPEND_SLASH = settings_append_slash
    article = ArticlePageFactory(parent=articles_index, slug="a-child")
    assert child_url(articles_index.get_url(), "a-child") == article.get_url()


def test_breadcrumbs_are_the_pages_ancestors(client, home, articles_index):
    """clinic_tags.breadcrumb_ancestors (read through the router's cached parents) lists what
    Wagtail's get_ancestors() lists below the root, on the index and on an article, in English
    and Spanish."""
    from tests.factories import spanish_tree, translate

    article = ArticlePage.objects.child_of(articles_index).live().first()
    _spanish_home, spanish_index = spanish_tree(home, articles_index)
    spanish_article = translate(article)
    for page in (articles_index, article, spanish_index, spanish_article):
        soup = soup_of(client.get(page.url))
        crumbs = [a["href"] for a in soup.select("nav.breadcrumbs li a")]
        expected = [p.url for p in page.get_ancestors() if not p.is_root()]
        assert crumbs[: len(expected)] == expected, page.url
        assert expected  # the home page at least


def test_breadcrumbs_cost_no_query_of_their_own(client, articles_index):
    """The index and an article read their breadcrumbs from the pages the router fetched (no
    get_ancestors query: `"wagtailcore_page"."path" IN (...)`)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = ArticlePage.objects.child_of(articles_index).live().first()
    for url in (articles_index.url, article.url):
        client.get(url)  # warm: the first request of a test may load what later ones reuse
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        ancestors = [q["sql"] for q in queries if '"wagtailcore_page"."path" IN (' in q["sql"]]
        assert ancestors == [], url
