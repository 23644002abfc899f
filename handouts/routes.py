"""Handout routes mixed into ArticlePage: `<article url>handout/` and the "Handout" preview mode.

(Wagtail's router only matches [\\w\\-/], so the route is `handout/`, not `handout.pdf`.)"""

from django.http import Http404
from wagtail.contrib.routable_page.models import path


class HandoutPageMixin:
    """Adds the public handout route. Must come before RoutablePageMixin in the bases."""

    @path("handout/", name="handout")
    def handout(self, request):
        from .views import serve_public_handout

        return serve_public_handout(request, self)

    def _handout_not_found(self):
        raise Http404
