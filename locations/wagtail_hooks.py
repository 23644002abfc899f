"""The locations index in the site's main navigation (clinic.templatetags.clinic_tags.main_nav)."""

from wagtail import hooks


@hooks.register("register_main_nav_page_type")
def main_nav_locations():
    from django.utils.translation import gettext_lazy

    from .models import LocationIndexPage

    return (20, gettext_lazy("Locations"), LocationIndexPage)
