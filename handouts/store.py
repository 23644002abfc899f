"""The store of rendered handouts: look up, or render once (across processes) and keep.

The PDFs are rows in the database (StoredHandout.pdf), so every app server shares one store and
none of them is ever behind a public media URL.

Key = page id · revision id · variant · context version, where the context version hashes what
else appears on the page: ClinicSettings.updated_at, the live locations (id, live revision), the
site's root URL (the QR code and short link), the print templates and stylesheet, the page size and
the date ("Printed on …"). Publishing the article (new live revision), saving the clinic settings,
publishing/unpublishing a location, changing the site's hostname or saving a practitioner (the
"Medically reviewed by" line) changes the key, so the old PDF is never served again, even before
any background task runs; stale rows are then pruned (see signals).

Render-once locking, shared by every server process:
* PostgreSQL: `pg_advisory_xact_lock(<64-bit hash of the key>)` inside a transaction; the row is
  committed before the lock is released, so the next holder finds it on its re-check.
* SQLite (one machine by nature): an exclusive `fcntl.flock` on a lock file per key in a
  `.handout-locks` folder beside the database file (never under the public media folder). flock locks belong to the open file description, so two threads or
  two processes each opening the file exclude each other; the kernel drops the lock if a process
  dies. (A BEGIN IMMEDIATE transaction would also work but would block every other database write
  for the whole render.)
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from clinic.http.queries import CompiledQuery

from . import failures, render
from .isolation import RenderFailed
from .models import StoredHandout

logger = logging.getLogger(__name__)


def _sha1(text: str):
    return hashlib.sha1(text.encode(), usedforsecurity=False)  # a cache key, not security


def context_version(clinic_updated_at, locations, root_url: str = "", practitioners="") -> str:
    """Hash of what a handout shows besides the article: `clinic_updated_at` (ClinicSettings.updated_at
    as the database returns it, None for unsaved defaults), `locations`, (id, live_revision_id)
    pairs of the live locations, the site's `root_url` (what the QR code points to) and
    `practitioners` (who may be named in "Medically reviewed by": the last save and the count of
    those named on articles)."""
    parts = [
        render.frame_version(),
        root_url,
        str(clinic_updated_at) if clinic_updated_at else "default",
        str(practitioners),
        ";".join(f"{loc_id}.{revision_id}" for loc_id, revision_id in locations),
        timezone.localdate().isoformat(),
    ]
    return _sha1("|".join(parts)).hexdigest()[:12]


def _context_stamps(site_id):
    """One row: the site's clinic settings' last save; the last save and the count of the
    practitioners named on articles (a new practitioner is named nowhere yet)."""
    from django.db.models import Exists, F, Func, OuterRef, Q, Subquery
    from wagtail.models import Site

    from articles.models import ArticlePage, Practitioner
    from clinic.models import ClinicSettings

    named = ArticlePage.objects.filter(Q(reviewed_by=OuterRef("pk")) | Q(author=OuterRef("pk")))
    practitioners = Practitioner.objects.order_by().filter(Exists(named))
    return (
        Site.objects.filter(id=site_id)
        .order_by()
        .values_list(
            Subquery(
                ClinicSettings.objects.filter(site_id=OuterRef("id")).values("updated_at")[:1]
            ),
            Subquery(practitioners.order_by("-updated_at").values("updated_at")[:1]),
            Subquery(practitioners.annotate(n=Func(F("id"), function="COUNT")).values("n")),
        )
    )


def _live_location_versions():
    from locations.models import live_locations_queryset

    return live_locations_queryset().values_list("id", "live_revision_id", "slug")


# Every handout request asks for these two; compiled once (see clinic.http.queries.CompiledQuery).
CONTEXT_STAMPS = CompiledQuery(_context_stamps, -918273645)
LIVE_LOCATION_VERSIONS = CompiledQuery(_live_location_versions)


def current_context(site_id: int, root_url: str | None = None) -> tuple[str, list[str]]:
    """(context version, live location slugs) for the site: two narrow queries, compiled once per
    process — the hot path of every handout request reads only these columns. `root_url`: the
    site's, when the caller already has Wagtail's site root paths in hand."""
    stamps = CONTEXT_STAMPS.rows(site_id)
    clinic_updated_at, practitioner_saved, practitioner_count = stamps[0] if stamps else (None,) * 3
    rows = LIVE_LOCATION_VERSIONS.rows()
    version = context_version(
        clinic_updated_at,
        [(i, rev) for i, rev, _ in rows],
        site_root_url(site_id) if root_url is None else root_url,
        f"{practitioner_count}.{practitioner_saved}",
    )
    return version, [slug for _, _, slug in rows]


def site_root_url(site_id: int) -> str:
    """The site's root URL as page URLs (and so the QR code) are built from it: Wagtail's cached
    site root paths, which Wagtail refreshes whenever a Site is saved."""
    from wagtail.models import Site

    for root in Site.get_site_root_paths():
        if root.site_id == site_id:
            return root.root_url
    return ""


def store_key(page_id: int, revision_id: int | None, variant: render.Variant, version: str) -> str:
    return f"{page_id}:r{revision_id or 0}:{variant.key}:{version}"


@contextlib.contextmanager
def render_lock(key: str):
    """Exclusive across threads and processes for this key (see the module docstring)."""
    digest = _sha1(key).digest()
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s)",
                    [int.from_bytes(digest[:8], "big", signed=True)],
                )
            yield
        return
    import fcntl

    lock_dir = Path(
        getattr(settings, "HANDOUT_LOCK_DIR", "")
        or Path(settings.DATABASES["default"]["NAME"]).resolve().parent / ".handout-locks"
    )
    lock_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_dir / f"{digest.hex()[:20]}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def lookup(key: str) -> StoredHandout | None:
    """The stored handout for `key`, PDF bytes included, or None."""
    return StoredHandout.objects.filter(key=key).first()


def get_or_render(
    page, variant: render.Variant, site, *, revision_id=None, is_draft=False
) -> StoredHandout:
    """The stored handout for `page` (the live page, or a revision's object with `revision_id`),
    rendering and storing it first if needed. Raises render.UnknownLocation, and
    isolation.RenderFailed when this handout failed to render (now, or before: remembered)."""
    version, location_slugs = current_context(site.id)
    if variant.location and variant.location not in location_slugs:
        raise render.UnknownLocation(variant.location)  # before any work
    # A Spanish handout is never served for English or the reverse (the page ids differ too).
    variant = variant.in_language(page.locale.language_code)
    revision_id = revision_id if revision_id is not None else page.live_revision_id
    key = store_key(page.id, revision_id, variant, version)
    stored = lookup(key)
    if stored is not None:
        return stored
    if (failure := failures.remembered(key)) is not None:
        raise failures.as_error(failure)  # failed before: not again (and no lock to wait for)
    failed = None
    with render_lock(key):
        stored = lookup(key)  # another process may have rendered it while we waited
        if stored is not None:
            return stored
        if (failure := failures.remembered(key)) is not None:
            raise failures.as_error(failure)  # failed while we waited for the lock
        try:
            rendered = render.render_handout(page, variant, site, is_draft=is_draft)
        except RenderFailed as error:
            # Recorded before the lock is released (on PostgreSQL, in its transaction): the next
            # holder finds it. No StoredHandout row is written.
            failed = failures.record(key, page, revision_id, variant, version, error)
        else:
            # Row and bytes are one insert: nobody ever sees a partial PDF or a row without its PDF.
            stored = StoredHandout.objects.create(
                key=key,
                page_id=page.id,
                revision_id=revision_id,
                variant=variant.key,
                context_version=version,
                pdf=rendered.pdf,
                size=len(rendered.pdf),
                pages=rendered.pages,
            )
    if failed is not None:
        raise failed
    prune_stale(page_id=page.id, current_version=version)
    return stored


def read_bytes(stored: StoredHandout) -> bytes:
    return bytes(stored.pdf)


def prune_stale(page_id: int | None = None, current_version: str | None = None) -> int:
    """Delete stored handouts that can no longer be served: another context version, or a revision
    that is neither the page's live nor its latest one (or a page that is gone). Returns the count."""
    from wagtail.models import Page, Site

    if current_version is None:
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return 0
        current_version, _ = current_context(site.id)
    rows = StoredHandout.objects.all()
    if page_id is not None:
        rows = rows.filter(page_id=page_id)
    pages = {
        p["id"]: p
        for p in Page.objects.filter(id__in=rows.values("page_id")).values(
            "id", "live", "live_revision_id", "latest_revision_id"
        )
    }
    stale = []
    for row in rows.only("id", "page_id", "revision_id", "context_version"):
        page = pages.get(row.page_id)
        keep = (
            page is not None
            and row.context_version == current_version
            and row.revision_id in (page["live_revision_id"], page["latest_revision_id"])
        )
        if not keep:
            stale.append(row)
    StoredHandout.objects.filter(id__in=[row.id for row in stale]).delete()
    failures.prune_stale(current_version, page_id)
    if stale:
        logger.info("Pruned %d stale handout(s).", len(stale))
    return len(stale)


def delete_for_page(page_id: int) -> None:
    delete_for_pages([page_id])


def delete_for_pages(page_ids) -> int:
    """Delete every stored handout of these pages. Returns the count."""
    page_ids = list(page_ids)
    deleted, _ = StoredHandout.objects.filter(page_id__in=page_ids).delete()
    failures.delete_for_pages(page_ids)  # a replaced image or practitioner: try again
    return deleted


def packet_key(packet: render.Packet, version: str) -> str:
    """Store key of a packet WITHOUT instructions or a name (those are never stored): the articles
    and their live revisions in order, the provider as printed, the language, variant and context."""
    if packet.is_personal:
        raise ValueError("a packet with instructions or a name is never stored")
    practitioner = packet.practitioner
    parts = [f"{page.id}.{page.live_revision_id}" for page in packet.pages]
    parts.append(f"p{practitioner.pk}:{practitioner.display_name}" if practitioner else "p-")
    parts.append(packet.language)
    digest = _sha1("|".join(parts)).hexdigest()[:20]
    return f"packet:{digest}:{packet.variant.key}:{version}"


def get_or_render_packet(packet: render.Packet, site) -> StoredHandout:
    """The stored rendering of a packet of live articles with no instructions and no name (e.g. a
    care collection as it is), rendering and storing it first if needed. Kept under its first
    article (page, live revision), so it is pruned with that article's stale handouts; the key
    names every article's revision, so a packet is never served after any of them changes."""
    version, location_slugs = current_context(site.id)
    variant = packet.variant
    if variant.location and variant.location not in location_slugs:
        raise render.UnknownLocation(variant.location)
    key = packet_key(packet, version)
    stored = lookup(key)
    if stored is not None:
        return stored
    first = packet.pages[0]
    with render_lock(key):
        stored = lookup(key)
        if stored is not None:
            return stored
        rendered = render.render_packet(packet, site)
        stored = StoredHandout.objects.create(
            key=key,
            page_id=first.id,
            revision_id=first.live_revision_id,
            variant=f"packet:{variant.key}",
            context_version=version,
            pdf=rendered.pdf,
            size=len(rendered.pdf),
            pages=rendered.pages,
        )
    return stored
