"""ParsedArticle → ArticlePage (a new draft, or a new revision of the page imported before)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail.models import Page, Site

from articles.models import ArticleIndexPage, ArticlePage, ArticleReference

from .citations import STRUCTURED_FIELDS
from .parse import paragraph_html
from .parsed import ImportFormatError, ParsedArticle

SLUG_MAX = 50


@dataclass
class WriteResult:
    page: ArticlePage
    action: str  # "created" | "updated" | "unchanged"
    published: bool
    own_disclaimer: bool
    notes: list[str]


def find_parent(slug: str | None) -> ArticleIndexPage:
    """The articles index to import into: by slug, else the default site's "articles" index."""
    indexes = ArticleIndexPage.objects.all()
    if slug:
        found = list(indexes.filter(slug=slug)[:2])
        if not found:
            raise ImportFormatError(f'no article index page with the slug "{slug}"')
        if len(found) > 1:
            raise ImportFormatError(f'more than one article index page has the slug "{slug}"')
        return found[0]
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        found = (
            indexes.descendant_of(site.root_page, inclusive=True).filter(slug="articles").first()
        )
        if found is not None:
            return found
    found = indexes.first()
    if found is None:
        raise ImportFormatError(
            "there is no article index page to import into (run load_demo_content)"
        )
    return found


def normalised_text(value: str) -> str:
    """Rich text or plain text → comparable words (tags, entities, case and punctuation ignored)."""
    text = html.unescape(strip_tags(value or "")).casefold().replace("’", "'")
    return " ".join(re.sub(r"[^\w']+", " ", text).split())


def site_disclaimer(parent: Page) -> str:
    from clinic.models import ClinicSettings

    site = parent.get_site() or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return ""
    return ClinicSettings.for_site(site).disclaimer or ""


def body_data(article: ParsedArticle) -> list[dict]:
    data = []
    for block in article.blocks:
        if block.type == "heading":
            data.append({"type": "heading", "value": {"text": block.text, "level": block.level}})
        elif block.type == "paragraph":
            data.append(
                {"type": "paragraph", "value": "".join(map(paragraph_html, block.paragraphs))}
            )
        else:
            items = [
                {"title": item.title, "text": "".join(map(paragraph_html, item.paragraphs))}
                for item in block.items
                if item.title or item.paragraphs
            ]
            if items:
                data.append({"type": block.type, "value": {"items": items}})
    return data


def unique_slug(
    parent: Page, title: str, exclude_id: int | None = None, taken: set[str] | None = None
) -> str:
    """A slug for `title` that no other child of `parent` has (nor any in `taken`). Reads only the
    siblings whose slugs could clash, not every child: an index of 10,000 articles stays cheap."""
    base = slugify(title)
    if len(base) > SLUG_MAX:  # cut at a word boundary
        base = base[: SLUG_MAX + 1].rsplit("-", 1)[0]
    base = base.strip("-") or "imported-article"
    stem = base[: SLUG_MAX - 4]
    siblings = set(
        parent.get_children()
        .filter(Q(slug=base) | Q(slug__startswith=f"{stem}-"))
        .exclude(id=exclude_id)
        .values_list("slug", flat=True)
    )
    siblings |= taken or set()
    slug, n = base, 2
    while slug in siblings:
        slug = f"{stem}-{n}"
        n += 1
    return slug


def _snapshot(page: ArticlePage) -> tuple:
    """What the importer sets, in a comparable form (block ids ignored)."""
    body = [(b.block_type, b.block.get_prep_value(b.value)) for b in page.body]
    refs = [
        tuple(getattr(r, name) for name in (*STRUCTURED_FIELDS, "raw"))
        for r in page.references.all()
    ]
    return (
        page.title,
        page.summary,
        page.introduction,
        _strip_ids(body),
        page.last_updated,
        page.disclaimer_override,
        page.needs_title,
        refs,
    )


def _strip_ids(value):
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list | tuple):
        return [_strip_ids(v) for v in value]
    return value


def _apply(
    page: ArticlePage, article: ParsedArticle, own_disclaimer: str, keep_title: bool
) -> None:
    if not keep_title:
        page.title = article.title
        page.needs_title = article.title_derived
    page.summary = article.summary
    page.introduction = "".join(map(paragraph_html, article.introduction))
    page.body = body_data(article)
    if article.last_updated:
        page.last_updated = article.last_updated
    page.disclaimer_override = own_disclaimer
    page.references = [
        ArticleReference(sort_order=i, **ref.fields()) for i, ref in enumerate(article.references)
    ]


def write_article(
    article: ParsedArticle,
    parent: ArticleIndexPage,
    *,
    publish: bool = False,
    dry_run: bool = False,
    user=None,
    site_text: str | None = None,
    taken_slugs: set[str] | None = None,
) -> WriteResult:
    """Create a draft (or publish with `publish`), or add a revision to the page imported before.

    With `dry_run` the caller rolls the transaction back; publishing is skipped (it can reach
    beyond the database, e.g. signal handlers) but reported as if done. `site_text` is the site's
    disclaimer as `normalised_text` (read once per import by the caller); `taken_slugs` are slugs
    to avoid besides the siblings' (those a dry run would have created)."""
    notes: list[str] = []
    if site_text is None:
        site_text = normalised_text(site_disclaimer(parent))
    own = bool(article.disclaimer) and normalised_text(article.disclaimer) != site_text
    own_html = paragraph_html(article.disclaimer) if own else ""

    existing = (
        ArticlePage.objects.filter(source_fingerprint=article.fingerprint).order_by("pk").first()
    )
    if existing is None:
        # Lock the index's row first, as treebeard's add_child does, for the rest of this article's
        # (short) transaction: a page that staff add meanwhile cannot take the slug chosen here,
        # and the new page's tree path is allocated by one writer at a time.
        parent = type(parent).objects.select_for_update().get(pk=parent.pk)
        page = ArticlePage(
            live=False, has_unpublished_changes=True, source_fingerprint=article.fingerprint
        )
        _apply(page, article, own_html, keep_title=False)
        page.slug = unique_slug(parent, page.title, taken=taken_slugs)
        parent.add_child(instance=page)
        revision = page.save_revision(user=user, log_action="wagtail.create")
        if publish and not dry_run:  # publishing may have side effects beyond the database
            revision.publish(user=user)
        return WriteResult(page, "created", publish, own, notes)

    page = existing.get_latest_revision_as_object()
    if existing.get_parent().id != parent.id:
        notes.append(f"already imported under {existing.get_parent().title!r}; updated it there")
    # Staff may have given an untitled import its real title: keep theirs.
    keep_title = article.title_derived and not page.needs_title
    if keep_title:
        notes.append("kept the title written by staff")
    before = _snapshot(page)
    _apply(page, article, own_html, keep_title=keep_title)
    if _snapshot(page) == before:
        if publish and (not existing.live or existing.has_unpublished_changes):
            if not dry_run:
                existing.latest_revision.publish(user=user)
            notes.append("content unchanged; published its latest revision")
            return WriteResult(existing, "updated", True, own, notes)
        return WriteResult(existing, "unchanged", existing.live, own, notes)
    revision = page.save_revision(user=user, log_action=True)
    if publish and not dry_run:
        revision.publish(user=user)
    return WriteResult(existing, "updated", publish or existing.live, own, notes)
