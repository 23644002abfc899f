"""Revalidation and ranges (issue 19): pages and handouts carry an ETag from their bytes and answer
conditional GETs with 304; handouts answer Range with 206 (or 416). The page cache, Wagtail's
path and the handout fast path all give the same validator for the same bytes."""

from __future__ import annotations

import pytest
from django.test import override_settings

from clinic.http.ranges import content_etag, requested_range

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/articles/leg-cramps/", "/feed/", "/sitemap.xml"])
def test_public_page_has_an_etag_and_answers_if_none_match_with_304(client, path):
    response = client.get(path)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag == content_etag(response.content)
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == response["Cache-Control"]  # still public for shared caches
    assert client.get(path, HTTP_IF_NONE_MATCH='"other"').status_code == 200


@override_settings(PAGE_CACHE_ENABLED=True)
def test_a_page_from_the_page_cache_has_the_same_etag(client):
    fresh = client.get("/articles/leg-cramps/")
    kept = client.get("/articles/leg-cramps/")
    assert kept["X-Page-Cache"] == "hit"
    assert kept["ETag"] == fresh["ETag"]
    revalidated = client.get("/articles/leg-cramps/", HTTP_IF_NONE_MATCH=fresh["ETag"])
    assert revalidated.status_code == 304


def test_the_etag_changes_when_the_page_does(client, articles_index):
    from tests.factories import ArticlePageFactory

    page = ArticlePageFactory(parent=articles_index, title="Validator test article")
    before = client.get(page.url)["ETag"]
    page.title = "Validator test article, revised"
    page.save_revision().publish()
    after = client.get(page.url)
    assert after["ETag"] != before
    assert client.get(page.url, HTTP_IF_NONE_MATCH=before).status_code == 200


@pytest.mark.parametrize(
    "header,expected",
    [
        ("bytes=0-0", (0, 0)),
        ("bytes=5-500", (5, 99)),
        ("bytes=-200", (0, 99)),
        ("bytes=-0", "unsatisfiable"),
        ("bytes=100-", "unsatisfiable"),
        ("bytes=9-3", None),
        ("bytes=-", None),
        ("items=0-5", None),
        ("bytes=0-1,3-4", None),
        ("bytes=" + "9" * 40 + "-", "unsatisfiable"),
        ("", None),
    ],
)
def test_requested_range(header, expected):
    assert requested_range(header, 100) == expected
