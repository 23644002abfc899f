"""A Spanish visit packet prints every article in Spanish: chosen English articles (and a care
collection's English articles) become their live Spanish translations; an article with none is
refused with its name, nothing printed or counted. The builder's search marks the articles that
have Spanish. A real Spanish packet read back: Spanish cover, Spanish titles, /Lang es."""

from __future__ import annotations

import io
import re

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client

from articles.models import ArticlePage
from handouts.models import CareCollection, CareCollectionArticle, PrintCount, StoredHandout

from .pdfs import ReadPdf

pytestmark = pytest.mark.django_db

URL = "/admin/packets/"
SEARCH = "/admin/packets/search/"
TRANSLATED = ["muscle-soreness-after-exercise", "dream-recall-and-vitamin-b6"]
UNTRANSLATED = ["leg-cramps", "waking-between-2-and-4-am"]


def english(slug):
    return ArticlePage.objects.get(slug=slug, locale__language_code="en")


def spanish_of(page):
    return ArticlePage.objects.get(translation_key=page.translation_key, locale__language_code="es")


def post(client, pages, **fields):
    data = {"language": "es", "location": "", **fields}
    data["articles"] = [str(page.id) for page in pages]
    return client.post(URL, data)


def test_search_marks_the_articles_with_spanish(admin_client):
    from django.core.management import call_command

    call_command("update_index", verbosity=0)

    def results(language):
        response = admin_client.get(SEARCH, {"q": "", "language": language})
        soup = BeautifulSoup(response.content, "html.parser")
        return {
            int(item.select_one("[data-add-result]")["data-id"]): (
                item.select_one("[data-add-result]")["data-languages"],
                item.select_one(".desk-result__spanish").get_text(strip=True),
            )
            for item in soup.select(".desk-result")
        }

    english_results, spanish_results = results("en"), results("es")
    for slug in TRANSLATED:
        page = english(slug)
        assert english_results[page.id] == ("en es", "Spanish version: yes")
        assert spanish_results[spanish_of(page).id] == ("en es", "Spanish version: yes")
        assert page.id not in spanish_results  # a Spanish packet searches Spanish articles
    for slug in UNTRANSLATED:
        assert english_results[english(slug).id] == ("en", "Spanish version: no")
    choices = dict(admin_client.get(URL).context["form"].fields["language"].choices)
    assert choices == {"en": "English", "es": "Spanish"}


def test_english_choices_print_as_their_spanish_translations(admin_client, fake_render):
    pages = [english(slug) for slug in TRANSLATED]
    response = post(admin_client, pages, note="Estire las piernas.")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    (html,) = fake_render.calls
    assert '<html lang="es"' in html
    spanish = [spanish_of(page) for page in pages]
    assert html.index(spanish[0].title) < html.index(spanish[1].title)
    for page in pages:
        assert page.title not in html
    assert sorted(PrintCount.objects.values_list("article_id", "language")) == sorted(
        (page.id, "es") for page in spanish
    )


def test_an_article_without_spanish_is_refused_by_name(admin_client, fake_render):
    pages = [english(TRANSLATED[0]), *(english(slug) for slug in UNTRANSLATED)]
    response = post(admin_client, pages)
    assert response.status_code == 400
    html = response.content.decode()
    errors = BeautifulSoup(html, "html.parser").select_one("[data-packet-errors]").get_text(" ")
    for slug in UNTRANSLATED:
        assert f"“{english(slug).title}”" in errors
    assert f"“{english(TRANSLATED[0]).title}”" not in errors
    assert "Not published in Spanish" in errors and "print the packet in English" in errors
    # The choice stays as staff made it, to remove those or switch to English.
    assert [page.id for page in response.context["selected"]] == [page.id for page in pages]
    assert fake_render.count == 0 and not PrintCount.objects.exists()
    # The same articles in English print.
    assert post(admin_client, pages, language="en").status_code == 200


def test_an_english_packet_prints_a_chosen_spanish_article_in_english(admin_client, fake_render):
    page = english(TRANSLATED[0])
    response = post(admin_client, [spanish_of(page)], language="en", patient_name="Ana")
    assert response.status_code == 200
    assert page.title in fake_render.calls[0] and '<html lang="en"' in fake_render.calls[0]
    assert list(PrintCount.objects.values_list("article_id", "language")) == [(page.id, "en")]


@pytest.fixture
def translated_collection():
    collection = CareCollection.objects.create(
        name="Sueño y músculos", default_note="Camine 20 minutos al día."
    )
    for order, slug in enumerate(TRANSLATED):
        CareCollectionArticle.objects.create(
            collection=collection, article=english(slug), sort_order=order
        )
    return collection


