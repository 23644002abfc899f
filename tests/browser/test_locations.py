"""A patient finds the Hamilton clinic; axe-core checks the locations pages."""

import re

import pytest
from playwright.sync_api import expect


def test_patient_opens_locations_then_hamilton_and_sees_address_and_phone(page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Locations").click()
    expect(page).to_have_url(re.compile(r"/locations/$"))
    page.get_by_role("main").get_by_role("link", name="Hamilton", exact=True).click()
    expect(page).to_have_url(re.compile(r"/locations/hamilton/$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Hamilton")
    address = main.locator("address")
    expect(address).to_contain_text("113 E Leslie Street")
    expect(address).to_contain_text("Hamilton, Texas 76531")
    expect(address.get_by_role("link")).to_have_attribute(
        "href", re.compile(r"^https://www\.google\.com/maps/search/\?api=1&query=113\+E\+Leslie")
    )
    call = main.get_by_role("link", name="Call (254) 386-8149")
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", "tel:+12543868149")
    expect(main.get_by_text("Call for hours")).to_be_visible()
    # No embedded map: the page has no frames besides itself.
    assert len(page.frames) == 1


@pytest.mark.parametrize("path", ["/locations/", "/locations/waco/", "/locations/hamilton/"])
def test_locations_pages_have_no_wcag_violations(page, assert_accessible, path):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_location_page_is_usable_on_a_phone_with_no_sideways_scrolling(page, assert_accessible):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/locations/waco/")
    expect(page.get_by_role("main").get_by_role("link", name="Call (254) 386-8149")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)


def test_location_page_with_hours_has_no_wcag_violations(page, assert_accessible):
    import datetime as dt

    from locations.models import LocationHours, LocationPage

    waco = LocationPage.objects.get(slug="waco", locale__language_code="en")
    rows = [
        LocationHours(weekday=day, opens=dt.time(0), closes=dt.time(23, 59)) for day in range(5)
    ]
    rows.append(LocationHours(weekday=5, opens=dt.time(9), closes=dt.time(12), note="Labs only"))
    waco.hours = rows
    waco.save_revision().publish()
    page.goto("/locations/waco/")
    table = page.get_by_role("table")
    expect(table).to_be_visible()
    expect(table.locator("tr[aria-current='date']")).to_have_count(1)
    expect(page.get_by_role("main").locator(".hours-status")).to_contain_text(
        re.compile("(Open|Closed) now")
    )
    assert_accessible(page)
