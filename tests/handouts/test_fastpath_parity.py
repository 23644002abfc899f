"""Wagtail pinned: the handout fast path (handouts.fastpath) answers without Wagtail's routing and
serve hooks. Every hook Wagtail's serve view runs is listed here with what stands in for it on the
fast path; a hook added (by Wagtail, a package or this project) or a change in where Wagtail calls
them fails these tests, so the fast path is looked at again instead of skipping it silently."""

from __future__ import annotations

import inspect

import pytest
from wagtail import hooks
from wagtail import views as wagtail_views
from wagtail.models import Page

from articles.models import ArticlePage
from handouts import fastpath

# (hook name, function) → what the fast path does instead.
STANDS_IN = {
    ("before_serve_page", "wagtail.wagtail_hooks.check_request_method"): (
        "answers GET only (HEAD, OPTIONS and the rest take Wagtail's path), and GET is an allowed "
        "method of every page type with a handout route"
    ),
    ("before_serve_page", "clinic.wagtail_hooks.allow_shared_caches_for_public_pages"): (
        "serves only pages without view restrictions, with the same public Cache-Control "
        "(handouts.views.pdf_response(private=False))"
    ),
    ("on_serve_page", "wagtail.wagtail_hooks.check_view_restrictions"): (
        "the query excludes pages at or under a view restriction (without_view_restrictions)"
    ),
}


def registered() -> set[tuple[str, str]]:
    return {
        (name, f"{fn.__module__}.{fn.__qualname__}")
        for name in ("before_serve_page", "on_serve_page")
        for fn in hooks.get_hooks(name)
    }


def test_every_serve_hook_has_a_stand_in_on_the_fast_path(db):
    assert registered() == set(STANDS_IN)


def test_wagtails_serve_view_runs_exactly_these_hook_kinds():
    called = {
        const
        for const in wagtail_views.serve.__code__.co_consts
        if isinstance(const, str) and const.endswith("_page")
    }
    assert called == {"before_serve_page", "on_serve_page"}
    assert "get_hooks" in wagtail_views.serve.__code__.co_names


def test_page_serve_and_route_run_no_hooks_of_their_own():
    for method in (Page.serve, Page.route, Page.route_for_request):
        assert "hooks" not in inspect.getsource(method), method.__qualname__


@pytest.mark.parametrize("model", [ArticlePage])
def test_get_is_allowed_where_the_fast_path_serves(model):
    assert "GET" in model().allowed_http_method_names()


def test_the_fast_path_leaves_every_other_method_to_wagtail(rf):
    for method in ("head", "options", "post", "put", "delete", "patch"):
        request = getattr(rf, method)("/articles/x/handout/")
        assert fastpath.stored_public_handout(request) is None, method
