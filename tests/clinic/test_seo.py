"""What phones and search engines read: meta descriptions on every public page type, the clinic's
JSON-LD on the home page, opening hours in a location's JSON-LD, header links whose accessible name
includes their visible text (WCAG 2.5.3), and the web fonts the first paint needs, preloaded."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders

from articles.models import ArticlePage
from locations.models import LocationHours, LocationPage

pytestmark = pytest.mark.django_db


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def json_ld(soup):
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def public_urls(articles_index):
    article = ArticlePage.objects.live().public().first()
    topic = article.topics.first()
    return {
        "home": "/",
        "articles index": articles_index.url,
        "topic": f"{articles_index.url}?topic={topic.slug}" if topic else articles_index.url,
        "article": article.url,
        "locations index": "/locations/",
        "location": LocationPage.objects.live().first().url,
        "search": "/search/",
        "search results": "/search/?q=sleep",
    }


@pytest.mark.parametrize(
    "kind",
    [
        "home",
        "articles index",
        "topic",
        "article",
        "locations index",
        "location",
        "search",
        "search results",
    ],
)
def test_every_public_page_type_has_one_meta_description(client, articles_index, kind):
    soup = soup_of(client.get(public_urls(articles_index)[kind]))
    descriptions = soup.find_all("meta", attrs={"name": "description"})
    assert len(descriptions) == 1
    text = descriptions[0]["content"]
    assert len(text.split()) >= 5, text
    assert "<" not in text and "  " not in text


def test_meta_descriptions_come_from_the_pages(client, home, locations_index):
    def description(url):
        return soup_of(client.get(url)).find("meta", attrs={"name": "description"})["content"]

    assert description("/") == home.hero_text
    assert description("/locations/") == "We see patients at two clinics in Central Texas."
    hamilton = LocationPage.objects.get(slug="hamilton", locale__language_code="en")
    text = description(hamilton.url)
    assert "113 E Leslie Street, Hamilton, Texas 76531" in text and hamilton.phone in text
    hamilton.search_description = "Our Hamilton clinic on Leslie Street."
    hamilton.save_revision().publish()
    assert description(hamilton.url) == "Our Hamilton clinic on Leslie Street."


def test_home_page_json_ld_is_the_clinic_with_both_addresses_and_the_phone(client, clinic_settings):
    data = [d for d in json_ld(soup_of(client.get("/"))) if d.get("@type") == "MedicalClinic"]
    assert len(data) == 1
    clinic = data[0]
    assert clinic["@context"] == "https://schema.org"
    assert clinic["name"] == "Clark Wellness"
    assert clinic["telephone"] == "+12543868149"
    assert clinic["url"].endswith("/") and clinic["logo"].startswith(clinic["url"])
    assert clinic["sameAs"] == [url for _, url in clinic_settings.social_links]
    streets = sorted(a["streetAddress"] for a in clinic["address"])
    assert streets == ["113 E Leslie Street", "7524 Bosque Boulevard Suite D"]
    assert all(a["@type"] == "PostalAddress" for a in clinic["address"])
    departments = {d["name"]: d for d in clinic["department"]}
    assert set(departments) == {"Clark Wellness – Waco", "Clark Wellness – Hamilton"}
    assert all(
        d["url"].endswith(("/locations/waco/", "/locations/hamilton/"))
        for d in clinic["department"]
    )


def test_home_page_json_ld_escapes_hostile_settings(client, clinic_settings):
    clinic_settings.clinic_name = "Clark </script><script>alert(1)</script>"
    clinic_settings.save()
    response = client.get("/")
    assert b"<script>alert(1)" not in response.content
    names = [d["name"] for d in json_ld(soup_of(response))]
    assert "Clark </script><script>alert(1)</script>" in names


def page_hours(soup):
    """(day, opens, closes) from the page's own hours table, e.g. ('Monday', '8 a.m.', '5 p.m.')."""
    rows = soup.find("table", class_="hours-table").tbody.find_all("tr")
    return {
        row.th.get_text(" ", strip=True).replace(" Today", ""): row.td.get_text(" ", strip=True)
        for row in rows
    }


