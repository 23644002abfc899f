"""Template helpers shared by every page: navigation, locations, the current year, JSON-LD."""

import json
from functools import cache

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.models import Page, Site

from clinic.http.cache import remember
from clinic.http.queries import CompiledQuery, live_public_under

register = template.Library()


# Apps above `clinic` add their index pages to the main navigation with this hook:
# fn() -> (order, label, page model); e.g. (10, "Articles", ArticleIndexPage).
MAIN_NAV_HOOK = "register_main_nav_page_type"


def nav_page_types():
    return [
        (label, model) for _, label, model in sorted(fn() for fn in hooks.get_hooks(MAIN_NAV_HOOK))
    ]


def _nav_pages(models, root_path, root_depth):
    """The live, public pages of `models` under the root at `root_path` (Wagtail's
    `descendant_of(root).type(*models)`, with the root's path and depth as they reach the SQL and
    the content types looked up by name in the same query), in tree order."""
    kinds = Q()
    for model in models:
        kinds |= Q(app_label=model._meta.app_label, model=model._meta.model_name)
    pages = Page.objects.filter(content_type__in=ContentType.objects.filter(kinds))
    return live_public_under(pages, root_path, root_depth).order_by("path")


@cache
def nav_pages_query(models):
    """_nav_pages for these models, compiled once per process (clinic.http.queries.CompiledQuery;
    pinned to Wagtail's answer by tests/clinic/test_compiled_queries.py): every uncached page
    asks it."""
    return CompiledQuery(
        lambda path, depth: _nav_pages(models, path, depth), "@@root-path@@", 918273604
    )


@register.simple_tag(takes_context=True)
def main_nav(context):
    """[(label, url, active)] for Home and each registered index page (Articles, Locations) — from
    the live index pages."""
    page_types = nav_page_types()
    request = context.get("request")
    site = (
        Site.find_for_request(request)
        if request
        else Site.objects.filter(is_default_site=True).first()
    )
    if site is None:
        return []
    from clinic.i18n.languages import active_language, localized_root

    root = localized_root(site)

    def build():
        items = [(gettext("Home"), root.get_url(request=request), root.pk, root.path)]
        # Both index pages in one query; the first of each type in tree order.
        index_pages = {}
        models = tuple(model for _, model in page_types)
        for index_page in nav_pages_query(models).objects(Page, root.path, root.depth):
            index_pages.setdefault(index_page.content_type_id, index_page)
        for label, model in page_types:
            page = index_pages.get(ContentType.objects.get_for_model(model).id)
            if page:  # str(): a lazily translated label, in the page's language
                items.append((str(label), page.get_url(request=request), page.pk, page.path))
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
def breadcrumb_ancestors(page):
    """`page`'s ancestors below the tree's root, top first: what `page.get_ancestors` lists, read
    through `get_parent()`, which Wagtail's router has already filled on the way to the page
    (no query for a page it served; one per missing level otherwise, e.g. in a preview)."""
    trail = []
    current = page
    while current is not None and current.depth > 2:  # depth 1 is the tree's root, never shown
        current = current.get_parent()
        trail.append(current)
    trail.reverse()
    return trail


@register.simple_tag
def current_year():
    return timezone.localdate().year


@register.simple_tag(takes_context=True)
def meta_description(context, fallback: str = "") -> str:
    """The page's description for search results: the promote tab's search description, else
    what the page type offers (`get_meta_description`), else `fallback`, else the tagline."""
    from clinic.models import ClinicSettings

    page = context.get("page")
    request = context.get("request")
    clinic = ClinicSettings.for_request(request) if request is not None else None
    text = (getattr(page, "search_description", "") or "").strip()
    if not text and hasattr(page, "get_meta_description"):
        text = page.get_meta_description(clinic)
    text = text or fallback or (clinic.local_tagline if clinic else "")
    return " ".join(strip_tags(text).split())


@register.filter
def json_ld(data):
    """Render a dict as a JSON-LD script element, safe against </script> in strings."""
    text = json.dumps(data, ensure_ascii=False, indent=None, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
