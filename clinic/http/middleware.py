"""Requests no valid content can answer are refused before anything looks them up."""

from django.http import HttpResponseBadRequest


class RejectNulMiddleware:
    """400 for a request whose path or query string holds a NUL character (`%00`).

    PostgreSQL text cannot contain NUL, so no slug, topic, search or location ever has one; but any
    query that compared it with a column raised DataError, a 500 (the handouts fast path queries
    before any routing; search, the topic filter…). On SQLite a NUL cut the search expression short
    ("unterminated string"). Refusing it here, first, covers every route, present and future."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return HttpResponseBadRequest(
                "Bad request: the address contains a NUL character (%00).",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
