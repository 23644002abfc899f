"""Purge the HTTP caches in front (Varnish/nginx through HTTP PURGE, Cloudflare, CloudFront:
wagtail.contrib.frontend_cache backends, configured from the environment in settings) when content
changes (`forget`, a listener of clinic.http.changes.content_changed, after the commit):

* pages published or unpublished: their URLs and cached paths (an article's handouts, every
  variant), their ancestors (the articles index, the home page), their live translations (they
  link to them), the sitemap, and any paths a page names in `purge_also_paths()` (an article: the
  feed);
* anything shown on every page (a location, the settings, a Site, a practitioner, a topic name, an
  image, a view restriction), a move, a delete or a bulk publish: everything, once, as a background
  task (django-tasks: the worker in production), so a slow or absent cache never slows a publish.
"""

from __future__ import annotations

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin
from urllib.request import urlopen

from django_tasks import task
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest

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


def forget(sender, change, **kwargs):
    """content_changed listener (clinic.http.changes): purge the HTTP caches in front."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
    from wagtail.models import Page

    if not change.everything:
        pages = Page.objects.filter(id__in=change.pages())
        try:
            urls = sorted({url for page in pages for url in page_urls(page)})
        except Exception as exc:  # a purge never fails a publish: purge everything instead
            logger.warning(
                "Could not list the URLs of pages %s (%s: %s); purging everything.",
                sorted(change.pages()),
                type(exc).__name__,
                exc,
            )
        else:
            purge_urls_from_cache(urls)
            return
    purge_everything_task.enqueue()


def connect():
    from clinic.http.changes import content_changed

    content_changed.connect(forget, dispatch_uid="clinic-purge")
