"""Query helpers shared by the apps."""

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr


def without_view_restrictions(pages):
    """`pages` (a page queryset) minus those at or under a page with a view restriction — like
    Wagtail's `.public()`, but in the same query: `.public()` first fetches every restriction, one
    more query each time, and the nav, footer and related articles run on every page view."""
    from wagtail.models import PageViewRestriction

    restricted_ancestor = PageViewRestriction.objects.annotate(
        page_prefix=Substr(OuterRef("path"), 1, Length("page__path"))
    ).filter(page__path=F("page_prefix"))
    return pages.filter(~Exists(restricted_ancestor))
