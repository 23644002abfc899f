"""Builders for tests of the Spanish site."""

from __future__ import annotations

from wagtail.models import Site

from clinic.i18n.translation import spanish_locale, translate_page


def spanish_strings(page, overrides=None):
    """{English segment: Spanish stand-in} for every segment of `page` (the slug is kept)."""
    from wagtail_localize.models import StringSegment, TranslationSource

    source, _ = TranslationSource.get_or_create_from_instance(page.specific)
    strings = {}
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = segment.string.data
        strings[text] = text if segment.context.path == "slug" else f"[es] {text}"
    strings.update(overrides or {})
    return strings


def translate(page, overrides=None, *, publish=True):
    """Publish `page`'s Spanish translation (its parent must have one)."""
    translated, _missing = translate_page(
        page, spanish_locale(), spanish_strings(page, overrides), publish=publish
    )
    Site.clear_site_root_paths_cache()
    return translated


def spanish_tree(home, articles_index):
    """Spanish home and articles index, published."""
    return translate(home), translate(articles_index)
