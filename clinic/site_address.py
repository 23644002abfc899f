"""The default Site's address: placeholder hostnames, and pointing a placeholder Site at the
address the site is served on (`load_demo_content --site-url`, `make run`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from wagtail.models import Site

# Hostnames that are nobody's real address: Wagtail's and Django's defaults, loopback, the
# documentation domain. A default Site still named by one of these is a placeholder the demo may
# point at the address it is served on; any other hostname was set by staff and is left alone.
PLACEHOLDER_HOSTNAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]", "example.com"})


def parse_site_url(url: str) -> tuple[str, int]:
    """(hostname, port) of an address like http://127.0.0.1:8000/. Raises ValueError."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http:// or https:// address with a hostname.")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(f"{url!r} must be the site's root address, e.g. http://127.0.0.1:8000/.")
    try:
        port = parts.port
    except ValueError as exc:  # a port out of range or not a number
        raise ValueError(f"{url!r} has an invalid port.") from exc
    if port is None:
        port = 443 if parts.scheme == "https" else 80
    hostname = parts.hostname
    if hostname in ("0.0.0.0", "::"):  # noqa: S104 - a listening address, not one to visit
        raise ValueError(
            f"{url!r} is where a server listens, not an address a browser can visit: give "
            "http://127.0.0.1:PORT/ or the machine's name instead."
        )
    return hostname, port


def ensure_site_address(site: Site, url: str) -> str:
    """Point the default Site at `url` (the address the demo is served on) while it still has a
    placeholder hostname, so that sitemaps, feeds, canonical links, JSON-LD and handout QR codes
    name an address that answers. Never overwrites a hostname staff have set.

    Returns what happened: "set", "unchanged" or "kept" (a real hostname, or the address is taken
    by another Site)."""
    hostname, port = parse_site_url(url)
    if (site.hostname, site.port) == (hostname, port):
        return "unchanged"
    if site.hostname.lower() not in PLACEHOLDER_HOSTNAMES:
        return "kept"
    if Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
        return "kept"
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return "set"
