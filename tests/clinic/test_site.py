"""The clinic's site as a patient and staff member meet it: home page, nav, footer, settings, 404."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, Revision, Site, Workflow
from wagtail.test.utils.form_data import nested_form_data, rich_text

from clinic.models import ClinicSettings, HomePage
from clinic.utils import tel_href
from locations.models import LocationPage

pytestmark = pytest.mark.django_db


def test_home_page_shows_phone_addresses_and_nav(client, home):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "(254) 386-8149" in html
    assert 'href="tel:+12543868149"' in html
    assert "7524 Bosque Boulevard Suite D" in html
    assert "Waco, Texas 76708" in html
    assert "113 E Leslie Street" in html
    assert "Hamilton, Texas 76531" in html
    nav = re.search(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)[:3] == [
        ("/", "Home"),
        ("/articles/", "Articles"),
        ("/locations/", "Locations"),
    ]
    assert 'aria-current="page"' in nav.split("Articles")[0]  # Home is the current page


@pytest.mark.parametrize("path", ["/", "/articles/", "/locations/"])
def test_nav_targets_resolve(client, path):
    assert client.get(path).status_code == 200


def test_nav_leaves_out_a_private_or_unpublished_section(client, locations_index, articles_index):
    from wagtail.models import PageViewRestriction

    def labels():
        html = client.get("/").content.decode()
        nav = re.search(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', html, re.S).group(1)
        return re.findall(r"<a [^>]*>([^<]+)</a>", nav)

    PageViewRestriction.objects.create(page=locations_index, restriction_type="login")
    assert "Locations" not in labels() and "Articles" in labels()
    articles_index.unpublish()
    assert "Articles" not in labels()


def test_base_template_has_skip_link_landmarks_and_lang(client):
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<footer" in html and "<header" in html
    assert "© " in html and "Clark Wellness, PLLC" in html


def test_pages_load_nothing_from_third_party_hosts(client):
    html = client.get("/").content.decode()
    # Links out (social profiles, maps) are fine; nothing the page *loads* may come from elsewhere.
    loaded = re.findall(r'<(?:script|img|iframe|source|video|audio)[^>]+src="([^"]+)"', html)
    loaded += re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert loaded, "expected the page to load its own stylesheet and images"
    # Own URLs: relative, or absolute on the site's own address (hreflang alternates must be).
    own = Site.objects.get(is_default_site=True).root_url + "/"
    assert all(
        (url.startswith("/") and not url.startswith("//")) or url.startswith(own) for url in loaded
    ), loaded
    assert "<iframe" not in html
    assert "@import" not in html


def test_clinic_settings_edit_in_admin_shows_on_site(admin_client, site, clinic_settings):
    url = reverse("wagtailsettings:edit", args=["clinic", "clinicsettings", site.pk])
    assert admin_client.get(url).status_code == 200
    data = nested_form_data(
        {
            "clinic_name": "Clark Wellness",
            "legal_name": "Clark Wellness, PLLC",
            "tagline": "Root-cause care in Central Texas",
            "phone": "(254) 555-0199",
            "email": "hello@clarkwellness.example",
            "logo": "",
            "facebook_url": "https://www.facebook.com/clarkwellness",
            "instagram_url": "",
            "yelp_url": "https://www.yelp.com/biz/clark-wellness-waco",
            "disclaimer": rich_text("<p>General education only.</p>"),
            "emergency_note": "Call 911 in an emergency.",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    html = admin_client.get("/").content.decode()
    assert "(254) 555-0199" in html
    assert 'href="tel:+12545550199"' in html
    assert "hello@clarkwellness.example" in html
    assert "Root-cause care in Central Texas" in html
    assert "Call 911 in an emergency." in html
    assert "Instagram" not in html  # emptied link disappears
    assert "(254) 386-8149" not in html.split("<footer")[0].split("</header>")[0]


def test_load_demo_content_is_idempotent():
    models = [Page, Revision, ClinicSettings, Workflow]

    def snapshot():
        from django.apps import apps

        counts = {m.__name__: m.objects.count() for m in models}
        for label in (
            "articles.ArticlePage",
            "articles.ArticleReference",
            "articles.Practitioner",
            "locations.LocationPage",
        ):
            counts[label] = apps.get_model(label).objects.count()
        counts["live"] = Page.objects.live().count()
        counts["settings"] = list(
            ClinicSettings.objects.values_list("phone", "legal_name", "disclaimer")
        )
        return counts

    before = snapshot()
    call_command("load_demo_content", verbosity=0)
    assert snapshot() == before
    english = {"locale__language_code": "en"}
    assert LocationPage.objects.filter(**english).count() == 2
    assert HomePage.objects.filter(**english).count() == 1


def test_demo_settings_carry_the_clinic_facts(clinic_settings):
    assert clinic_settings.legal_name == "Clark Wellness, PLLC"
    assert clinic_settings.phone == "(254) 386-8149"
    assert [label for label, _ in clinic_settings.social_links] == ["Facebook", "Instagram", "Yelp"]
    assert "not medical advice" in clinic_settings.disclaimer


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert (
        "We can&#x27;t find that page" in response.content.decode()
        or "find that page" in response.content.decode()
    )
    assert "386-8149" in response.content.decode()


def test_robots_txt_points_at_sitemap_and_hides_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.parametrize(
    ("phone", "href"),
    [("(254) 386-8149", "tel:+12543868149"), ("1-254-386-8149", "tel:+12543868149"), ("", "")],
)
def test_tel_href(phone, href):
    assert tel_href(phone) == href


def test_static_font_and_logo_are_shipped(client):
    from django.contrib.staticfiles import finders

    for path in (
        "clinic/fonts/atkinson-hyperlegible-next-latin-400-normal.woff2",
        "clinic/fonts/atkinson-hyperlegible-next-latin-700-normal.woff",
        "clinic/fonts/OFL.txt",
        "clinic/img/mark.svg",
        "clinic/css/site.css",
    ):
        assert finders.find(path), path
