"""Content Security Policy headers (clinic.security.csp, django-csp): strict on public pages, Wagtail's own
policy in the admin, and never a nonce replayed from a cache. The browser test
(tests/browser/test_csp.py) checks that chromium reports no violation under them."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from clinic.http.cache import PublicCacheMiddleware, allow_public_cache
from clinic.security.csp import ClinicCSPMiddleware

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}


def directives(header: str) -> dict[str, str]:
    result = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        if name:
            result[name] = value.strip()
    return result


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/articles/", "/search/?q=sleep", "/no-such-page/"])
def test_public_pages_send_the_strict_policy(client, path):
    response = client.get(path)
    policy = directives(response["Content-Security-Policy"])
    for name, value in STRICT.items():
        assert policy[name] == value, (path, name, policy)
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header and "nonce-" not in header


@pytest.mark.django_db
def test_pages_have_no_inline_style_or_script(client, articles_index, locations_index):
    import re

    article = articles_index.get_children().live().first()
    location = locations_index.get_children().live().first()
    for path in ["/", articles_index.url, article.url, location.url]:
        html = client.get(path).content.decode()
        assert " style=" not in html and "<style" not in html, path
        scripts = re.findall(r"<script\b([^>]*)>", html)
        # JSON-LD only: data, never run, outside script-src.
        assert all('type="application/ld+json"' in attrs for attrs in scripts), (path, scripts)


@pytest.mark.django_db
def test_the_admin_has_its_own_policy(client, django_user_model):
    admin = django_user_model.objects.create_superuser("csp", "csp@example.org", "x")
    client.force_login(admin)
    policy = directives(client.get("/admin/")["Content-Security-Policy"])
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["frame-ancestors"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-src"] == "'self'"


def test_error_pages_style_from_the_stylesheet():
    from clinic.views import service_unavailable

    html = service_unavailable().content.decode()
    assert "style=" not in html and "<style" not in html
    assert "clinic/css/site.css" in html


@pytest.mark.django_db
def test_a_cached_page_is_replayed_with_the_header_it_was_rendered_with(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    first = client.get("/")
    second = client.get("/")
    assert second.get("X-Page-Cache") == "hit"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "nonce-" not in second["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_response_that_uses_a_nonce_is_never_kept_or_shared(settings):
    """A page whose template uses request.csp_nonce gets a new nonce every time: the site's page
    cache must not replay it (with its old nonce) and shared caches are told not to keep it."""
    settings.PAGE_CACHE_ENABLED = True

    def view(request):
        allow_public_cache(request)
        return HttpResponse(
            f'<script nonce="{request.csp_nonce}">1</script>', content_type="text/html"
        )

    stack = PublicCacheMiddleware(ClinicCSPMiddleware(view))
    factory = RequestFactory()
    responses = [stack(factory.get("/nonce-probe/")) for _ in range(2)]
    nonces = []
    for response in responses:
        assert response.get("X-Page-Cache") != "hit"
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
        policy = directives(response["Content-Security-Policy"])
        nonce = policy["script-src"].split("'nonce-")[1].rstrip("'")
        assert f'nonce="{nonce}"' in response.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


@pytest.mark.django_db
def test_a_public_page_without_a_nonce_may_still_be_shared(client):
    response = client.get("/")
    assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]


@pytest.mark.django_db
def test_handout_pdfs_carry_no_policy(client, articles_index):
    """Chromium's PDF viewer is a plugin embedded in the PDF's document: `object-src 'none'` on a
    PDF response would blank it."""
    article = articles_index.get_children().live().first()
    response = client.get(f"{article.url}handout/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in response
