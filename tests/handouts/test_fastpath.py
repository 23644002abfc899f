"""The warm-handout fast path (handouts.fastpath): a stored public handout is served in few queries
without Wagtail's routing — and never when anything the full path checks has changed."""

from __future__ import annotations

from unittest import mock

import pytest
from wagtail.models import Page, PageViewRestriction, Site

from handouts.fastpath import stored_public_handout

pytestmark = pytest.mark.django_db


def handout_url(page, query=""):
    return page.url + "handout/" + query


def pdf_bytes(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def no_routing():
    """Fail the test if a request reaches Wagtail's page routing."""
    with mock.patch.object(
        Page, "route", side_effect=AssertionError("reached Wagtail routing")
    ) as m:
        yield m


@pytest.fixture
def counting_routing():
    original = Page.route
    calls = []

    def route(self, request, path_components):
        calls.append(request.path)
        return original(self, request, path_components)

    with mock.patch.object(Page, "route", route):
        yield calls


def test_warm_public_handout_is_served_without_routing_in_few_queries(
    client, article, fake_render, django_assert_max_num_queries
):
    first = pdf_bytes(client.get(handout_url(article, "?size=large")))  # renders and stores
    with mock.patch.object(Page, "route", side_effect=AssertionError("reached Wagtail routing")):
        # clinic settings, live locations, the stored row; its PDF the first time only: then the
        # process keeps it (handouts.pdf_cache). With the page cache on, the row is remembered
        # too: test_fastpath_cache.py.
        with django_assert_max_num_queries(4):
            response = client.get(handout_url(article, "?size=large"))
        assert pdf_bytes(response) == first
        with django_assert_max_num_queries(3):
            response = client.get(handout_url(article, "?size=large"))
        assert pdf_bytes(response) == first
    assert response["Content-Disposition"] == 'inline; filename="sleep-well-guide-large-print.pdf"'
    assert "public" in response["Cache-Control"]
    assert response["X-Frame-Options"]  # response middleware above the fast path still applies
    assert fake_render.count == 1


@pytest.mark.parametrize("restrict", ["article", "ancestor"])
def test_a_restricted_article_never_takes_the_fast_path(
    client, article, articles_index, fake_render, restrict
):
    pdf_bytes(client.get(handout_url(article)))
    page = article if restrict == "article" else articles_index
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="pw-123")
    request = mock.Mock(method="GET", path=handout_url(article), GET={})
    assert stored_public_handout(request) is None
    response = client.get(handout_url(article))
    assert response.get("Content-Type", "").startswith("text/html")  # Wagtail's password form
    assert b"%PDF" not in response.content


def test_a_newly_published_revision_is_never_served_stale(client, article, fake_render):
    pdf_bytes(client.get(handout_url(article)))
    article.title = "Sleep well: the updated guide"
    article.save_revision().publish()
    pdf_bytes(client.get(handout_url(article)))
    assert fake_render.count == 2
    assert "Sleep well: the updated guide" in fake_render.calls[-1]


def test_an_unpublished_article_is_404_even_with_a_stored_pdf(client, article, fake_render):
    pdf_bytes(client.get(handout_url(article)))
    article.unpublish()
    assert client.get(handout_url(article)).status_code == 404


def test_new_clinic_settings_are_never_served_stale(client, article, clinic_settings, fake_render):
    pdf_bytes(client.get(handout_url(article)))
    clinic_settings.phone = "(254) 555-0100"
    clinic_settings.save()
    pdf_bytes(client.get(handout_url(article)))
    assert fake_render.count == 2
    assert "(254) 555-0100" in fake_render.calls[-1]


def test_cold_unknown_or_odd_requests_take_the_full_path(
    client, article, fake_render, counting_routing
):
    pdf_bytes(client.get(handout_url(article)))  # cold: routed, rendered
    assert len(counting_routing) >= 1
    routed = len(counting_routing)
    pdf_bytes(client.get(handout_url(article)))  # warm: not routed
    assert len(counting_routing) == routed
    assert client.get(handout_url(article, "?location=atlantis")).status_code == 404
    assert len(counting_routing) == routed + 1  # unknown location: the full path answers 404
    pdf_bytes(client.get(handout_url(article, "?utm_source=x")))
    assert len(counting_routing) == routed + 2  # a query it does not know: the full path too


def test_several_sites_fall_back_to_wagtail_routing(client, article, home, fake_render):
    pdf_bytes(client.get(handout_url(article)))
    Site.objects.create(hostname="other.example", port=80, root_page=home, site_name="Other")
    Site.clear_site_root_paths_cache()
    request = mock.Mock(method="GET", path=handout_url(article), GET={})
    assert stored_public_handout(request) is None
    pdf_bytes(client.get(handout_url(article)))  # still served, by the full path
