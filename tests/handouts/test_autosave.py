"""Wagtail 8 autosaves the page editor's form as a new revision when it sees the form change, and a
form whose rich text editors finish loading after its 2 s baseline "changes" by itself: every rich
text value comes back re-serialised by Draftail. Such a revision must print as the live article."""

from __future__ import annotations

import pytest
from wagtail import blocks
from wagtail.models import Site
from wagtail.rich_text import RichText

from articles.models import ArticlePage
from handouts.views import prints_as_live

pytestmark = pytest.mark.django_db


def _draftail(widget, html: str) -> str:
    """`html` as it comes back from the browser's Draftail editor: to contentstate and back."""
    converter = widget.converter
    return converter.to_database_format(converter.from_database_format(html))


def _roundtrip(block, value):
    if isinstance(block, blocks.RichTextBlock):
        return RichText(_draftail(block.field.widget, value.source))
    if isinstance(block, blocks.StructBlock):
        return blocks.StructValue(
            block,
            [(name, _roundtrip(child, value[name])) for name, child in block.child_blocks.items()],
        )
    if isinstance(block, blocks.ListBlock):
        return blocks.list_block.ListValue(
            block, values=[_roundtrip(block.child_block, item) for item in value]
        )
    return value


def draftail_copy(page: ArticlePage) -> ArticlePage:
    """The page as the editor's form would save it, untouched by the editor: a revision object."""
    form_class = ArticlePage.get_edit_handler().get_form_class()
    fields = form_class.base_fields
    copy = page.live_revision.as_object()  # a copy of the live version (a demo article has a draft)
    for name in ("introduction", "disclaimer_override"):
        if getattr(copy, name):
            setattr(copy, name, _draftail(fields[name].widget, getattr(copy, name)))
    copy.body = [
        {
            "type": child.block_type,
            "value": child.block.get_prep_value(_roundtrip(child.block, child.value)),
            "id": child.id,
        }
        for child in copy.body
    ]
    return copy


def test_every_demo_article_reserialised_by_draftail_prints_as_live():
    site = Site.objects.get(is_default_site=True)
    pages = list(ArticlePage.objects.live().order_by("path"))
    assert len(pages) >= 4
    changed = 0
    for page in pages:
        copy = draftail_copy(page)
        changed += copy.introduction != page.introduction  # the round trip did alter the HTML
        revision = copy.save_revision()
        revision_object = revision.as_object()
        assert prints_as_live(page, revision_object, site), page.slug
    assert changed, "the Draftail round trip changed nothing: this test would prove nothing"


def test_a_real_edit_does_not_print_as_live():
    site = Site.objects.get(is_default_site=True)
    page = ArticlePage.objects.live().order_by("path").first()
    copy = draftail_copy(page)
    copy.summary = page.summary + " One more thing."
    assert not prints_as_live(page, copy, site)


def test_topics_in_another_order_print_as_live():
    """The editor's tag field posts topics in its own order; the PDF's keywords do not depend on it."""
    site = Site.objects.get(is_default_site=True)
    page = next(p for p in ArticlePage.objects.live() if p.topics.count() >= 2)
    copy = draftail_copy(page)
    names = [tag.name for tag in page.topics.all()]
    copy.topics.set(list(reversed(list(page.topics.all()))))
    assert [tag.name for tag in copy.topics.all()] == list(reversed(names))
    assert prints_as_live(page, copy, site)
