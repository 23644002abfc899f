"""One way to forget (clinic.http.changes): every kind of change sends one `content_changed` when its
transaction commits, every copy listens, a search right after a publish is fresh even with the task
worker stopped, and a burst of requests after a change computes a page once."""

from __future__ import annotations

import threading

import pytest
from django.test import RequestFactory
from wagtail.models import PageViewRestriction, Site

from clinic.http import cache as clinic_cache
from clinic.http import changes

PAUSED_WORKER = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def sent():
    """Every Change sent while the test runs."""
    received = []

    def receiver(sender, change, **kwargs):
        received.append(change)

    changes.content_changed.connect(receiver, weak=False, dispatch_uid="test-changes")
    yield received
    changes.content_changed.disconnect(dispatch_uid="test-changes")


def _article(slug="leg-cramps"):
    from articles.models import ArticlePage

    return ArticlePage.objects.get(slug=slug, locale__language_code="en")


def _image():
    from tests.factories import ImageFactory

    return ImageFactory()


CHANGES = {
    "publish": lambda ctx: _article().save_revision().publish(),
    "unpublish": lambda ctx: _article().unpublish(),
    "move": lambda ctx: _article().move(ctx["articles_index"], pos="first-child"),
    "delete": lambda ctx: _article().delete(),
    "settings": lambda ctx: ctx["clinic_settings"].save(),
    "site": lambda ctx: Site.objects.get(is_default_site=True).save(),
    "view-restriction": lambda ctx: PageViewRestriction.objects.create(
        page=_article(), restriction_type="login"
    ),
    "image": lambda ctx: ctx["image"].save(),
    "practitioner": lambda ctx: _article().reviewed_by.save(),
    "topic-name": lambda ctx: __import__("articles.models").models.TopicName.objects.first().save(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_every_kind_of_change_is_sent_once_after_the_commit(
    kind, sent, articles_index, clinic_settings, django_capture_on_commit_callbacks
):
    ctx = {"articles_index": articles_index, "clinic_settings": clinic_settings, "image": _image()}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        CHANGES[kind](ctx)
        assert sent == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(sent) == 1 and kind in sent[0].kinds


@pytest.mark.django_db
def test_a_page_change_names_the_page_and_a_location_means_everything(
    sent, django_capture_on_commit_callbacks
):
    from locations.models import LocationPage

    article = _article()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert sent[-1].published == {article.pk} and not sent[-1].everything
    with django_capture_on_commit_callbacks(execute=True):
        LocationPage.objects.get(slug="waco", locale__language_code="en").save_revision().publish()
    assert sent[-1].everything


@pytest.mark.django_db
def test_many_changes_in_one_transaction_are_sent_once(
    sent, articles_index, clinic_settings, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        clinic_settings.save()
        _article().save_revision().publish()
        _article("waking-between-2-and-4-am").unpublish()
    assert len(sent) == 1
    change = sent[0]
    assert {"settings", "publish", "unpublish"} <= change.kinds and change.everything
    assert change.published == {_article().pk}
    assert change.unpublished == {_article("waking-between-2-and-4-am").pk}


@pytest.mark.django_db
def test_every_copy_listens(settings, django_capture_on_commit_callbacks):
    """The page cache (a new generation), the HTTP caches (a purge task), article fragments and the
    handout store (a prune task) all act on one change."""
    from django_tasks.signals import task_enqueued

    settings.TASKS = PAUSED_WORKER
    settings.WAGTAILFRONTENDCACHE = {
        "rec": {"BACKEND": "tests.clinic.test_caching.RecordingBackend"}
    }
    queued = []
    task_enqueued.connect(
        lambda sender, task_result, **kw: queued.append(task_result.task.name),
        weak=False,
        dispatch_uid="test-changes-queued",
    )
    try:
        before = clinic_cache.generation()
        with django_capture_on_commit_callbacks(execute=True):
            changes.changed(changes.SETTINGS, everything=True)
    finally:
        task_enqueued.disconnect(dispatch_uid="test-changes-queued")
    assert clinic_cache.generation() != before
    assert {"purge_everything_task", "prune_stale_handouts"} <= set(queued)


def test_a_release_renews_the_generation(settings):
    """The generation names the release: code deployed with another RELEASE_ID (or other source)
    reads none of the old entries."""
    first = clinic_cache.generation()
    clinic_cache.release.cache_clear()
    settings.RELEASE_ID = "release-2"
    try:
        assert clinic_cache.generation() != first
        assert clinic_cache.generation().startswith("release-2.")
    finally:
        clinic_cache.release.cache_clear()


def test_without_a_release_id_the_code_is_hashed(settings):
    settings.RELEASE_ID = ""
    clinic_cache.release.cache_clear()
    try:
        assert (
            len(clinic_cache.release()) == 12 and clinic_cache.release() == clinic_cache.release()
        )
    finally:
        clinic_cache.release.cache_clear()


# --- Race (a): a search right after a publish ----------------------------------------------------


def _found(client, word) -> bool:
    return b'href="/articles/leg-cramps/"' in client.get(f"/search/?q={word}").content


@pytest.mark.django_db
def test_a_search_right_after_a_publish_finds_the_new_word_with_the_worker_paused(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    settings.TASKS = PAUSED_WORKER  # the worker is stopped: no background index task runs
    assert not _found(client, "zanzibarine")
    assert not _found(client, "zanzibarine")  # remembered (empty) under this generation
    page = _article()
    page.summary = f"{page.summary} Zanzibarine tonic water."
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert _found(client, "zanzibarine")


@pytest.mark.django_db
def test_the_index_is_written_before_the_generation_changes(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Anything computed under the new generation sees the new index: the page is indexed in the
    publishing transaction, the generation changes after the commit."""
    from modelsearch import index

    settings.TASKS = PAUSED_WORKER
    order = []
    real = index.insert_or_update_object
    monkeypatch.setattr(
        index, "insert_or_update_object", lambda obj: (order.append("index"), real(obj))
    )
    monkeypatch.setattr(clinic_cache, "forget_all_pages", lambda: order.append("generation"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _article().save_revision().publish()
        assert order == ["index"]
    for callback in callbacks:
        callback()
    assert order == ["index", "generation"]


# --- Thundering herd -----------------------------------------------------------------------------

REQUESTS = 50


class Herd:
    """REQUESTS threads asking at once; the first computation is held until every other thread is
    waiting for it, so that all of them really arrive while it is being computed."""

    def __init__(self, monkeypatch):
        self.computations = 0
        self.waiting: set[int] = set()
        self.everyone_waits = threading.Event()
        self.lock = threading.Lock()
        real_pause = clinic_cache.pause

        def pause():
            with self.lock:
                self.waiting.add(threading.get_ident())
                if len(self.waiting) >= REQUESTS - 1:
                    self.everyone_waits.set()
            real_pause()

        monkeypatch.setattr(clinic_cache, "pause", pause)
        monkeypatch.setattr(clinic_cache, "WAIT_SECONDS", 60)

    def compute(self):
        with self.lock:
            self.computations += 1
        self.everyone_waits.wait(timeout=60)

    def run(self, target) -> list:
        results = [None] * REQUESTS

        def one(i):
            results[i] = target()

        threads = [threading.Thread(target=one, args=(i,)) for i in range(REQUESTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        return results


def test_a_burst_of_requests_for_one_page_renders_it_once(settings, monkeypatch):
    from django.http import HttpResponse

    settings.PAGE_CACHE_ENABLED = True
    herd = Herd(monkeypatch)

    def view(request):
        herd.compute()
        clinic_cache.allow_public_cache(request)
        return HttpResponse(b"<p>All articles</p>", content_type="text/html")

    middleware = clinic_cache.PublicCacheMiddleware(view)
    clinic_cache.forget_all_pages()  # just after a publish
    responses = herd.run(lambda: middleware(RequestFactory().get("/articles/")))
    assert herd.computations == 1
    assert all(r.status_code == 200 and r.content == b"<p>All articles</p>" for r in responses)
    assert sum(r.get("X-Page-Cache") == "hit" for r in responses) == REQUESTS - 1


def test_after_a_publish_a_burst_renders_the_kept_page_once_and_never_serves_the_old_copy(
    settings, monkeypatch
):
    """The old copy is still in the cache under the page's key (kept with its generation): the
    burst waits for the one new rendering instead of each taking the old entry for a miss."""
    from django.http import HttpResponse

    settings.PAGE_CACHE_ENABLED = True
    version = ["old"]

    def view(request):
        if version[0] == "new":
            herd.compute()
        clinic_cache.allow_public_cache(request)
        return HttpResponse(f"<p>{version[0]}</p>".encode(), content_type="text/html")

    middleware = clinic_cache.PublicCacheMiddleware(view)
    assert middleware(RequestFactory().get("/articles/")).content == b"<p>old</p>"
    assert middleware(RequestFactory().get("/articles/"))["X-Page-Cache"] == "hit"
    herd = Herd(monkeypatch)
    version[0] = "new"
    clinic_cache.forget_all_pages()  # the publish
    responses = herd.run(lambda: middleware(RequestFactory().get("/articles/")))
    assert herd.computations == 1
    assert [r.content for r in responses] == [b"<p>new</p>"] * REQUESTS


def test_a_page_cache_hit_is_one_cache_read(settings, monkeypatch):
    """The generation and the kept page in one round trip to the cache (Redis in production)."""
    from django.http import HttpResponse

    settings.PAGE_CACHE_ENABLED = True
    calls = []

    class Counted:
        """The cache, counting the calls the site makes (not those a backend makes of itself)."""

        def __getattr__(self, name):
            method = getattr(real, name)

            def call(*args, **kwargs):
                calls.append(name)
                return method(*args, **kwargs)

            return call

    def view(request):
        clinic_cache.allow_public_cache(request)
        return HttpResponse(b"<p>Home</p>", content_type="text/html")

    real = clinic_cache.cache
    middleware = clinic_cache.PublicCacheMiddleware(view)
    middleware(RequestFactory().get("/"))
    monkeypatch.setattr(clinic_cache, "cache", Counted())
    response = middleware(RequestFactory().get("/"))
    assert response["X-Page-Cache"] == "hit" and response.content == b"<p>Home</p>"
    assert calls == ["get_many"]


def test_a_burst_of_requests_for_a_remembered_list_computes_it_once(settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = True
    herd = Herd(monkeypatch)

    def build():
        herd.compute()
        return [3, 1, 2]

    clinic_cache.forget_all_pages()
    results = herd.run(lambda: clinic_cache.remember("article-count", build))
    assert herd.computations == 1 and results == [[3, 1, 2]] * REQUESTS


def test_a_request_waits_no_longer_than_the_bound_for_another_computation(settings, monkeypatch):
    """Another request's computation that never ends (or never stores: a private page) holds
    nobody for longer than WAIT_SECONDS: the request renders its own."""
    from django.http import HttpResponse

    settings.PAGE_CACHE_ENABLED = True
    calls = []

    def view(request):
        calls.append(1)
        return HttpResponse(b"private", content_type="text/html")  # never allowed public

    middleware = clinic_cache.PublicCacheMiddleware(view)
    key = middleware._key(RequestFactory().get("/x/"))
    clinic_cache.cache.add(f"{key}:{clinic_cache.generation()}:computing", 1, 30)
    monkeypatch.setattr(clinic_cache, "WAIT_SECONDS", 0.1)
    response = middleware(RequestFactory().get("/x/"))
    assert response.content == b"private" and "private" in response["Cache-Control"]
    assert calls == [1]
