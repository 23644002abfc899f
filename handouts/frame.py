"""The print frame: a handout's HTML from its articles, the clinic's settings and the site.

handouts/handout.html includes the SAME article-body, references and disclaimer templates as the web
page, with `for_print=True` (print-sized image renditions): one body template, two frames.
`frame_version()` hashes every template and the stylesheet that reach the PDF, so a change to any of
them makes stored handouts stale."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_variables

from . import pdfua
from .document import Packet, UnknownLocation, Variant

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
