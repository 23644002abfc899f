"""Rich text is sanitised where it is rendered, for the web page and the handout alike.

Wagtail's editor strips scripts, event handlers, iframes, styles and the like on the way in from the
admin, but the model and the `|richtext` filter trust whatever is stored: rich text written through
the shell, a data migration, the importer or a future API was output verbatim. So every rendering of
rich text passes through `sanitise()`: this project overrides Wagtail's
`wagtailcore/shared/richtext.html` (the one template behind both `{{ value|richtext }}` and a
RichTextBlock value's `__html__`), which applies the `sanitised` filter to the HTML Wagtail has just
expanded from its database format. Sanitising after the expansion means page links
(`<a linktype="page" id="…">`) have already become `<a href="/…/">`, and what is checked is
exactly what reaches the browser and WeasyPrint; content stored before this existed is covered too.

The allow-list is that of the editor: the features enabled on this project's rich-text fields and
blocks (`enabled_features()`), mapped to the elements Wagtail's editor writes for them
(`FEATURE_TAGS`), plus paragraphs and line breaks, and link schemes from Wagtail's own list. A
feature that is not in `FEATURE_TAGS` (e.g. "image" or "embed") allows nothing: its output is
stripped until it is added here (a test fails when a field enables one).

The sanitiser is nh3 (Python bindings to the Rust crate Ammonia, html5ever's parser). The result is
memoised on the expanded HTML: an article's paragraphs are cleaned once per process, not per view.
"""

from __future__ import annotations

from functools import cache, lru_cache

import nh3

# Elements the editor (Draftail's converter) writes for each feature, in Wagtail's front-end HTML.
FEATURE_TAGS: dict[str, set[str]] = {
    "bold": {"b", "strong"},
    "italic": {"i", "em"},
    "superscript": {"sup"},
    "subscript": {"sub"},
    "strikethrough": {"s"},
    "code": {"code"},
    "h2": {"h2"},
    "h3": {"h3"},
    "h4": {"h4"},
    "h5": {"h5"},
    "h6": {"h6"},
    "ol": {"ol", "li"},
    "ul": {"ul", "li"},
    "blockquote": {"blockquote"},
    "hr": {"hr"},
    "link": {"a"},
    "document-link": {"a"},
}
# Every rich text value is made of paragraphs; Shift+Enter writes a line break.
ALWAYS_ALLOWED = {"p", "br"}
# Attributes Wagtail writes: the link target, and the block key on each paragraph or list item
# (used by the editor's comments; harmless in the page).
ATTRIBUTES = {"a": {"href"}, "*": {"data-block-key"}}
# Their content goes too, not just the tags: a stylesheet's or script's text is not article text.
CLEAN_CONTENT_TAGS = {
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "noembed",
    "noframes",
    "xmp",
    "textarea",
    "select",
    "svg",
    "math",
    "title",
}
# Apps whose rich-text fields and blocks make up the allow-list (not third-party models).
PROJECT_APPS = ("clinic", "locations", "articles", "handouts")
# Longer values are still sanitised, but not kept in the memo.
MEMO_MAX_CHARS = 20_000


def _block_features(block):
    from wagtail.blocks import ListBlock, RichTextBlock

    if isinstance(block, RichTextBlock):
        yield block.features
    for child in getattr(block, "child_blocks", {}).values():
        yield from _block_features(child)
    if isinstance(block, ListBlock):
        yield from _block_features(block.child_block)


def feature_lists():
    """The `features` list of every rich-text field and block of the project's models (None where
    one uses Wagtail's defaults)."""
    from django.apps import apps
    from wagtail.fields import RichTextField, StreamField

    for label in PROJECT_APPS:
        if not apps.is_installed(label):
            continue
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if isinstance(field, RichTextField):
                    yield field.features
                elif isinstance(field, StreamField):
                    yield from _block_features(field.stream_block)


def enabled_features() -> set[str]:
    from wagtail.rich_text import features as registry

    enabled: set[str] = set()
    for features in feature_lists():
        enabled.update(registry.get_default_features() if features is None else features)
    return enabled


def allowed_tags() -> set[str]:
    tags = set(ALWAYS_ALLOWED)
    for feature in enabled_features():
        tags |= FEATURE_TAGS.get(feature, set())
    return tags


@cache
def cleaner() -> nh3.Cleaner:
    from wagtail.whitelist import ALLOWED_URL_SCHEMES

    tags = allowed_tags()
    return nh3.Cleaner(
        tags=tags,
        clean_content_tags=CLEAN_CONTENT_TAGS - tags,
        attributes={tag: attrs for tag, attrs in ATTRIBUTES.items() if tag == "*" or tag in tags},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=None,  # links render as the editor stored them
        strip_comments=True,
    )


@lru_cache(maxsize=4096)
def _sanitise_memo(html: str) -> str:
    return cleaner().clean(html)


def sanitise(html: str) -> str:
    """`html` (front-end rich text, as Wagtail's expand_db_html returns it) with only the editor's
    elements, attributes and link schemes left."""
    if not html:
        return ""
    if len(html) > MEMO_MAX_CHARS:
        return cleaner().clean(html)
    return _sanitise_memo(html)
