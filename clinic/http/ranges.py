"""Validators and byte ranges for responses whose bytes are all in memory (handouts).

Pages get their `ETag` from Django's ConditionalGetMiddleware (an MD5 of the body, placed outside
the page cache so that a kept page and a fresh one carry the same tag). A PDF that answers a
`Range` request sends only part of its bytes, so its tag is set here, from all of them, the same
way (`content_etag`): the middleware keeps a tag that is already there and answers
`If-None-Match` with 304 from it. The tag changes exactly when the bytes do.

`Range: bytes=…` (RFC 9110 §14): one range → 206 with `Content-Range`; a range that starts past
the end → 416 with `Content-Range: bytes */<length>`; several ranges, a malformed header, another
unit, or an `If-Range` that names another version → the whole file (200), as the RFC allows.
"""

from __future__ import annotations

import functools
import hashlib
import re

from django.http import HttpResponse
from django.utils.http import quote_etag

_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def content_etag(content: bytes) -> str:
    """The strong ETag Django's ConditionalGetMiddleware gives the same bytes. Remembered for the
    last few contents: a warm handout is the same bytes object on every request (handouts.pdf_cache),
    which Python finds again by identity and its cached hash, without reading it through again."""
    return quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())


def requested_range(header: str, length: int):
    """(start, end inclusive) of one satisfiable range, "unsatisfiable", or None (send it all)."""
    match = _RANGE.match(header or "")
    if not match:
        return None  # absent, malformed, several ranges or another unit: ignored
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        suffix = int(last[:19])
        if suffix == 0:
            return "unsatisfiable"
        return max(0, length - suffix), length - 1
    start = int(first[:19])
    end = int(last[:19]) if last else None
    if end is not None and end < start:
        return None  # invalid: ignored
    if start >= length:
        return "unsatisfiable"
    return start, length - 1 if end is None else min(end, length - 1)


def byte_range_response(request, content: bytes, content_type: str) -> HttpResponse:
    """`content` whole (200) or the part a GET's `Range` asks for (206, or 416), with an ETag
    and `Accept-Ranges: bytes`."""
    etag = content_etag(content)
    length = len(content)
    wanted = None
    if request.method == "GET" and "Range" in request.headers:
        if_range = request.headers.get("If-Range")
        if if_range is None or if_range.strip() == etag:
            wanted = requested_range(request.headers["Range"], length)
    if wanted == "unsatisfiable":
        response = HttpResponse(status=416, content_type="text/plain; charset=utf-8")
        response["Content-Range"] = f"bytes */{length}"
    elif wanted is not None:
        start, end = wanted
        response = HttpResponse(content[start : end + 1], status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{length}"
    else:
        response = HttpResponse(content, content_type=content_type)
    response["ETag"] = etag
    response["Accept-Ranges"] = "bytes"
    return response
