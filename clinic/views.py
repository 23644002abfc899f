import logging
import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from clinic.cache import allow_public_cache

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    allow_public_cache(request)
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def language_assistance(request):
    """The language-access notice (Section 1557), linked from every page and handout."""
    allow_public_cache(request)
    return render(request, "clinic/language_assistance.html")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def database_unavailable(exception: BaseException | None) -> bool:
    """Whether `exception` says the database cannot be reached right now (restarting, failed over,
    connection cut) rather than that the code or the data is wrong."""
    return isinstance(exception, OperationalError | InterfaceError)


def service_unavailable() -> HttpResponse:
    """The site's 503 page. Renders a static template: no database, no cache, no context processors."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: a database outage answers 503 ("back in a moment", Retry-After) instead of 500,
    and drops the broken connection so the next request in this process connects afresh."""
    exception = sys.exc_info()[1]
    if database_unavailable(exception):
        logger.warning(
            "Database unavailable: %s", str(exception).splitlines()[0] if exception else ""
        )
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
        return service_unavailable()
    response = HttpResponse(loader.get_template("500.html").render(), status=500)
    response["Cache-Control"] = "no-store"
    return response


def _check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    from django.core.cache import cache

    cache.get("healthz")  # a round trip; a fail-open cache that is down raises nothing here


def _check_storage() -> None:
    from django.core.files.storage import default_storage

    default_storage.exists("healthz-probe")


HEALTH_CHECKS = {"database": _check_database, "cache": _check_cache, "storage": _check_storage}


@never_cache
@require_GET
def healthz(request):
    """For load balancers: 200 when the database, the cache and the media storage answer, else 503
    with which one failed. Reads only (one SELECT 1, one cache get, one storage stat): cheap enough
    to call every few seconds, and never cached."""
    results = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - report, never raise
            results[name] = f"error: {type(exc).__name__}"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results},
        status=200 if healthy else 503,
    )
