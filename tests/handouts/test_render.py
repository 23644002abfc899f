"""Read the handouts back: text on every page, metadata, tags, page size, variants."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils.html import strip_tags
from wagtail.models import Site

from handouts import render
from tests.factories import REFERENCES, SECTIONS, HandoutArticleFactory, ImageFactory, long_body

from .pdfs import ReadPdf, squash

PHONE = "(254) 386-8149"

# The module-scoped fixtures below use the test database; marking the tests makes pytest-django
# create it even when only such tests are selected (e.g. `pytest -k alt`).
pytestmark = pytest.mark.django_db


def _ensure_demo_content():
    """A transactional test that ran earlier in this process (e.g. under xdist) empties the
    database; the demo loader is idempotent, so put the demo site back."""
    if not Site.objects.filter(is_default_site=True).exists():
        call_command("load_demo_content", verbosity=0, skip_index=True)


@pytest.fixture(scope="module")
def own(django_db_setup, django_db_blocker):
    """A five-page test article with every block type, rendered in three variants (then rolled back)."""
    from articles.models import ArticleIndexPage
    from clinic.models import ClinicSettings
    from locations.models import live_locations

    with django_db_blocker.unblock():
        _ensure_demo_content()
    with django_db_blocker.unblock(), transaction.atomic():
        site = Site.objects.get(is_default_site=True)
        index = ArticleIndexPage.objects.get(slug="articles")
        page = HandoutArticleFactory(parent=index, body=long_body(ImageFactory()))
        locations = live_locations()
        assert len(locations) >= 2, "the demo content has two clinics"
        result = {
            "page": page,
            "clinic": ClinicSettings.for_site(site),
            "locations": locations,
            "url": page.get_full_url(),
            "std": ReadPdf(render.render_pdf(page, render.Variant(), site)),
            "large": ReadPdf(render.render_pdf(page, render.Variant(large_print=True), site)),
            "one": ReadPdf(
                render.render_pdf(page, render.Variant(location=locations[1].slug), site)
            ),
        }
        transaction.set_rollback(True)
    return result


def test_first_page_has_brand_title_dates_and_key_points(own):
    first = own["std"].pages[0]
    assert "Clark Wellness" in first
    assert "Sleep well: a practical guide" in first
    assert "Updated March 4, 2025" in first
    assert "Medically reviewed by Jane Tester, FNP-C on February 20, 2025" in first
    assert "Key points".upper() in first.upper()
    assert "Keep a steady bedtime." in first


def test_every_heading_reference_and_the_disclaimer_are_printed(own):
    text = own["std"].text
    for heading, _level in SECTIONS:
        assert heading in text
    assert "Watson, N. F., & Badr, M. S. (2015)" in text
    assert "Irish, L. A., & Kline, C. E. (2015)" in text
    assert REFERENCES[2]["raw"] in text
    assert squash(strip_tags(own["clinic"].disclaimer)) in text
    assert "In an emergency, call 911." in text
    assert f"Questions? Call {PHONE}" in text


def test_phone_and_page_x_of_y_on_every_page_and_a_running_title_from_page_two(own):
    pdf = own["std"]
    total = len(pdf.pages)
    assert total >= 4
    for number, page_text in enumerate(pdf.pages, start=1):
        assert PHONE in page_text, f"page {number} lacks the phone number"
        assert f"Page {number} of {total}" in page_text
        if number > 1:
            # the body never repeats the title: on later pages it comes from the running header
            assert "Sleep well: a practical guide" in page_text, f"page {number}: no running title"


def test_toc_page_numbers_point_at_the_right_pages(own):
    pdf = own["std"]
    match = re.search(r"When to talk to your provider[ .]*?(\d+)\b", pdf.pages[0])
    assert match, pdf.pages[0]
    target = int(match.group(1))
    assert target > 1
    assert "When to talk to your provider" in pdf.pages[target - 1]
    assert "When to talk to your provider" not in pdf.pages[target - 2]


def test_both_locations_qr_url_and_printed_on(own):
    text = own["std"].text
    for location in own["locations"]:
        assert location.street_line in text
        assert location.city_line in text
    short = own["url"].split("://", 1)[1]
    assert short.replace(" ", "") in text.replace(" ", "")
    assert "Printed on" in text
    # the QR code is an image XObject (an SVG drawn as a form) on the last page
    assert "QR code" not in text


def test_location_variant_shows_only_that_address(own):
    text = own["one"].text
    chosen, other = own["locations"][1], own["locations"][0]
    assert chosen.street_line in text
    assert other.street_line not in text


def test_metadata_tags_language_and_letter_size(own):
    pdf = own["std"]
    assert pdf.metadata.title == "Sleep well: a practical guide"
    assert pdf.metadata.author == "Clark Wellness, PLLC"
    assert pdf.metadata.subject.startswith("Sleep seven to nine hours a night.")
    assert "sleep" in pdf.metadata["/Keywords"]
    assert "/StructTreeRoot" in pdf.root
    assert pdf.root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert pdf.root["/Lang"] == "en"
    box = pdf.reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_fonts_are_the_shipped_family_embedded(own):
    fonts = set()
    for page in own["std"].reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert (
                "/FontFile2" in descriptor
                or "/FontFile3" in descriptor
                or "/FontFile" in descriptor
            )
            fonts.add(str(font["/BaseFont"]))
    assert fonts and all("Atkinson" in name for name in fonts), fonts


def test_body_text_sizes_standard_and_large_print(own):
    std, large = own["std"].body_size(), own["large"].body_size()
    assert std >= 12
    assert large >= 16
    assert large > std
    assert len(own["large"].pages) > len(own["std"].pages)
    assert PHONE in own["large"].pages[-1]


def test_a4_setting_changes_the_page_size(articles_index, site, settings):
    settings.HANDOUT_PAGE_SIZE = "a4"
    page = HandoutArticleFactory(
        parent=articles_index, body=long_body(paragraphs_per_section=1), slug="a4-test"
    )
    pdf = ReadPdf(render.render_pdf(page, render.Variant(), site))
    box = pdf.reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_unknown_location_is_an_error(article, site):
    with pytest.raises(render.UnknownLocation):
        render.render_pdf(article, render.Variant(location="atlantis"), site)


# --- The demo articles (written by the articles issue), read back one by one --------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from articles.models import ArticlePage
    from clinic.models import ClinicSettings
    from locations.models import live_locations

    with django_db_blocker.unblock():
        _ensure_demo_content()
        site = Site.objects.get(is_default_site=True)
        # The English demo articles (the Spanish ones: tests/handouts/test_spanish_handout.py).
        pages = list(
            ArticlePage.objects.live().public().filter(locale__language_code="en").order_by("path")
        )
        rendered = [
            (page, ReadPdf(render.render_pdf(page, render.Variant(), site))) for page in pages
        ]
        longest = max(rendered, key=lambda item: len(item[1].pages)) if rendered else None
        large = (
            ReadPdf(render.render_pdf(longest[0], render.Variant(large_print=True), site))
            if longest
            else None
        )
        clinic = ClinicSettings.for_site(site)
        locations = live_locations()
        references = {page.id: list(page.references.all()) for page in pages}
    return {
        "rendered": rendered,
        "longest": longest,
        "large": large,
        "clinic": clinic,
        "locations": locations,
        "references": references,
    }


def _reference_marker(reference) -> str:
    if reference.authors:
        surname = reference.authors.split(",")[0].strip()
        return f"{surname}"
    return squash(reference.raw)[:30]


def test_there_are_at_least_four_demo_articles(demo):
    assert len(demo["rendered"]) >= 4


def test_each_demo_article_reads_back_completely(demo):
    clinic = demo["clinic"]
    for page, pdf in demo["rendered"]:
        where = f"handout of {page.slug!r}"
        text = pdf.text
        assert squash(page.title) in squash(pdf.pages[0]), where
        for block, _anchor in page.heading_anchors():
            assert squash(block.value["text"]) in text, f"{where}: heading {block.value['text']!r}"
        for reference in demo["references"][page.id]:
            assert _reference_marker(reference) in text, f"{where}: reference {reference}"
            if reference.year:
                assert f"({reference.year})" in text, f"{where}: year of {reference}"
        disclaimer = page.disclaimer_override or clinic.disclaimer
        assert squash(strip_tags(disclaimer)) in text, where
        for location in demo["locations"]:
            assert location.street_line in text, where
        total = len(pdf.pages)
        for number, page_text in enumerate(pdf.pages, start=1):
            assert clinic.phone in page_text, f"{where}: page {number} lacks the phone"
            assert f"Page {number} of {total}" in page_text, f"{where}: page {number}"
        assert pdf.metadata.title == page.title, where
        assert pdf.metadata.author == clinic.legal_name, where
        assert "/StructTreeRoot" in pdf.root, where
        assert pdf.root["/MarkInfo"]["/Marked"] == True, where  # noqa: E712
        assert pdf.root["/Lang"] == "en", where
        box = pdf.reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (612, 792), where
        assert pdf.body_size() >= 12, where


def test_longest_demo_article_in_large_print(demo):
    page, std = demo["longest"]
    large = demo["large"]
    assert large.body_size() >= 16
    assert large.body_size() > std.body_size()
    assert len(large.pages) > len(std.pages)
    assert len(std.pages) >= 4, f"{page.slug} should be the long demo article"


def test_images_keep_their_alt_text_and_are_print_sized(own):
    """The body's picture is a tagged Figure that says its alt text, embedded as a print-sized JPEG
    rendition (not the uploaded original); the QR code is described too."""
    pdf = own["std"]
    alts = pdf.figure_alts()
    assert "A chart of an evening routine" in " ".join(alts), alts
    assert "QR code: scan to read this article online" in alts
    images = pdf.raster_images()
    assert images, "the picture is embedded"
    for width, height, image_filter in images:
        assert max(width, height) <= 1400
        assert "DCTDecode" in image_filter  # JPEG, as the print rendition asks
