"""Save-time limits of an article (issue #11): what a handout can lay out in time. The editor gets a
message naming the block, the limit and the numbers; nothing over the limits is saved."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from articles import limits
from articles.models import ArticlePage
from tests.factories import ArticlePageFactory, paragraph, simple_body

pytestmark = pytest.mark.django_db

SENTENCE = "Drink a glass of water and stretch your calves before bed. "


def messages_of(page) -> dict:
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    return raised.value.message_dict


def test_an_ordinary_article_is_within_the_limits(articles_index):
    page = ArticlePageFactory(parent=articles_index, title="Limits test article")
    assert limits.problems(page) == []
    page.full_clean()  # does not raise


def test_demo_articles_are_well_within_the_limits():
    for page in ArticlePage.objects.all():
        assert limits.problems(page) == [], page.slug


def test_a_paragraph_over_the_block_limit_is_named_with_its_numbers(articles_index):
    page = ArticlePageFactory(parent=articles_index, title="Limits test article")
    text = "<p>" + SENTENCE * 400 + "</p>"  # 23,607 characters
    page.body = [*simple_body(), paragraph(text)]
    errors = messages_of(page)
    assert errors["body"] == [
        f"Block 7 (paragraph) is {len(text):,} characters long; the limit is 20,000. "
        "Split it into shorter paragraphs or blocks."
    ]


def test_the_body_total_is_limited(articles_index):
    page = ArticlePageFactory(parent=articles_index, title="Limits test article")
    page.body = [paragraph("<p>" + SENTENCE * 300 + "</p>") for _ in range(10)]
    (message,) = messages_of(page)["body"]
    assert message.startswith("The introduction and body together are 177,")
    assert "the limit is 150,000" in message


def test_too_many_blocks(articles_index):
    page = ArticlePageFactory(parent=articles_index, title="Limits test article")
    page.body = [paragraph(f"<p>Point {n}.</p>") for n in range(301)]
    assert messages_of(page)["body"] == [
        "The body has 301 blocks; the limit is 300. Merge short paragraphs, or split the "
        "article into several articles."
    ]


def test_deep_nesting_in_a_paragraph_and_in_the_introduction(articles_index):
    page = ArticlePageFactory(parent=articles_index, title="Limits test article")
    deep = "<p>" + "<b><i>" * 12 + "deep" + "</i></b>" * 12 + "</p>"
    page.body = [*simple_body(), paragraph(deep)]
    page.introduction = "<div>" * 30 + "x" + "</div>" * 30
    errors = messages_of(page)
    assert errors["body"] == [
        "Block 7 (paragraph) has formatting nested 25 levels deep (tags inside tags); the limit "
        "is 20. Paste it again as plain text and reapply the bold, italics and links."
    ]
    assert "The introduction has formatting nested 30 levels deep" in errors["introduction"][0]


def test_nesting_counts_open_elements_not_tags():
    assert limits.nesting_depth("<p>one</p><p>two<br>three<img src=x></p>") == 1
    assert limits.nesting_depth("<ul><li>a<li>b<li><b>c</b></ul>") == 3
    assert limits.nesting_depth("<p>" + "<b>" * 240 + "x" + "</b>" * 240 + "</p>") == 241


@override_settings(ARTICLE_MAX_BLOCKS=3, ARTICLE_MAX_NESTING=2)
def test_the_limits_are_settings(articles_index):
    page = ArticlePageFactory(
        parent=articles_index, title="Limits test article", body=[paragraph("<p>One.</p>")]
    )
    page.body = [paragraph("<p><b><i>Four.</i></b></p>") for _ in range(4)]
    errors = messages_of(page)["body"]
    assert errors[0].startswith("The body has 4 blocks; the limit is 3.")
    assert "nested 3 levels deep" in errors[1]


def test_an_image_over_the_pixel_limit(articles_index):
    from wagtail.images.models import Image

    from tests.factories import ImageFactory

    image = ImageFactory()
    Image.objects.filter(id=image.id).update(width=12000, height=12000)  # as if uploaded before
    image.refresh_from_db()
    page = ArticlePageFactory(parent=articles_index, title="Limits test article")
    page.body = [("image", {"image": image, "alt_text": "A chart", "caption": ""})]
    assert messages_of(page)["body"] == [
        "Block 1 (image) shows 'Evening routine chart', 12,000 × 12,000 pixels (144 million); "
        "the limit is 40 million. Upload a smaller copy of the picture (a few thousand pixels "
        "wide is plenty for print)."
    ]


def test_publishing_over_the_limits_is_refused(articles_index):
    page = ArticlePageFactory(parent=articles_index, title="Limits test article")
    page.body = [paragraph(f"<p>Point {n}.</p>") for n in range(301)]
    with pytest.raises(ValidationError):
        page.save_revision().publish()
    page.refresh_from_db()
    assert len(page.body) == 6


def test_the_editor_sees_the_limit_message(admin_client, articles_index):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    page = ArticlePageFactory(parent=articles_index, title="Limits test article")
    long_text = SENTENCE * 400
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "introduction": rich_text(""),
            "disclaimer_override": rich_text(""),
            "body": streamfield(
                [("paragraph", rich_text("<p>Short.</p>")), ("paragraph", rich_text(long_text))]
            ),
            "references": inline_formset([]),
            "related_links": inline_formset([]),
            "last_updated": "2026-01-01",
            "topics": "",
        }
    )
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.id]), data)
    assert response.status_code == 200  # the form again, not a redirect
    content = html.unescape(response.content.decode())
    assert "The page could not be saved due to validation errors" in content
    assert "Block 2 (paragraph) is 23," in content and "the limit is 20,000" in content
    page.refresh_from_db()
    assert page.get_latest_revision().content["body"] == page.live_revision.content["body"]


def blank_png(width: int, height: int) -> bytes:
    """A valid greyscale PNG of `width` × `height` black pixels, a few kilobytes long, written
    row by row (the pixels are never all in memory here)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte + one byte per pixel
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("width, height, refused", [(6400, 6400, True), (6000, 6000, False)])
def test_wagtail_refuses_an_upload_over_the_pixel_limit(width, height, refused):
    """WAGTAILIMAGES_MAX_IMAGE_PIXELS (40 million here, Wagtail's default is 128 million)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images.fields import WagtailImageField

    upload = SimpleUploadedFile("poster.png", blank_png(width, height), "image/png")
    if refused:
        with pytest.raises(ValidationError, match="too many pixels"):
            WagtailImageField().clean(upload)
    else:
        WagtailImageField().clean(upload)
