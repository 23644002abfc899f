"""No wasted paper (issue 20): a draft prints on the same pages as the same content published, the
closing block (disclaimer, contacts, QR code, language line) shares the last page with the body's
end, a short article is not spread over three sheets, headings stay with what follows them, and the
demo articles print in large print on the fewest pages tests/benchmarks/paper.py says their content
could fill. Page counts and text positions are read back from the PDFs (pypdf, pdftotext)."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Site

from handouts import render
from tests.factories import PARAGRAPH, HandoutArticleFactory, long_body

from .pdfs import ReadPdf

pytestmark = pytest.mark.django_db

# About 190 words: the article of the trial that took 3 sheets (4 in large print).
SHORT_BODY = [
    ("heading", {"text": "What helps", "level": "h2"}),
    ("paragraph", PARAGRAPH),
    ("heading", {"text": "When to call us", "level": "h2"}),
    ("paragraph", "<p>Call us if you snore loudly or feel sleepy all day.</p>"),
]
VARIANTS = {"standard": render.Variant(), "large": render.Variant(large_print=True)}


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker):
    """For three lengths of article: each variant printed from the unpublished draft (the latest
    revision, marked as a draft: no QR code), then from the same content once published."""
    from articles.models import ArticleIndexPage

    with django_db_blocker.unblock():
        if not Site.objects.filter(is_default_site=True).exists():
            call_command("load_demo_content", verbosity=0, skip_index=True)
    results = {}
    with django_db_blocker.unblock(), transaction.atomic():
        site = Site.objects.get(is_default_site=True)
        index = ArticleIndexPage.objects.get(slug="articles", locale__language_code="en")
        bodies = {
            "short": SHORT_BODY,
            "medium": long_body(paragraphs_per_section=1),
            "long": long_body(paragraphs_per_section=3),
        }
        for name, body in bodies.items():
            page = HandoutArticleFactory(
                parent=index, slug=f"paper-{name}", body=body, publish=False
            )
            draft = page.get_latest_revision_as_object()
            for label, variant in VARIANTS.items():
                pdf = render.render_pdf(draft, variant, site, is_draft=True)
                results[name, label, "draft"] = ReadPdf(pdf)
            page.get_latest_revision().publish()
            page.refresh_from_db()
            for label, variant in VARIANTS.items():
                results[name, label, "live"] = ReadPdf(render.render_pdf(page, variant, site))
        transaction.set_rollback(True)
    return results


CASES = [(name, label) for name in ("short", "medium", "long") for label in VARIANTS]


@pytest.mark.parametrize(("name", "variant"), CASES)
def test_a_draft_prints_on_as_many_pages_as_the_same_content_published(printed, name, variant):
    draft, live = printed[name, variant, "draft"], printed[name, variant, "live"]
    assert "Draft — not yet published on the website" in draft.text
    assert "Draft — not yet published" not in live.text
    assert len(draft.reader.pages) == len(live.reader.pages)


@pytest.mark.parametrize(("name", "variant"), CASES)
def test_the_closing_block_shares_the_last_page_with_the_article(printed, name, variant):
    pdf = printed[name, variant, "live"]
    last = pdf.pages[-1]
    assert "Questions? Call" in last and "Free language help" in last
    # Something of the article itself is on that page too: the end of its references (every
    # article here cites Okafor last) or, for the short one without them, its last paragraph.
    assert "Okafor" in last or "feel sleepy all day" in last


@pytest.mark.parametrize(("variant", "most"), [("standard", 2), ("large", 3)])
def test_a_short_article_takes_no_more_sheets_than_it_needs(printed, variant, most):
    # The trial's 190-word article took 3 sheets (4 in large print), the closing block alone on one.
    assert len(printed["short", variant, "live"].reader.pages) <= most


# --- Where the text lands on each page (pdftotext: reading order by position) --------------------


def pdftotext_pages(pdf: bytes) -> list[list[str]]:
    """Each page's non-empty lines, top to bottom."""
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return [
        [line.strip() for line in page.splitlines() if line.strip()]
        for page in text.rstrip("\f").split("\f")
    ]


def body_lines(lines: list[str], title: str) -> list[str]:
    """A page's lines without its margin boxes (running title, footer line, "Page 2 of 5")."""
    return [
        line
        for line in lines
        if line != title
        and not re.fullmatch(r"Page \d+ of \d+", line)
        and not line.startswith("Clark Wellness · ")
    ]


