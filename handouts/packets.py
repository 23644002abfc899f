"""Visit packets: several articles in one handout, with the provider's instructions.

The instructions (`note`) and the patient's first name are health information. A packet that
carries either is rendered in the request that asks for it and handed back: never stored (no
StoredHandout row, no file, no cache entry), never queued as a task, never logged. Everything that
holds them here is marked sensitive (Django's error reports show "********************" instead)
and render.Packet keeps them out of its repr. A packet without them — a care collection as it is,
or with its own default note — is stored and reused like a single handout.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.views.decorators.debug import sensitive_variables

from . import counts, render, store
from .models import PrintCount


@dataclass(frozen=True)
class PrintedPacket:
    pdf: bytes
    pages: int
    filename: str
    stored: bool  # served from (or saved to) the store: only a packet without patient data


def filename(packet: render.Packet) -> str:
    """Never the patient's name: the file lands in a downloads folder or a print queue."""
    if len(packet.pages) == 1 and not packet.has_cover:
        return packet.variant.filename(packet.pages[0].slug)
    return packet.variant.filename("visit-packet")


@sensitive_variables("packet", "rendered")
def print_packet(packet: render.Packet, site, *, channel: str = PrintCount.PACKET) -> PrintedPacket:
    """Render (or fetch from the store when it holds no patient data) and count one print of each
    article. Raises render.UnknownLocation before any work for a location that is not live."""
    version, location_slugs = store.current_context(site.id)
    if packet.variant.location and packet.variant.location not in location_slugs:
        raise render.UnknownLocation(packet.variant.location)
    if packet.is_personal:
        rendered = render.render_packet(packet, site)
        pdf, pages, stored = rendered.pdf, rendered.pages, False
    elif not packet.has_cover:
        row = store.get_or_render(packet.pages[0], packet.variant, site)
        pdf, pages, stored = store.read_bytes(row), row.pages, True
    else:
        row = store.get_or_render_packet(packet, site)
        pdf, pages, stored = store.read_bytes(row), row.pages, True
    # Each article in the language it printed in (the builder and the command give a packet
    # its articles in the packet's language: forms.in_language).
    counts.record_pages(packet.pages, variant=packet.variant, channel=channel)
    return PrintedPacket(pdf=pdf, pages=pages, filename=filename(packet), stored=stored)
