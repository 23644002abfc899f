"""No wasted paper (issue 20): a draft prints on the same pages as the same content published, the
closing block (disclaimer, contacts, QR code, language line) shares the last page with the body's
end, and a short article is not spread over three sheets. Page counts are read back from the PDFs."""

from __future__ import annotations

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
