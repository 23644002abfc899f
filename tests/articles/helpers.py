"""Small builders for article tests."""

import datetime
import uuid

from django.utils.text import slugify

from articles.models import ArticlePage, ArticleReference


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def heading(text, level="h2"):
    return block("heading", {"text": text, "level": level})


def paragraph(html):
    return block("paragraph", html)


def simple_body(word="ordinary"):
    return [
        heading("First section"),
        paragraph(f"<p>A short paragraph with the word {word} in it.</p>"),
        heading("Second section"),
        paragraph("<p>More text here for the reader.</p>"),
        heading("Third section"),
        paragraph("<p>The last part of the article.</p>"),
    ]


def make_article(parent, title, *, body=None, publish=True, references=(), topics=(), **fields):
    """An ArticlePage under `parent`, saved as a revision and (by default) published. `body` is a
    list of blocks in StreamField's raw form (dicts) or as (type, value) pairs."""
    fields.setdefault("summary", f"What to know about {title.lower()}.")
    fields.setdefault("last_updated", datetime.date(2026, 1, 1))
    page = ArticlePage(
        title=title,
        slug=fields.pop("slug", slugify(title)),
        body=body if body is not None else simple_body(),
        live=publish,
        **fields,
    )
    if topics:
        page.topics.add(*topics)
    for order, reference in enumerate(references):
        page.references.add(ArticleReference(sort_order=order, **reference))
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def make_private(page):
    from wagtail.models import PageViewRestriction

    return PageViewRestriction.objects.create(
        page=page, restriction_type="password", password="secret-pw"
    )