def test_location_json_ld_has_the_hours_the_page_shows(client):
    waco = LocationPage.objects.get(slug="waco", locale__language_code="en")
    waco.hours = [
        LocationHours(weekday=day, opens=dt.time(8), closes=dt.time(17)) for day in (0, 1, 3)
    ] + [
        LocationHours(weekday=2, opens=dt.time(8), closes=dt.time(12)),
        LocationHours(weekday=2, opens=dt.time(13), closes=dt.time(16, 30)),
        LocationHours(weekday=4, closed=True),
    ]
    waco.save_revision().publish()
    soup = soup_of(client.get(waco.url))
    shown = page_hours(soup)
    assert shown["Monday"] == "8 a.m. to 5 p.m." and shown["Friday"] == "Closed"
    (data,) = json_ld(soup)
    spec = [
        (e["dayOfWeek"].rsplit("/", 1)[1], e["opens"], e["closes"])
        for e in data["openingHoursSpecification"]
    ]
    assert spec == [
        ("Monday", "08:00", "17:00"),
        ("Tuesday", "08:00", "17:00"),
        ("Wednesday", "08:00", "12:00"),
        ("Wednesday", "13:00", "16:30"),
        ("Thursday", "08:00", "17:00"),
    ]
    open_days = {day for day, text in shown.items() if text != "Closed"}
    assert {day for day, _, _ in spec} == open_days
    # the home page's clinic lists the same hours for this location
    home = next(d for d in json_ld(soup_of(client.get("/"))) if d.get("@type") == "MedicalClinic")
    department = next(d for d in home["department"] if d["name"].endswith("Waco"))
    assert department["openingHoursSpecification"] == data["openingHoursSpecification"]


def test_location_json_ld_has_no_hours_when_the_page_has_none(client):
    waco = LocationPage.objects.get(slug="waco", locale__language_code="en")
    soup = soup_of(client.get(waco.url))
    assert soup.find("table", class_="hours-table") is None
    (data,) = json_ld(soup)
    assert "openingHoursSpecification" not in data


def accessible_name(element):
    if element.get("aria-label"):
        return element["aria-label"]
    if element.get("aria-labelledby"):
        raise AssertionError("aria-labelledby: resolve it in this test")
    parts = []
    for node in element.descendants:
        if isinstance(node, str) and not any(
            p.get("aria-hidden") == "true" for p in node.parents if p is not None and p.name
        ):
            parts.append(node)
        elif getattr(node, "name", None) == "img" and node.get("alt"):
            parts.append(node["alt"])
    return " ".join("".join(parts).split())


def visible_text(element):
    hidden = ("visually-hidden",)
    parts = [
        node
        for node in element.descendants
        if isinstance(node, str)
        and not any(
            set(p.get("class") or ()) & set(hidden) or p.get("aria-hidden") == "true"
            for p in node.parents
            if p is not None and p.name
        )
    ]
    return " ".join("".join(parts).split())


def normalise(text):
    return re.sub(r"\W+", " ", text).strip().lower()


def test_header_links_accessible_names_include_their_visible_text(client):
    header = soup_of(client.get("/")).find("header", class_="site-header")
    links = header.find_all("a")
    assert len(links) >= 5  # brand, Home, Articles, Locations, Search, the call button
    for link in links:
        visible, name = visible_text(link), accessible_name(link)
        assert visible, link
        assert normalise(visible) in normalise(name), (visible, name)
    brand = header.find("a", class_="brand")
    assert "home" in normalise(accessible_name(brand))  # still says where it goes


FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}", re.S)


def test_the_fonts_of_the_first_paint_are_preloaded_and_exist(client):
    soup = soup_of(client.get("/"))
    preloads = soup.find_all("link", rel="preload", attrs={"as": "font"})
    hrefs = [link["href"] for link in preloads]
    names = sorted(Path(h).name for h in hrefs)
    assert names == [
        "atkinson-hyperlegible-next-latin-400-normal.woff2",
        "atkinson-hyperlegible-next-latin-700-normal.woff2",
    ]
    for link in preloads:
        assert link.get("type") == "font/woff2"
        assert link.has_attr("crossorigin")  # without it the browser fetches the font twice
        assert finders.find(link["href"].removeprefix("/static/")), link["href"]
    css = Path(finders.find("clinic/css/site.css")).read_text()
    faces = FONT_FACE.findall(css)
    for name in names:
        (face,) = [f for f in faces if name in f]
        weight = re.search(r"font-weight:\s*(\d+)", face).group(1)
        assert name.split("-latin-")[1].startswith(weight)
        assert "font-style: normal" in face
        # a preloaded face that still arrives late must not move the text: no swap after paint
        assert re.search(r"font-display:\s*optional", face), face
