"""Caching of public responses: by shared HTTP caches (Varnish, nginx, a CDN) and by the site itself.

Who may keep a response is decided in one place, `PublicCacheMiddleware`, from what the view said
and what the request and response carry:

* A view (or Wagtail's `before_serve_page` hook, for pages without a view restriction) calls
  `allow_public_cache(request)`. Nothing else is ever public: the admin, previews, search results
  with a query, restricted pages and handouts, 404s and redirects get `Cache-Control: private`.
* Even an allowed response stays private when the request carries a session or CSRF cookie (a
  logged-in editor, a visitor who unlocked a password-protected page), when the user is logged in,
  or when the response sets a cookie.
* A public response gets `Cache-Control: public, max-age=0, s-maxage=N, stale-while-revalidate=M`:
  browsers always revalidate (no browser can be purged), shared caches keep it for N seconds or
  until Wagtail purges it on publish (clinic.http.purge). `expires_within(seconds)` lowers N for the
  current response — the locations' "Open now" status says when it next changes.

The site keeps its own copy of public pages too (`PAGE_CACHE_ENABLED`, in Django's default cache —
Redis in production), so that a page costs one cache read even with no HTTP cache in front. Its
entries carry the same lifetime as `s-maxage`, are only served to requests without cookies, and
are all forgotten at once by `forget_all_pages()` on every change of content
(clinic.http.changes) and with every release: each entry is kept with the generation it was
rendered under (`generation()`), and one of an older generation is a miss. The generation and the
entry are read together, so a hit is one cache round trip. After a change, one request computes a
page or a remembered list while the others asking for it wait for its result.

A response too large to copy into the cache on every hit (a handout PDF) can be kept as a
*reference* instead (`keep_as_reference`): its headers and a small payload naming the bytes, which
a serving function registered by the app that owns them (`register_reference_kind`) turns back
into a response, with that app's own checks and response-building path. The entry carries the
same generation as pages, so every change of content forgets it too.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import logging
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

_ALLOWED = "_public_cache_allowed"
_REFERENCE = "_page_cache_reference"
_cap: contextvars.ContextVar[int | None] = contextvars.ContextVar("public_cache_cap", default=None)

GENERATION_KEY = "pagecache:generation"
CACHED_TYPES = ("text/html", "application/rss+xml", "application/xml", "text/xml", "text/plain")
MAX_CACHED_BYTES = 1_000_000


def public_seconds() -> int:
    return int(getattr(settings, "PUBLIC_CACHE_SECONDS", 600))


def allow_public_cache(request) -> None:
    """This response may be kept by shared caches (subject to the middleware's checks)."""
    setattr(request, _ALLOWED, True)


def public_cache(view):
    """Decorator: the view's responses may be kept by shared caches (see allow_public_cache)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        allow_public_cache(request)
        return view(request, *args, **kwargs)

    return wrapped


# kind → serve(request, payload) -> HttpResponse | None (None: the referenced bytes are gone).
_reference_kinds: dict = {}
# Headers a reference's serving function builds afresh on every hit (they depend on the bytes and
# on the request's Range); every other header is replayed as it was kept.
REBUILT_HEADERS = {
    "content-length",
    "content-range",
    "content-type",
    "etag",
    "accept-ranges",
    "age",
}


def register_reference_kind(kind: str, serve) -> None:
    """`serve(request, payload)` answers page-cache hits kept with keep_as_reference(…, kind, …):
    the response for that payload, or None when what it names is gone (the request then goes
    through the site as a miss). Called from an app's ready()."""
    _reference_kinds[kind] = serve


def keep_as_reference(response, kind: str, payload, *, headers=()) -> None:
    """Keep `response` in the page cache (if it may be kept at all) as `kind` + `payload` instead
    of its body. `headers`: names of further headers the serving function sets itself."""
    setattr(response, _REFERENCE, (kind, payload, {name.lower() for name in headers}))


def expires_within(seconds: int) -> None:
    """The response being built is only good for `seconds` more (shared caches keep it no longer)."""
    current = _cap.get()
    _cap.set(int(seconds) if current is None else min(current, int(seconds)))


def private_cookies(request) -> bool:
    names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    return any(name in request.COOKIES for name in names)


def _is_private(response) -> bool:
    value = response.get("Cache-Control", "").lower()
    return "private" in value or "no-store" in value or "no-cache" in value


def forget_all_pages() -> None:
    """Forget every page the site keeps: the next request for each renders it again."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:  # a cache that is down forgets nothing but keeps nothing either
        logger.warning("Could not start a new page cache generation.", exc_info=True)


def forget(sender, change, **kwargs):
    """content_changed listener (clinic.http.changes): every change forgets every kept page,
    list and search result."""
    forget_all_pages()


def connect():
    from clinic.http.changes import content_changed

    content_changed.connect(forget, dispatch_uid="clinic-page-cache")


@functools.cache
def release() -> str:
    """This release of the code: `RELEASE_ID` from the environment (e.g. the deployed commit), else
    a hash of the project's own source, templates, translations and the versions of Django and
    Wagtail. Part of the content generation, so every release starts with an empty page cache, and
    old and new code running side by side during a deploy never share an entry (a page rendered
    by old templates, a pickled object of an old model)."""
    configured = getattr(settings, "RELEASE_ID", "")
    if configured:
        return str(configured)[:40]
    import django
    import wagtail

    digest = hashlib.sha256(f"{django.__version__}:{wagtail.__version__}".encode())
    root = Path(settings.BASE_DIR)
    suffixes = {".py", ".html", ".txt", ".xml", ".css", ".js", ".po", ".svg"}
    for app in ("clinic", "locations", "articles", "handouts", "locale"):
        for path in sorted((root / app).rglob("*")):
            if path.suffix in suffixes and "__pycache__" not in path.parts and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def generation(stored: str | None = None) -> str:
    """A token that changes whenever published content changes (forget_all_pages) and with every
    release: part of the key of anything cached from live content. `stored`: the value at
    GENERATION_KEY when the caller has already read it (the page cache reads it with the entry)."""
    return f"{release()}.{stored or token(GENERATION_KEY)}"


def token(key: str) -> str:
    """The current token stored at `key` (made on first use; every process agrees on one, since
    only the first `add` wins). Setting a new token there forgets everything keyed with the old
    one: the page cache's (generation) and the password-form throttle's (clinic.security.throttle)."""
    value = cache.get(key)
    if value is None:
        value = uuid.uuid4().hex
        cache.add(key, value, None)
        value = cache.get(key) or value
    return value


# One computation of a missing entry at a time: after a publish, the requests that arrive together
# for the same page or list wait (up to WAIT_SECONDS) for the first one's result instead of all
# computing it. Stale copies are never served while waiting: after an unpublish or a new view
# restriction the old copy is exactly what must not be shown.
LOCK_SECONDS = 30
WAIT_SECONDS = 5.0
POLL_SECONDS = 0.02


def pause() -> None:
    time.sleep(POLL_SECONDS)


def claim(key: str) -> bool:
    """Whether this request computes `key` (it then calls release_claim); False: another does."""
    try:
        return bool(cache.add(f"{key}:computing", 1, LOCK_SECONDS))
    except Exception:
        return True


def release_claim(key: str) -> None:
    with contextlib.suppress(Exception):
        cache.delete(f"{key}:computing")


def wait_for(key: str, claimed: str | None = None, unwrap=None):
    """The value another request is computing for `key`, once it is there; None when it gave up
    (its result was not storable, it failed) or after WAIT_SECONDS. `claimed`: the name it
    claimed (claim), when not `key`; `unwrap(kept)`: the value in what is kept, None while it is
    not there yet (an entry of an older generation)."""
    claimed = claimed or key
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        pause()
        try:
            value = cache.get(key)
            if unwrap is not None:
                value = unwrap(value)
            if value is not None or cache.get(f"{claimed}:computing") is None:
                return value
        except Exception:
            return None
    return None


def remember(name: str, build, timeout: int = 600):
    """`build()`, kept in the cache under the content generation: any change of content forgets it
    (clinic.http.changes). For things read from live content on many requests (the header's and
    footer's pages, topic lists, ranked search results). Computed by one request at a time. A
    cache that is down only costs the work of `build()`. Off with the site's page cache
    (PAGE_CACHE_ENABLED)."""
    if not getattr(settings, "PAGE_CACHE_ENABLED", False):
        return build()
    try:
        key = f"remember:{generation()}:{name}"
        value = cache.get(key)
    except Exception:
        return build()
    if value is not None:
        return value
    mine = claim(key)
    if not mine and (value := wait_for(key)) is not None:
        return value
    try:
        value = build()
        with contextlib.suppress(Exception):
            cache.set(key, value, timeout)
    finally:
        if mine:
            release_claim(key)
    return value


def _current_entry(kept, current: str):
    """A page-cache entry kept as (generation, entry): the entry if it is of the current
    generation, else None (a miss)."""
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == current:
        return kept[1]
    return None


class PublicCacheMiddleware:
    """Put right after WhiteNoise: outside the session, CSRF and auth middleware, so that it sees
    the cookies they set, and before them, so that a hit costs no session or user look-up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _cap.set(None)
        key = current = claimed = None
        mine = False
        if self._app_cache_on() and request.method == "GET" and not private_cookies(request):
            try:
                key = self._key(request)
                # One round trip: the generation and the entry (kept with the generation it was
                # rendered under; an entry of an older generation is a miss).
                found = cache.get_many([GENERATION_KEY, key])
                current = generation(found.get(GENERATION_KEY))
                hit = _current_entry(found.get(key), current)
            except DisallowedHost:  # not the cache's business (RefuseForeignHostMiddleware)
                key = hit = None
            except Exception:  # the cache being down never takes a page down
                logger.warning("Page cache unavailable.", exc_info=True)
                key = hit = None
            if key is not None and hit is None:
                claimed = f"{key}:{current}"  # one rendering per page and generation
                mine = claim(claimed)
                if not mine:
                    hit = wait_for(
                        key,
                        claimed=claimed,
                        unwrap=functools.partial(_current_entry, current=current),
                    )
            if hit is not None:
                response = self._from_entry(request, hit)
                if response is not None:
                    return response
        try:
            return self._respond(request, key, current)
        finally:
            if mine:
                release_claim(claimed)

    def _respond(self, request, key, current):
        response = self.get_response(request)
        seconds = self._public_seconds(request, response)
        if seconds:
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=seconds,
                stale_while_revalidate=int(getattr(settings, "PUBLIC_CACHE_STALE_SECONDS", 60)),
            )
            if key is not None and self._storable(response):
                self._store(key, current, response, seconds)
        else:
            if "public" in response.get("Cache-Control", ""):
                del response["Cache-Control"]
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True)
        return response

    @staticmethod
    def _app_cache_on() -> bool:
        return bool(getattr(settings, "PAGE_CACHE_ENABLED", False))

    @staticmethod
    def _public_seconds(request, response) -> int:
        if not getattr(request, _ALLOWED, False):
            return 0
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return 0
        if private_cookies(request) or response.cookies or _is_private(response):
            return 0
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return 0
        cap = _cap.get()
        seconds = public_seconds() if cap is None else min(public_seconds(), cap)
        return max(seconds, 0)

    @staticmethod
    def _key(request) -> str:
        """The entry's key: the URL only. The generation is kept in the entry (_current_entry),
        so that a hit is one cache read, not one for the generation and one for the entry."""
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()
        return f"pagecache:{digest}"

    @staticmethod
    def _storable(response) -> bool:
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        # Only cookie-less requests are served from here, so a page that varies on Cookie is fine.
        vary = {
            part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()
        }
        if response.streaming or not vary <= {"cookie", "accept-encoding"}:
            return False
        reference = getattr(response, _REFERENCE, None)
        if reference is not None:
            return reference[0] in _reference_kinds
        return content_type in CACHED_TYPES and len(response.content) <= MAX_CACHED_BYTES

    @staticmethod
    def _store(key, current, response, seconds) -> None:
        reference = getattr(response, _REFERENCE, None)
        if reference is None:
            headers = [(name, value) for name, value in response.items() if name.lower() != "age"]
            entry = (response.status_code, headers, response.content, time.time())
        else:
            kind, payload, rebuilt = reference
            skip = REBUILT_HEADERS | rebuilt
            headers = [
                (name, value) for name, value in response.items() if name.lower() not in skip
            ]
            entry = ("reference", kind, payload, headers, time.time())
        try:
            # Under the generation read before rendering: a change made meanwhile forgets it.
            cache.set(key, (current, entry), seconds)
        except Exception:
            logger.warning("Could not keep a page in the cache.", exc_info=True)

    @staticmethod
    def _from_entry(request, entry) -> HttpResponse | None:
        """The kept response, or None when a kept reference names bytes that are gone."""
        if entry[0] == "reference":
            _, kind, payload, headers, stored_at = entry
            serve = _reference_kinds.get(kind)
            response = None if serve is None else serve(request, payload)
            if response is None:
                return None
            response["Content-Length"] = str(len(response.content))
        else:
            status, headers, content, stored_at = entry
            response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        # Shared caches in front count down the remaining lifetime from here (RFC 9111 Age).
        response["Age"] = str(max(0, int(time.time() - stored_at)))
        response["X-Page-Cache"] = "hit"
        return response
