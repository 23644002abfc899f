"""Blocks' own words (a callout's default heading) follow the article's language, on the page and
in the handout."""

import pytest

from articles.models import ArticlePage
from tests.handouts.pdfs import ReadPdf

pytestmark = pytest.mark.django_db

SPANISH_SLUG = "recordar-los-suenos-y-la-vitamina-b6"  # its "provider" callout has no title


def test_an_untitled_callout_is_headed_in_the_articles_language(client):
    spanish = client.get(ArticlePage.objects.get(slug=SPANISH_SLUG).url).content.decode()
    assert "Hable con su proveedor" in spanish and "Talk to your provider" not in spanish
    english = client.get("/articles/dream-recall-and-vitamin-b6/").content.decode()
    assert "Talk to your provider" in english and "Hable con su proveedor" not in english


def test_an_untitled_callout_is_headed_in_spanish_in_the_spanish_handout(client):
    page = ArticlePage.objects.get(slug=SPANISH_SLUG)
    response = client.get(page.url + "handout/")
    assert response.status_code == 200
    text = ReadPdf(b"".join(response) if response.streaming else response.content).text
    assert "Hable con su proveedor" in text and "Talk to your provider" not in text
