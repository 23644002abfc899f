"""The web stack's edges (issue 19): HTTP methods no public route needs, and where a login or a
page password goes when the address to go back to is missing or points elsewhere."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/feed/",
    "/es/feed/",
    "/sitemap.xml",
    "/search/",
    "/search/?q=sleep",
    "/articles/",
    "/articles/leg-cramps/",
    "/articles/leg-cramps/handout/",
    "/locations/",
    "/no-such-page/",
    "/robots.txt",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_options_answers_with_allow_and_no_body(client, path):
    response = client.options(path)
    assert response.status_code == 200
    assert response.content == b""
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("path", [*PUBLIC, "/admin/", "/_util/login/"])
def test_trace_is_refused(client, path):
    response = client.generic("TRACE", path)
    assert response.status_code == 405
    assert b"<html" not in response.content.lower()
    assert "GET" in response["Allow"]


def test_form_routes_say_they_take_posts(client):
    assert client.options("/_util/login/")["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_get_still_serves_the_feed(client):
    response = client.get("/feed/")
    assert response.status_code == 200 and b"<rss" in response.content


@pytest.fixture
def visitor():
    return get_user_model().objects.create_user("visitor", "v@example.com", "pw-visitor-123")


@pytest.mark.parametrize(
    "next_url", ["", "https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_login_with_a_bad_next_goes_home(client, visitor, next_url):
    data = {"username": "visitor", "password": "pw-visitor-123"}
    if next_url:
        data["next"] = next_url
    response = client.post("/_util/login/", data)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(response["Location"]).status_code == 200


def test_login_with_a_good_next_goes_there(client, visitor):
    response = client.post(
        "/_util/login/",
        {"username": "visitor", "password": "pw-visitor-123", "next": "/articles/leg-cramps/"},
    )
    assert response["Location"] == "/articles/leg-cramps/"


@pytest.fixture
def protected():
    from articles.models import ArticlePage

    article = ArticlePage.objects.get(slug="leg-cramps")
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="open-sesame-1"
    )
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, article.pk])
    return article, url


@pytest.mark.parametrize("return_url", [None, "", "https://evil.example/", "//evil.example/"])
def test_page_password_with_a_bad_return_url_goes_back_to_the_page(client, protected, return_url):
    article, url = protected
    data = {"password": "open-sesame-1"}
    if return_url is not None:
        data["return_url"] = return_url
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == article.url
    assert client.get(article.url).status_code == 200
    assert b"open-sesame" not in client.get(article.url).content


def test_page_password_with_a_good_return_url_goes_there(client, protected):
    article, url = protected
    response = client.post(url, {"password": "open-sesame-1", "return_url": "/articles/"})
    assert response["Location"] == "/articles/"
