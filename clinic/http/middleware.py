"""Requests no valid content can answer are refused before anything looks them up."""

import logging

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed

host_logger = logging.getLogger("django.security.DisallowedHost")


class RefuseForeignHostMiddleware:
    """400 for a request whose Host header is not in ALLOWED_HOSTS, logged as one warning line.

    Left to Django, the first `request.get_host()` raises DisallowedHost deep in some middleware
    (the page cache's key, CSRF, a redirect…), which then logs at error level with a full
    traceback — reading like an outage of whatever asked. nginx's `proxy_set_header Host $host`
    passes scanners' hosts on, so this is routine traffic: refused first, before any middleware
    or cache looks at the host, with one line saying so and nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost as exc:
            host_logger.warning("Refused request for a foreign host: %s", exc)
            response = HttpResponseBadRequest(
                "Bad request: this server does not answer for that host name.",
                content_type="text/plain; charset=utf-8",
            )
            response._has_been_logged = True  # django.request would log a second line
            return response
        return self.get_response(request)


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


# Routes that take a form (POST) besides GET: named URL patterns, checked by name.
FORM_ROUTES = frozenset(
    {
        "wagtailcore_authenticate_with_password",
        "wagtaildocs_authenticate_with_password",
        "wagtailcore_login",
    }
)


def allowed_methods(request) -> str:
    """The Allow header for the request's path."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(request.path_info)
    except Resolver404:
        return "GET, HEAD, OPTIONS"
    view_class = getattr(match.func, "view_class", None)
    takes_posts = match.url_name in FORM_ROUTES or (
        view_class is not None and hasattr(view_class, "post")
    )
    return "GET, HEAD, POST, OPTIONS" if takes_posts else "GET, HEAD, OPTIONS"


class HttpMethodsMiddleware:
    """`OPTIONS` answers with the methods a route takes and no body; `TRACE` is refused (405).

    Wagtail's page view, the sitemap, the feed and the search are plain functions that render the
    whole page for any method: OPTIONS and TRACE answered 200 with the full body. TRACE
    is refused everywhere (nothing here needs it: it only ever echoes a request back). The admin's
    OPTIONS is left to its own views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        method = request.method
        if method == "TRACE":
            response = HttpResponseNotAllowed([])
            response["Allow"] = allowed_methods(request)
            return response
        if method == "OPTIONS" and not request.path_info.startswith("/admin/"):
            response = HttpResponse(status=200)
            response["Allow"] = allowed_methods(request)
            response["Content-Length"] = "0"
            return response
        return self.get_response(request)
