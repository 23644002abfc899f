"""Template helpers for the two languages: the switcher and hreflang alternates."""

from django import template

from clinic.i18n.languages import page_alternates

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """clinic.i18n.languages.page_alternates for the page being served (or the view's URL)."""
    page = context.get("page")
    request = context.get("request")
    if page is not None and not getattr(page, "pk", None):
        page = None
    return page_alternates(page, request)


@register.filter
def local_date(value):
    """A date as patients read it in the active language: "September 14, 2026" /
    "14 de septiembre de 2026" (the format is itself a translated string)."""
    from django.utils.dateformat import format as date_format
    from django.utils.translation import pgettext

    if not value:
        return ""
    return date_format(value, pgettext("date format", "F j, Y"))
