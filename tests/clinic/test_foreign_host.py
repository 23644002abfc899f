"""A request for a host outside ALLOWED_HOSTS is one warning line and a 400: no traceback, and
nothing that reads like a cache or database outage (issue 19)."""

import logging

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/feed/", "/sitemap.xml", "/static/nothing.css"])
@override_settings(ALLOWED_HOSTS=["testserver"], PAGE_CACHE_ENABLED=True)
def test_foreign_host_is_one_warning_line_without_traceback(client, caplog, path):
    caplog.set_level(logging.DEBUG)
    response = client.get(path, HTTP_HOST="evil.example")
    assert response.status_code == 400
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(records) == 1, [r.getMessage() for r in records]
    (record,) = records
    assert record.levelno == logging.WARNING
    assert record.exc_info is None and not record.exc_text
    assert record.name == "django.security.DisallowedHost"
    assert "evil.example" in record.getMessage()
    assert "cache" not in record.getMessage().lower()


@override_settings(ALLOWED_HOSTS=["testserver"], PAGE_CACHE_ENABLED=True)
def test_allowed_host_is_served(client, caplog):
    caplog.set_level(logging.WARNING)
    assert client.get("/").status_code == 200
    assert not caplog.records


@override_settings(ALLOWED_HOSTS=["testserver"], PAGE_CACHE_ENABLED=True)
def test_page_cache_does_not_blame_itself_for_a_foreign_host(rf, caplog):
    """Even on its own (without the refusing middleware in front), the page cache stays quiet."""
    from django.http import HttpResponse

    from clinic.http.cache import PublicCacheMiddleware

    caplog.set_level(logging.DEBUG)
    middleware = PublicCacheMiddleware(lambda request: HttpResponse("ok"))
    request = rf.get("/", HTTP_HOST="evil.example")
    assert middleware(request).status_code == 200
    assert not [r for r in caplog.records if "cache" in r.getMessage().lower()]
