"""The site's languages: English (the source, at today's URLs) and Spanish (under /es/)."""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PathLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, minus `Vary: Accept-Language`: the language here comes from the
    URL alone (an unprefixed URL is always English), so a shared cache may keep one copy per URL."""

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def language_codes() -> list[str]:
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def default_language() -> str:
    from wagtail.coreutils import get_supported_content_language_variant

    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def active_language() -> str:
    """The content language of the request being served ('en' or 'es'); the default outside one."""
    from wagtail.coreutils import get_supported_content_language_variant

    try:
        return get_supported_content_language_variant(translation.get_language() or "")
    except LookupError:
        return default_language()


def localized_root(site):
    """The site's home page in the active language: its live translation, else the English home
    (what Wagtail's router serves from too)."""
    if site is None:
        return None
    return site.root_page.localized


def prefer_active_language(pages, language: str | None = None) -> list:
    """One page per translation group: the one in `language` (default: the active one) when there
    is one, else the one in the default language, else the first; order kept. For lists shown on
    every page (locations) that should read in the page's language but never lose an entry that
    is not translated yet."""
    language = language or active_language()
    default = default_language()
    chosen: dict = {}
    rank = {language: 0, default: 1}
    for page in pages:
        key = page.translation_key
        current = chosen.get(key)
        page_rank = rank.get(page.locale.language_code, 2)
        if current is None or page_rank < current[0]:
            chosen[key] = (page_rank, page)
    order = {id(page): n for n, page in enumerate(pages)}
    return sorted((page for _rank, page in chosen.values()), key=lambda page: order[id(page)])
