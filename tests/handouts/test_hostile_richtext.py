"""Hostile rich text written straight through the models never reaches a printed handout: the PDF is
rendered by WeasyPrint from the same templates as the page and read back. A `<style>` would blank
the whole handout and a `<base href>` would send the logo to another host (WeasyPrint's fetcher refuses it,
and the alt text is printed instead); the text after them and the logo must still be there."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from wagtail.models import Site

from handouts import render
from tests.clinic.hostile_html import AFTER, BEFORE, EVIL, HOSTILE, NEVER_IN_TEXT, SAFE_SCHEMES
from tests.factories import ArticlePageFactory, ImageFactory

from .pdfs import ReadPdf

pytestmark = pytest.mark.django_db

LOGO_ALT_PRINTED = (
    "Clark Wellness logo"  # WeasyPrint prints an image's alt text when it cannot load it
)


def handout(article) -> ReadPdf:
    site = Site.objects.get(is_default_site=True)
    return ReadPdf(render.render_pdf(article, render.Variant(), site))


def link_uris(pdf: ReadPdf) -> list[str]:
    uris = []
    for page in pdf.reader.pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def test_hostile_rich_text_prints_sanitised(articles_index):
    article = ArticlePageFactory(
        parent=articles_index,
        title="Hostile handout",
        introduction=HOSTILE,
        body=[
            ("paragraph", HOSTILE),
            ("numbered_list", {"items": [{"title": "A point", "text": HOSTILE}]}),
            ("callout", {"kind": "warning", "title": "", "text": HOSTILE}),
        ],
        disclaimer_override=HOSTILE,
    )
    pdf = handout(article)
    text = pdf.text
    assert "Hostile handout" in pdf.pages[0] and "KEY POINTS" in pdf.pages[0].upper()
    # introduction, paragraph, list item, callout, disclaimer: every copy of the text is printed
    assert text.count(BEFORE) == 5 and text.count(AFTER) == 5
    assert [t for t in NEVER_IN_TEXT if t in text] == []
    assert LOGO_ALT_PRINTED not in text
    uris = link_uris(pdf)
    assert uris, "the QR code's and the article's links are still links"
    assert [u for u in uris if urlsplit(u).scheme not in SAFE_SCHEMES or EVIL in u] == []


def test_a_style_element_does_not_blank_the_handout(articles_index):
    article = ArticlePageFactory(
        parent=articles_index,
        title="Styled handout",
        body=[
            ("paragraph", f"<p>{BEFORE}</p><style>body {{ display: none }}</style><p>{AFTER}</p>")
        ],
    )
    pdf = handout(article)
    assert "Styled handout" in pdf.pages[0]
    assert BEFORE in pdf.text and AFTER in pdf.text
    assert "display" not in pdf.text


def test_a_base_element_does_not_break_an_uploaded_logo(articles_index, clinic_settings):
    clinic_settings.logo = ImageFactory(title="Clinic logo")
    clinic_settings.save()
    article = ArticlePageFactory(
        parent=articles_index,
        title="Based handout",
        body=[("paragraph", f'<p>{BEFORE}</p><base href="{EVIL}/"><p>{AFTER}</p>')],
    )
    pdf = handout(article)
    heights = [height for _width, height, _filter in pdf.raster_images()]
    assert 140 in heights, "the uploaded logo (a height-140 rendition) is embedded"
    assert BEFORE in pdf.text and AFTER in pdf.text


def test_a_base_element_does_not_break_the_built_in_mark(articles_index):
    article = ArticlePageFactory(
        parent=articles_index,
        title="Marked handout",
        body=[("paragraph", f'<p>{BEFORE}</p><base href="{EVIL}/"><p>{AFTER}</p>')],
    )
    pdf = handout(article)
    assert LOGO_ALT_PRINTED not in pdf.text, (
        "the clinic's mark is drawn, not replaced by its alt text"
    )
    assert BEFORE in pdf.text and AFTER in pdf.text


def test_handouts_stored_before_the_sanitiser_are_stale():
    """The rich-text template is part of the print frame's version (every stored handout's key), so
    a PDF rendered before it sanitised, or with another allow-list template, is rendered again."""
    assert "wagtailcore/shared/richtext.html" in render.FRAME_TEMPLATES
    from django.template.loader import get_template

    origin = get_template("wagtailcore/shared/richtext.html").origin.name
    assert origin.endswith("clinic/templates/wagtailcore/shared/richtext.html")
