"""Handout routes mixed into ArticlePage: `<article url>handout/` and the "Handout" preview mode.

(Wagtail's router only matches [\\w\\-/], so the route is `handout/`, not `handout.pdf`.)"""

from wagtail.contrib.routable_page.models import path

HANDOUT_PREVIEW_MODE = "handout"


class HandoutPageMixin:
    """Adds the public handout route and a "Handout (PDF)" preview mode.
    Must come before RoutablePageMixin in the bases."""

    @path("handout/", name="handout")
    def handout(self, request):
        from .views import serve_public_handout

        return serve_public_handout(request, self)

    @property
    def preview_modes(self):
        return [("", "Web page"), (HANDOUT_PREVIEW_MODE, "Handout (PDF)")]

    def serve_preview(self, request, mode_name):
        if mode_name == HANDOUT_PREVIEW_MODE:
            from .views import preview_response

            return preview_response(request, self)
        return super().serve_preview(request, mode_name)
