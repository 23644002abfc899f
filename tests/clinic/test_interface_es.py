"""Interface words that come from Python, in the page's language: callout labels, the feed's title
and description, the tagline fallbacks (meta description, the home page's JSON-LD) and the
locations' meta descriptions."""

import json

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from articles.blocks import CalloutBlock

pytestmark = pytest.mark.django_db

SPANISH_TAGLINE = "Medicina funcional en Waco y Hamilton, Texas"
ENGLISH_TAGLINE = "Functional medicine in Waco and Hamilton, Texas"


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def meta_description(soup):
    return soup.find("meta", attrs={"name": "description"})["content"]


@pytest.mark.parametrize(
    ("kind", "english", "spanish"),
    [
        ("note", "Note", "Nota"),
        ("tip", "Tip", "Consejo"),
        ("warning", "Warning", "Advertencia"),
        ("provider", "Talk to your provider", "Hable con su proveedor de salud"),
    ],
)
def test_a_callout_without_a_title_is_labelled_in_the_active_language(kind, english, spanish):
    block = CalloutBlock()
    value = block.to_python({"kind": kind, "title": "", "text": "<p>Llámenos.</p>"})
    for language, label in (("es", spanish), ("en", english)):
        with translation.override(language):
            aside = BeautifulSoup(block.render(value), "html.parser").find("aside")
        assert aside["aria-label"] == label
        assert aside.find(class_="callout__title").get_text() == label
    with translation.override("es"):  # an editor's own title is kept as written
        titled = block.to_python({"kind": kind, "title": "Be careful", "text": "<p>x</p>"})
        assert "Be careful" in block.render(titled)


def test_the_spanish_article_labels_its_provider_callout_in_spanish(client):
    spanish = soup_of(client.get("/es/articulos/recordar-los-suenos-y-la-vitamina-b6/"))
    english = soup_of(client.get("/articles/dream-recall-and-vitamin-b6/"))
    assert spanish.find("aside", class_="callout--provider")["aria-label"] == (
        "Hable con su proveedor de salud"
    )
    assert english.find("aside", class_="callout--provider")["aria-label"] == (
        "Talk to your provider"
    )
    assert "Talk to your provider" not in spanish.get_text()


def test_the_feed_speaks_its_language(client):
    spanish = BeautifulSoup(client.get("/es/feed/").content, "xml").channel
    english = BeautifulSoup(client.get("/feed/").content, "xml").channel
    assert (
        spanish.find("title", recursive=False).get_text() == "Clark Wellness — artículos de salud"
    )
    assert spanish.find("description", recursive=False).get_text() == (
        f"Artículos de salud en lenguaje sencillo de Clark Wellness, {SPANISH_TAGLINE}."
    )
    assert english.find("title", recursive=False).get_text() == "Clark Wellness — health articles"
    assert english.find("description", recursive=False).get_text() == (
        f"Plain-language health articles from Clark Wellness, {ENGLISH_TAGLINE}."
    )


def test_the_tagline_fallbacks_follow_the_page_language(client):
    # The language-assistance page has no description of its own: the tagline stands in.
    assert meta_description(soup_of(client.get("/es/language-assistance/"))) == SPANISH_TAGLINE
    assert meta_description(soup_of(client.get("/language-assistance/"))) == ENGLISH_TAGLINE

    def clinic_description(url):
        scripts = soup_of(client.get(url)).find_all("script", type="application/ld+json")
        clinic = next(
            data
            for data in (json.loads(s.string) for s in scripts)
            if data.get("@id", "").endswith("#clinic")
        )
        return clinic["description"]

    assert clinic_description("/es/") == SPANISH_TAGLINE
    assert clinic_description("/") == ENGLISH_TAGLINE


def test_location_meta_descriptions_in_spanish(client, clinic_settings):
    from locations.models import LocationIndexPage, LocationPage

    hamilton = LocationPage.objects.get(slug="hamilton", locale__language_code="es")
    text = meta_description(soup_of(client.get(hamilton.url)))
    assert text.endswith("Llame al (254) 386-8149. Cómo llegar y cómo hacer una cita.")
    assert "Call" not in text
    index = LocationIndexPage.objects.get(locale__language_code="es")
    with translation.override("es"):
        index.search_description, index.intro = "", ""
        assert index.get_meta_description(clinic_settings) == (
            "Direcciones, teléfonos y horarios de las clínicas de Clark Wellness."
        )
    with translation.override("en"):
        assert index.get_meta_description(clinic_settings) == (
            "Addresses, phone numbers and opening hours of Clark Wellness's clinics."
        )
