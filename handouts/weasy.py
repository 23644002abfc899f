"""HTML → tagged PDF with WeasyPrint, in a bounded child (handouts/isolation.py).

WeasyPrint is imported lazily inside functions, never at Django start-up (it costs ~0.5–1 s to
import). Each thread keeps one FontConfiguration and the parsed handout stylesheet (with its
@font-face rules) and reuses them for every render, plus a small image cache, so a render only parses
the article's own HTML."""

from __future__ import annotations

import atexit
import gc
import logging
import os
import shutil
import threading
import weakref

from django.templatetags.static import static

from . import isolation, pdfua
from .document import RenderedHandout
from .frame import STYLESHEET

logger = logging.getLogger(__name__)

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
