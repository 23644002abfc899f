"""The Spanish site in a browser: a patient switches an article to Spanish and prints the Spanish
handout; staff translate an article in wagtail-localize's editor and publish it; axe-core finds no
WCAG 2.2 AA violation on the Spanish pages, at phone and desktop widths.

The module shares one live server and one copy of the demo content (loading it takes seconds; what
the tests change does not touch what the others look at: printing stores a handout, the staff
test translates an article that no other test here opens). The server is pytest-django's LiveServer, started here rather than through the
`live_server` fixture, which would make every test transactional (the database emptied and the
demo loaded again after each). At the end the database is put back as the demo left it.

`SHOTS_DIR=/some/dir` also saves a full-page screenshot of each page the accessibility test opens
(for a person to look at)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import expect

from tests.handouts.pdfs import ReadPdf

from .conftest import open_page
from .test_handouts import _pdf_from_click, _save_instead_of_view

PHONE = "(254) 386-8149"
STAFF_USER = "lucia-translator"
STAFF_PASSWORD = "a-known-Pa55word-for-tests"

PHONE_VIEWPORT = {"width": 390, "height": 844}
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def shared_site(django_db_setup, django_db_blocker):
    """A live server on the demo site (loaded by tests/conftest.py's django_db_setup, and put back
    after every transactional test), with the Site pointed at it as `make run` does: the language
    switcher and handout links are full URLs on the Site's address."""
    from pytest_django.live_server_helper import LiveServer
    from wagtail.models import Site

    from clinic.site_address import ensure_site_address

    with django_db_blocker.unblock():
        # The database is flushed at the end: make sure it is the test database, never the
        # developer's.
        database = connections["default"].settings_dict
        name = str(database["NAME"])
        if name != str(database["TEST"]["NAME"]) and not name.startswith("test_"):
            pytest.fail("the test database was not set up (a test here must ask for `db`)")
        server = LiveServer("localhost")
        try:
            site = Site.objects.get(is_default_site=True)
            assert ensure_site_address(site, server.url + "/") == "set"
            Site.clear_site_root_paths_cache()
            yield server.url
        finally:
            server.stop()
            # What a transactional test does at its end, and tests/conftest.py after it.
            call_command("flush", interactive=False, verbosity=0)
            call_command("load_demo_content", verbosity=0)
            Site.clear_site_root_paths_cache()
            # As a transactional test does: close this thread's connection. (While Playwright's
            # event loop runs in this thread, Django keeps it apart from the one made before, which
            # pytest-django closes at the end; left open, the test database could not be dropped.)
            connections.close_all()


@pytest.fixture
def db(shared_site):
    """In this module, `db` is the shared database, committed as the live server writes it. It
    overrides pytest-django's `db` (a transaction per test: the live server's thread could neither
    see into it nor, on SQLite, write past it); the name is what makes pytest-django create the
    test database for these tests (it looks for `db` among a test's fixtures)."""


@pytest.fixture
def site_url(db, shared_site):
    return shared_site


@pytest.fixture
def page(browser, site_url):
    """A visitor's page (a new context: no cookies) on the module's live server."""
    with open_page(browser, site_url) as page:
        yield page


def test_the_demo_has_the_spanish_pages_these_tests_visit(db):
    """What the browser tests below rely on."""
    from locations.models import LocationPage

    for slug in ("dream-recall-and-vitamin-b6", "muscle-soreness-after-exercise"):
        assert _spanish(_english_article(slug)).live
    # (waking-between-2-and-4-am too, until the staff test below translates it: it checks that.)
    assert not _english_article("leg-cramps").get_translations().exists()
    home = _english_article("leg-cramps").get_parent().get_parent()
    assert _spanish(home).live
    for slug in ("waco", "hamilton"):
        assert _spanish(LocationPage.objects.get(slug=slug, locale__language_code="en")).live


def _spanish(english_page):
    """The live Spanish translation of an English page."""
    return english_page.get_translation(_locale("es")).specific


def _locale(code):
    from wagtail.models import Locale

    return Locale.objects.get(language_code=code)


def _english_article(slug):
    from articles.models import ArticlePage

    return ArticlePage.objects.get(slug=slug, locale__language_code="en")


def _switch_language(page, to):
    """Follow the header's language switcher (its label is in the page's own language)."""
    header = page.locator("header.site-header")
    header.get_by_role("navigation", name=re.compile("^(Language|Idioma)$")).get_by_role(
        "link", name=to, exact=True
    ).click()


