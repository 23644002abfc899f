"""Opening hours in Spanish: the status, its detail, the weekly table and the times, at fixed
instants in the clinic's time zone; the English text unchanged beside it; the Spanish location,
index and home pages showing the Spanish status; each language's pages kept apart by the caches."""

import datetime as dt
import json
import re
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation

from locations.hours import format_range, format_time, opening_hours_specification, status_at
from locations.hours import week_table as build_week_table
from locations.models import LocationHours, LocationPage
from tests.locations.hours_rows import FRI, MON, SAT, SUN, THU, TUE, WED, WEEK, row

CHICAGO = ZoneInfo("America/Chicago")

MONDAY_10AM = dt.datetime(2026, 1, 12, 10, 0, tzinfo=CHICAGO)
SATURDAY_10AM = dt.datetime(2026, 1, 17, 10, 0, tzinfo=CHICAGO)

# Words of the English hours text that must never show on a Spanish page or in Spanish output.
ENGLISH = re.compile(
    r"\b(Open now|Closed now|closes|opens|today|tomorrow|noon|midnight|Closed|Today|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b[ap]\.m\.",
)


def chicago(day, hour, minute=0, second=0):
    """An instant in January 2026 (CST), where 12 January is a Monday."""
    return dt.datetime(2026, 1, day, hour, minute, second, tzinfo=CHICAGO)


def nb(text: str) -> str:
    """The Spanish text as the site writes it: the spaces inside a time are no-break spaces, so
    that "8 a. m." never splits across two lines. Expected values below are written plainly."""
    for plain in (" a. m.", " p. m.", "12 del mediodía", "12 de la medianoche"):
        text = text.replace(plain, plain.replace(" ", "\u00a0"))
    return text


def in_spanish(function, *args):
    with translation.override("es"):
        return function(*args)


@pytest.mark.parametrize(
    ("when", "text"),
    [
        (chicago(12, 7, 59, 59), "Cerrado ahora – abre hoy a las 8 a. m."),  # before opening
        (chicago(12, 8, 0), "Abierto ahora – cierra a las 5 p. m."),  # open
        (chicago(12, 16, 59, 59), "Abierto ahora – cierra a las 5 p. m."),
        (chicago(12, 17, 0), "Cerrado ahora – abre mañana a las 8 a. m."),  # after close
        (chicago(14, 11, 30), "Abierto ahora – cierra a las 12 del mediodía"),  # before lunch
        (chicago(14, 12, 30), "Cerrado ahora – abre hoy a la 1 p. m."),  # the lunch gap: "a la 1"
        (chicago(14, 13, 0), "Abierto ahora – cierra a las 5 p. m."),
        (chicago(16, 12, 0), "Cerrado ahora – abre el lunes a las 8 a. m."),  # Friday after close
        (chicago(17, 10, 0), "Cerrado ahora – abre el lunes a las 8 a. m."),  # a closed Saturday
        (chicago(18, 10, 0), "Cerrado ahora – abre mañana a las 8 a. m."),  # Sunday, no row
    ],
)
def test_spanish_status_at_fixed_instants(when, text):
    status = in_spanish(status_at, WEEK, when)
    assert status.text == nb(text)
    assert status.label == ("Abierto ahora" if status.is_open else "Cerrado ahora")


@pytest.mark.parametrize(
    ("hours", "when", "detail"),
    [
        ([row(MON, (9,), (13,))], chicago(12, 10), "cierra a la 1 p. m."),
        ([row(MON, (9,), (13, 30))], chicago(12, 10), "cierra a la 1:30 p. m."),
        ([row(TUE, (13,), (17,))], chicago(12, 10), "abre mañana a la 1 p. m."),
        ([row(THU, (13,), (17,))], chicago(12, 10), "abre el jueves a la 1 p. m."),
        ([row(THU, (14,), (17,))], chicago(12, 10), "abre el jueves a las 2 p. m."),
        ([row(SAT, (0, 30), (2,))], chicago(12, 10), "abre el sábado a las 12:30 a. m."),
        ([row(MON, (1,), (2,))], chicago(12, 0, 30), "abre hoy a la 1 a. m."),
        ([row(MON, (20,), (23, 59))], chicago(12, 10), "abre hoy a las 8 p. m."),
        ([row(MON, (0,), (1,))], chicago(11, 12), "abre mañana a las 12 de la medianoche"),
    ],
)
def test_spanish_one_oclock_takes_la_every_other_hour_las(hours, when, detail):
    assert in_spanish(status_at, hours, when).detail == nb(detail)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.time(8), "8 a. m."),
        (dt.time(8, 5), "8:05 a. m."),
        (dt.time(12), "12 del mediodía"),
        (dt.time(12, 30), "12:30 p. m."),
        (dt.time(13), "1 p. m."),
        (dt.time(17, 30), "5:30 p. m."),
        (dt.time(0), "12 de la medianoche"),
        (dt.time(0, 30), "12:30 a. m."),
    ],
)
def test_spanish_times(value, text):
    assert in_spanish(format_time, value) == nb(text)


