"""The Spanish demo content: written translations of the home page, both indexes, both
locations and two of the four articles, published through wagtail-localize; loaded once."""

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page

from articles.models import ArticlePage
from handouts.management.commands.load_demo_content import spanish_pages

pytestmark = pytest.mark.django_db


def test_every_segment_of_the_translated_pages_has_its_spanish(home):
    from wagtail_localize.models import StringSegment, TranslationSource

    for slugs, strings in spanish_pages():
        page = home
        for slug in slugs:
            page = page.get_children().get(slug=slug)
        source = TranslationSource.objects.get_for_instance(page.specific)
        texts = StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
        missing = [text for text in texts if text not in strings]
        assert missing == [], (slugs, missing)


def test_spanish_pages_are_live_and_two_articles_stay_english_only():
    es = Locale.objects.get(language_code="es")
    spanish = ArticlePage.objects.filter(locale=es)
    assert sorted(page.slug for page in spanish.live()) == [
        "dolor-muscular-despues-del-ejercicio",
        "recordar-los-suenos-y-la-vitamina-b6",
    ]
    english = ArticlePage.objects.filter(locale__language_code="en")
    untranslated = [page.slug for page in english if not page.has_translation(es)]
    assert sorted(untranslated) == ["leg-cramps", "waking-between-2-and-4-am"]
    assert Page.objects.filter(locale=es, live=True).count() == 7


def test_spanish_pages_serve_at_es_urls(client):
    home = client.get("/es/")
    assert home.status_code == 200
    assert "Atención que busca la causa" in home.content.decode()
    article = client.get("/es/articulos/dolor-muscular-despues-del-ejercicio/")
    assert article.status_code == 200
    assert "Por qué duelen los músculos" in article.content.decode()
    assert client.get("/es/clinicas/waco/").status_code == 200
    assert client.get("/es/articulos/leg-cramps/").status_code == 404


def test_spanish_articles_read_at_the_inflesz_target():
    for page in ArticlePage.objects.filter(locale__language_code="es"):
        assert page.reading_grade is None
        assert page.reading_ease_es is not None and page.reading_ease_es >= 55, (
            page.slug,
            page.reading_ease_es,
        )


def test_loading_again_changes_nothing_spanish():
    from wagtail.models import Revision

    before = (Page.objects.count(), Revision.objects.count())
    call_command("load_demo_content", "--skip-index", verbosity=0)
    assert (Page.objects.count(), Revision.objects.count()) == before


@pytest.mark.parametrize(
    ("url", "spanish", "english"),
    [
        ("/es/clinicas/waco/", "Dirección y teléfono", "Address and phone"),
        ("/es/clinicas/", "Cómo llegar a", "Directions to"),
        ("/es/articulos/", "Todos los temas", "All topics"),
        ("/es/search/?q=zzzzqx", "Pruebe estas ideas", "Try these ideas"),
        ("/es/no-such-page/", "No encontramos esa página", "We can't find that page"),
    ],
)
def test_spanish_pages_speak_spanish(client, url, spanish, english):
    """The location, library, search and 404 pages' own words follow the page's language."""
    html = client.get(url).content.decode()
    assert spanish in html and english not in html
