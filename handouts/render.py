"""Article + variant + site → PDF bytes. The one place a handout is rendered.

Three layers, each its own module: handouts/document.py (what is printed: Variant, Packet),
handouts/frame.py (the print frame's HTML and context) and handouts/weasy.py (WeasyPrint, in a
bounded child). This module joins them and is what the rest of the project imports."""

from __future__ import annotations

from django.views.decorators.debug import sensitive_variables

from . import isolation
from .document import (
    LANGUAGES,
    MAX_NAME_CHARS,
    MAX_PACKET_ARTICLES,
    Packet,
    RenderedHandout,
    UnknownLocation,
    Variant,
)
from .frame import (
    FRAME_TEMPLATES,
    STYLESHEET,
    frame_version,
    handout_context,
    packet_context,
    qr_data_uri,
    render_html,
    render_packet_html,
    site_root_url,
)
from .weasy import WARM_UP_HTML, html_to_pdf

__all__ = [
    "FRAME_TEMPLATES",
    "LANGUAGES",
    "MAX_NAME_CHARS",
    "MAX_PACKET_ARTICLES",
    "STYLESHEET",
    "WARM_UP_HTML",
    "Packet",
    "RenderedHandout",
    "UnknownLocation",
    "Variant",
    "frame_version",
    "handout_context",
    "html_to_pdf",
    "packet_context",
    "qr_data_uri",
    "render_handout",
    "render_html",
    "render_packet",
    "render_packet_html",
    "render_pdf",
    "site_root_url",
]


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
