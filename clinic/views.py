import logging
import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from clinic.http.cache import allow_public_cache

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def return_to_page(view):
    """Wagtail's page-password form (POST) with a `return_url` that is missing or points off the
    site goes back to the page it unlocks, not to LOGIN_REDIRECT_URL (the home page)."""
    import functools

    from django.utils.http import url_has_allowed_host_and_scheme
    from wagtail.models import Page

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            return_url = request.POST.get("return_url", "")
            safe = url_has_allowed_host_and_scheme(
                return_url, request.get_host(), request.is_secure()
            )
            if not safe:
                page = Page.objects.filter(id=kwargs.get("page_id")).first()
                data = request.POST.copy()
                data["return_url"] = (page.get_url(request) if page else None) or "/"
                request.POST = data
        return view(request, *args, **kwargs)

    return wrapped


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


def bad_request(request, exception=None):
    """400. A form too big for Django's upload limits (DATA_UPLOAD_MAX_NUMBER_FIELDS,
    DATA_UPLOAD_MAX_MEMORY_SIZE, sized in clinic.editor_limits) refused on an admin page gets an
    admin-styled page saying what happened and what to do, instead of a bare "Bad Request (400)".
    The admin's own check (admin-limits.js) keeps staff in the editor before this can happen; this
    page is for when it could not run. The body is unreadable by then, so the content cannot be
    shown again here."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
    from django.views.defaults import bad_request as django_bad_request

    too_big = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)
    if isinstance(exception, too_big) and request.path.startswith("/admin/"):
        context = {
            "too_many_fields": isinstance(exception, TooManyFieldsSent),
            "max_fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
            "max_megabytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1048576,
            "back_url": request.path,
        }
        response = render(request, "clinic/admin_form_too_big.html", context, status=400)
        response["Cache-Control"] = "no-store"
        return response
    return django_bad_request(request, exception)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def database_unavailable(exception: BaseException | None) -> bool:
    """Whether `exception` says the database cannot be reached right now (restarting, failed over,
    connection cut) rather than that the code or the data is wrong."""
    return isinstance(exception, OperationalError | InterfaceError)


# What a visitor sees when even the error page cannot be rendered (a broken template, storage or
# catalogue): plain HTML in both languages, built from nothing.
ERROR_FALLBACK = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Clark Wellness</title></head>'
    "<body><main><h1>Something went wrong</h1>"
    '<p>If you need us now, call <a href="tel:+12543868149">(254) 386-8149</a>.</p>'
    '<p lang="es">Si nos necesita ahora, llame al <a href="tel:+12543868149">(254) 386-8149</a>.</p>'
    "</main></body></html>"
)


def error_language(request) -> str:
    """The language of the page that failed, from its URL alone (/es/… is Spanish, anything else
    English): an error handler cannot count on the middleware having run, or on its state."""
    from django.conf import settings
    from django.utils.translation import get_language_from_path

    try:
        return get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    except Exception:  # noqa: BLE001 - an error page never fails over its language
        return settings.LANGUAGE_CODE


def error_page(template_name: str, request, status: int) -> HttpResponse:
    """A static error template in the failing page's language: no database, no cache, no context
    processors, and never an exception of its own (a plain bilingual page instead)."""
    from django.utils import translation

    language = error_language(request) if request is not None else None
    try:
        if language:
            with translation.override(language):
                content = loader.get_template(template_name).render()
        else:
            content = loader.get_template(template_name).render()
    except Exception:  # noqa: BLE001 - the error page itself must not fail
        logger.exception("Could not render %s", template_name)
        content, language = ERROR_FALLBACK, "en"
    response = HttpResponse(content, status=status)
    response["Cache-Control"] = "no-store"
    if language:
        response["Content-Language"] = language
    return response


def service_unavailable(request=None) -> HttpResponse:
    """The site's 503 page, in the language of `request`'s URL. Renders a static template: no
    database, no cache, no context processors."""
    response = error_page("503.html", request, 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """handler500: a database outage answers 503 ("back in a moment", Retry-After) instead of 500,
    and drops the broken connection so the next request in this process connects afresh. Either
    page speaks the language of the URL that failed (Spanish under /es/)."""
    exception = sys.exc_info()[1]
    if database_unavailable(exception):
        first_line = (str(exception).splitlines() or [""])[0]
        logger.warning("Database unavailable: %s", first_line)
        for connection in connections.all(initialized_only=True):
            try:
                connection.close_if_unusable_or_obsolete()
            except Exception:  # noqa: BLE001 - a connection that cannot even close is dropped anyway
                logger.warning("Could not close a database connection.", exc_info=True)
        return service_unavailable(request)
    return error_page("500.html", request, 500)


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
