"""Wagtail's page-password form in the site's frame and the page's language: shown at the Spanish
page's URL in Spanish, posted to /es/_util/… and answered in Spanish (a mistyped password, the
lockout page) — and throttled there too: the Spanish form once posted to Wagtail's own,
unthrottled view. English unchanged."""

import re

import pytest
from wagtail.models import Page, PageViewRestriction

pytestmark = pytest.mark.django_db

PASSWORD = "pase-2026"


@pytest.fixture
def restricted_waco():
    """Both Waco pages (English and Spanish) behind one password each."""
    pages = Page.objects.filter(slug="waco")
    assert sorted(pages.values_list("locale__language_code", flat=True)) == ["en", "es"]
    for page in pages:
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
        )
    return pages


def form_of(html: str) -> tuple[str, str]:
    action = re.search(r'<form class="password-form" action="([^"]+)"', html).group(1)
    return_url = re.search(r'name="return_url" value="([^"]*)"', html).group(1)
    return action, return_url


def post(client, action, return_url, password):
    return client.post(
        action, {"password": password, "return_url": return_url}, REMOTE_ADDR="203.0.113.9"
    )


def test_the_spanish_page_asks_for_its_password_in_spanish(client, restricted_waco):
    response = client.get("/es/clinicas/waco/")
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert "Se necesita una contraseña" in html and "Continuar" in html
    assert "Contraseña" in html  # the field's label, from Wagtail's own Spanish catalogue
    assert "Password required" not in html and "(254) 386-8149" in html
    assert 'class="site-header' in html or "skip-link" in html  # the site's frame, not a bare page


def test_a_mistyped_password_answers_in_spanish_then_the_right_one_opens_the_page(
    client, restricted_waco
):
    action, return_url = form_of(client.get("/es/clinicas/waco/").content.decode())
    assert action.startswith("/es/_util/") and return_url == "/es/clinicas/waco/"
    wrong = post(client, action, return_url, "nope")
    html = wrong.content.decode()
    assert wrong.status_code == 200 and wrong["Content-Language"] == "es"
    assert '<html lang="es"' in html and "Se necesita una contraseña" in html
    assert "not correct" not in html  # Wagtail's error, in Spanish
    assert 'role="alert"' in html
    right = post(client, action, return_url, PASSWORD)
    assert right.status_code == 302 and right["Location"] == "/es/clinicas/waco/"
    assert "Dirección y teléfono" in client.get("/es/clinicas/waco/").content.decode()


def test_the_lockout_after_wrong_passwords_is_spanish_for_a_spanish_page(
    client, restricted_waco, settings
):
    action, return_url = form_of(client.get("/es/clinicas/waco/").content.decode())
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post(client, action, return_url, "nope")
    locked = post(client, action, return_url, PASSWORD)
    html = locked.content.decode()
    assert locked.status_code == 429
    assert '<html lang="es"' in html and "Demasiados intentos" in html
    assert "Too many attempts" not in html and "Inténtelo de nuevo en 15 minutos" in html


def test_the_english_form_stays_english(client, restricted_waco, settings):
    html = client.get("/locations/waco/").content.decode()
    assert '<html lang="en"' in html and "Password required" in html
    action, return_url = form_of(html)
    wrong = post(client, action, return_url, "nope")
    assert wrong["Content-Language"] == "en"
    assert "The password you have entered is not correct" in wrong.content.decode()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post(client, action, return_url, "nope")
    locked = post(client, action, return_url, PASSWORD).content.decode()
    assert "Too many attempts" in locked and "Please try again in 15 minutes" in locked


@pytest.mark.parametrize(
    "return_url", ["", "http://[::1", "/fr/x/", "//evil.example/es/", "\u0000"]
)
def test_odd_return_urls_fall_back_to_english_without_an_error(client, restricted_waco, return_url):
    action, _ = form_of(client.get("/locations/waco/").content.decode())
    response = post(client, action, return_url, "nope")
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response["Content-Language"] == "en"
