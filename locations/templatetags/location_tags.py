"""Locations on every page (footer) and on the home page, provided by this app so that `clinic`'s
templates can show them without `clinic` importing `locations`."""

from django import template

from clinic.cache import remember

register = template.Library()


@register.simple_tag
def site_locations():
    from locations.models import live_locations

    return remember("site-locations", live_locations)
