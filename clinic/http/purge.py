"""Forget cached copies when content changes: the site's own page cache and the HTTP caches in front
(Varnish/nginx through HTTP PURGE, Cloudflare, CloudFront: wagtail.contrib.frontend_cache backends,
configured from the environment in settings).

* A page is published or unpublished: its URLs and cached paths (an article's handouts, every
  variant), its ancestors (the articles index, the home page), its live translations (they link to
  it), the sitemap, and any paths the page names in `purge_also_paths()` (an article: the feed). Pages that appear on every page (locations,
  `purge_everything_on_publish = True`) purge everything instead.
* Many pages published in one bulk change (the importer, clinic.http.bulk): everything, once.
* A page is moved or deleted, a view restriction is added, changed or removed, the clinic settings,
  a Site, a practitioner or an image's file change: everything.

The site's own page cache is forgotten whole on each of these (clinic.http.cache.forget_all_pages).
All of it happens when the transaction commits; the HTTP purges run as background tasks (django-tasks:
the worker in production), so a slow or absent cache never slows or fails a publish.
"""

from __future__ import annotations

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin
from urllib.request import urlopen

from django.db import connection, transaction
from django_tasks import task
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest

from clinic.http.cache import forget_all_pages

logger = logging.getLogger("wagtail.frontendcache")

SITE_WIDE_PATHS = ("/sitemap.xml",)


class HTTPPurgeBackend(HTTPBackend):
    """Wagtail's HTTP PURGE backend, plus "purge everything" for one host: `PURGE /` with
    `X-Purge: all`. The shipped Varnish VCL (clinic/deploy/varnish.vcl) treats a plain PURGE as
    "this path, with any query string" and `X-Purge: all` as "every object of this host"."""

    def purge_everything(self, hostnames) -> None:
        for host in hostnames:
            request = PurgeRequest(
                url=f"{self.cache_scheme}://{self.cache_netloc}/",
                headers={"Host": host, "X-Purge": "all", "User-Agent": "clinic-purge"},
            )
            try:
                urlopen(request, timeout=10)  # noqa: S310 - the configured cache's own URL
            except (HTTPError, URLError, OSError) as exc:
                logger.error("Couldn't purge everything for %s from the HTTP cache: %s", host, exc)


def _site_hosts_and_roots():
    from wagtail.models import Site

    return [
        (root.root_url.split("://", 1)[-1], root.root_url) for root in Site.get_site_root_paths()
    ]


@task()
def purge_everything_task() -> int:
    """Every cached object of every site: backends that can ban a whole host do; the others get
    every live page's URLs plus the site-wide paths. Returns how many backends were asked."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
    from wagtail.models import Page

    backends = get_backends()
    if not backends:
        return 0
    hosts_and_roots = _site_hosts_and_roots()
    by_url = [
        name for name, backend in backends.items() if not hasattr(backend, "purge_everything")
    ]
    for backend in backends.values():
        if hasattr(backend, "purge_everything"):
            backend.purge_everything([host for host, _ in hosts_and_roots])
    if by_url:
        batch = PurgeBatch()
        batch.add_pages(Page.objects.live().specific(defer=True))
        batch.add_urls(
            urljoin(root, path) for _, root in hosts_and_roots for path in SITE_WIDE_PATHS
        )
        batch.purge(backends=by_url)
    return len(backends)


def page_urls(page) -> list[str]:
    """What to purge when `page` is published or unpublished (see the module docstring)."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    specific = page.specific_deferred
    batch.add_page(specific)
    for ancestor in page.get_ancestors().live().filter(depth__gt=1):
        url = ancestor.get_full_url()
        if url:
            batch.add_url(url)
    # Its translations link to it (the language switcher, an article's "print in the other
    # language" link): publishing or unpublishing one language changes the other's page.
    for translation in page.get_translations().live():
        url = translation.get_full_url()
        if url:
            batch.add_url(url)
    site = page.get_site()
    root = site.root_url if site else ""
    if root:
        extra = getattr(specific, "purge_also_paths", lambda: [])()
        batch.add_urls(urljoin(root + "/", path.lstrip("/")) for path in (*SITE_WIDE_PATHS, *extra))
    return sorted(batch.urls)


class _PurgeEverything:
    """The on-commit callback of one transaction's "purge everything"."""

    done = False

    def __call__(self):
        self.done = True
        forget_all_pages()
        purge_everything_task.enqueue()


def purge_everything() -> None:
    """Forget every cached page, here and in the HTTP caches, when the transaction commits — once
    per transaction, however many objects it changed (deleting a section deletes every page in it)."""
    pending = getattr(connection, "_clinic_purge_everything", None)
    if (
        pending is not None
        and not pending.done
        and connection.in_atomic_block
        and any(entry[1] is pending for entry in connection.run_on_commit)
    ):
        return
    connection._clinic_purge_everything = callback = _PurgeEverything()
    transaction.on_commit(callback)


def purge_page(page) -> None:
    """Forget `page` and what lists it (see the module docstring), when the transaction commits."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    if getattr(page.specific_deferred, "purge_everything_on_publish", False):
        purge_everything()
        return
    try:
        urls = page_urls(page)
    except Exception as exc:  # a purge must never fail a publish: forget everything instead
        # (e.g. Wagtail's cached site root paths name a Site that was just deleted)
        logger.warning(
            "Could not list the URLs of page %s (%s: %s); purging everything.",
            page.pk,
            type(exc).__name__,
            exc,
        )
        purge_everything()
        return

    def after_commit():
        forget_all_pages()
        purge_urls_from_cache(urls)

    transaction.on_commit(after_commit)


def on_page_published(sender, instance, **kwargs):
    from wagtail.signals import page_published

    from clinic.http import bulk

    if bulk.deferring() and kwargs.get("signal") is page_published:
        return  # purged once when the bulk change ends (on_published_in_bulk)
    purge_page(instance)


def on_published_in_bulk(sender, page_ids, **kwargs):
    """Many pages published at once (the importer): forget everything once, not page by page."""
    purge_everything()


def on_anything_changed(sender, instance=None, **kwargs):
    purge_everything()


def on_image_saved(sender, instance, created=False, update_fields=None, **kwargs):
    from clinic.http.images import shown_differently

    if shown_differently(created, update_fields):
        purge_everything()


def connect():
    from django.db.models.signals import post_delete, post_save
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from clinic.http import bulk
    from clinic.models import ClinicSettings

    page_published.connect(on_page_published, dispatch_uid="clinic-purge-published")
    page_unpublished.connect(on_page_published, dispatch_uid="clinic-purge-unpublished")
    bulk.pages_published_in_bulk.connect(on_published_in_bulk, dispatch_uid="clinic-purge-bulk")
    post_page_move.connect(on_anything_changed, dispatch_uid="clinic-purge-moved")
    for model in (PageViewRestriction, ClinicSettings, Site):
        post_save.connect(on_anything_changed, sender=model, dispatch_uid=f"clinic-purge-{model}")
        post_delete.connect(
            on_anything_changed, sender=model, dispatch_uid=f"clinic-purge-d{model}"
        )
    post_save.connect(on_image_saved, sender=get_image_model(), dispatch_uid="clinic-purge-image")

    def on_page_deleted(sender, instance, **kwargs):
        if isinstance(instance, Page):
            purge_everything()

    post_delete.connect(on_page_deleted, weak=False, dispatch_uid="clinic-purge-page-deleted")
