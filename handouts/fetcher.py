"""The only way WeasyPrint may read anything while rendering a handout.

WeasyPrint fetches every URL a document names (images, stylesheets, fonts, SVG references). Article
content is written by staff and imported from the old website, so treat it as hostile: this fetcher
serves ONLY

* the project's static files (STATIC_ROOT, then the staticfiles finders) and media files
  (MEDIA_ROOT), read from disk, addressed as ``<site root URL>/static/…`` or ``…/media/…``;
* ``data:`` URIs, decoded here;
* when media live on object storage (S3 via django-storages: the default storage is not on local
  disk), media files under that storage's own base URL, read through Django's storage API.

Everything else raises: http(s) to any other origin or any other path, ``file:`` URLs, ``ftp:``,
``../`` traversal (plain or percent-encoded), and symlinks that point outside the allowed folders.
No request ever leaves the process, so there is nothing to redirect.
"""

from __future__ import annotations

import base64
import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse


class FetchRefused(ValueError):
    """Raised for every URL the handout renderer may not read. WeasyPrint logs it and moves on."""


def _allowed_static_roots() -> list[Path]:
    roots = []
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    for finder in finders.get_finders():
        storages = getattr(finder, "storages", {}) or {}
        for storage in storages.values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location))
    return roots


def _inside(path: Path, roots: list[Path]) -> bool:
    real = Path(os.path.realpath(path))
    for root in roots:
        real_root = Path(os.path.realpath(root))
        if real == real_root or real_root in real.parents:
            return True
    return False


def _clean_relative(url_path: str, prefix: str) -> str:
    """The path under `prefix`, percent-decoded, refusing anything that could climb out."""
    relative = unquote(url_path[len(prefix) :])
    parts = relative.replace("\\", "/").split("/")
    if (
        not relative
        or relative.startswith("/")
        or any(part in ("..", "") for part in parts)
        or "\x00" in relative
    ):
        raise FetchRefused(f"Refused path: {url_path!r}")
    return relative


def decode_data_uri(url: str) -> tuple[bytes, str]:
    header, sep, payload = url[5:].partition(",")
    if not sep:
        raise FetchRefused("Malformed data: URI")
    params = header.split(";")
    content_type = params[0] or "text/plain"
    if "base64" in params[1:]:
        return base64.b64decode(unquote(payload)), content_type
    return unquote_to_bytes(payload), content_type


MAX_REMOTE_MEDIA_BYTES = 25 * 1024 * 1024


def _remote_media_base() -> str | None:
    """The base URL of media files when the default storage is not on this server's disk (S3 and
    the like), else None. Signed URLs (query-string auth) are not used for media."""
    from django.core.files.storage import FileSystemStorage, default_storage

    if isinstance(default_storage, FileSystemStorage):
        return None
    probe = default_storage.url("probe").split("?", 1)[0]
    return probe[: -len("probe")] if probe.endswith("probe") else None


class HandoutURLFetcher(URLFetcher):
    """Reads static and media files of this project, and data: URIs. Nothing else.

    `base_url` is the site's root URL the handout is rendered against (e.g. https://example.org/);
    only URLs on that origin whose path starts with STATIC_URL or MEDIA_URL are mapped to disk.
    `self.log` records every URL asked for and what was done with it (tests read it).
    """

    def __init__(self, base_url: str, **kwargs):
        super().__init__(
            allowed_protocols=("data", "http", "https"), allow_redirects=False, **kwargs
        )
        parts = urlsplit(base_url)
        self.origin = (parts.scheme.lower(), parts.netloc.lower())
        self.log: list[tuple[str, str]] = []

    def fetch(self, url, headers=None):
        try:
            response = self._fetch(url)
        except FetchRefused:
            self.log.append(("refused", url))
            raise
        self.log.append(("served", url))
        return response

    def _fetch(self, url: str) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            body, content_type = decode_data_uri(url)
            return URLFetcherResponse(
                url="data:", body=body, headers={"Content-Type": content_type}
            )
        remote_base = _remote_media_base()
        if remote_base and url.split("?", 1)[0].startswith(remote_base):
            return self._from_storage(url, remote_base)
        parts = urlsplit(url)
        if (parts.scheme.lower(), parts.netloc.lower()) != self.origin:
            raise FetchRefused(f"Refused URL outside the site's static and media files: {url}")
        path = parts.path
        if path.startswith(settings.MEDIA_URL):
            relative = _clean_relative(path, settings.MEDIA_URL)
            candidate = Path(settings.MEDIA_ROOT) / relative
            roots = [Path(settings.MEDIA_ROOT)]
        elif path.startswith(settings.STATIC_URL):
            relative = _clean_relative(path, settings.STATIC_URL)
            candidate = None
            if settings.STATIC_ROOT and (Path(settings.STATIC_ROOT) / relative).is_file():
                candidate = Path(settings.STATIC_ROOT) / relative
            else:
                try:
                    found = finders.find(relative)
                except Exception as error:  # SuspiciousFileOperation and friends
                    raise FetchRefused(f"Refused static path: {url}") from error
                candidate = Path(found) if found else None
            if candidate is None:
                raise FetchRefused(f"No such static file: {url}")
            roots = _allowed_static_roots()
        else:
            raise FetchRefused(f"Refused URL outside the site's static and media files: {url}")
        if not candidate.is_file() or not _inside(candidate, roots):
            raise FetchRefused(f"Refused file outside the allowed folders: {url}")
        content_type = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
        # Read whole (the files are small: renditions sized for print, fonts, CSS) so no handle leaks.
        body = Path(os.path.realpath(candidate)).read_bytes()
        return URLFetcherResponse(url=url, body=body, headers={"Content-Type": content_type})

    def _from_storage(self, url: str, base: str) -> URLFetcherResponse:
        """A media file on object storage, read through the storage API (never over the network
        from here: the storage backend does that with its own credentials)."""
        from django.core.files.storage import default_storage

        name = _clean_relative(url.split("?", 1)[0], base)
        try:
            with default_storage.open(name, "rb") as handle:
                body = handle.read(MAX_REMOTE_MEDIA_BYTES + 1)
        except Exception as error:  # missing file, storage error: the image is left out
            raise FetchRefused(f"No such media file: {url}") from error
        if len(body) > MAX_REMOTE_MEDIA_BYTES:
            raise FetchRefused(f"Media file too large for a handout: {url}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url=url, body=body, headers={"Content-Type": content_type})
