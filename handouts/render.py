"""Article + variant + site → PDF bytes. The one place a handout is rendered.

The print frame (handouts/handout.html) includes the SAME article-body, references and disclaimer
templates as the web page, with `for_print=True` (print-sized image renditions). WeasyPrint is
imported lazily inside functions, never at Django start-up (it costs ~0.5–1 s to import).

Speed: each thread keeps one FontConfiguration and the parsed handout stylesheet (with its
@font-face rules) and reuses them for every render, plus a small image cache, so a render only
parses the article's own HTML.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import logging
import os
import re
import shutil
import threading
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_variables

from . import isolation, pdfua

logger = logging.getLogger(__name__)

TEMPLATE = "handouts/handout.html"
STYLESHEET = "handouts/handout.css"
# Templates whose markup ends up in the PDF: a change to any of them makes stored handouts stale.
FRAME_TEMPLATES = (
    TEMPLATE,
    "handouts/includes/article.html",
    "handouts/includes/cover.html",
    "handouts/includes/masthead.html",
    "handouts/includes/qr_placeholder.html",
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
    "wagtailcore/shared/richtext.html",  # the project's copy: sanitises every rich text value
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
    digest.update(pdfua.VERSION.encode())
    return digest.hexdigest()[:10]


def qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=0, dark="#133f3c")


def short_url(url: str) -> str:
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
    return url.removeprefix("www.")


ARTICLE_TEMPLATE = "handouts/includes/article.html"
MAX_PACKET_ARTICLES = 10
MAX_NAME_CHARS = 60
LANGUAGES = ("en", "es")  # a packet's frame language (its articles keep their own words)


@dataclass(frozen=True)
class Packet:
    """What one print shows: one or more articles (live pages or revision objects) in one frame.

    A single-article handout is a Packet of one article with no cover. More than one article, a
    provider, instructions or a patient's name give the packet a cover. `note` and `patient_name`
    are health information: they live in this object for the request that prints it and nowhere
    else (kept out of its repr, so a traceback or log line never shows them)."""

    pages: tuple
    variant: Variant = Variant()
    language: str = "en"
    practitioner: object = None
    note: str = field(default="", repr=False)
    patient_name: str = field(default="", repr=False)
    drafts: tuple = ()  # per page: print it marked as a draft, without its QR code
    # per page: the date an archived (past approved) version was published, printed "as published
    # on …", without a QR code to a page that may have changed since
    archived: tuple = ()
    # The note is a care collection's default note, verbatim: staff guidance, not patient data.
    note_is_shared: bool = False

    @property
    def has_cover(self) -> bool:
        return len(self.pages) > 1 or self.practitioner is not None or self.is_personal

    @property
    def is_personal(self) -> bool:
        """Holds instructions or a name: printed in the request, never stored."""
        note = bool(self.note.strip()) and not self.note_is_shared
        return note or bool(self.patient_name.strip())

    def is_draft(self, index: int) -> bool:
        return bool(self.drafts[index]) if index < len(self.drafts) else False

    def archived_on(self, index: int):
        return self.archived[index] if index < len(self.archived) else None


# Anchors inside one article's markup (headings, its own contents list, "Key points"): in a packet
# each article's are prefixed so that two articles with a "Causes" section never share an id.
_ID = re.compile(r'(\sid="|\shref="#|\saria-labelledby=")([^"]+)"')


def _prefix_ids(html: str, prefix: str) -> str:
    return _ID.sub(lambda m: f'{m.group(1)}{prefix}{m.group(2)}"', html)


def version_of(page, *, is_draft: bool) -> str:
    """The short version id printed in the footer: the revision the handout was made from (an
    archived one sets `handout_revision_id` on its object)."""
    from articles.review.models import version_id

    revision_id = getattr(page, "handout_revision_id", None) or (
        page.latest_revision_id if is_draft else page.live_revision_id
    )
    return version_id(revision_id) if revision_id else ""


def _article_context(
    page, clinic, *, index: int, is_draft: bool, in_packet: bool, archived_on=None
) -> dict:
    online_url = None if is_draft or archived_on else page.get_full_url()
    return {
        "archived_on": archived_on,
        "version": version_of(page, is_draft=is_draft),
        "page": page,
        "clinic": clinic,
        "for_print": True,
        "in_packet": in_packet,
        "article_id": f"article-{index + 1}",
        "is_draft": is_draft,
        "online_url": online_url,
        "online_url_short": short_url(online_url) if online_url else "",
        "qr_data_uri": qr_data_uri(online_url) if online_url else "",
        "keywords": [tag.name for tag in page.topics.all()],
    }


def packet_context(packet: Packet, site, *, locations=None) -> dict:
    """Everything the print frame needs, for one article or several."""
    from django.utils.safestring import mark_safe

    from clinic.models import ClinicSettings

    clinic = ClinicSettings.for_site(site)
    in_packet = packet.has_cover
    articles = []
    for index, page in enumerate(packet.pages):
        context = _article_context(
            page,
            clinic,
            index=index,
            is_draft=packet.is_draft(index),
            in_packet=in_packet,
            archived_on=packet.archived_on(index),
        )
        html = render_to_string(ARTICLE_TEMPLATE, context)
        if in_packet:
            html = _prefix_ids(html, f"a{index + 1}-")
            context["article_id"] = f"a{index + 1}-{context['article_id']}"
        context["html"] = mark_safe(html)  # noqa: S308 - our own template's output
        articles.append(context)
    first = articles[0]
    keywords = sorted({name for article in articles for name in article["keywords"]})
    titles = [page.title for page in packet.pages]
    return {
        **first,  # a single handout's frame shows its article's QR code in the closing card
        "articles": articles,
        "clinic": clinic,
        "in_packet": in_packet,
        # In a packet each article with its own disclaimer prints it; the closing shows the
        # clinic's standard one once. A single handout's closing shows the article's.
        "closing_page": None if in_packet else packet.pages[0],
        "document_title": (gettext("Your visit: %(titles)s") % {"titles": "; ".join(titles)})
        if in_packet
        else titles[0],
        "description": "" if in_packet else packet.pages[0].summary,
        "language": packet.language,
        "large_print": packet.variant.large_print,
        "variant": packet.variant,
        "locations": choose_locations(packet.variant, locations),
        "keywords": ", ".join(keywords),
        "printed_on": timezone.localdate(),
        "page_size": page_size(),
        "practitioner": packet.practitioner,
        "any_draft": any(packet.is_draft(index) for index in range(len(packet.pages))),
        "note": packet.note,
        "patient_name": packet.patient_name,
    }


def handout_context(
    page, variant: Variant, site, *, is_draft: bool = False, locations=None
) -> dict:
    """The print frame's context for one article (a packet of one, no cover)."""
    packet = Packet(
        pages=(page,), variant=variant, drafts=(is_draft,), language=page.locale.language_code
    )
    return packet_context(packet, site, locations=locations)


