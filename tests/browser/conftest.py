"""Browser tests: Playwright (Python) driving Debian's /usr/bin/chromium against a live server.

Live-server tests use a transactional database that is emptied after each test, so every test
loads the demo content itself (`demo_site`). test_spanish.py instead shares one live server and
one copy of the demo content across its module (see there); both use `open_page`."""

import os
import shutil
import threading
from contextlib import contextmanager

import pytest
from django.core.management import call_command

from tests.chromium import CHROMIUM, CHROMIUM_ARGS

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Playwright's sync API runs an event loop in this thread; Django's ORM is used from it safely.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    """Mark the browser tests and run them after every other test (after pytest-django's own
    ordering): once Playwright has started, its event loop runs in this thread, and Django then
    keeps the thread's database connections per async context, apart from the others."""
    browser_tests = []
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            browser_tests.append(item)
    chosen = set(browser_tests)
    items[:] = [item for item in items if item not in chosen] + browser_tests


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Debian's chromium is required at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def demo_site(transactional_db):
    call_command("load_demo_content", verbosity=0)


@contextmanager
def open_page(browser, base_url, *, viewport=None):
    """A page in a new browser context (no cookies: a visitor who is not signed in) on `base_url`.
    Fails, on leaving, if the page tried to reach beyond that server (no CDNs, trackers, iframes)."""
    context = browser.new_context(
        viewport=viewport or {"width": 1280, "height": 900}, base_url=base_url
    )
    outside = []

    def guard(route):
        url = route.request.url
        if url.startswith(base_url) or url.startswith("data:") or url.startswith("blob:"):
            return route.continue_()
        outside.append(url)
        return route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()
    assert not outside, f"The page tried to reach outside the site: {outside}"


class InFlight:
    """A WSGI wrapper that counts the requests the live server is still answering.

    Django's live server answers each request in a daemon thread nobody joins. A request the
    browser sent just before its context closed (Wagtail's editing-session ping, an autosave) can
    still be writing when the test ends, and the flush that empties the database after the test
    then deadlocks against it (TRUNCATE's exclusive lock against the request's row lock). A
    request counts until its response is closed, which is when Django ends its database work."""

    def __init__(self, app):
        self.app = app
        self.count = 0
        self.changed = threading.Condition()

    def _finished(self):
        with self.changed:
            self.count -= 1
            self.changed.notify_all()

    def __call__(self, environ, start_response):
        with self.changed:
            self.count += 1
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self._finished()
            raise
        return _ClosingIterable(result, self._finished)

    def wait_until_idle(self, timeout=30):
        """True once no request is being answered; False if one is still running after `timeout`."""
        with self.changed:
            return self.changed.wait_for(lambda: self.count == 0, timeout)


class _ClosingIterable:
    def __init__(self, result, finished):
        self.result = result
        self.finished = finished

    def __iter__(self):
        return iter(self.result)

    def close(self):
        try:
            if hasattr(self.result, "close"):
                self.result.close()
        finally:
            self.finished()


def in_flight(live_server):
    """The live server's request counter (installed on first use; the live server lives for the
    whole session)."""
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    if not isinstance(app, InFlight):
        app = InFlight(app)
        httpd.set_app(app)
    return app


@pytest.fixture
def page(browser, demo_site, live_server):
    requests = in_flight(live_server)
    with open_page(browser, live_server.url) as page:
        yield page
    # The browser is closed; let the requests it left behind finish before the database is emptied.
    assert requests.wait_until_idle(), "A request to the live server was still running after 30 s"


def axe_violations(page, tags=WCAG_TAGS):
    """Run axe-core (bundled by axe-playwright-python) in the page; return violations at these tags."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}})
    return results.response["violations"]


def format_violations(violations):
    lines = []
    for v in violations:
        targets = [", ".join(node["target"]) for node in v["nodes"][:5]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} → {targets}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible():
    def check(page):
        violations = axe_violations(page)
        assert not violations, "axe-core found WCAG 2.2 AA violations:\n" + format_violations(
            violations
        )

    return check
