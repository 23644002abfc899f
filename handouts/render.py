"""Article + variant + site → PDF bytes. The one place a handout is rendered.

The print frame (handouts/handout.html) includes the SAME article-body, references and disclaimer
templates as the web page, with `for_print=True` (print-sized image renditions). WeasyPrint is
imported lazily inside functions, never at Django start-up (it costs ~0.5–1 s to import).

Speed: each thread keeps one FontConfiguration and the parsed handout stylesheet (with its
@font-face rules) and reuses them for every render, plus a small image cache, so a render only
parses the article's own HTML.
"""

from __future__ import annotations

import gc
import hashlib
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.utils import timezone

TEMPLATE = "handouts/handout.html"
STYLESHEET = "handouts/handout.css"
# Templates whose markup ends up in the PDF: a change to any of them makes stored handouts stale.
FRAME_TEMPLATES = (
    TEMPLATE,
    "articles/includes/article_body.html",
    "articles/includes/references.html",
    "articles/includes/disclaimer.html",
    "articles/blocks/bulleted_list.html",
    "articles/blocks/callout.html",
    "articles/blocks/heading.html",
    "articles/blocks/image.html",
    "articles/blocks/numbered_list.html",
    "articles/blocks/paragraph.html",
    "articles/blocks/quote.html",
)
PAGE_SIZES = {"letter": "letter", "a4": "A4"}


class UnknownLocation(LookupError):
    """?location=<slug> names no live location."""


@dataclass(frozen=True)
class Variant:
    """Which handout: large print or not, and all locations ("") or just one (its slug)."""

    large_print: bool = False
    location: str = ""
    language: str = ""  # the article's; part of the store key ("" and "en": English)

    @property
    def key(self) -> str:
        key = "large" if self.large_print else "std"
        key = f"{key}@{self.location}" if self.location else key
        return f"{key}~{self.language}" if self.language not in ("", "en") else key

    def in_language(self, language: str) -> Variant:
        import dataclasses

        return dataclasses.replace(self, language=language)

    def filename(self, slug: str) -> str:
        parts = [slug]
        if self.location:
            parts.append(self.location)
        if self.large_print:
            parts.append("large-print")
        return "-".join(parts) + ".pdf"

    @classmethod
    def from_query(cls, query) -> Variant:
        size = (query.get("size") or "").strip().lower()
        return cls(
            large_print=size in ("large", "large-print"),
            location=(query.get("location") or "").strip(),
        )


@dataclass(frozen=True)
class RenderedHandout:
    pdf: bytes
    pages: int


def page_size() -> str:
    return PAGE_SIZES.get(str(settings.HANDOUT_PAGE_SIZE).lower(), "letter")


def site_root_url(site) -> str:
    return site.root_url.rstrip("/") + "/"


def choose_locations(variant: Variant, locations=None) -> list:
    from locations.models import live_locations

    locations = live_locations() if locations is None else locations
    if not variant.location:
        return locations
    chosen = [loc for loc in locations if loc.slug == variant.location]
    if not chosen:
        raise UnknownLocation(variant.location)
    return chosen


@lru_cache(maxsize=1)
def frame_version() -> str:
    """A short hash of the print templates and stylesheet: part of every store key."""
    from django.contrib.staticfiles import finders

    digest = hashlib.sha1(usedforsecurity=False)
    for name in FRAME_TEMPLATES:
        try:
            origin = get_template(name).origin.name
            digest.update(Path(origin).read_bytes())
        except Exception:  # a template another app has not written yet
            digest.update(name.encode())
    css = finders.find(STYLESHEET)
    if css:
        digest.update(Path(css).read_bytes())
    digest.update(page_size().encode())
    return digest.hexdigest()[:10]


def qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=0, dark="#133f3c")


def short_url(url: str) -> str:
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
    return url.removeprefix("www.")


def handout_context(
    page, variant: Variant, site, *, is_draft: bool = False, locations=None
) -> dict:
    """Everything the print frame needs. `page` is the live ArticlePage or a revision's object."""
    from clinic.models import ClinicSettings

    clinic = ClinicSettings.for_site(site)
    online_url = None
    if not is_draft:
        online_url = page.get_full_url()
    return {
        "page": page,
        "clinic": clinic,
        "for_print": True,
        "large_print": variant.large_print,
        "variant": variant,
        "locations": choose_locations(variant, locations),
        "online_url": online_url,
        "online_url_short": short_url(online_url) if online_url else "",
        "qr_data_uri": qr_data_uri(online_url) if online_url else "",
        "keywords": ", ".join(sorted(tag.name for tag in page.topics.all())),
        "printed_on": timezone.localdate(),
        "is_draft": is_draft,
        "page_size": page_size(),
    }


def render_html(page, variant: Variant, site, **kwargs) -> str:
    from django.utils import translation

    # In the article's language, whoever asks (a Spanish page prints a Spanish frame, also when
    # rendered by the worker on publish, outside any request).
    with translation.override(page.locale.language_code):
        return render_to_string(TEMPLATE, handout_context(page, variant, site, **kwargs))


# --- WeasyPrint ------------------------------------------------------------------------------------

_local = threading.local()
IMAGE_CACHE_LIMIT = 64


def _resources(base_url: str):
    """(FontConfiguration, parsed stylesheet, image cache) for this thread, built once per base URL."""
    cached = getattr(_local, "resources", None)
    if cached is not None and cached[0] == base_url:
        return cached[1:]
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from .fetcher import HandoutURLFetcher

    font_config = FontConfiguration()
    stylesheet = CSS(
        url=base_url.rstrip("/") + static(STYLESHEET),
        url_fetcher=HandoutURLFetcher(base_url),
        font_config=font_config,
    )
    _local.resources = (base_url, font_config, stylesheet, {})
    return _local.resources[1:]


def html_to_pdf(html: str, base_url: str, *, fetcher=None) -> RenderedHandout:
    """Lay out `html` with the handout stylesheet; return the tagged PDF (PDF/UA-1) and its page count."""
    from weasyprint import HTML

    from .fetcher import HandoutURLFetcher

    font_config, stylesheet, image_cache = _resources(base_url)
    if len(image_cache) > IMAGE_CACHE_LIMIT:
        image_cache.clear()
    fetcher = fetcher or HandoutURLFetcher(base_url)
    # A render allocates hundreds of thousands of short-lived box objects; the cyclic garbage
    # collector's passes over them cost 15–20 % of the render. Pause it for this bounded piece of
    # work; whatever cycles remain are collected by the next ordinary pass.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            font_config=font_config,
            stylesheets=[stylesheet],
            pdf_variant="pdf/ua-1",
            cache=image_cache,
        )
        pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    finally:
        if gc_was_enabled:
            gc.enable()
    return RenderedHandout(pdf=pdf, pages=len(document.pages))


def render_handout(
    page, variant: Variant, site, *, is_draft: bool = False, fetcher=None
) -> RenderedHandout:
    """Render `page` (live page or revision object) as a PDF handout. Raises UnknownLocation."""
    html = render_html(page, variant, site, is_draft=is_draft)
    return html_to_pdf(html, site_root_url(site), fetcher=fetcher)


def render_pdf(page, variant: Variant, site, **kwargs) -> bytes:
    return render_handout(page, variant, site, **kwargs).pdf