def render_html(page, variant: Variant, site, **kwargs) -> str:
    from django.utils import translation

    # In the article's language, whoever asks (a Spanish page prints a Spanish frame, also when
    # rendered by the worker on publish, outside any request).
    with translation.override(page.locale.language_code):
        return render_to_string(TEMPLATE, handout_context(page, variant, site, **kwargs))


@sensitive_variables("packet", "context", "html")
def render_packet_html(packet: Packet, site) -> str:
    from django.utils import translation

    # In the packet's language, whoever asks (the worker renders on publish outside any request).
    with translation.override(packet.language or "en"):
        return render_to_string(TEMPLATE, packet_context(packet, site))


# --- WeasyPrint ------------------------------------------------------------------------------------

_local = threading.local()
IMAGE_CACHE_LIMIT = 64

# Every FontConfiguration made here, with the process that made it. WeasyPrint removes the folder
# of @font-face files it keeps in /tmp in the object's __del__; one still held at interpreter exit
# (this module's thread-local) would run it after `shutil` is torn down, print "Exception ignored
# in FontConfiguration.__del__ … 'NoneType' object is not callable" and leave the folder behind.
_font_configs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@atexit.register
def _remove_font_folders() -> None:
    for font_config, pid in list(_font_configs.items()):
        if pid != os.getpid():  # a forked child's inherited copy: the folder is its parent's
            continue
        folder, font_config._folder = getattr(font_config, "_folder", None), None
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def _resources(base_url: str):
    """(FontConfiguration, parsed stylesheet, image cache) for this thread, built once per base URL."""
    cached = getattr(_local, "resources", None)
    if cached is not None and cached[0] == base_url:
        return cached[1:]
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from .fetcher import HandoutURLFetcher

    font_config = FontConfiguration()
    _font_configs[font_config] = os.getpid()
    stylesheet = CSS(
        url=base_url.rstrip("/") + static(STYLESHEET),
        url_fetcher=HandoutURLFetcher(base_url),
        font_config=font_config,
    )
    _local.resources = (base_url, font_config, stylesheet, {})
    return _local.resources[1:]


