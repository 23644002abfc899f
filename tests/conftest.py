"""Shared fixtures. The demo content is loaded once per test database (per xdist worker); tests
run inside transactions that roll back, so each one starts from the same demo site."""

import os

import pytest
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings
from wagtail.models import Site

# Property tests draw the same examples on every run (a suite that passes keeps passing, in CI too);
# `HYPOTHESIS_PROFILE=explore make test` draws new ones to hunt for bugs.
hypothesis_settings.register_profile("default", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_configure(config):
    """The Spanish catalogue is compiled by `make` (the .mo is not committed); build it here too
    when it is missing or older than the .po, so that a bare `pytest` sees the translations."""
    from pathlib import Path

    po = Path(__file__).resolve().parent.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
        import polib

        polib.pofile(str(po)).save_as_mofile(str(mo))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo_content", verbosity=0)
    yield
    # Before pytest-django drops the test database: a connection opened in another context of this
    # process (Playwright's event loop runs the browser tests' callbacks in greenlets, which
    # Django's per-context connections treat as other threads) is never closed, and PostgreSQL
    # refuses to drop a database in use ("being accessed by other users"). End those sessions;
    # each xdist worker has a test database of its own, so only this process's are ended.
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (live server, cross-connection locks) ends with Django flushing every
    table. Under xdist such a test can run before ordinary tests on the same worker, so put the demo
    site back once the flush is done: every test, in any order, starts from the same content."""
    yield
    # nextitem is None for a worker's last test: its teardown has already destroyed the test database.
    if nextitem is not None and _is_transactional(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            call_command("load_demo_content", verbosity=0)


# `PAGE_CACHE=on pytest …` (make test-cache-on, CI): the site's page cache and remembered lists on,
# as deployed (clinic/settings/test.py), and every transaction of the code under test "commits"
# when it ends, running its on_commit callbacks — the forgetting of clinic.http.changes — although
# the test's own transaction is rolled back afterwards.
PAGE_CACHE_ON = os.environ.get("PAGE_CACHE") == "on"


def _code_blocks(connection) -> list:
    return [b for b in connection.atomic_blocks if not getattr(b, "_from_testcase", False)]


def _patch_commits(monkeypatch) -> None:
    from django.db import transaction
    from django.db.backends.base.base import BaseDatabaseWrapper

    real_on_commit = BaseDatabaseWrapper.on_commit
    real_exit = transaction.Atomic.__exit__

    def on_commit(self, func, robust=False):
        if self.in_atomic_block and not _code_blocks(self):  # only the test's transaction
            func()
            return
        real_on_commit(self, func, robust)

    def atomic_exit(self, exc_type, exc_value, traceback):
        result = real_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if (
            not getattr(self, "_from_testcase", False)
            and connection.in_atomic_block
            and not _code_blocks(connection)
        ):
            pending, connection.run_on_commit = connection.run_on_commit, []
            for _, func, _robust in pending:
                func()
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(transaction.Atomic, "__exit__", atomic_exit)


@pytest.fixture(autouse=True)
def _commit_as_deployed(request, monkeypatch):
    # A test that says when its transaction commits (django_capture_on_commit_callbacks) is left
    # to do so.
    if not PAGE_CACHE_ON or "django_capture_on_commit_callbacks" in request.fixturenames:
        yield
        return
    _patch_commits(monkeypatch)
    yield


@pytest.fixture
def commits_as_deployed(monkeypatch):
    """The code under test's transactions "commit" when they end, running their on_commit work
    there (as in production), in every run, not only with PAGE_CACHE=on."""
    _patch_commits(monkeypatch)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rolled-back tests can reuse page ids and timestamps: start every test with an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fresh_handout_processes_and_memory():
    """A render child lives on between layouts (handouts.isolation) and does not see a mock, a
    captured stderr or a setting made in this process after it was forked: each test forks its own.
    Rolled-back tests reuse row ids: the fast path's PDF bytes in memory start empty too."""
    from handouts import isolation, pdf_cache

    isolation.stop_children()
    pdf_cache.clear()
    yield
    isolation.stop_children()


def _is_transactional(item) -> bool:
    fixtures = getattr(item, "fixturenames", ())
    if "transactional_db" in fixtures or "live_server" in fixtures:
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))


@pytest.fixture
def django_capture_on_commit_callbacks(django_capture_on_commit_callbacks):
    """pytest-django's, with one change: what the test did before the block was, as deployed, its
    own transaction, so clinic.http.changes starts a new change for the block instead of adding
    to one whose callback (registered before the block) is never run."""

    def capture(**kwargs):
        from django.db import connection

        connection._clinic_change = None
        return django_capture_on_commit_callbacks(**kwargs)

    return capture


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home(site):
    return site.root_page.specific


@pytest.fixture
def clinic_settings(site):
    from clinic.models import ClinicSettings

    return ClinicSettings.for_site(site)


@pytest.fixture
def articles_index(home):
    from articles.models import ArticleIndexPage

    return ArticleIndexPage.objects.child_of(home).get(slug="articles")


@pytest.fixture
def locations_index(home):
    from locations.models import LocationIndexPage

    return LocationIndexPage.objects.child_of(home).get()


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser(
        "staff-admin", "staff@example.com", "pw-for-tests"
    )


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
