"""The site's languages: English (the source, at today's URLs) and Spanish (under /es/)."""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache

from django.conf import settings
from django.db.models import Subquery
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

# localized_root's answers for the GET or HEAD request being served: the router, the navigation,
# the search and the language switcher each ask for the home page in the request's language (one
# or two queries each time). Never kept past the request, nor for a request that may change pages.
_localized_roots: ContextVar[dict | None] = ContextVar("clinic_localized_roots", default=None)


class PathLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, minus `Vary: Accept-Language`: the language here comes from the
    URL alone (an unprefixed URL is always English), so a shared cache may keep one copy per URL."""

    def __call__(self, request):
        # Django's LocaleMiddleware leaves the request's language active in the thread when the
        # request ends: the next piece of code on that thread (a test, a task run in-process)
        # would then speak Spanish. Put the previous language back.
        previous = translation.get_language()
        memo = _localized_roots.set({} if request.method in ("GET", "HEAD") else None)
        try:
            return super().__call__(request)
        finally:
            _localized_roots.reset(memo)
            if previous:
                translation.activate(previous)
            else:
                translation.deactivate_all()

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
    memo = _localized_roots.get()
    if memo is None:
        return site.root_page.localized
    key = (site.pk, site.root_page_id, translation.get_language())
    if key not in memo:
        memo[key] = site.root_page.localized
    return memo[key]


def prefer_active_language(pages, language: str | None = None) -> list:
    """One page per translation group: the one in `language` (default: the active one) when there
    is one, else the one in the default language; order kept. For lists shown on
    every page (locations) that should read in the page's language but never lose an entry that
    is not translated yet."""
    language = language or active_language()
    default = default_language()
    chosen: dict = {}
    rank = {language: 0, default: 1}
    for page in pages:
        key = page.translation_key
        current = chosen.get(key)
        page_rank = rank.get(page.locale.language_code)
        if page_rank is None:
            continue  # another language's page: never shown in place of an unpublished one
        if current is None or page_rank < current[0]:
            chosen[key] = (page_rank, page)
    order = {id(page): n for n, page in enumerate(pages)}
    return sorted((page for _rank, page in chosen.values()), key=lambda page: order[id(page)])


LANGUAGE_NAMES = {"en": "English", "es": "Español"}  # each in its own language
SCHEMA_LANGUAGES = {"en": "en-US", "es": "es-US"}  # JSON-LD inLanguage (BCP 47)


def _live_translations(model, page_id):
    from wagtail.models import Page

    from clinic.http.queries import with_locale_code, without_view_restrictions

    group = Page.objects.filter(pk=page_id).values("translation_key")
    return with_locale_code(
        without_view_restrictions(model.objects.live().filter(translation_key=Subquery(group)))
    )


@cache
def live_translations_query(model):
    """The live, public pages (of `model`) in the translation group of the page with the id
    given, compiled once per model and process (clinic.http.queries.CompiledQuery; pinned by
    tests/clinic/test_compiled_queries.py): every uncached page view asks it."""
    from clinic.http.queries import CompiledQuery

    return CompiledQuery(lambda page_id: _live_translations(model, page_id), -918273603)


def live_translations(page) -> dict:
    """{language code: page} for the live, public pages of `page`'s translation group (itself
    included when it is live and public), in the site's language order. One query, kept on the
    page object for the request: the language switcher and an article's "print the other
    language's handout" link ask the same question. Drafts and private translations never
    appear."""
    cached = getattr(page, "_clinic_live_translations", None)
    if cached is not None:
        return cached
    from wagtail.models import Page

    from clinic.http.queries import attach_locales, without_view_restrictions

    if isinstance(page, Page) and page.pk is not None:
        model = type(page)  # the specific class: one query
        pages = attach_locales(live_translations_query(model).objects(model, page.pk))
    else:  # e.g. a new page's preview: nothing saved to look up
        pages = without_view_restrictions(
            Page.objects.live().filter(translation_key=page.translation_key)
        ).select_related("locale")
    found = {p.locale.language_code: p for p in pages}
    result = {code: found[code] for code in language_codes() if code in found}
    page._clinic_live_translations = result
    return result


def page_alternates(page, request=None) -> list[dict]:
    """For each site language, in order: {"code", "name", "url", "exists", "current"}. `url` is
    the live, public translation of `page` (or, for a view outside the page tree, the same URL
    in that language); without one, that language's home page, with exists=False. Drafts and
    private translations never appear."""
    from django.urls import translate_url
    from wagtail.models import Site

    current = active_language()
    result = []
    if page is not None and getattr(page, "translation_key", None):
        translations = live_translations(page)
        site = Site.find_for_request(request) if request is not None else page.get_site()
        for code in language_codes():
            translated = translations.get(code)
            exists = translated is not None
            if translated is None and site is not None:
                with translation.override(code):
                    translated = localized_root(site)
            url = translated.get_full_url(request) if translated is not None else None
            result.append(_alternate(code, url, exists, current))
    elif request is not None:
        # A view outside the page tree (search): the same view in each language, on the site's
        # address as page URLs are (not the request's Host header).
        site = Site.find_for_request(request)
        for code in language_codes():
            path = translate_url(request.path, code)
            url = site.root_url + path if site else request.build_absolute_uri(path)
            result.append(_alternate(code, url, True, current))
    return result


def _alternate(code, url, exists, current):
    return {
        "code": code,
        "name": LANGUAGE_NAMES.get(code, code),
        "url": url,
        "exists": exists and url is not None,
        "current": code == current,
    }


def in_return_url_language(view):
    """For Wagtail's document-password form, which posts to the unprefixed /documents/… URL:
    answer in the language of the page the form came from (its `return_url` field or
    parameter, a path on this site), so that a Spanish patient who mistypes the password gets the
    Spanish form again, and the Spanish lockout page. Anything else is English."""
    import functools
    from urllib.parse import urlsplit

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return_url = request.POST.get("return_url") or request.GET.get("return_url") or ""
        try:
            parts = urlsplit(return_url)
        except ValueError:
            parts = None
        path = parts.path if parts is not None and not parts.netloc else ""
        language = translation.get_language_from_path(path) or default_language()
        with translation.override(language):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()  # a TemplateResponse renders later, outside the override
            response.headers["Content-Language"] = language
            return response

    return wrapped
