"""Template helpers for the two languages: the switcher and hreflang alternates."""

from django import template

from clinic.i18n import page_alternates

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """clinic.i18n.page_alternates for the page being served (or the view's URL)."""
    page = context.get("page")
    request = context.get("request")
    if page is not None and not getattr(page, "pk", None):
        page = None
    return page_alternates(page, request)
