"""Serve a stored public handout without Wagtail's page routing.

A warm handout is an immutable file: routing a request to its page (site, three page queries, the
view-restriction hook) costs far more than serving it. This middleware answers
`GET <article url>handout/` from the store when — and only when — everything the slow path would
check still holds, all in one SQL query:

* the page at that URL path is live and the stored PDF is of its *live* revision;
* neither the page nor any ancestor has a view restriction (restricted pages always take the full
  Wagtail path, with its password and login handling);
* the stored PDF's context version (clinic settings, live locations, print templates, date) is the
  current one, and the variant (size, location) is the one asked for.

Anything else — a miss, a draft, a private page, an unknown location, HEAD, a query it does not
understand — falls through to Wagtail untouched, which renders, stores or refuses as usual.

The query's answer (which stored row, not the bytes) is remembered in the shared cache under the
content generation, like the site's other remembered lists, so every server process agrees on it
and any content change forgets it; a miss is never remembered. The PDF bytes are kept in each
process's memory by store key (handouts.pdf_cache), which names one rendering for good. Wagtail's
own list of site root paths is the other cached input.

A served handout is counted as a print (handouts.counts.record_public: not for bots or the same
client's repeat within a minute), as on the slow path.

With the site's page cache on, the response is also kept there like a page, as a reference (the
row id, store key, pages, file name, page id and language, not the bytes; see
clinic.http.cache.keep_as_reference), under the same content generation. A later request for the
same URL is answered by `serve_kept` before the session, auth and other middleware: the bytes from
this process's memory, the response built by handouts.views.pdf_response and the print counted as
here. A `Range` request, or a reference whose row is gone, goes through as a miss.

It skips Wagtail's `before_serve_page` / `on_serve_page` hooks. What stands in for each one is listed
in tests/handouts/test_fastpath_parity.py, which fails when the set of hooks changes.
"""

from __future__ import annotations

import hashlib

from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, Site

from clinic.http.cache import keep_as_reference, remember
from clinic.http.queries import CompiledQuery, without_view_restrictions

SUFFIX = "handout/"
KNOWN_PARAMS = {"size", "location"}


def _stored_for_url_path(url_path, variant_key, version):
    from .models import StoredHandout

    pages = without_view_restrictions(Page.objects.live()).filter(url_path=url_path)
    return StoredHandout.objects.filter(
        page__in=pages.values("id"),
        revision_id=F("page__live_revision_id"),
        variant=variant_key,
        context_version=version,
    ).values_list("id", "key", "pages", "page__slug", "page_id")[:1]


STORED_FOR_URL_PATH = CompiledQuery(
    _stored_for_url_path, "/@@url-path@@/", "@@variant@@", "@@version@@"
)


def single_site(request_path: str = "/"):
    """(Wagtail's root path of the request's language, the request path without its language
    prefix), from Wagtail's cached root paths, or None when there are several Sites (the full
    Wagtail path then matches the request's hostname) or the language has no home page.

    With i18n each translation of the home page is a root path: English pages live under
    /home/ at unprefixed URLs, Spanish ones under /home-es/ at /es/… URLs."""
    from django.conf import settings
    from django.utils import translation
    from wagtail.coreutils import get_supported_content_language_variant

    root_paths = Site.get_site_root_paths()
    if len({root.site_id for root in root_paths}) != 1:
        return None
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    language = translation.get_language_from_path(request_path) or default
    path = request_path
    if language != default:
        prefix = f"/{language}/"
        if not request_path.startswith(prefix):
            return None  # e.g. /es-mx/…: Wagtail decides
        path = request_path[len(prefix) - 1 :]
    for root in root_paths:
        if root.language_code == language:
            return root, path
    return None


def _current_row(site, path, variant):
    """(row id, store key, pages, slug, page id) of the stored handout for `path`, or None."""
    from . import store

    version, location_slugs = store.current_context(site.site_id, site.root_url)
    if variant.location and variant.location not in location_slugs:
        return None  # the view answers 404
    url_path = site.root_path + path[1 : -len(SUFFIX)]
    rows = STORED_FOR_URL_PATH.rows(url_path, variant.key, version)
    return tuple(rows[0]) if rows else None


def stored_public_handout(request):
    """(PDF bytes, pages, slug, page id, language, row id, store key) of the stored handout to
    serve, or None for
    Wagtail. The language is the site root's: the stored row's variant key names it (a Spanish
    handout is stored as `…~es`), so the row found is of a page in that language.

    Which stored row answers a URL is remembered under the content generation
    (clinic.http.cache.remember: a publish, unpublish, move, view restriction, settings or location
    change forgets it), with the print templates' version and the date in its name, as in the
    store key; a miss is never remembered. The bytes come from this process's memory by store key
    (handouts.pdf_cache). So a warm handout costs two or three cache reads and no query."""
    from . import pdf_cache, render

    if request.method != "GET" or not request.path.endswith("/" + SUFFIX):
        return None
    if set(request.GET) - KNOWN_PARAMS:
        return None
    found = single_site(request.path)
    if found is None:
        return None
    site, path = found
    variant = render.Variant.from_query(request.GET).in_language(site.language_code)
    name = "|".join(
        [str(site.site_id), site.root_url, path, variant.key, render.frame_version()]
        + [timezone.localdate().isoformat()]
    )
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    row = remember(f"handout-row:{digest}", lambda: _current_row(site, path, variant))
    if row is None:
        return None
    row_id, key, pages, slug, page_id = row
    pdf = pdf_cache.pdf_for(row_id, key)
    return None if pdf is None else (pdf, pages, slug, page_id, variant.language, row_id, key)


REFERENCE_KIND = "handout"
# Headers pdf_response sets itself; with the page cache's own list they are built on every hit.
BUILT_HEADERS = ("Content-Disposition", "X-Handout-Pages")


def serve_kept(request, payload):
    """A page-cache hit kept by StoredHandoutMiddleware (clinic.http.cache.register_reference_kind):
    the same response and print count as the middleware's, or None (a miss) for a Range request or
    when the stored row is gone."""
    from . import counts, pdf_cache, render
    from .views import pdf_response

    if "Range" in request.headers:
        return None
    row_id, key, pages, filename, page_id, language = payload
    pdf = pdf_cache.pdf_for(row_id, key)
    if pdf is None:
        return None
    counts.record_public(request, page_id, render.Variant.from_query(request.GET), language)
    return pdf_response(request, pdf, pages, filename, private=False)


class StoredHandoutMiddleware:
    """Put last in MIDDLEWARE so that every response-processing middleware above still applies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from . import counts, render
        from .views import pdf_response

        found = stored_public_handout(request)
        if found is not None:
            pdf, pages, slug, page_id, language, row_id, key = found
            variant = render.Variant.from_query(request.GET)
            counts.record_public(request, page_id, variant, language)
            filename = variant.filename(slug)
            response = pdf_response(request, pdf, pages, filename, private=False)
            payload = (row_id, key, pages, filename, page_id, language)
            keep_as_reference(response, REFERENCE_KIND, payload, headers=BUILT_HEADERS)
            return response
        return self.get_response(request)
