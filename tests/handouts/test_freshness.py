"""What a patient prints is as fresh as the page, without waiting for the task worker: a handout
printed right after a practitioner is renamed names the new name, with the worker stopped."""

from __future__ import annotations

import pytest

from .pdfs import ReadPdf

PAUSED_WORKER = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.mark.django_db
def test_a_handout_after_a_practitioner_rename_shows_the_new_name_with_the_worker_paused(
    client, article, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = PAUSED_WORKER  # nothing queued runs: no forget, no prune, no render
    settings.PAGE_CACHE_ENABLED = True
    url = article.url + "handout/"
    reviewer = article.reviewed_by
    old_name = reviewer.display_name
    before = ReadPdf(client.get(url).getvalue()).text
    assert f"Medically reviewed by {old_name}" in before
    assert client.get(url)["Content-Type"] == "application/pdf"  # now stored: the fast path

    with django_capture_on_commit_callbacks(execute=True):
        reviewer.name = "Maria Renamed-Lopez"
        reviewer.save()

    page = client.get(article.url).content.decode()
    assert "Maria Renamed-Lopez" in page
    after = ReadPdf(client.get(url).getvalue()).text
    assert "Medically reviewed by Maria Renamed-Lopez" in after and old_name not in after


@pytest.mark.django_db
def test_a_practitioner_named_nowhere_leaves_the_stored_handouts_alone(
    client, article, settings, django_capture_on_commit_callbacks
):
    from articles.models import Practitioner
    from handouts.models import StoredHandout

    settings.TASKS = PAUSED_WORKER
    client.get(article.url + "handout/")
    stored = StoredHandout.objects.get(page_id=article.id)
    with django_capture_on_commit_callbacks(execute=True):
        Practitioner.objects.create(name="New Hire")
    client.get(article.url + "handout/")
    assert list(StoredHandout.objects.filter(page_id=article.id)) == [stored]
