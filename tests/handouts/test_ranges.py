"""A handout's validator and byte ranges (issue 19): its ETag is of its stored bytes on Wagtail's
path and on the fast path alike, changes exactly when the bytes do, and Range gets 206 or 416."""

from __future__ import annotations

from unittest import mock

import pytest
from wagtail.models import Page

from clinic.http.ranges import content_etag
from handouts.models import StoredHandout

pytestmark = pytest.mark.django_db


def handout_url(page, query=""):
    return page.url + "handout/" + query


def test_handout_etag_is_of_its_stored_bytes_on_both_paths(client, article, fake_render):
    slow = client.get(handout_url(article))  # Wagtail's path: renders and stores
    stored = StoredHandout.objects.get(page=article, variant="std")
    assert slow["ETag"] == content_etag(bytes(stored.pdf))
    assert slow["Accept-Ranges"] == "bytes"
    with mock.patch.object(Page, "route", side_effect=AssertionError("reached routing")):
        fast = client.get(handout_url(article))  # the fast path
        assert fast["ETag"] == slow["ETag"]
        assert client.get(handout_url(article), HTTP_IF_NONE_MATCH=slow["ETag"]).status_code == 304


def test_handout_validator_changes_exactly_when_its_bytes_do(client, article, fake_render):
    first = client.get(handout_url(article))
    large = client.get(handout_url(article, "?size=large"))
    assert large.content != first.content and large["ETag"] != first["ETag"]
    # The same stored handout asked again: the same bytes, the same tag.
    same = client.get(handout_url(article))
    assert same.content == first.content and same["ETag"] == first["ETag"]
    # A new revision prints its own version id in the footer: new bytes, new tag.
    article.save_revision().publish()
    article.refresh_from_db()
    republished = client.get(handout_url(article))
    assert republished.content != first.content and republished["ETag"] != first["ETag"]
    # Changed text, changed bytes, changed tag.
    article.title = "Sleep well: a revised guide"
    article.save_revision().publish()
    changed = client.get(handout_url(article))
    assert changed.content != first.content and changed["ETag"] != first["ETag"]
    assert client.get(handout_url(article), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_handout_ranges(client, article, fake_render):
    whole = client.get(handout_url(article)).content
    n = len(whole)
    part = client.get(handout_url(article), HTTP_RANGE="bytes=0-9")
    assert part.status_code == 206
    assert part.content == whole[:10]
    assert part["Content-Range"] == f"bytes 0-9/{n}"
    assert part["ETag"] == content_etag(whole)
    tail = client.get(handout_url(article), HTTP_RANGE="bytes=-5")
    assert tail.status_code == 206 and tail.content == whole[-5:]
    rest = client.get(handout_url(article), HTTP_RANGE="bytes=10-")
    assert rest.content == whole[10:] and rest["Content-Range"] == f"bytes 10-{n - 1}/{n}"
    beyond = client.get(handout_url(article), HTTP_RANGE=f"bytes={n}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{n}"
    # If-Range naming another version, or several ranges: the whole file.
    stale = client.get(handout_url(article), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert stale.status_code == 200 and stale.content == whole
    several = client.get(handout_url(article), HTTP_RANGE="bytes=0-1,5-6")
    assert several.status_code == 200 and several.content == whole
    fresh = client.get(
        handout_url(article), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=content_etag(whole)
    )
    assert fresh.status_code == 206
