"""Handout routes mixed into ArticlePage: `<article url>handout/` and the "Handout" preview mode.

(Wagtail's router only matches [\\w\\-/], so the route is `handout/`, not `handout.pdf`.)"""

from wagtail.contrib.routable_page.models import path

from clinic.models import RestrictionsOnceMixin

HANDOUT_PREVIEW_MODE = "handout"


class HandoutPageMixin(RestrictionsOnceMixin):
    """Adds the public handout route and a "Handout (PDF)" preview mode.
    Must come before RoutablePageMixin in the bases."""

    @path("handout/", name="handout")
    def handout(self, request):
        from .views import serve_public_handout

        return serve_public_handout(request, self)

    def get_cached_paths(self):
        """The page and every public handout variant (standard and large print, for all locations
        and for each live location): what HTTP caches must forget when the article changes."""
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
        return [*super().get_cached_paths(), *variants]

    @property
    def preview_modes(self):
        return [("", "Web page"), (HANDOUT_PREVIEW_MODE, "Handout (PDF)")]

    def serve_preview(self, request, mode_name):
        if mode_name == HANDOUT_PREVIEW_MODE:
            from .views import preview_response

            return preview_response(request, self)
        return super().serve_preview(request, mode_name)