def test_spanish_ranges():
    assert in_spanish(format_range, dt.time(8), dt.time(12)) == nb("de 8 a. m. a 12 del mediodía")
    assert in_spanish(format_range, dt.time(13), dt.time(17)) == nb("de 1 p. m. a 5 p. m.")


def test_a_spanish_time_never_breaks_inside():
    for value in (dt.time(8), dt.time(8, 5), dt.time(12), dt.time(17, 30), dt.time(0)):
        text = in_spanish(format_time, value)
        assert " " not in text and "\u00a0" in text, repr(text)


def test_spanish_week_table():
    table = in_spanish(build_week_table, WEEK, WED)
    assert [day.name for day in table] == [
        "Lunes",
        "Martes",
        "Miércoles",
        "Jueves",
        "Viernes",
        "Sábado",
        "Domingo",
    ]
    assert [day.is_today for day in table] == [False, False, True, False, False, False, False]
    assert table[WED].ranges == [nb("de 8 a. m. a 12 del mediodía"), nb("de 1 p. m. a 5 p. m.")]
    assert table[WED].notes == ["Lunch 12–1"]  # staff's note: content, kept as written
    with translation.override("es"):
        assert table[SAT].hours_text == "Cerrado"
        assert table[MON].hours_text == nb("de 8 a. m. a 5 p. m.")


def test_every_opening_time_of_every_day_reads_in_spanish():
    """Whatever the day and the time, the Spanish text has no English word, and says 'a la'
    exactly when the clock says one o'clock ('a las' otherwise)."""
    minute_ = dt.timedelta(minutes=1)
    for weekday in range(7):
        day = dt.date(2026, 1, 12) + dt.timedelta(days=weekday)  # 12 January 2026 is a Monday
        for hour in range(24):
            for minute in (0, 30):
                opens = dt.time(hour, minute)
                if opens >= dt.time(23, 59):
                    continue
                hours = [row(weekday, (hour, minute), (23, 59))]
                opening = dt.datetime.combine(day, opens, CHICAGO)
                just_before = in_spanish(status_at, hours, opening - minute_)  # today/tomorrow
                days_before = in_spanish(status_at, hours, opening - 3 * dt.timedelta(days=1))
                during = in_spanish(status_at, hours, opening)
                assert during.text == nb("Abierto ahora – cierra a las 11:59 p. m.")
                one_oclock = opens.hour % 12 == 1
                for status in (just_before, days_before):
                    assert not status.is_open and status.detail.startswith("abre "), status.text
                    assert not ENGLISH.search(status.text), status.text
                    assert (" a la " in status.detail) is one_oclock, status.detail
                    assert (" a las " in status.detail) is not one_oclock, status.detail
                assert days_before.detail.startswith("abre el "), days_before.detail


def test_english_is_unchanged_whatever_was_active_before():
    with translation.override("es"):
        in_spanish_first = status_at(WEEK, chicago(16, 12, 0)).text
    with translation.override("en"):
        status = status_at(WEEK, chicago(16, 12, 0))
        table = build_week_table(WEEK, WED)
        assert status.text == "Closed now – opens Monday at 8 a.m."
        assert status_at(WEEK, chicago(14, 12, 30)).text == "Closed now – opens today at 1 p.m."
        assert status_at(WEEK, chicago(14, 11, 30)).text == "Open now – closes at noon"
        assert table[MON].name == "Monday" and table[SUN].hours_text == "Closed"
        assert table[WED].ranges == ["8 a.m. to noon", "1 p.m. to 5 p.m."]
        assert format_time(dt.time(0)) == "midnight"
    assert in_spanish_first == nb("Cerrado ahora – abre el lunes a las 8 a. m.")


def test_a_status_keeps_the_language_it_was_made_in():
    spanish = in_spanish(status_at, WEEK, chicago(12, 10))
    with translation.override("en"):
        assert spanish.text == nb("Abierto ahora – cierra a las 5 p. m.")


def test_schema_org_days_stay_english_urls_in_spanish():
    spec = in_spanish(opening_hours_specification, WEEK)
    assert [entry["dayOfWeek"] for entry in spec][:3] == [
        "https://schema.org/Monday",
        "https://schema.org/Tuesday",
        "https://schema.org/Wednesday",
    ]


# Pages ----------------------------------------------------------------------------------------


def db_week():
    """WEEK as LocationHours rows (Friday open all day here)."""
    return [
        LocationHours(weekday=MON, opens=dt.time(8), closes=dt.time(17)),
        LocationHours(weekday=TUE, opens=dt.time(8), closes=dt.time(17)),
        LocationHours(weekday=WED, opens=dt.time(8), closes=dt.time(12), note="Lunch 12–1"),
        LocationHours(weekday=WED, opens=dt.time(13), closes=dt.time(17)),
        LocationHours(weekday=THU, opens=dt.time(8), closes=dt.time(17)),
        LocationHours(weekday=FRI, opens=dt.time(8), closes=dt.time(17)),
        LocationHours(weekday=SAT, closed=True),
    ]


@pytest.fixture
def waco_both(db):
    """English and Spanish Waco, each published with the same week of hours."""
    pages = {}
    for language in ("en", "es"):
        page = LocationPage.objects.get(slug="waco", locale__language_code=language)
        page.hours = db_week()
        page.save_revision().publish()
        pages[language] = LocationPage.objects.get(pk=page.pk)
    return pages


