"""Translations of pages through wagtail-localize, from code (the demo content, tests).

Staff translate in the admin (*Translate* on a page: wagtail-localize's segment editor, PO
download/upload, "Sync translated pages" from English). This module does the same steps for text
written in advance: submit the page, fill the translation of each segment, save the target page.
"""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Locale, Page


def spanish_locale() -> Locale:
    locale, _created = Locale.objects.get_or_create(language_code="es")
    return locale


@transaction.atomic
def translate_page(
    page: Page,
    locale: Locale,
    strings: dict[str, str],
    *,
    user=None,
    publish=True,
    before_publish=None,
) -> tuple[Page, list[str]]:
    """Create or update `page`'s translation into `locale` with `strings` ({English segment text:
    translated text}), and publish it (now, not on commit as wagtail-localize does, so that the
    caller sees it live). `before_publish(revision)`, when given, runs on the revision about to be
    published (the demo records its medical review there). Returns (translated page, English segments that had no translation: they
    stay in English, wagtail-localize's fallback). The parent must be translated first."""
    from wagtail_localize.models import StringSegment, Translation, TranslationSource

    page = page.specific
    source, _created = TranslationSource.get_or_create_from_instance(page)
    source.update_from_db()  # the English page may have changed since it was last submitted
    translation, _created = Translation.objects.update_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    missing = []
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = strings.get(segment.string.data)
        if text is None:
            missing.append(segment.string.data)
            continue
        segment.string.translations.update_or_create(
            locale=locale,
            context=segment.context,
            defaults={"data": text, "translation_type": "manual", "has_error": False},
        )
    source.create_or_update_translation(
        locale, user=user, publish=False, fallback=True, copy_parent_pages=False
    )
    translated = page.get_translation(locale).specific
    if publish:
        revision = translated.get_latest_revision()
        if before_publish is not None:
            before_publish(revision)
        revision.publish(user=user)
        translated.refresh_from_db()
    return translated, missing


def translate_tree(home, pages, user=None, before_publish=None) -> list:
    """Create the `es` locale and publish the Spanish translations of `pages` — (path of slugs from
    `home`, {English segment: Spanish text}), parents before children — that do not exist yet (never
    edits one that does: staff may have changed it). Returns the pages created."""
    locale = spanish_locale()
    created = []
    for slugs, strings in pages:
        page = home
        for slug in slugs:
            page = page.get_children().filter(slug=slug).first()
            if page is None:
                break
        if page is None or page.get_translations().filter(locale=locale).exists():
            continue
        translated, _missing = translate_page(
            page, locale, strings, user=user, before_publish=before_publish
        )
        created.append(translated)
    return created
