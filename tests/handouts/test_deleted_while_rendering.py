"""A handout task for a page deleted while it renders (the demo loader replacing pages, staff
deleting a page just after publishing) ends quietly instead of failing with a traceback
(issue 19)."""

from __future__ import annotations

import logging
from unittest import mock

import pytest
from django.db import IntegrityError

from handouts import tasks

pytestmark = pytest.mark.django_db


def test_a_page_deleted_during_the_render_ends_quietly(article, caplog):
    page_id = article.id

    def render_then_lose_the_page(page, variant, site):
        page.delete()  # deleted in another request while this render ran
        raise IntegrityError("insert or update on table violates foreign key constraint")

    caplog.set_level(logging.INFO)
    with mock.patch("handouts.store.get_or_render", side_effect=render_then_lose_the_page):
        assert tasks.render_standard_handout.call(page_id) is None
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("deleted while its handout rendered" in r.getMessage() for r in caplog.records)


def test_a_page_deleted_before_the_task_runs_is_skipped(article, fake_render):
    page_id = article.id
    article.delete()
    assert tasks.render_standard_handout.call(page_id) is None
    assert fake_render.count == 0


def test_an_integrity_error_of_a_page_that_still_exists_is_not_hidden(article):
    failing = mock.patch("handouts.store.get_or_render", side_effect=IntegrityError("other"))
    with failing, pytest.raises(IntegrityError):
        tasks.render_standard_handout.call(article.id)
