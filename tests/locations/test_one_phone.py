"""One phone (issue 20): a location without its own number uses the clinic's main number on its
page, its card, its search-engine data and its description; the admin says where each is used."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from clinic.models import ClinicSettings
from locations.models import LocationPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def hamilton_without_a_number(db):
    page = LocationPage.objects.get(slug="hamilton", locale__language_code="en")
    page.phone = ""
    page.save_revision().publish()
    return LocationPage.objects.get(pk=page.pk)


def test_a_location_without_its_own_number_shows_the_clinics(client, hamilton_without_a_number):
    page = hamilton_without_a_number
    main = ClinicSettings.for_site(page.get_site()).phone
    assert page.contact_phone == main
    html = client.get(page.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert f"Call {main}" in soup.get_text(" ")
    data = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]
    clinics = [d for d in data if d.get("@type") == "MedicalClinic"]
    assert clinics and clinics[0]["telephone"].endswith("2543868149")
    assert main in page.get_meta_description()
    listing = client.get(page.get_parent().url).content.decode()
    assert main in listing


def test_a_location_with_its_own_number_keeps_it(db):
    page = LocationPage.objects.get(slug="hamilton", locale__language_code="en")
    page.phone = "(254) 555-0100"
    assert page.contact_phone == "(254) 555-0100"
    assert page.phone_href == "tel:+12545550100"


def test_the_admin_says_where_each_number_is_used():
    own = LocationPage._meta.get_field("phone")
    main = ClinicSettings._meta.get_field("phone")
    assert own.blank and "Leave empty to use the main number" in own.help_text
    assert "for each location that has no number of its own" in main.help_text