def test_patient_switches_an_article_to_spanish_and_prints_the_spanish_handout(page):
    english = _english_article("dream-recall-and-vitamin-b6")
    spanish = _spanish(english)
    assert spanish.live and spanish.title != english.title

    page.goto(english.url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    _switch_language(page, "Español")

    expect(page).to_have_url(re.compile(rf"/es/articulos/{re.escape(spanish.slug)}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(spanish.title)
    expect(page).to_have_title(re.compile("^" + re.escape(spanish.title)))
    # The boxes whose title staff left blank are named in Spanish too (the kind's name).
    expect(page.locator(".callout--provider .callout__title")).to_have_text(
        "Hable con su proveedor de salud"
    )

    link = page.get_by_role("link", name="Imprimir hoja informativa", exact=True)
    _save_instead_of_view(link)
    filename, data, headers = _pdf_from_click(page, link)
    assert filename == f"{spanish.slug}.pdf"
    assert headers["content-language"] == "es"

    pdf = ReadPdf(data)
    assert pdf.root["/Lang"] == "es"
    assert spanish.title in pdf.pages[0]
    assert "Página 1 de" in pdf.pages[0]
    assert "Page 1 of" not in pdf.text
    assert "Hable con su proveedor" in pdf.text and "Talk to your provider" not in pdf.text
    for number, text in enumerate(pdf.pages, start=1):
        assert PHONE in text, f"page {number} of the Spanish handout lacks the clinic's phone"
        assert f"Página {number} de {len(pdf.pages)}" in text

    # And back: the Spanish page's switcher leads to the English article.
    _switch_language(page, "English")
    expect(page).to_have_url(re.compile(rf"/articles/{english.slug}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_switcher_on_an_untranslated_article_leads_to_the_spanish_home(page):
    english = _english_article("leg-cramps")
    assert not english.get_translations().filter(locale__language_code="es").exists()
    spanish_home = _spanish(english.get_parent().get_parent())

    page.goto(english.url)
    _switch_language(page, "Español")

    expect(page).to_have_url(re.compile(r"/es/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(spanish_home.specific.hero_heading)


def test_staff_translate_an_article_in_the_segment_editor_and_patients_read_it(
    page, browser, site_url, django_user_model
):
    english = _english_article("waking-between-2-and-4-am")
    assert not english.get_translations().exists()
    paragraph = "Yes. Sleep comes in cycles of about 90 minutes."
    assert paragraph in str(english.body)
    title_es = "Despertarse entre las 2 y las 4 de la mañana"
    slug_es = "despertarse-de-madrugada"
    paragraph_es = (
        "Sí. El sueño llega en ciclos de unos 90 minutos. Entre un ciclo y otro muchas veces nos "
        "despertamos un momento, y casi nunca lo recordamos."
    )
    django_user_model.objects.create_superuser(STAFF_USER, "lucia@example.com", STAFF_PASSWORD)

    page.goto("/admin/login/")
    page.get_by_label("Username").fill(STAFF_USER)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # The English article's editor: the header's actions menu has wagtail-localize's action.
    page.goto(f"/admin/pages/{english.pk}/edit/")
    page.get_by_role("navigation", name="Actions").get_by_role(
        "button", name="Actions", exact=True
    ).click()
    page.get_by_role("link", name="Translate this page").click()
    expect(page).to_have_url(re.compile(rf"/admin/localize/submit/page/{english.pk}/$"))
    page.get_by_label("Español").check()
    page.get_by_role("button", name="Submit").click()

    # The segment editor of the new Spanish draft (wagtail-localize's React app).
    expect(page.locator(".messages")).to_contain_text("submitted for translation into Español")
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    spanish_id = int(re.search(r"/admin/pages/(\d+)/edit/", page.url).group(1))
    assert spanish_id != english.pk

    def translate_segment(panel, source_text, translation):
        """Open one segment (found by its English text), type the translation and save it."""
        segment = panel.locator("li.incomplete, li.complete").filter(
            has=page.locator("p", has_text=source_text)
        )
        segment = segment.first
        segment.get_by_role("button", name="Translate").click()
        segment.locator("textarea").fill(translation)
        with page.expect_response(
            lambda r: r.request.method == "PUT" and "/admin/localize/translate/" in r.url
        ) as saved:
            segment.get_by_role("button", name="Save").click()
        assert saved.value.status in (200, 201), saved.value.status
        expect(segment).to_have_class(re.compile(r"\bcomplete\b"))
        expect(segment).to_contain_text(translation)
        expect(segment).to_contain_text("Translated manually")

    content = page.get_by_role("tabpanel", name="Content")
    translate_segment(content, english.title, title_es)
    translate_segment(content, paragraph, paragraph_es)
    page.get_by_role("tab", name="Promote").click()
    translate_segment(page.get_by_role("tabpanel", name="Promote"), english.slug, slug_es)

    # Partly translated: publishing is refused, naming what is missing (issue 18), even for a
    # superuser, and nothing goes live.
    page.get_by_role("button", name="Publish in Español").click()
    expect(page.locator(".messages")).to_contain_text("untranslated segment")
    from wagtail.models import Page

    assert not Page.objects.get(pk=spanish_id).live

    # The rest translated, the superuser publishes (recorded as published without medical
    # review: tests/articles/test_medical_review.py plays the reviewed path).
    _fill_missing_segments(spanish_id)
    page.reload()
    page.get_by_role("button", name="Publish in Español").click()
    expect(page.locator(".messages")).to_contain_text(f"Published '{title_es}' in Español")

    spanish = _spanish(english)
    assert spanish.pk == spanish_id and spanish.live
    assert (spanish.title, spanish.slug) == (title_es, slug_es)

    # A patient (a new browser context: not signed in) reads it on the Spanish site ...
    with open_page(browser, site_url) as patient:
        patient.goto(f"/es/articulos/{slug_es}/")
        expect(patient.locator("html")).to_have_attribute("lang", "es")
        expect(patient.get_by_role("heading", level=1)).to_have_text(title_es)
        expect(patient.locator(".article-body")).to_contain_text(paragraph_es)
        expect(patient.locator(".article-body")).not_to_contain_text(paragraph)

        # ... finds it with the Spanish search ...
        patient.goto("/es/")
        patient.get_by_role("link", name="Buscar", exact=True).first.click()
        expect(patient).to_have_url(re.compile(r"/es/search/"))
        patient.get_by_role("searchbox").first.fill("despertarse")
        patient.get_by_role("button", name="Buscar", exact=True).first.click()
        expect(patient).to_have_url(re.compile(r"/es/search/\?q=despertarse$"))
        patient.get_by_role("link", name=title_es).click()
        expect(patient).to_have_url(re.compile(rf"/es/articulos/{slug_es}/$"))

        # ... and the English article's switcher now leads to the translation, not the home page.
        patient.goto(english.url)
        _switch_language(patient, "Español")
        expect(patient).to_have_url(re.compile(rf"/es/articulos/{slug_es}/$"))


def _fill_missing_segments(page_id):
    """Translate, in code, the segments still untranslated (as the editor would, one by one)."""
    from wagtail.models import Page
    from wagtail_localize.models import StringSegment, Translation

    spanish = Page.objects.get(pk=page_id)
    translation = Translation.objects.get(
        source__object_id=spanish.translation_key, target_locale=spanish.locale
    )
    missing = (
        StringSegment.objects.filter(source=translation.source)
        .annotate_translation(spanish.locale)
        .filter(translation__isnull=True)
        .select_related("string", "context")
    )
    for segment in missing:
        segment.string.translations.update_or_create(
            locale=spanish.locale,
            context=segment.context,
            defaults={"data": f"Texto traducido {segment.order}.", "translation_type": "manual"},
        )


def _spanish_pages():
    from locations.models import LocationPage

    article = _spanish(_english_article("dream-recall-and-vitamin-b6"))
    waco = _spanish(LocationPage.objects.get(slug="waco", locale__language_code="en"))
    return {
        "home": ("/es/", None),
        "article": (article.url, ".toc"),
        "location": (waco.url, ".location-address"),
        "search": ("/es/search/?q=sue%C3%B1os", ".search-result"),
        "language-assistance": ("/es/language-assistance/", ".taglines"),
    }


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("name", ["home", "article", "location", "search", "language-assistance"])
def test_spanish_pages_have_no_wcag_violations(browser, site_url, assert_accessible, name, width):
    path, landmark = _spanish_pages()[name]
    viewport = PHONE_VIEWPORT if width == "phone" else DESKTOP_VIEWPORT
    with open_page(browser, site_url, viewport=viewport) as page:
        response = page.goto(path)
        assert response.status == 200
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if landmark:  # the page has its content, not an empty state
            expect(page.locator(landmark).first).to_be_visible()
        page.evaluate("document.fonts.ready")
        if os.environ.get("SHOTS_DIR"):
            shots = Path(os.environ["SHOTS_DIR"])
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / f"es-{name}-{viewport['width']}.png"), full_page=True)
        assert_accessible(page)
        # WCAG 1.4.10 (reflow), which axe-core does not check: nothing wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
