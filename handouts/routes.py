"""Handout routes attached to ArticlePage from this side (articles never imports handouts): the
public `<article url>handout/` route, the "Handout (PDF)" preview mode and the handout URLs that
HTTP caches must forget. Registered through the hooks ArticlePage reads (see wagtail_hooks.py).

(Wagtail's router only matches [\\w\\-/], so the route is `handout/`, not `handout.pdf`.)"""

from django.urls import path

HANDOUT_PREVIEW_MODE = "handout"


def handout(page, request):
    """`<article url>handout/`: Wagtail's router has reached the live page and its
    before_serve_page hook has enforced the view restrictions, as for the HTML page."""
    from .views import serve_public_handout

    return serve_public_handout(request, page)


def article_routes():
    return [path("handout/", handout, name="handout")]


def preview_modes(page):
    return [(HANDOUT_PREVIEW_MODE, "Handout (PDF)")]


def serve_preview(page, request, mode_name):
    if mode_name == HANDOUT_PREVIEW_MODE:
        from .views import preview_response

        return preview_response(request, page)
    return None


def cached_paths(page):
    """Every public handout variant (standard and large print, for all locations and for each
    live location): what HTTP caches must forget when the article changes."""
    from locations.models import live_locations_queryset

    slugs = [""] + list(live_locations_queryset().values_list("slug", flat=True))
    variants = []
    for size in ("", "large"):
        for slug in slugs:
            query = "&".join(
                part
                for part in (f"size={size}" if size else "", f"location={slug}" if slug else "")
                if part
            )
            variants.append("handout/" + (f"?{query}" if query else ""))
    return variants