def get_at(client, url, when, **headers):
    with mock.patch("django.utils.timezone.now", return_value=when):
        return client.get(url, headers=headers)


def soup_of(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def statuses(soup):
    return [p.get_text(" ", strip=True) for p in soup.find("main").select(".hours-status")]


def test_the_spanish_location_page_shows_spanish_hours(client, waco_both):
    assert waco_both["es"].url == "/es/clinicas/waco/"
    soup = soup_of(get_at(client, "/es/clinicas/waco/", MONDAY_10AM))
    assert statuses(soup) == [nb("Abierto ahora – cierra a las 5 p. m.")]
    rows = soup.find("table", class_="hours-table").tbody.find_all("tr")
    assert [r.th.get_text(" ", strip=True) for r in rows] == [
        "Lunes Hoy",
        "Martes",
        "Miércoles",
        "Jueves",
        "Viernes",
        "Sábado",
        "Domingo",
    ]
    assert rows[WED].td.get_text(" ", strip=True) == (
        nb("de 8 a. m. a 12 del mediodía de 1 p. m. a 5 p. m. Lunch 12–1")
    )
    assert rows[SUN].td.get_text(strip=True) == "Cerrado"
    main = soup.find("main").get_text(" ", strip=True)
    assert not ENGLISH.search(main), ENGLISH.search(main)
    # The structured data keeps schema.org's English day URLs.
    clinic = next(
        data
        for data in (
            json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")
        )
        if data.get("@type") == "MedicalClinic"
    )
    assert clinic["openingHoursSpecification"][0]["dayOfWeek"] == "https://schema.org/Monday"
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert "Llame al (254) 386-8149. Cómo llegar y horario." in description
    assert "Call" not in description and "Directions" not in description


def test_the_spanish_cards_show_spanish_status(client, waco_both):
    for url in ("/es/", "/es/clinicas/"):
        soup = soup_of(get_at(client, url, SATURDAY_10AM))
        assert statuses(soup)[0] == nb("Cerrado ahora – abre el lunes a las 8 a. m."), url
        text = soup.get_text(" ", strip=True)
        assert "Open now" not in text and "Closed now" not in text and "opens" not in text, url


def test_english_pages_stay_english_beside_the_spanish(client, waco_both):
    get_at(client, "/es/clinicas/waco/", SATURDAY_10AM)
    soup = soup_of(get_at(client, "/locations/waco/", SATURDAY_10AM))
    assert statuses(soup) == ["Closed now – opens Monday at 8 a.m."]
    assert soup.find("tr", attrs={"aria-current": "date"}).th.get_text(" ", strip=True) == (
        "Saturday Today"
    )
    for url in ("/", "/locations/"):
        soup = soup_of(get_at(client, url, SATURDAY_10AM))
        assert statuses(soup)[0] == "Closed now – opens Monday at 8 a.m.", url
        assert "Cerrado" not in soup.get_text() and "abre" not in soup.get_text(), url


PAIRS = [
    ("/es/clinicas/waco/", "/locations/waco/"),
    ("/es/", "/"),
    ("/es/clinicas/", "/locations/"),
]


@pytest.mark.parametrize("spanish_first", [True, False])
@pytest.mark.parametrize(("spanish_url", "english_url"), PAIRS)
def test_the_page_cache_never_serves_one_language_for_the_other(
    settings, waco_both, spanish_first, spanish_url, english_url
):
    """With the site's page cache and remembered lists on, each URL is kept in its own language:
    whichever is asked first (even with a browser that prefers the other language), the second
    is rendered in its own, and the hits that follow are the right language's."""
    settings.PAGE_CACHE_ENABLED = True
    client = Client()
    expected = {
        spanish_url: nb("Abierto ahora – cierra a las 5 p. m."),
        english_url: "Open now – closes at 5 p.m.",
    }
    other = {spanish_url: "en", english_url: "es"}
    order = [spanish_url, english_url] if spanish_first else [english_url, spanish_url]
    for url in order:  # first fill, with Accept-Language asking for the other language
        response = get_at(client, url, MONDAY_10AM, **{"Accept-Language": other[url]})
        assert "X-Page-Cache" not in response, url
        assert statuses(soup_of(response))[0] == expected[url], url
    for url in order:
        response = get_at(client, url, MONDAY_10AM)
        assert response["X-Page-Cache"] == "hit", url
        soup = soup_of(response)
        assert statuses(soup)[0] == expected[url], url
        assert soup.html["lang"] == ("es" if url == spanish_url else "en")
        wrong = ("Open now", "Closed now") if url == spanish_url else ("Abierto", "Cerrado")
        assert not any(word in soup.get_text() for word in wrong), url
        # The remembered list of locations (footer, cards) is the language's own.
        footer = soup.find("section", attrs={"aria-labelledby": "footer-locations"})
        waco_url = "/es/clinicas/waco/" if url == spanish_url else "/locations/waco/"
        assert footer.find("a")["href"] == waco_url, url
