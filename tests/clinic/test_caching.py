"""Who may keep a response (Cache-Control), the site's own page cache, and what is purged when."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import OperationalError
from django.test import override_settings
from wagtail.models import PageViewRestriction

from clinic.http import cache as clinic_cache
from locations import hours as hours_logic
from tests.factories import ArticlePageFactory, PasswordRestrictionFactory

CHICAGO = ZoneInfo("America/Chicago")


class RecordingBackend:
    """A frontend-cache backend that records what it is asked to purge."""

    purged: list[str] = []
    everything: list[list[str]] = []

    def __init__(self, params):
        pass

    def invalidates_hostname(self, hostname):
        return True

    def purge_batch(self, urls):
        RecordingBackend.purged.extend(urls)

    def purge_everything(self, hostnames):
        RecordingBackend.everything.append(list(hostnames))


class URLOnlyBackend(RecordingBackend):
    """A CDN that can only purge URLs (as Cloudflare's backend does)."""

    purge_everything = None

    def __getattribute__(self, name):
        if name == "purge_everything":
            raise AttributeError(name)
        return super().__getattribute__(name)


RECORDING = {"rec": {"BACKEND": "tests.clinic.test_caching.RecordingBackend"}}


@pytest.fixture
def recorder():
    RecordingBackend.purged = []
    RecordingBackend.everything = []
    with override_settings(WAGTAILFRONTENDCACHE=RECORDING):
        yield RecordingBackend


def shared(response) -> bool:
    """Whether a shared cache (Varnish, a CDN) may keep this response."""
    value = response.get("Cache-Control", "")
    return "public" in value and "s-maxage=" in value


# --- Cache-Control ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_public_pages_feed_sitemap_and_handouts_may_be_kept_by_shared_caches(client):
    for url in ("/", "/articles/", "/articles/leg-cramps/", "/locations/", "/feed/",
                "/sitemap.xml", "/search/", "/robots.txt"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        assert shared(response), (url, response.get("Cache-Control"))
        assert "max-age=0" in response["Cache-Control"], url  # browsers always revalidate
        assert "stale-while-revalidate=60" in response["Cache-Control"], url
        assert not response.cookies, url


@pytest.mark.django_db
def test_a_public_handout_may_be_kept_by_shared_caches(client):
    response = client.get("/articles/leg-cramps/handout/?size=large")
    assert response.status_code == 200 and shared(response)
    again = client.get("/articles/leg-cramps/handout/?size=large")  # the fast path
    assert again.status_code == 200 and shared(again)


@pytest.mark.django_db
def test_never_kept_by_shared_caches(client, admin_client, articles_index):
    search = client.get("/search/?q=cramps")
    assert search.status_code == 200 and not shared(search)
    assert "private" in search["Cache-Control"]
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and not shared(missing)
    private = ArticlePageFactory(parent=articles_index, title="Private notes")
    PasswordRestrictionFactory(page=private)
    for url in (private.url, private.url + "handout/"):
        response = client.get(url)
        assert not shared(response), url
    # Logged in: the same public article is private to this user.
    logged_in = admin_client.get("/articles/leg-cramps/")
    assert logged_in.status_code == 200 and not shared(logged_in)
    admin = admin_client.get("/admin/")
    assert not shared(admin)


@pytest.mark.django_db
def test_a_request_with_a_session_or_csrf_cookie_is_never_shared(client):
    client.cookies["sessionid"] = "whatever"
    assert not shared(client.get("/articles/leg-cramps/"))
    client.cookies.clear()
    client.cookies["csrftoken"] = "x" * 32
    assert not shared(client.get("/articles/leg-cramps/"))


@pytest.mark.django_db
def test_a_response_that_sets_a_cookie_is_never_shared(rf):
    from django.http import HttpResponse

    def view(request):
        clinic_cache.allow_public_cache(request)
        response = HttpResponse("hello")
        response.set_cookie("anything", "1")
        return response

    request = rf.get("/x/")
    response = clinic_cache.PublicCacheMiddleware(view)(request)
    assert not shared(response) and "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_preview_is_never_shared(admin_client):
    from articles.models import ArticlePage

    page = ArticlePage.objects.get(slug="leg-cramps")
    response = admin_client.get(f"/admin/pages/{page.id}/edit/preview/")
    assert not shared(response)


# --- Opening hours bound the lifetime of pages that show "Open now" --------------------------------


def rows(*intervals):
    return [
        SimpleNamespace(weekday=day, closed=False, opens=dt.time(*o), closes=dt.time(*c), note="")
        for day, o, c in intervals
    ]


def test_seconds_until_the_status_changes():
    hours = rows((0, (8,), (12,)), (0, (13,), (17,)))  # Monday 8–12, 1–5
    monday = dt.datetime(2026, 11, 23, 11, 59, 30, tzinfo=CHICAGO)
    assert hours_logic.seconds_until_change(hours, monday) == 30  # closes for lunch at noon
    lunch = monday.replace(hour=12, minute=30, second=0)
    assert hours_logic.seconds_until_change(hours, lunch) == 30 * 60  # opens again at 1
    evening = monday.replace(hour=23, minute=0, second=0)
    assert hours_logic.seconds_until_change(hours, evening) == 3600  # midnight: "tomorrow" changes
    for when in (monday, lunch, evening):
        later = when + dt.timedelta(seconds=hours_logic.seconds_until_change(hours, when) - 1)
        assert hours_logic.status_at(hours, later) == hours_logic.status_at(hours, when)


@pytest.mark.django_db
def test_a_location_page_is_kept_no_longer_than_its_status_holds(client):
    from locations.models import LocationPage

    waco = LocationPage.objects.get(slug="waco", locale__language_code="en")
    response = client.get(waco.url)
    s_maxage = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    from django.utils import timezone

    limit = hours_logic.seconds_until_change(waco.opening_hours, timezone.now())
    assert 0 < s_maxage <= min(limit + 1, 600)


# --- The site's own page cache ------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(PAGE_CACHE_ENABLED=True)
def test_the_page_cache_serves_a_hit_and_forgets_on_publish(
    client, django_capture_on_commit_callbacks
):
    from articles.models import ArticlePage

    first = client.get("/articles/leg-cramps/")
    assert first.status_code == 200 and "X-Page-Cache" not in first
    hit = client.get("/articles/leg-cramps/")
    assert hit["X-Page-Cache"] == "hit" and hit.content == first.content
    assert shared(hit) and int(hit["Age"]) >= 0
    page = ArticlePage.objects.get(slug="leg-cramps")
    page.title = "Leg cramps, revised"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    fresh = client.get("/articles/leg-cramps/")
    assert "X-Page-Cache" not in fresh and b"Leg cramps, revised" in fresh.content


@pytest.mark.django_db
@override_settings(PAGE_CACHE_ENABLED=True)
def test_the_page_cache_never_serves_cookie_requests_or_stores_private_pages(admin_user):
    from django.test import Client

    client, admin_client = Client(), Client()
    admin_client.force_login(admin_user)
    client.get("/search/?q=cramps")
    assert "X-Page-Cache" not in client.get("/search/?q=cramps")
    admin_client.get("/articles/leg-cramps/")
    assert "X-Page-Cache" not in admin_client.get("/articles/leg-cramps/")
    # An anonymous visitor's cached copy is never given to a logged-in editor.
    client.get("/articles/leg-cramps/")
    assert client.get("/articles/leg-cramps/")["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in admin_client.get("/articles/leg-cramps/")


@pytest.mark.django_db
@override_settings(PAGE_CACHE_ENABLED=True)
def test_the_page_cache_fails_open(client, monkeypatch):
    class Down:
        def __getattr__(self, name):
            def broken(*args, **kwargs):
                raise ConnectionError("cache is down")

            return broken

    monkeypatch.setattr(clinic_cache, "cache", Down())
    response = client.get("/articles/leg-cramps/")
    assert response.status_code == 200 and b"Leg cramps" in response.content


# --- Purges -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_an_article_purges_it_its_handouts_the_lists_feed_and_sitemap(
    recorder, django_capture_on_commit_callbacks
):
    from articles.models import ArticlePage

    page = ArticlePage.objects.get(slug="leg-cramps")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    base = page.get_site().root_url
    expected = {
        base + "/articles/leg-cramps/",
        base + "/articles/leg-cramps/handout/",
        base + "/articles/leg-cramps/handout/?size=large",
        base + "/articles/leg-cramps/handout/?location=waco",
        base + "/articles/leg-cramps/handout/?size=large&location=hamilton",
        base + "/articles/",
        base + "/",
        base + "/feed/",
        base + "/sitemap.xml",
    }
    assert expected <= set(recorder.purged), sorted(recorder.purged)
    assert recorder.everything == []


@pytest.mark.django_db
def test_unpublishing_purges_the_article(recorder, django_capture_on_commit_callbacks):
    from articles.models import ArticlePage

    page = ArticlePage.objects.get(slug="leg-cramps")
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert page.get_site().root_url + "/articles/leg-cramps/handout/" in recorder.purged


@pytest.mark.django_db
def test_what_appears_everywhere_purges_everything(
    recorder, clinic_settings, articles_index, django_capture_on_commit_callbacks
):
    from locations.models import LocationPage

    with django_capture_on_commit_callbacks(execute=True):
        clinic_settings.save()
    assert len(recorder.everything) == 1
    with django_capture_on_commit_callbacks(execute=True):
        LocationPage.objects.get(slug="waco", locale__language_code="en").save_revision().publish()
    assert len(recorder.everything) == 2
    page = articles_index.get_children().live().first()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert len(recorder.everything) == 3
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.filter(page=page).delete()
    assert len(recorder.everything) == 4
    with django_capture_on_commit_callbacks(execute=True):
        page.move(articles_index.get_parent(), pos="last-child")
    assert len(recorder.everything) == 5


@pytest.mark.django_db
def test_deleting_a_section_purges_everything_once(
    recorder, articles_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        articles_index.delete()  # the index and every article under it
    assert len(recorder.everything) == 1
    assert len(callbacks) >= 1


@pytest.mark.django_db
def test_a_cdn_without_ban_gets_every_live_url(django_capture_on_commit_callbacks, clinic_settings):
    RecordingBackend.purged = []
    RecordingBackend.everything = []
    with (
        override_settings(
            WAGTAILFRONTENDCACHE={"cdn": {"BACKEND": "tests.clinic.test_caching.URLOnlyBackend"}}
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        clinic_settings.save()
    assert RecordingBackend.everything == []
    purged = set(RecordingBackend.purged)
    assert any(url.endswith("/articles/leg-cramps/handout/?size=large") for url in purged)
    assert any(url.endswith("/locations/waco/") for url in purged)
    assert any(url.endswith("/sitemap.xml") for url in purged)


def test_purge_backends_come_from_the_environment():
    from clinic.settings.base import frontend_cache_backends

    assert frontend_cache_backends({}) == {}
    varnish = frontend_cache_backends({"FRONTEND_CACHE_PURGE_URL": "http://127.0.0.1:6081"})
    assert varnish["http"]["BACKEND"] == "clinic.http.purge.HTTPPurgeBackend"
    both = frontend_cache_backends(
        {
            "CLOUDFLARE_ZONEID": "z",
            "CLOUDFLARE_BEARER_TOKEN": "t",
            "CLOUDFRONT_DISTRIBUTION_ID": "d",
        }
    )
    assert both["cloudflare"]["BEARER_TOKEN"] == "t"
    assert both["cloudfront"]["DISTRIBUTION_ID"] == "d"


def make_worker(worker_id: str):
    """A database worker in batch mode: runs what is ready, then returns."""
    from clinic.management.commands.run_worker import ResilientWorker

    return ResilientWorker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id=worker_id, excluded_queue_names=[],
    )  # fmt: skip


# --- Database outages -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "status", "text"),
    [
        (OperationalError("connection to server at 127.0.0.1 failed"), 503, b"back in a moment"),
        (ValueError("a bug"), 500, b"Something went wrong"),
    ],
)
def test_a_database_outage_answers_503_other_errors_500(client, monkeypatch, error, status, text):
    from articles import views

    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(views, "public_articles", failing)
    client.raise_request_exception = False
    response = client.get("/search/?q=cramps")
    assert response.status_code == status and text in response.content
    assert "no-store" in response["Cache-Control"]
    if status == 503:
        assert response["Retry-After"] == "5"


@pytest.mark.django_db(transaction=True)
def test_the_worker_requeues_the_task_the_database_took_away():
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from handouts.tasks import prune_stale_handouts

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        result = prune_stale_handouts.enqueue()
        row = DBTaskResult.objects.get(id=result.id)
        row.claim("worker-a")  # it was running on worker-a when the database went away
        worker = make_worker("worker-a")
        assert worker.requeue_interrupted() == 1
        assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.READY
        other = make_worker("worker-b")
        DBTaskResult.objects.get(id=result.id).claim("worker-a")
        assert other.requeue_interrupted() == 0  # another worker's task is left alone
        worker.run()  # requeues its own interrupted task, runs it (batch mode), returns
        assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.SUCCESSFUL


def test_the_worker_retries_instead_of_exiting_when_the_database_is_down(monkeypatch):
    from django_tasks_db.management.commands import db_worker

    from clinic.management.commands import run_worker

    calls = []

    def flaky_run(self):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(db_worker.Worker, "run", flaky_run)
    monkeypatch.setattr(run_worker.ResilientWorker, "requeue_interrupted", lambda self: 0)
    monkeypatch.setattr(run_worker.time, "sleep", lambda seconds: None)
    worker = make_worker("w")
    worker.run()
    assert len(calls) == 3


def test_the_scheduler_survives_a_database_error(monkeypatch):
    from clinic.management.commands import run_scheduler

    def down(*args, **kwargs):
        raise OperationalError("the database system is shutting down")

    closed = []
    monkeypatch.setattr(run_scheduler, "call_command", down)
    monkeypatch.setattr(run_scheduler, "close_old_connections", lambda: None)
    monkeypatch.setattr(run_scheduler, "close_connections", lambda: closed.append(True))
    assert run_scheduler.Command().tick() is False  # logged, not raised
    assert closed == [True]  # the broken connection is dropped before the next tick


@pytest.mark.django_db
@override_settings(PAGE_CACHE_ENABLED=True)
def test_remembered_lists_are_forgotten_on_publish(
    client, articles_index, django_capture_on_commit_callbacks
):
    import re

    def listing():
        html = client.get("/articles/?page=1").content.decode()
        count = int(re.search(r"(\d+) articles?", html).group(1))
        return count, html

    count, html = listing()
    assert "Kelpology" not in html
    assert listing()[0] == count  # remembered
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(parent=articles_index, title="Kelp and iodine", topics=["kelpology"])
    new_count, html = listing()
    assert new_count == count + 1  # the remembered count was forgotten
    assert "Kelpology" in html  # and the topic chips
    assert "Kelp and iodine" in html


@pytest.mark.django_db
@override_settings(PAGE_CACHE_ENABLED=True)
def test_remembered_settings_follow_a_settings_save(
    client, clinic_settings, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/articles/?w=0")  # remembers the settings
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/articles/?w=1").status_code == 200
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "clinic_clinicsettings" not in sql
    with django_capture_on_commit_callbacks(execute=True):
        clinic_settings.phone = "(254) 555-0142"
        clinic_settings.save()
    assert b"(254) 555-0142" in client.get("/articles/?w=2").content


@pytest.mark.django_db
@override_settings(PAGE_CACHE_ENABLED=True, ALLOWED_HOSTS=["testserver"])
def test_a_host_outside_allowed_hosts_is_refused_not_remembered(client):
    assert client.get("/articles/", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/articles/").status_code == 200


@pytest.mark.django_db
def test_view_restrictions_are_read_in_one_query_and_follow_aliases(articles_index, home):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

    from clinic.models import view_restrictions_on_path

    article = ArticlePageFactory(parent=articles_index, title="Restricted by its section")
    assert not view_restrictions_on_path(article).exists()
    PasswordRestrictionFactory(page=articles_index)
    fresh = Page.objects.get(pk=article.pk).specific
    with CaptureQueriesContext(connection) as queries:
        restrictions = list(fresh.get_view_restrictions())
    assert len(queries.captured_queries) == 1
    assert [r.page_id for r in restrictions] == [articles_index.pk]
    # An alias elsewhere in the tree is restricted through the page it copies (as in Wagtail).
    own = PasswordRestrictionFactory(page=article)
    alias = article.create_alias(parent=home, update_slug="alias-of-restricted")
    assert [r.pk for r in view_restrictions_on_path(alias)] == [own.pk]
    assert set(view_restrictions_on_path(alias)) == set(Page.get_view_restrictions(alias))
