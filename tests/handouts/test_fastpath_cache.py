"""The warm-handout fast path as production runs it, with the site's cache on: which stored row
answers a URL is remembered under the content generation and the PDF bytes are kept in memory
(handouts.pdf_cache), so a warm handout costs no query — and any change a patient could see is
still never served stale."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection
from django.test import override_settings
from wagtail.models import Page, PageViewRestriction

from handouts import pdf_cache
from handouts.fastpath import stored_public_handout

from .test_fastpath import handout_url, pdf_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def page_cache_on():
    with override_settings(PAGE_CACHE_ENABLED=True):
        yield


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a change does after its commit (the content generation is renewed there). What
    the setup left waiting for a commit runs first: the test's transaction never commits, and
    clinic.http.purge registers one purge per transaction."""

    def run(change):
        pending, connection.run_on_commit[:] = list(connection.run_on_commit), []
        for _savepoints, callback, _robust in pending:
            callback()
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def routed():
    return mock.patch.object(Page, "route", side_effect=AssertionError("reached Wagtail routing"))


def test_a_warm_handout_costs_no_query(client, article, fake_render, django_assert_num_queries):
    first = pdf_bytes(client.get(handout_url(article)))  # rendered and stored
    with routed():
        assert pdf_bytes(client.get(handout_url(article))) == first  # remembered, kept in memory
        with django_assert_num_queries(0):
            assert pdf_bytes(client.get(handout_url(article))) == first
    assert fake_render.count == 1


def test_a_miss_is_not_remembered(rf, client, article, fake_render):
    request = rf.get(handout_url(article))
    assert stored_public_handout(request) is None  # nothing stored yet
    first = pdf_bytes(client.get(handout_url(article)))  # the full path stores it
    found = stored_public_handout(rf.get(handout_url(article)))
    assert found is not None and found[0] == first


def test_bytes_come_from_the_row_the_database_names(rf, client, article, fake_render):
    """Memory is looked up by the row the (remembered) query names, never by URL."""
    pdf_bytes(client.get(handout_url(article)))
    pdf_bytes(client.get(handout_url(article, "?size=large")))
    standard = stored_public_handout(rf.get(handout_url(article)))[0]
    large = stored_public_handout(rf.get(handout_url(article, "?size=large")))[0]
    assert standard != large


def test_a_new_revision_is_never_served_stale(client, article, fake_render, committed):
    pdf_bytes(client.get(handout_url(article)))
    pdf_bytes(client.get(handout_url(article)))

    def publish():
        article.title = "Sleep well: the updated guide"
        article.save_revision().publish()

    committed(publish)
    pdf_bytes(client.get(handout_url(article)))
    assert fake_render.count == 2
    assert "Sleep well: the updated guide" in fake_render.calls[-1]


def test_an_unpublished_article_is_404(client, article, fake_render, committed):
    pdf_bytes(client.get(handout_url(article)))
    pdf_bytes(client.get(handout_url(article)))
    committed(article.unpublish)
    assert client.get(handout_url(article)).status_code == 404


def test_a_restricted_article_gets_the_password_form(client, article, fake_render, committed):
    pdf_bytes(client.get(handout_url(article)))
    pdf_bytes(client.get(handout_url(article)))
    committed(
        lambda: PageViewRestriction.objects.create(
            page=article, restriction_type="password", password="pw-123"
        )
    )
    response = client.get(handout_url(article))
    assert response.get("Content-Type", "").startswith("text/html")
    assert b"%PDF" not in response.content


def test_new_clinic_settings_are_never_served_stale(
    client, article, clinic_settings, fake_render, committed
):
    pdf_bytes(client.get(handout_url(article)))
    pdf_bytes(client.get(handout_url(article)))

    def change():
        clinic_settings.phone = "(254) 555-0100"
        clinic_settings.save()

    committed(change)
    pdf_bytes(client.get(handout_url(article)))
    assert fake_render.count == 2
    assert "(254) 555-0100" in fake_render.calls[-1]


@override_settings(HANDOUT_MEMORY_CACHE_MB=1)
def test_memory_is_bounded_least_recently_served_first(db):
    pdf_cache.clear()
    blob = b"%PDF" + b"x" * 200_000
    with mock.patch.object(pdf_cache, "_read", side_effect=lambda row_id, key: blob) as reads:
        for row_id in range(1, 7):  # 6 × 200 kB > 1 MB
            assert pdf_cache.pdf_for(row_id, f"k{row_id}") == blob
        assert reads.call_count == 6
        pdf_cache.pdf_for(6, "k6")  # the newest is still there
        assert reads.call_count == 6
        pdf_cache.pdf_for(1, "k1")  # the oldest was let go
        assert reads.call_count == 7
