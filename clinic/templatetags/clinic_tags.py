"""Template helpers shared by every page: navigation, locations, the current year, JSON-LD."""

import json

from django import template
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.models import Page, Site

from clinic.cache import remember
from clinic.queries import without_view_restrictions

register = template.Library()


@register.simple_tag(takes_context=True)
def main_nav(context):
    """[(label, url, active)] for Home, Articles, Locations — from the live index pages."""
    from articles.models import ArticleIndexPage
    from locations.models import LocationIndexPage

    request = context.get("request")
    site = (
        Site.find_for_request(request)
        if request
        else Site.objects.filter(is_default_site=True).first()
    )
    if site is None:
        return []
    from clinic.i18n import active_language, localized_root

    root = localized_root(site)

    def build():
        items = [(gettext("Home"), root.get_url(request=request), root.pk, root.path)]
        # Both index pages in one query; the first of each type in tree order.
        index_pages = {}
        candidates = without_view_restrictions(
            Page.objects.live().descendant_of(root).type(ArticleIndexPage, LocationIndexPage)
        ).order_by("path")
        for index_page in candidates:
            index_pages.setdefault(index_page.content_type_id, index_page)
        for model, label in (
            (ArticleIndexPage, gettext("Articles")),
            (LocationIndexPage, gettext("Locations")),
        ):
            page = index_pages.get(ContentType.objects.get_for_model(model).id)
            if page:
                items.append((label, page.get_url(request=request), page.pk, page.path))
        return items

    current = context.get("page")
    result = []
    for label, url, pk, path in remember(f"main-nav:{site.pk}:{active_language()}", build):
        active = False
        if current is not None and getattr(current, "path", None):
            active = current.pk == pk or (pk != root.pk and current.path.startswith(path))
        result.append({"label": label, "url": url, "active": active})
    return result


@register.simple_tag
def site_locations():
    from clinic.i18n import active_language
    from locations.models import live_locations

    return remember(f"site-locations:{active_language()}", live_locations)


@register.simple_tag
def current_year():
    return timezone.localdate().year


@register.filter
def json_ld(data):
    """Render a dict as a JSON-LD script element, safe against </script> in strings."""
    text = json.dumps(data, ensure_ascii=False, indent=None, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
