"""Fixtures for handout tests. PDFs are rendered once per module; a fake renderer stands in for
WeasyPrint where a test is about routing, permissions or the store rather than the layout."""

from __future__ import annotations

import hashlib
import threading
from unittest import mock

import pytest


class FakeRenderer:
    """Replaces handouts.render.html_to_pdf: counts calls, returns a tiny PDF-like payload that
    identifies the HTML it was given (so tests can tell which revision was rendered)."""

    def __init__(self, delay: float = 0.0):
        self.calls: list[str] = []
        self.delay = delay
        self._lock = threading.Lock()

    def __call__(self, html, base_url, *, fetcher=None):
        import time

        from handouts.render import RenderedHandout

        with self._lock:
            self.calls.append(html)
        if self.delay:
            time.sleep(self.delay)
        digest = hashlib.sha256(html.encode()).hexdigest()
        return RenderedHandout(
            pdf=b"%PDF-1.7\n% fake handout " + digest.encode() + b"\n%%EOF", pages=1
        )

    @property
    def count(self) -> int:
        return len(self.calls)


@pytest.fixture
def fake_render():
    fake = FakeRenderer()
    with mock.patch("handouts.render.html_to_pdf", fake):
        yield fake


@pytest.fixture
def article(articles_index):
    from tests.factories import HandoutArticleFactory

    return HandoutArticleFactory(parent=articles_index)


@pytest.fixture
def english():
    """The English demo article that has a Spanish translation (tests.factories.ENGLISH_SLUG)."""
    from articles.models import ArticlePage
    from tests.factories import ENGLISH_SLUG

    return ArticlePage.objects.get(slug=ENGLISH_SLUG, locale__language_code="en")


@pytest.fixture
def spanish():
    """Its Spanish translation (tests.factories.SPANISH_SLUG)."""
    from articles.models import ArticlePage
    from tests.factories import SPANISH_SLUG

    return ArticlePage.objects.get(slug=SPANISH_SLUG, locale__language_code="es")
