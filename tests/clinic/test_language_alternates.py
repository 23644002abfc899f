"""The language switcher, hreflang pairs, <html lang>, sitemap alternates, the Spanish feed,
canonical URLs and JSON-LD inLanguage — on the demo's translated and untranslated pages."""

import json
import re

import pytest
from wagtail.models import Page

pytestmark = pytest.mark.django_db

# (English URL, Spanish URL) of pages the demo translates, one of each page type.
PAIRS = [
    ("/", "/es/"),
    ("/articles/", "/es/articulos/"),
    (
        "/articles/muscle-soreness-after-exercise/",
        "/es/articulos/dolor-muscular-despues-del-ejercicio/",
    ),
    ("/locations/", "/es/clinicas/"),
    ("/locations/waco/", "/es/clinicas/waco/"),
]


def hreflangs(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


def switcher_links(html):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]+)" lang="(\w+)"', nav)


@pytest.mark.parametrize(("english", "spanish"), PAIRS)
def test_hreflang_pairs_and_switcher_both_ways(client, english, spanish):
    en_html = client.get(english).content.decode()
    es_html = client.get(spanish).content.decode()
    assert '<html lang="en">' in en_html and '<html lang="es">' in es_html
    full = {"en": "http://localhost" + english, "es": "http://localhost" + spanish}
    expected = {**full, "x-default": full["en"]}
    assert hreflangs(en_html) == expected
    assert hreflangs(es_html) == expected
    assert switcher_links(en_html) == [(full["es"], "es")]
    assert switcher_links(es_html) == [(full["en"], "en")]


def test_an_untranslated_article_links_to_the_spanish_home_and_claims_no_alternate(client):
    html = client.get("/articles/leg-cramps/").content.decode()
    assert hreflangs(html) == {
        "en": "http://localhost/articles/leg-cramps/",
        "x-default": "http://localhost/articles/leg-cramps/",
    }
    assert switcher_links(html) == [("http://localhost/es/", "es")]


def test_a_draft_translation_is_never_linked(client):
    spanish = Page.objects.get(slug="dolor-muscular-despues-del-ejercicio")
    spanish.unpublish()
    html = client.get("/articles/muscle-soreness-after-exercise/").content.decode()
    assert "dolor-muscular" not in html
    assert switcher_links(html) == [("http://localhost/es/", "es")]
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "dolor-muscular" not in sitemap


def test_search_pages_pair_up(client):
    html = client.get("/es/search/").content.decode()
    assert '<html lang="es">' in html
    assert hreflangs(html)["en"] == "http://localhost/search/"
    assert switcher_links(html) == [("http://localhost/search/", "en")]


def test_sitemap_lists_both_languages_with_alternates(client):
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://localhost/es/articulos/dolor-muscular-despues-del-ejercicio/</loc>" in xml
    assert "<loc>http://localhost/articles/leg-cramps/</loc>" in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="es" '
        'href="http://localhost/es/articulos/dolor-muscular-despues-del-ejercicio/"'
    ) in xml
    # An untranslated page has no alternates block.
    block = xml.split("<loc>http://localhost/articles/leg-cramps/</loc>")[1].split("</url>")[0]
    assert "xhtml:link" not in block


def test_spanish_feed_lists_spanish_articles(client):
    spanish = client.get("/es/feed/").content.decode()
    english = client.get("/feed/").content.decode()
    assert "<language>es</language>" in spanish and "<language>en</language>" in english
    assert "Dolor muscular después del ejercicio" in spanish
    assert "Sore muscles after exercise" not in spanish
    assert "Dolor muscular" not in english


def test_canonical_and_json_ld_per_language(client):
    html = client.get("/es/articulos/dolor-muscular-despues-del-ejercicio/").content.decode()
    assert (
        '<link rel="canonical" href="http://localhost/es/articulos/'
        'dolor-muscular-despues-del-ejercicio/">'
    ) in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["inLanguage"] == "es-US"
    english = client.get("/articles/muscle-soreness-after-exercise/").content.decode()
    assert '"inLanguage": "en-US"' in english


