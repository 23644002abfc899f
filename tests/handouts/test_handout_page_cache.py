"""Warm public handouts answered at the page-cache layer (clinic.http.cache.keep_as_reference,
handouts.fastpath.serve_kept): the page cache keeps which stored row answers the URL, never the
bytes; the response is built by handouts.views.pdf_response as on every other path, the print is
counted as on the fast path, and any change a patient could see is never served from there."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from handouts import fastpath, pdf_cache
from handouts.models import PrintCount, StoredHandout
from handouts.views import seconds_until_tomorrow

from .test_fastpath import handout_url, pdf_bytes
from .test_fastpath_cache import committed, page_cache_on  # noqa: F401 - fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1"


def past_the_stack():
    """Fail the test if a request gets past the page cache to the fast path or Wagtail."""
    return mock.patch.object(
        fastpath, "stored_public_handout", side_effect=AssertionError("passed the page cache")
    )


def warm(client, article, query=""):
    """Render and store (Wagtail), then keep (fast path): the next request is a page-cache hit."""
    first = client.get(handout_url(article, query))
    second = client.get(handout_url(article, query))
    assert "X-Page-Cache" not in second
    return first, second


def test_a_warm_handout_is_answered_by_the_page_cache(client, article, fake_render):
    first, second = warm(client, article)
    with past_the_stack():
        hit = client.get(handout_url(article))
    assert hit["X-Page-Cache"] == "hit"
    assert pdf_bytes(hit) == pdf_bytes(first)
    for header in ("ETag", "Content-Disposition", "X-Handout-Pages", "Cache-Control"):
        assert hit[header] == second[header], header
    assert "public" in hit["Cache-Control"]
    assert hit["Content-Length"] == str(len(hit.content))
    assert fake_render.count == 1


def test_the_page_cache_keeps_a_reference_not_the_bytes(client, article, fake_render):
    from django.core.cache import cache

    warm(client, article)
    with mock.patch.object(cache, "set", wraps=cache.set) as kept:
        with past_the_stack():
            client.get(handout_url(article))  # a hit writes nothing
        assert not kept.called
    pdf_cache.clear()
    with mock.patch.object(cache, "set", wraps=cache.set) as kept:
        client.get(handout_url(article, "?size=large"))  # rendered
        client.get(handout_url(article, "?size=large"))  # kept
    entries = [
        call.args[1] for call in kept.call_args_list if call.args[0].startswith("pagecache:")
    ]
    assert entries and all(b"%PDF" not in repr(entry).encode() for entry in entries)


def test_each_size_is_its_own_entry(client, article, fake_render):
    standard, _ = warm(client, article)
    large, _ = warm(client, article, "?size=large")
    with past_the_stack():
        assert pdf_bytes(client.get(handout_url(article))) == pdf_bytes(standard)
        assert pdf_bytes(client.get(handout_url(article, "?size=large"))) == pdf_bytes(large)
    assert pdf_bytes(standard) != pdf_bytes(large)


def test_an_unpublish_right_after_a_hit_is_never_served(client, article, fake_render, committed):  # noqa: F811
    warm(client, article)
    with past_the_stack():
        assert client.get(handout_url(article))["X-Page-Cache"] == "hit"
    committed(article.unpublish)
    response = client.get(handout_url(article))
    assert response.status_code == 404
    assert b"%PDF" not in response.content


def test_a_view_restriction_right_after_a_hit_is_never_served(
    client,
    article,
    fake_render,
    committed,  # noqa: F811
):
    warm(client, article)
    with past_the_stack():
        assert client.get(handout_url(article))["X-Page-Cache"] == "hit"
    committed(
        lambda: PageViewRestriction.objects.create(
            page=article, restriction_type="password", password="pw-123"
        )
    )
    response = client.get(handout_url(article))
    assert "X-Page-Cache" not in response
    assert response.get("Content-Type", "").startswith("text/html")
    assert b"%PDF" not in response.content


def test_a_new_revision_right_after_a_hit_is_served_fresh(client, article, fake_render, committed):  # noqa: F811
    warm(client, article)
    with past_the_stack():
        client.get(handout_url(article))

    def publish():
        article.title = "Sleep well: the updated guide"
        article.save_revision().publish()

    committed(publish)
    response = client.get(handout_url(article))
    assert "X-Page-Cache" not in response
    assert fake_render.count == 2
    assert "Sleep well: the updated guide" in fake_render.calls[-1]


def test_a_kept_row_that_is_gone_is_a_miss_not_an_error(client, article, fake_render):
    warm(client, article)
    StoredHandout.objects.all().delete()  # e.g. the store pruned, with no content change
    pdf_cache.clear()
    response = client.get(handout_url(article))
    assert "X-Page-Cache" not in response
    pdf_bytes(response)
    assert fake_render.count == 2


def test_ranges_and_validators_on_a_hit(client, article, fake_render):
    first, _ = warm(client, article)
    whole = pdf_bytes(first)
    with past_the_stack():
        not_modified = client.get(handout_url(article), HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    # A Range request takes the fast path (a partial response is never kept or replayed).
    part = client.get(handout_url(article), HTTP_RANGE="bytes=0-9")
    assert part.status_code == 206
    assert part.content == whole[:10]
    assert part["Content-Range"] == f"bytes 0-9/{len(whole)}"
    assert part["ETag"] == first["ETag"]
    assert "X-Page-Cache" not in part


def test_hits_are_counted_as_prints_but_not_repeats_or_bots(client, article, fake_render):
    def total():
        return sum(
            PrintCount.objects.filter(channel=PrintCount.PUBLIC).values_list("count", flat=True)
        )

    client.get(handout_url(article), HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="10.0.0.1")
    client.get(handout_url(article), HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="10.0.0.2")
    assert total() == 2
    with past_the_stack():
        hit = client.get(handout_url(article), HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="10.0.0.3")
        assert hit["X-Page-Cache"] == "hit"
        assert total() == 3  # a new client
        client.get(handout_url(article), HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="10.0.0.3")
        assert total() == 3  # its repeat within a minute
        client.get(
            handout_url(article), HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot)"
        )
        assert total() == 3  # a bot


def test_a_public_handout_is_kept_no_later_than_midnight(client, article, fake_render):
    late = timezone.make_aware(datetime.datetime(2026, 12, 4, 23, 58, 0))
    with mock.patch.object(timezone, "now", return_value=late):
        assert seconds_until_tomorrow() == 120
        response = client.get(handout_url(article))
    assert "s-maxage=120" in response["Cache-Control"]


@override_settings(PAGE_CACHE_ENABLED=False)
def test_with_the_page_cache_off_nothing_is_kept(client, article, fake_render):
    warm(client, article)
    assert "X-Page-Cache" not in client.get(handout_url(article))