def test_a_care_collection_prints_its_spanish_translations(
    admin_client, translated_collection, fake_render
):
    collection = translated_collection
    start = admin_client.get(f"{URL}?collection={collection.pk}")
    ids = [int(i) for i in collection.article_ids()]
    assert [page.id for page in start.context["selected"]] == ids
    data = {
        "collection": str(collection.pk),
        "note": collection.default_note,
        "articles": [str(i) for i in ids],
    }
    assert admin_client.post(URL, {**data, "language": "es"}).status_code == 200
    assert admin_client.post(URL, {**data, "language": "es"}).status_code == 200
    assert admin_client.post(URL, {**data, "language": "en"}).status_code == 200
    assert fake_render.count == 2  # stored once per language, never the other language's
    spanish_html, english_html = fake_render.calls
    assert '<html lang="es"' in spanish_html and '<html lang="en"' in english_html
    for page_id in ids:
        page = ArticlePage.objects.get(id=page_id)
        assert spanish_of(page).title in spanish_html and page.title not in spanish_html
        assert page.title in english_html
    assert StoredHandout.objects.filter(key__startswith="packet:").count() == 2


def test_a_demo_collection_with_an_untranslated_article_is_refused_in_spanish(
    admin_client, fake_render, tmp_path
):
    collection = CareCollection.objects.get(name="Trouble sleeping")
    data = {
        "collection": str(collection.pk),
        "articles": [str(i) for i in collection.article_ids()],
        "language": "es",
    }
    response = admin_client.post(URL, data)
    assert response.status_code == 400
    assert english("waking-between-2-and-4-am").title in response.content.decode()
    with pytest.raises(CommandError, match="Not published in Spanish: “Waking up"):
        call_command(
            "handout",
            "--collection",
            collection.name,
            "--language",
            "es",
            "-o",
            str(tmp_path / "x.pdf"),
            stdout=io.StringIO(),
        )
    assert fake_render.count == 0 and not (tmp_path / "x.pdf").exists()


def test_the_command_prints_a_collection_in_spanish(translated_collection, fake_render, tmp_path):
    call_command(
        "handout",
        "--collection",
        translated_collection.name,
        "--language",
        "es",
        "-o",
        str(tmp_path / "paquete.pdf"),
        stdout=io.StringIO(),
    )
    (html,) = fake_render.calls
    for slug in TRANSLATED:
        assert spanish_of(english(slug)).title in html and english(slug).title not in html


@pytest.fixture(scope="module")
def spanish_packet(django_db_setup, django_db_blocker):
    """A real Spanish packet (WeasyPrint) of two English choices, with a name and a note."""
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock(), transaction.atomic():
        user = get_user_model().objects.create_superuser("es-packet", "es@example.com", "pw")
        client = Client()
        client.force_login(user)
        pages = [english(slug) for slug in TRANSLATED]
        response = post(client, pages, patient_name="Ana", note="Camine 20 minutos al día.")
        assert response.status_code == 200, response.content[:2000]
        result = {
            "pdf": ReadPdf(response.content),
            "titles": [spanish_of(page).title for page in pages],
            "english_titles": [page.title for page in pages],
        }
        transaction.set_rollback(True)
    return result


def test_a_real_spanish_packet_reads_back_in_spanish(spanish_packet):
    pdf = spanish_packet["pdf"]
    assert pdf.root["/Lang"] == "es"
    cover = pdf.pages[0]
    upper = cover.upper()  # the print stylesheet sets some headings in capitals
    for words in ("Su visita", "Preparado para Ana", "En este paquete", "Sus notas y preguntas"):
        assert words.upper() in upper, words
    assert "Indicaciones de su proveedor de salud".upper() in upper
    assert "¿Preguntas sobre su atención? Llame al" in cover
    positions = [cover.index(title) for title in spanish_packet["titles"]]
    assert positions == sorted(positions)
    # the contents list's page numbers ("página 2"), a counter the stylesheet writes
    assert re.findall(r"(\w+) \d+", cover[positions[0] :]).count("página") == len(positions)
    assert not re.search(r"\bpage \d", cover)
    for number, text in enumerate(pdf.pages, start=1):
        assert f"Página {number} de {len(pdf.pages)}" in text
    for title in spanish_packet["english_titles"]:
        assert title not in pdf.text
    for english_words in ("Prepared for", "In this packet", "Page 1 of", "Your visit"):
        assert english_words.upper() not in pdf.text.upper()
    assert pdf.metadata.title == "Su visita: " + "; ".join(spanish_packet["titles"])