def test_language_assistance_notice_is_linked_from_every_page_in_both_languages(client):
    for url in ("/", "/es/", "/articles/leg-cramps/", "/es/clinicas/waco/", "/search/"):
        html = client.get(url).content.decode()
        assert 'href="/language-assistance/"' in html or 'href="/es/language-assistance/"' in html
    for url in ("/language-assistance/", "/es/language-assistance/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Asistencia con el idioma" in html and "Language assistance" in html
        assert "(254) 386-8149" in html and 'lang="vi"' in html and 'dir="rtl"' in html


# HHS's Section 1557 list for Texas: the 15 languages most spoken by people with limited English.
TEXAS_TOP_15 = [
    "es",
    "vi",
    "zh-Hant",
    "ko",
    "ar",
    "ur",
    "tl",
    "fr",
    "hi",
    "fa",
    "de",
    "gu",
    "ru",
    "ja",
    "lo",
]


def test_language_assistance_has_a_tagline_in_each_of_texas_top_15_languages(client):
    import re

    html = client.get("/es/language-assistance/").content.decode()
    taglines = html[html.index('class="taglines"') :]
    taglines = taglines[: taglines.index("</ul>")]
    items = re.findall(r'<li lang="([^"]+)"( dir="rtl")?>(.*?)</li>', taglines, re.S)
    assert [lang for lang, _rtl, _text in items] == TEXAS_TOP_15
    for lang, rtl, text in items:
        assert "(254) 386-8149" in text, lang
        # right-to-left scripts keep the number in its own direction
        assert (lang in {"ar", "ur", "fa"}) == bool(rtl), lang
        if rtl:
            assert "<bdi>(254) 386-8149</bdi>" in text, lang


@pytest.mark.parametrize(
    ("url", "first", "second"),
    [("/language-assistance/", "en", "es"), ("/es/language-assistance/", "es", "en")],
)
def test_language_assistance_speaks_the_pages_language_first(client, url, first, second):
    html = client.get(url).content.decode()
    assert html.index(f'<section lang="{first}"') < html.index(f'<section lang="{second}"')
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert h1.index(f'lang="{first}"') < h1.index(f'lang="{second}"')


def _localized_root_twice(method):
    """Serve one request through PathLocaleMiddleware whose view asks for the Spanish home twice;
    returns (first, second, queries of the second call)."""
    from django.db import connection
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation
    from wagtail.models import Site

    from clinic.i18n.languages import PathLocaleMiddleware, localized_root

    site = Site.objects.get(is_default_site=True)
    seen = {}

    def view(request):
        with translation.override("es"):
            seen["first"] = localized_root(site)
            with CaptureQueriesContext(connection) as queries:
                seen["second"] = localized_root(site)
        seen["queries"] = len(queries)
        return HttpResponse("ok")

    PathLocaleMiddleware(view)(getattr(RequestFactory(), method)("/es/"))
    return seen


def test_localized_root_is_asked_once_per_get_request_and_forgotten_after_it():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation
    from wagtail.models import Site

    from clinic.i18n.languages import _localized_roots, localized_root

    seen = _localized_root_twice("get")
    assert seen["first"].locale.language_code == "es"
    assert seen["second"] is seen["first"] and seen["queries"] == 0
    assert _localized_roots.get() is None  # nothing kept past the request
    # Outside a request every call asks the database: a home page published since is seen.
    site = Site.objects.get(is_default_site=True)
    with translation.override("es"), CaptureQueriesContext(connection) as queries:
        again = localized_root(site)
    assert again == seen["first"] and again is not seen["first"] and len(queries) > 0


def test_localized_root_is_not_remembered_for_a_request_that_may_change_pages():
    seen = _localized_root_twice("post")
    assert seen["second"] is not seen["first"] and seen["queries"] > 0