# Laid out once in each process before its first bounded render, so that what WeasyPrint, Pango
# and fontconfig load lazily on a first layout (the faces of the shipped fonts, shaping caches,
# pikepdf) is inherited by every child instead of loaded again in each one.
WARM_UP_HTML = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Warm-up</title></head>'
    "<body><h1>Warm-up</h1><h2>Key points</h2><p>Plain, <strong>bold</strong> and <em>italic</em>"
    " <strong><em>text</em></strong>.</p><ul><li>One</li></ul><ol><li>Two</li></ol>"
    "<table><tr><th>A</th><td>1</td></tr></table></body></html>"
)


def _warm(html: str, base_url: str, **_kwargs) -> None:
    _resources(base_url)
    if getattr(_local, "warmed_for", None) != base_url:
        _local.warmed_for = base_url
        try:
            html_to_pdf.unbounded(WARM_UP_HTML, base_url)
        except Exception as error:  # a warm-up that fails costs only speed; the render reports
            logger.warning("Handout warm-up layout failed (%s).", type(error).__name__)


@isolation.bounded(warm=_warm)  # a child, stoppable
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
        pdf = pdfua.mark_margin_boxes_as_artifacts(document.write_pdf(pdf_variant="pdf/ua-1"))
    finally:
        if gc_was_enabled:
            gc.enable()
    return RenderedHandout(pdf=pdf, pages=len(document.pages))


def render_handout(
    page, variant: Variant, site, *, is_draft: bool = False, archived_on=None, fetcher=None
) -> RenderedHandout:
    """Render `page` (live page or revision object) as a PDF handout. Raises UnknownLocation, and
    isolation.RenderFailed when the article is over the limits or its layout is not done in time."""
    language = page.locale.language_code
    packet = Packet(
        pages=(page,),
        variant=variant,
        drafts=(is_draft,),
        archived=(archived_on,),
        language=language,
    )
    return render_packet(packet, site, fetcher=fetcher)


@sensitive_variables("packet", "html")
def render_packet(packet: Packet, site, *, fetcher=None) -> RenderedHandout:
    """Render one or more articles as one PDF: the one render path. Raises UnknownLocation, and
    isolation.RenderFailed when an article is over the limits or the layout is not done in time."""
    for page in packet.pages:
        isolation.refuse_over_limits(page)  # before the HTML: it makes the image renditions
    html = render_packet_html(packet, site)
    return html_to_pdf(html, site_root_url(site), fetcher=fetcher)


def render_pdf(page, variant: Variant, site, **kwargs) -> bytes:
    return render_handout(page, variant, site, **kwargs).pdf