def words(pdf: bytes, page: int) -> list[tuple[str, float, float, float]]:
    """(word, x, y, height) of every word on one page (pdftotext -bbox), in points."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', out
    )
    return [(w, float(x), float(y0), float(y1) - float(y0)) for x, y0, y1, w in found]


def headings_of(page) -> set[str]:
    body = {block.value["text"] for block in page.body if block.block_type == "heading"}
    return body | {"KEY POINTS", "In this article", "References"}


# The demo articles in large print, against their minimum as tests/benchmarks/paper.py computes it
# (the laid-out content's height over the usable page height, rounded up). Before the page margins,
# the sliced callouts and the large-print QR code beside the addresses they took 13 and 5 pages.
LARGE_PRINT_MINIMUM = {"leg-cramps": 12, "muscle-soreness-after-exercise": 4}


@pytest.fixture(scope="module")
def demo_printed(django_db_setup, django_db_blocker):
    """Two demo articles printed standard and large, as PDF bytes with their pages."""
    from articles.models import ArticlePage

    with django_db_blocker.unblock():
        if not ArticlePage.objects.live().filter(slug__in=LARGE_PRINT_MINIMUM).exists():
            call_command("load_demo_content", verbosity=0, skip_index=True)
        site = Site.objects.get(is_default_site=True)
        results = {}
        for slug in LARGE_PRINT_MINIMUM:
            page = ArticlePage.objects.live().get(slug=slug, locale__language_code="en")
            for label, variant in VARIANTS.items():
                results[slug, label] = (page, render.render_pdf(page, variant, site))
    return results


@pytest.mark.parametrize("slug", sorted(LARGE_PRINT_MINIMUM))
def test_demo_articles_print_on_their_fewest_pages_in_large_print(demo_printed, slug):
    _page, pdf = demo_printed[slug, "large"]
    assert len(ReadPdf(pdf).reader.pages) == LARGE_PRINT_MINIMUM[slug]


@pytest.mark.parametrize("slug", sorted(LARGE_PRINT_MINIMUM))
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_heading_is_never_the_last_line_on_a_page(demo_printed, slug, variant):
    page, pdf = demo_printed[slug, variant]
    pages = pdftotext_pages(pdf)
    headings = headings_of(page)
    assert len(pages) > 2
    for number, lines in enumerate(pages[:-1], start=1):
        body = body_lines(lines, page.title)
        assert body, f"page {number} is empty"
        assert body[-1] not in headings, f"page {number} ends with the heading {body[-1]!r}"


@pytest.mark.parametrize(("name", "variant"), CASES)
def test_no_heading_ends_a_page_of_the_test_articles(printed, name, variant):
    headings = {value["text"] for kind, value in long_body() + SHORT_BODY if kind == "heading"}
    headings |= {"KEY POINTS", "In this article", "References"}
    pdf = printed[name, variant, "live"]
    for number, lines in enumerate(pdftotext_pages(pdf.data)[:-1], start=1):
        body = body_lines(lines, "")
        assert body, f"page {number} is empty"
        assert body[-1] not in headings, f"page {number} ends with the heading {body[-1]!r}"


@pytest.mark.parametrize("slug", sorted(LARGE_PRINT_MINIMUM))
def test_the_closing_block_follows_the_articles_end_on_the_last_page(demo_printed, slug):
    page, pdf = demo_printed[slug, "large"]
    last = body_lines(pdftotext_pages(pdf)[-1], page.title)
    start = next(n for n, line in enumerate(last) if line.startswith("This article is general"))
    assert start > 0, "the closing block is alone on the last page"


def test_large_print_sets_the_qr_code_beside_the_addresses(demo_printed):
    """The online address runs under the addresses, left-aligned with them (the QR code floats at
    the card's top right) instead of a box of its own below them, right-aligned beside the code."""
    _page, pdf = demo_printed["leg-cramps", "large"]
    last = words(pdf, len(ReadPdf(pdf).reader.pages))
    waco = next(w for w in last if w[0] == "Waco")
    read = next(w for w in last if w[0] == "Read")
    assert abs(read[1] - waco[1]) < 2  # left-aligned with the first location
    assert read[2] > waco[2]  # below it


def test_large_print_margin_boxes_are_12_pt(demo_printed):
    """Set by handout.html for large print (no named page: see handout.css): the running title and
    "Page 2 of N" at 12 pt against 9.5 pt in the standard print."""
    heights = {}
    for variant in VARIANTS:
        _page, pdf = demo_printed["leg-cramps", variant]
        second = words(pdf, 2)
        heights[variant] = (
            next(h for w, _x, _y, h in second if w == "Page"),
            min(second, key=lambda w: w[2])[3],  # the topmost word: the running title's
        )
    for large, standard in zip(heights["large"], heights["standard"], strict=True):
        assert large / standard == pytest.approx(12 / 9.5, rel=0.03)
