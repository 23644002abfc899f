"""The 500 and 503 pages speak the language of the URL that failed (Spanish under /es/), with the
phone number, whatever language the thread happened to have active, and never fail themselves; the
patients' page for a handout that cannot be printed follows its page's language too."""

import sys

import pytest
from bs4 import BeautifulSoup
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.utils import translation

from clinic import views

PHONE_LINK = 'href="tel:+12543868149"'

SPANISH_500 = "Algo salió mal"
ENGLISH_500 = "Something went wrong"
SPANISH_503 = "Volveremos en un momento"
ENGLISH_503 = "We'll be back in a moment"


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def failing_search(monkeypatch, error):
    from articles import views as article_views

    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(article_views, "public_articles", failing)
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "language", "heading", "absent"),
    [
        ("/es/search/?q=dolor", "es", SPANISH_500, ENGLISH_500),
        ("/search/?q=cramps", "en", ENGLISH_500, SPANISH_500),
    ],
)
def test_a_failing_view_answers_500_in_the_language_of_its_url(
    monkeypatch, url, language, heading, absent
):
    client = failing_search(monkeypatch, ValueError("a bug"))
    response = client.get(url)
    assert response.status_code == 500
    soup = soup_of(response)
    assert soup.html["lang"] == language
    assert soup.h1.get_text() == heading and absent not in response.content.decode()
    assert soup.title.get_text().startswith(heading)
    assert PHONE_LINK in response.content.decode() and "(254) 386-8149" in soup.get_text()
    assert response["Content-Language"] == language
    assert "no-store" in response["Cache-Control"]
    # The request's language did not stay behind in the thread.
    assert translation.get_language() == "en"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "language", "heading"),
    [("/es/search/?q=dolor", "es", SPANISH_503), ("/search/?q=cramps", "en", ENGLISH_503)],
)
def test_a_database_outage_answers_503_in_the_language_of_its_url(
    monkeypatch, url, language, heading
):
    client = failing_search(monkeypatch, OperationalError("connection to server failed"))
    response = client.get(url)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    soup = soup_of(response)
    assert soup.html["lang"] == language and soup.h1.get_text() == heading
    assert PHONE_LINK in response.content.decode()


def call_handler(path, exception, active):
    """handler500 as Django calls it, inside `except`, with `active` left active in the thread
    (an error raised before or after the locale middleware ran)."""
    request = RequestFactory().get(path)
    with translation.override(active):
        try:
            raise exception
        except type(exception):
            assert sys.exc_info()[1] is exception
            response = views.server_error(request)
        assert translation.get_language() == active  # the handler put the language back
    return response


@pytest.mark.parametrize(
    ("path", "active", "language", "text"),
    [
        ("/es/articulos/dolor-muscular-despues-del-ejercicio/", "en", "es", SPANISH_500),
        ("/es", "en", "es", SPANISH_500),
        ("/articles/leg-cramps/", "es", "en", ENGLISH_500),
        ("/", "es", "en", ENGLISH_500),
        ("/fr/anything/", "es", "en", ENGLISH_500),  # not a language of the site: English
        ("/espanol/", "es", "en", ENGLISH_500),
    ],
)
def test_the_handler_reads_the_language_from_the_path_alone(path, active, language, text):
    response = call_handler(path, RuntimeError("boom"), active)
    assert response.status_code == 500
    soup = soup_of(response)
    assert soup.html["lang"] == language and soup.h1.get_text() == text
    assert PHONE_LINK in response.content.decode()


def test_the_503_of_an_outage_found_by_the_handler_is_spanish_under_es():
    response = call_handler("/es/clinicas/waco/", OperationalError(), "en")
    assert response.status_code == 503  # (an OperationalError without a message, too)
    soup = soup_of(response)
    assert soup.html["lang"] == "es" and soup.h1.get_text() == SPANISH_503
    assert "Vuelva a cargar esta página" in soup.get_text()
    assert PHONE_LINK in response.content.decode()
    assert "busy" not in soup.get_text() and ENGLISH_503 not in soup.get_text()


def test_the_error_pages_never_raise_even_when_their_template_cannot_render(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template storage gone")

    monkeypatch.setattr(views.loader, "get_template", broken)
    for exception, status in ((RuntimeError("boom"), 500), (OperationalError("gone"), 503)):
        response = call_handler("/es/clinicas/waco/", exception, "en")
        assert response.status_code == status
        assert PHONE_LINK in response.content.decode()
        assert "Si nos necesita ahora" in response.content.decode()


def test_a_path_the_language_lookup_cannot_read_is_english():
    request = RequestFactory().get("/")
    request.path_info = None  # whatever a broken request carries, the handler answers
    assert views.error_language(request) == "en"
    with translation.override("es"):
        response = views.error_page("500.html", request, 500)
    assert soup_of(response).html["lang"] == "en"


@pytest.mark.django_db
def test_the_handout_unavailable_page_is_spanish_for_a_spanish_article(client):
    """A Spanish article that cannot be printed (refused before any layout: nested too deep)."""
    from articles.models import ArticlePage

    page = ArticlePage.objects.get(
        slug="dolor-muscular-despues-del-ejercicio", locale__language_code="es"
    )
    page.body = [("paragraph", "<p>" + "<b>" * 240 + "hondo" + "</b>" * 240 + "</p>")]
    page.save(clean=False)
    response = client.get(page.url + "handout/")
    assert response.status_code == 503
    soup = soup_of(response)
    text = soup.find("main").get_text(" ", strip=True)
    assert soup.html["lang"] == "es"
    assert soup.h1.get_text() == "Esta hoja informativa no está disponible en este momento"
    assert f"«{page.title}»" in text and "leer el artículo en nuestro sitio web" in text
    assert soup.find("main").find("a", href=page.url) is not None
    assert soup.find("main").find("a", href="tel:+12543868149") is not None
    assert "not available" not in soup.get_text() and "read the article" not in text
    assert soup.title.get_text().startswith("Hoja informativa no disponible:")
