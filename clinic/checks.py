"""System checks of the clinic site. `manage.py check --deploy` runs the deployment ones."""

from django.core import checks
from django.db import DatabaseError

from clinic.site_address import PLACEHOLDER_HOSTNAMES


@checks.register(checks.Tags.sites, deploy=True)
def check_default_site_hostname(app_configs=None, databases=None, **kwargs):
    """Canonical links, the sitemap, the feed, JSON-LD and handout QR codes are built from the
    default Site: warn while it is still a placeholder such as localhost."""
    from wagtail.models import Site

    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # not migrated yet: nothing to say about a Site that does not exist
        return []
    if site is None or site.hostname.lower() not in PLACEHOLDER_HOSTNAMES:
        return []
    return [
        checks.Warning(
            f"The default Site's hostname is {site.hostname!r}: canonical links, the sitemap, the "
            "feed, structured data and the QR codes on handouts point at an address patients "
            "cannot reach.",
            hint="In the admin, set Settings → Sites → the default site to the public hostname "
            "(e.g. www.clarkwellness.com) and port 443.",
            obj=site,
            id="clinic.W001",
        )
    ]
