"""Locations on every page (footer) and on the home page, provided by this app so that `clinic`'s
templates can show them without `clinic` importing `locations`."""

from django import template

from clinic.http.cache import remember

register = template.Library()


@register.simple_tag(takes_context=True)
def clinic_json_ld(context):
    """schema.org MedicalClinic for the whole clinic, with every live location and its hours
    (the home page's JSON-LD): built here, where the locations are known."""
    from django.db.models import prefetch_related_objects
    from wagtail.models import Site

    from clinic.models import ClinicSettings
    from clinic.structured_data import clinic_json_ld as build

    request = context.get("request")
    page = context.get("page")
    site = (Site.find_for_request(request) if request else None) or page.get_site()
    clinic = ClinicSettings.for_request(request) if request else ClinicSettings.for_site(site)
    locations = site_locations()
    prefetch_related_objects(locations, "hours")
    return build(clinic, site.root_url, locations, request=request)


@register.simple_tag
def site_locations():
    """The live locations in the page's language (footer, home page)."""
    from clinic.i18n.languages import active_language
    from locations.models import live_locations

    return remember(f"site-locations:{active_language()}", live_locations)
