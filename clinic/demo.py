"""The clinic's own facts and the demo page tree. Used by `manage.py load_demo_content`."""

from __future__ import annotations

from wagtail.models import Page, Site

from clinic.http.bulk import deferred_page_work
from clinic.models import ClinicSettings, HomePage

CLINIC_FACTS = {
    "clinic_name": "Clark Wellness",
    "legal_name": "Clark Wellness, PLLC",
    "tagline": "Functional medicine in Waco and Hamilton, Texas",
    "phone": "(254) 386-8149",
    "facebook_url": "https://www.facebook.com/clarkwellness",
    "instagram_url": "https://www.instagram.com/clarkwellness",
    "yelp_url": "https://www.yelp.com/biz/clark-wellness-waco",
    "disclaimer": (
        "<p>This article is general health education. It is not medical advice and does not "
        "replace a visit with a qualified healthcare professional. Talk with your provider before "
        "you start, stop or change any treatment, supplement or medication.</p>"
    ),
    "emergency_note": "In an emergency, call 911.",
    "tagline_es": "Medicina funcional en Waco y Hamilton, Texas",
    "disclaimer_es": (
        "<p>Este artículo es educación general sobre la salud. No es un consejo médico y no "
        "reemplaza una visita con un profesional de la salud calificado. Hable con su proveedor "
        "antes de empezar, dejar o cambiar cualquier tratamiento, suplemento o medicina.</p>"
    ),
    "emergency_note_es": "En una emergencia, llame al 911.",
}

HOME_CONTENT = {
    "title": "Home",
    "hero_heading": "Care that looks for the root cause",
    "hero_text": (
        "Clark Wellness is a functional-medicine clinic in Waco and Hamilton, Texas. "
        "We take time to listen, test what matters and build a plan you can live with."
    ),
    "intro_heading": "How we work with you",
    "intro": (
        "<p>Functional medicine asks <b>why</b> a symptom is there, not only how to quiet it. "
        "Your first visit is a long conversation about your health story, your sleep, food, "
        "stress and medications.</p>"
        "<ul><li>Longer visits, so there is time for your questions.</li>"
        "<li>Lab testing chosen for you, explained in plain words.</li>"
        "<li>A written plan you take home, with handouts you can read again.</li></ul>"
        "<p>We see patients at two clinics in Central Texas. Call us to book a visit.</p>"
    ),
    "latest_articles_count": 3,
}


def ensure_home_page() -> HomePage:
    """The site's root is a HomePage; replaces Wagtail's default welcome page on a fresh database."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:  # also created by Wagtail's migrations
        Collection.add_root(name="Root")
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if root is None:  # an emptied database (e.g. after a transactional test)
        root = Page.add_root(instance=Page(title="Root", slug="root", content_type=_page_type()))
    if home is None:
        # Wagtail's welcome page is renamed, then deleted: its index tasks are deferred to the end
        # of the block, when they find nothing, instead of queued to fail in the worker.
        with deferred_page_work():
            home = HomePage(slug="home", **HOME_CONTENT)
            default_site = Site.objects.filter(is_default_site=True).first()
            old_root = default_site.root_page if default_site else None
            if old_root is not None and old_root.slug == "home":
                old_root.slug = "home-old"
                old_root.save(update_fields=["slug"])
            root.add_child(instance=home)
            home.save_revision().publish()
            if default_site is None:
                Site.objects.create(
                    hostname="localhost",
                    port=80,
                    root_page=home,
                    is_default_site=True,
                    site_name="Clark Wellness",
                )
            else:
                default_site.root_page = home
                default_site.site_name = "Clark Wellness"
                default_site.save()
            if old_root is not None and not isinstance(old_root.specific, HomePage):
                old_root.delete()
    else:
        site = Site.objects.filter(is_default_site=True).first()
        if site and site.root_page_id != home.id:
            site.root_page = home
            site.save()
    return home


def ensure_clinic_settings(site: Site) -> ClinicSettings:
    settings = ClinicSettings.for_site(site)
    changed = [name for name, value in CLINIC_FACTS.items() if getattr(settings, name) != value]
    if changed or settings.pk is None:
        for name in changed:
            setattr(settings, name, CLINIC_FACTS[name])
        settings.save()
    return settings


def ensure_child(parent: Page, model, slug: str, **fields):
    """Get the child page with this slug, or create and publish it. Never edits an existing page."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _page_type():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Page)
