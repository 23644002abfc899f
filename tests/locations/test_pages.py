"""Location pages: page-tree rules, rendering, maps/tel links, JSON-LD, live-only listings, admin."""

import datetime as dt
import json
from unittest import mock
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import querydict_from_html

from articles.models import ArticleIndexPage
from clinic.models import HomePage
from locations.models import LocationHours, LocationIndexPage, LocationPage, live_locations

CHICAGO = ZoneInfo("America/Chicago")
MONDAY_10AM = dt.datetime(2026, 1, 12, 10, 0, tzinfo=CHICAGO)
SATURDAY_10AM = dt.datetime(2026, 1, 17, 10, 0, tzinfo=CHICAGO)


class TestPageTree(WagtailPageTestCase):
    def test_location_pages_live_only_under_the_index(self):
        self.assertAllowedParentPageTypes(LocationPage, {LocationIndexPage})
        self.assertCanCreateAt(LocationIndexPage, LocationPage)
        self.assertCanNotCreateAt(HomePage, LocationPage)
        self.assertCanNotCreateAt(ArticleIndexPage, LocationPage)
        self.assertCanNotCreateAt(LocationPage, LocationPage)
        self.assertAllowedSubpageTypes(LocationPage, {})

    def test_the_index_lives_only_under_home_and_only_once(self):
        self.assertAllowedParentPageTypes(LocationIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(LocationIndexPage, {LocationPage})
        home = HomePage.objects.get(locale__language_code="en")
        assert LocationIndexPage.objects.filter(locale=home.locale).count() == 1
        assert not LocationIndexPage.can_create_at(home)  # max_count = 1, and the demo has one

    def test_a_draft_with_unsaved_hours_previews(self):
        page = LocationPage.objects.get(slug="waco", locale__language_code="en")
        page.hours = [
            LocationHours(weekday=day, opens=dt.time(8), closes=dt.time(17)) for day in range(7)
        ]
        self.assertPageIsPreviewable(page)
        preview = page.make_preview_request()
        preview.render()
        assert preview.status_code == 200
        assert (
            b'class="hours-table"' in preview.content
        )  # the unsaved rows are shown in the preview
        response = self.client.get("/locations/waco/")  # the live page is untouched
        assert b"hours-table" not in response.content

    def test_demo_pages_are_routable_and_renderable(self):
        # English: Wagtail's test helper routes from the home page in the active language (the
        # Spanish pages' routing is tested in tests/clinic/test_language_alternates.py).
        english = {"locale__language_code": "en"}
        for page in [
            LocationIndexPage.objects.get(**english),
            *LocationPage.objects.filter(**english),
        ]:
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def json_ld_of(soup):
    scripts = soup.find_all("script", type="application/ld+json")
    clinics = [
        data
        for data in (json.loads(s.string) for s in scripts)
        if data.get("@type") == "MedicalClinic"
    ]
    assert len(clinics) == 1
    return clinics[0]


@pytest.fixture
def hamilton(db):
    return LocationPage.objects.get(slug="hamilton", locale__language_code="en")


@pytest.fixture
def waco(db):
    return LocationPage.objects.get(slug="waco", locale__language_code="en")


@pytest.fixture
def waco_with_everything(waco):
    """Waco with fax, email, geo and a week of hours (Mon–Fri 8–5, Wednesday lunch, Saturday closed)."""
    waco.fax = "(254) 555-0100"
    waco.email = "waco@example.com"
    waco.latitude, waco.longitude = "31.549300", "-97.146700"
    waco.services = "Functional medicine visits\n- Lab testing\n\n• Nutrition counseling"
    waco.directions = "<p>Enter from the <b>north</b> parking lot.</p>"
    waco.hours = [
        LocationHours(weekday=0, opens=dt.time(8), closes=dt.time(17)),
        LocationHours(weekday=1, opens=dt.time(8), closes=dt.time(17)),
        LocationHours(weekday=2, opens=dt.time(8), closes=dt.time(12), note="Lunch 12–1"),
        LocationHours(weekday=2, opens=dt.time(13), closes=dt.time(17)),
        LocationHours(weekday=3, opens=dt.time(8), closes=dt.time(17)),
        LocationHours(weekday=4, opens=dt.time(8), closes=dt.time(17)),
        LocationHours(weekday=5, closed=True),
    ]
    waco.save_revision().publish()
    return LocationPage.objects.get(pk=waco.pk)


def get_at(client, url, when):
    """The page as served at `when`. The clock jumps, which the page cache cannot see (its entries
    expire in real time, at the next status change): start from an empty cache."""
    from django.core.cache import cache

    cache.clear()
    with mock.patch("django.utils.timezone.now", return_value=when):
        return client.get(url)


class TestLocationPageWithoutHours:
    def test_shows_address_tel_link_and_call_for_hours(self, client, hamilton):
        soup = soup_of(client.get(hamilton.url))
        main = soup.find("main")
        assert main.h1.get_text(strip=True) == "Hamilton"
        assert "113 E Leslie Street" in main.address.get_text()
        assert "Hamilton, Texas 76531" in main.address.get_text()
        assert main.find("a", href="tel:+12543868149") is not None
        status = main.find(class_="hours-status")
        assert "Call for hours" in status.get_text()
        assert status.find("a", href="tel:+12543868149") is not None
        assert main.find("table") is None
        assert "Open now" not in main.get_text() and "Closed now" not in main.get_text()

    def test_address_links_to_a_plain_maps_search_built_from_the_address(self, client, hamilton):
        soup = soup_of(client.get(hamilton.url))
        link = soup.find("main").address.find("a")
        url = urlsplit(link["href"])
        assert (url.scheme, url.netloc, url.path) == ("https", "www.google.com", "/maps/search/")
        assert parse_qs(url.query) == {
            "api": ["1"],
            "query": ["113 E Leslie Street, Hamilton, Texas 76531"],
        }
        assert "embed" not in link["href"]

    def test_no_embedded_map_or_third_party_script(self, client, hamilton):
        soup = soup_of(client.get(hamilton.url))
        assert soup.find("iframe") is None
        assert soup.find("script", src=True) is None

    def test_json_ld_without_hours_or_geo(self, client, hamilton):
        data = json_ld_of(soup_of(client.get(hamilton.url)))
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "MedicalClinic"
        assert data["name"] == "Clark Wellness – Hamilton"
        assert data["address"] == {
            "@type": "PostalAddress",
            "streetAddress": "113 E Leslie Street",
            "addressLocality": "Hamilton",
            "addressRegion": "Texas",
            "postalCode": "76531",
            "addressCountry": "US",
        }
        assert data["telephone"] == "+12543868149"
        assert data["url"].endswith("/locations/hamilton/")
        for absent in ("openingHoursSpecification", "geo", "faxNumber", "email"):
            assert absent not in data

    def test_breadcrumbs(self, client, hamilton):
        soup = soup_of(client.get(hamilton.url))
        crumbs = soup.find("nav", attrs={"aria-label": "Breadcrumb"}).find_all("a")
        assert [a.get_text(strip=True) for a in crumbs] == ["Home", "Locations", "Hamilton"]
        assert crumbs[-1]["aria-current"] == "page"


class TestLocationPageWithHours:
    def test_open_now_on_a_monday_morning_with_today_highlighted(
        self, client, waco_with_everything
    ):
        soup = soup_of(get_at(client, waco_with_everything.url, MONDAY_10AM))
        status = soup.find(class_="hours-status")
        assert status.get_text(" ", strip=True) == "Open now – closes at 5 p.m."
        table = soup.find("table", class_="hours-table")
        assert table.caption.get_text(strip=True)
        assert [th["scope"] for th in table.thead.find_all("th")] == ["col", "col"]
        rows = table.tbody.find_all("tr")
        assert [r.th.get_text(" ", strip=True).replace(" Today", "") for r in rows][0] == "Monday"
        assert len(rows) == 7
        today = [r for r in rows if r.get("aria-current") == "date"]
        assert len(today) == 1
        assert today[0].th.get_text(" ", strip=True) == "Monday Today"
        assert "is-today" in today[0]["class"]
        assert rows[2].td.get_text(" ", strip=True) == "8 a.m. to noon 1 p.m. to 5 p.m. Lunch 12–1"
        assert rows[6].td.get_text(strip=True) == "Closed"  # Sunday has no row at all

    def test_closed_now_on_a_closed_saturday(self, client, waco_with_everything):
        soup = soup_of(get_at(client, waco_with_everything.url, SATURDAY_10AM))
        assert (
            soup.find(class_="hours-status").get_text(" ", strip=True)
            == "Closed now – opens Monday at 8 a.m."
        )
        today = soup.find("tr", attrs={"aria-current": "date"})
        assert today.th.get_text(" ", strip=True) == "Saturday Today"
        assert today.td.get_text(strip=True) == "Closed"

    def test_status_is_computed_per_request(self, client, waco_with_everything):
        url = waco_with_everything.url
        assert (
            "Open now"
            in soup_of(get_at(client, url, MONDAY_10AM)).find(class_="hours-status").get_text()
        )
        assert (
            "Closed now"
            in soup_of(get_at(client, url, SATURDAY_10AM)).find(class_="hours-status").get_text()
        )

    def test_json_ld_with_hours_geo_fax_and_email(self, client, waco_with_everything):
        data = json_ld_of(soup_of(client.get(waco_with_everything.url)))
        assert data["address"]["streetAddress"] == "7524 Bosque Boulevard Suite D"
        assert data["faxNumber"] == "+12545550100"
        assert data["email"] == "waco@example.com"
        assert data["geo"] == {
            "@type": "GeoCoordinates",
            "latitude": 31.5493,
            "longitude": -97.1467,
        }
        assert [
            (entry["dayOfWeek"], entry["opens"], entry["closes"])
            for entry in data["openingHoursSpecification"]
        ] == [
            ("https://schema.org/Monday", "08:00", "17:00"),
            ("https://schema.org/Tuesday", "08:00", "17:00"),
            ("https://schema.org/Wednesday", "08:00", "12:00"),
            ("https://schema.org/Wednesday", "13:00", "17:00"),
            ("https://schema.org/Thursday", "08:00", "17:00"),
            ("https://schema.org/Friday", "08:00", "17:00"),
        ]

    def test_fax_email_services_and_directions_are_shown(self, client, waco_with_everything):
        main = soup_of(client.get(waco_with_everything.url)).find("main")
        assert "(254) 555-0100" in main.get_text()
        assert main.find("a", href="mailto:waco@example.com") is not None
        services = main.find(class_="location-services")
        assert [li.get_text() for li in services.find_all("li")] == [
            "Functional medicine visits",
            "Lab testing",
            "Nutrition counseling",
        ]
        assert main.find(id="directions-heading") is not None
        assert main.find("b", string="north") is not None

    def test_json_ld_escapes_script_breaking_text(self, client, hamilton):
        hamilton.title = "Hamilton </script><script>alert(1)</script>"
        hamilton.save_revision().publish()
        response = client.get(hamilton.url)
        assert b"<script>alert(1)" not in response.content
        assert json_ld_of(soup_of(response))["name"].endswith("</script><script>alert(1)</script>")


class TestPhoto:
    def test_photo_is_rendered_with_its_alt_text(self, client, hamilton):
        from tests.factories import ImageFactory

        hamilton.photo = ImageFactory()
        hamilton.photo_alt = "Brick building with a green awning"
        hamilton.save_revision().publish()
        img = soup_of(client.get(hamilton.url)).find("figure", class_="location-photo").img
        assert img["alt"] == "Brick building with a green awning"

    def test_a_photo_needs_alt_text(self, hamilton):
        from tests.factories import ImageFactory

        hamilton.photo = ImageFactory()
        hamilton.photo_alt = "  "
        with pytest.raises(ValidationError) as excinfo:
            hamilton.full_clean()
        assert "photo_alt" in excinfo.value.message_dict


class TestIndexPage:
    def test_lists_both_locations_as_cards_with_address_phone_and_directions(
        self, client, locations_index
    ):
        soup = soup_of(client.get(locations_index.url))
        cards = soup.find("main").find_all("article", class_="location-card")
        assert [c.h2.get_text(strip=True) for c in cards] == ["Waco", "Hamilton"]
        for card in cards:
            assert card.find("a", href="tel:+12543868149") is not None
            assert "Call for hours" in card.get_text()
            assert card.find(
                "a", href=lambda h: h and h.startswith("https://www.google.com/maps/search/")
            )

    def test_card_shows_todays_status_when_hours_exist(
        self, client, locations_index, waco_with_everything
    ):
        soup = soup_of(get_at(client, locations_index.url, MONDAY_10AM))
        waco_card, hamilton_card = soup.find("main").find_all("article", class_="location-card")
        assert "Open now – closes at 5 p.m." in waco_card.get_text(" ", strip=True)
        assert "Call for hours" in hamilton_card.get_text()

    def test_hours_for_all_cards_take_one_query(
        self, client, locations_index, waco_with_everything, hamilton
    ):
        hamilton.hours = [LocationHours(weekday=0, opens=dt.time(9), closes=dt.time(15))]
        hamilton.save_revision().publish()
        with CaptureQueriesContext(connection) as queries:
            client.get(locations_index.url)
        hours_queries = [
            q for q in queries.captured_queries if "locations_locationhours" in q["sql"]
        ]
        assert len(hours_queries) == 1


def footer_locations(soup):
    footer = soup.find("section", attrs={"aria-labelledby": "footer-locations"})
    return [a.get_text(strip=True) for a in footer.find_all("a")]


class TestLiveLocationsOnly:
    """An unpublished or private location is absent from the footer, home page, index and sitemap."""

    def listings(self, client, locations_index):
        home = soup_of(client.get("/"))
        index = soup_of(client.get(locations_index.url))
        # The sitemap's own page selection and URLs (not the /sitemap.xml view, so that another app's
        # lastmod values cannot break this test).
        sitemap = " ".join(
            url["location"] for item in Sitemap().items() for url in item.get_sitemap_urls()
        )
        return {
            "footer": footer_locations(home),
            "home": [
                c.h3.get_text(strip=True) for c in home.find_all("article", class_="location-card")
            ],
            "index": [
                c.h2.get_text(strip=True) for c in index.find_all("article", class_="location-card")
            ],
            "sitemap": [name for name in ("waco", "hamilton") if f"/locations/{name}/" in sitemap],
        }

    def test_both_demo_locations_are_listed_everywhere(self, client, locations_index):
        assert self.listings(client, locations_index) == {
            "footer": ["Waco", "Hamilton"],
            "home": ["Waco", "Hamilton"],
            "index": ["Waco", "Hamilton"],
            "sitemap": ["waco", "hamilton"],
        }

    def test_an_unpublished_location_is_absent(self, client, locations_index, waco):
        waco.unpublish()
        assert self.listings(client, locations_index) == {
            "footer": ["Hamilton"],
            "home": ["Hamilton"],
            "index": ["Hamilton"],
            "sitemap": ["hamilton"],
        }

    def test_a_private_location_is_absent(self, client, locations_index, hamilton):
        PageViewRestriction.objects.create(
            page=hamilton, restriction_type="password", password="secret"
        )
        assert self.listings(client, locations_index) == {
            "footer": ["Waco"],
            "home": ["Waco"],
            "index": ["Waco"],
            "sitemap": ["waco"],
        }

    def test_a_restriction_above_the_locations_hides_them_all_and_only_them(
        self, articles_index, locations_index
    ):
        PageViewRestriction.objects.create(page=locations_index, restriction_type="login")
        assert live_locations() == []
        PageViewRestriction.objects.all().delete()
        # A restriction elsewhere in the tree (a sibling section) hides no location.
        PageViewRestriction.objects.create(page=articles_index, restriction_type="login")
        assert [p.slug for p in live_locations()] == ["waco", "hamilton"]

    def test_footer_on_other_pages_lists_the_locations(self, client, articles_index):
        assert footer_locations(soup_of(client.get(articles_index.url))) == ["Waco", "Hamilton"]

    def test_live_locations_takes_one_query_whatever_the_count_in_tree_order(
        self, django_assert_num_queries, locations_index
    ):
        newer = LocationPage(
            title="Clifton",
            slug="clifton",
            street="1 Main Street",
            city="Clifton",
            postal_code="76634",
            phone="(254) 555-0199",
        )
        locations_index.add_child(instance=newer)
        newer.save_revision().publish()
        # The footer runs on every page: one query, restrictions checked in a NOT EXISTS subquery.
        with django_assert_num_queries(1):
            pages = live_locations()
        assert isinstance(pages, list)
        assert all(type(p) is LocationPage for p in pages)
        assert [p.slug for p in pages] == ["waco", "hamilton", "clifton"]


class TestAdmin:
    def test_admin_display_title_adds_the_city_when_the_title_lacks_it(self, waco):
        assert waco.get_admin_display_title() == "Waco"
        waco.draft_title = "Main clinic"
        assert waco.get_admin_display_title() == "Main clinic (Waco)"

    def test_every_field_staff_see_has_help_text(self):
        names = [
            "street",
            "suite",
            "city",
            "state",
            "postal_code",
            "phone",
            "fax",
            "email",
            "services",
            "directions",
            "photo",
            "photo_alt",
            "latitude",
            "longitude",
        ]
        for name in names:
            assert LocationPage._meta.get_field(name).help_text, name
        for name in ["weekday", "closed", "opens", "closes", "note"]:
            assert LocationHours._meta.get_field(name).help_text, name

    @staticmethod
    def edit_form_data(admin_client, page, rows):
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        data = querydict_from_html(admin_client.get(url).content.decode(), form_id="page-edit-form")
        for key in [k for k in data if k.startswith("hours-")]:
            del data[key]
        data["hours-TOTAL_FORMS"] = str(len(rows))
        data["hours-INITIAL_FORMS"] = "0"
        data["hours-MIN_NUM_FORMS"] = "0"
        data["hours-MAX_NUM_FORMS"] = "1000"
        for i, row in enumerate(rows):
            data[f"hours-{i}-ORDER"] = str(i + 1)
            data[f"hours-{i}-id"] = ""
            for key, value in row.items():
                data[f"hours-{i}-{key}"] = value
        return url, data

    def post_hours(self, admin_client, page, rows):
        url, data = self.edit_form_data(admin_client, page, rows)
        return admin_client.post(url, data)

    def test_valid_hours_are_saved(self, admin_client, hamilton):
        response = self.post_hours(
            admin_client,
            hamilton,
            [
                {"weekday": "0", "opens": "08:00", "closes": "17:00"},
                {"weekday": "6", "closed": "on"},
            ],
        )
        assert response.status_code == 302
        draft = LocationPage.objects.get(pk=hamilton.pk).get_latest_revision_as_object()
        assert [str(row) for row in draft.hours.all()] == ["Monday: 08:00–17:00", "Sunday: closed"]

    @pytest.mark.parametrize(
        ("rows", "message"),
        [
            (
                [{"weekday": "0", "opens": "17:00", "closes": "08:00"}],
                "Closing time must be after opening time.",
            ),
            ([{"weekday": "0", "opens": "08:00"}], "Give opening and closing times, or tick"),
            (
                [
                    {"weekday": "2", "opens": "08:00", "closes": "13:00"},
                    {"weekday": "2", "opens": "12:00", "closes": "17:00"},
                ],
                "These hours overlap another Wednesday row.",
            ),
        ],
    )
    def test_invalid_hours_are_refused_with_a_visible_message(
        self, admin_client, hamilton, rows, message
    ):
        revisions_before = hamilton.revisions.count()
        response = self.post_hours(admin_client, hamilton, rows)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert hamilton.revisions.count() == revisions_before
