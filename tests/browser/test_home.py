import re

from playwright.sync_api import expect


def test_home_page_has_no_wcag_violations(page, assert_accessible):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_patient_follows_the_main_nav(page):
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Locations").click()
    expect(page).to_have_url(re.compile(r"/locations/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Locations")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Articles").click()
    expect(page).to_have_url(re.compile(r"/articles/$"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    expect(page.get_by_role("link", name=re.compile(r"386-8149")).first).to_have_attribute(
        "href", "tel:+12543868149"
    )
