"""A Spanish article prints as a Spanish handout: frame strings, /Lang (es), Spanish metadata and
disclaimer, the phone on every page; the store keeps it apart from the English handout."""

import pytest
from wagtail.models import Site

from articles.models import ArticlePage
from handouts import render

from .pdfs import ReadPdf

pytestmark = pytest.mark.django_db

SPANISH_SLUG = "dolor-muscular-despues-del-ejercicio"


@pytest.fixture
def spanish_pdf(site):
    page = ArticlePage.objects.get(slug=SPANISH_SLUG)
    return ReadPdf(render.render_pdf(page, render.Variant(), site))


def test_spanish_frame_strings_on_every_page(spanish_pdf):
    pages = spanish_pdf.pages
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Página {number} de {len(pages)}" in text
        assert "(254) 386-8149" in text
    text = spanish_pdf.text
    assert "¿Preguntas? Llame al" in text
    assert "Impreso el" in text and "Léalo otra vez en internet" in text
    lower = text.lower()  # headings may be set in capitals by the print stylesheet
    assert "puntos clave" in lower and "actualizado el" in lower
    assert "Este artículo es educación general sobre la salud" in text  # Spanish disclaimer
    assert "En una emergencia, llame al 911." in text
    for english in ("questions? call", "printed on", "key points", "page 1 of", "in an emergency"):
        assert english not in lower


def test_spanish_language_tag_and_metadata(spanish_pdf):
    assert spanish_pdf.root["/Lang"] == "es"
    assert spanish_pdf.metadata.title == "Dolor muscular después del ejercicio"
    assert spanish_pdf.metadata.subject.startswith("Es normal tener los músculos adoloridos")


def test_the_english_handout_stays_english(site):
    page = ArticlePage.objects.get(slug="muscle-soreness-after-exercise")
    pdf = ReadPdf(render.render_pdf(page, render.Variant(), site))
    assert pdf.root["/Lang"] == "en"
    assert "Questions? Call" in pdf.text and "Página" not in pdf.text


def test_stored_handouts_never_cross_languages(client, settings):
    from handouts.models import StoredHandout

    Site.clear_site_root_paths_cache()
    spanish = client.get(f"/es/articulos/{SPANISH_SLUG}/handout/")
    english = client.get("/articles/muscle-soreness-after-exercise/handout/")
    assert spanish.status_code == english.status_code == 200
    assert ReadPdf(spanish.content).root["/Lang"] == "es"
    assert ReadPdf(english.content).root["/Lang"] == "en"
    rows = StoredHandout.objects.values_list("page__locale__language_code", "variant")
    assert sorted(rows) == [("en", "std"), ("es", "std~es")]


def test_every_handout_prints_the_language_help_line(spanish_pdf):
    assert "Ayuda gratis con el idioma: llame al (254) 386-8149." in spanish_pdf.text
    assert "Free language help: call (254) 386-8149." in spanish_pdf.text
