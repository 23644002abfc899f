"""HTTP caching through Varnish with the shipped VCL (clinic/deploy/varnish.vcl), on the production
stack: gunicorn and the task worker with production settings on a fresh PostgreSQL database with
the demo content, Debian's varnishd in front.

What is proved: anonymous pages and public handouts are served from Varnish's cache; publishing
reaches visitors through the worker's purges; restricted pages, logged-in visitors, the admin
(previews included) and searches are never served from the cache and never poison it; PURGE bans
every query variant of a path, for one host only, and `X-Purge: all` every object of the host;
stale-while-revalidate becomes Varnish's grace.

Every request goes to Varnish with the Host of the demo Site (localhost), as a visitor's browser
would: the purges the site sends carry that host, and the VCL bans by host.

Skipped when PostgreSQL or varnishd is missing, except in CI (CI=true), where that fails.
"""

from __future__ import annotations

import gzip
import http.cookies
import inspect
import os
import re
import secrets
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from unittest import mock
from urllib.parse import urlencode

import pytest

from tests.production import stack as stack_module
from tests.production.stack import Database, Stack, StackUnavailable, free_port

pytestmark = pytest.mark.production

# How long the worker gets to run a purge task: a bound on polling, not a timing assertion.
PURGE_TIMEOUT = 30
EDITOR = ("varnish-editor", "correct-horse-" + secrets.token_hex(4))
USERBAR = "wagtail-userbar"  # in every page an editor sees, never in an anonymous one
PASSWORD_FORM = re.compile(r'<input[^>]+name="password"')


def unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"The production stack is required in CI: {reason}")
    pytest.skip(reason)


# --- HTTP ---------------------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx is an answer to look at, not to follow


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects)


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def cache(self) -> str:
        return self.headers.get("X-Cache", "")

    def cookies(self) -> dict[str, str]:
        jar = http.cookies.SimpleCookie()
        for value in self.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        return {name: morsel.value for name, morsel in jar.items()}

    def describe(self) -> str:
        return (
            f"{self.status} X-Cache={self.cache!r} Cache-Control="
            f"{self.headers.get('Cache-Control')!r} Content-Type={self.headers.get('Content-Type')!r}"
        )


@dataclass
class Site:
    """The running stack, as the tests see it."""

    database: Database
    stack: Stack
    varnish_port: int
    host: str
    articles: list[dict] = field(default_factory=list)

    @property
    def base(self) -> str:
        """Varnish's address: where the tests send their requests and the site its purges."""
        return f"http://127.0.0.1:{self.varnish_port}"

    def request(self, path: str, *, method: str = "GET", headers: dict | None = None,
                cookies: dict | None = None, data: dict | None = None) -> Response:  # fmt: skip
        all_headers = {"Host": self.host, **(headers or {})}
        if cookies:
            all_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(  # noqa: S310 - loopback
            self.base + path, data=body, headers=all_headers, method=method
        )
        try:
            with OPENER.open(request, timeout=60) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as exc:
            return Response(exc.code, exc.headers, exc.read())

    def get(self, path: str, **kwargs) -> Response:
        return self.request(path, **kwargs)

    def purge(self, path: str, *, host: str | None = None, everything: bool = False) -> Response:
        headers = {"Host": host or self.host}
        if everything:
            headers["X-Purge"] = "all"
        response = self.request(path, method="PURGE", headers=headers)
        assert response.status == 200, f"PURGE {path}: {response.describe()}\n{self.logs()}"
        return response

    def cached(self, path: str, **kwargs) -> Response:
        """GET `path` until Varnish serves it from the cache (at most three times)."""
        seen = []
        for _ in range(3):
            response = self.get(path, **kwargs)
            seen.append(response.describe())
            if response.cache == "HIT":
                return response
        pytest.fail(f"{path} is not served from the cache: {seen}\n{self.logs()}")

    def manage(self, *args: str, **env) -> str:
        return self.database.manage(*args, env_extra={"FRONTEND_CACHE_PURGE_URL": self.base, **env})

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def query(self, sql: str, *params) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.database.url, autocommit=True, connect_timeout=5) as conn:
            return conn.execute(sql, params).fetchall()

    def wait_for_purges(self) -> None:
        """Wait until the worker has run every purge task enqueued so far, so that no late purge
        lands in the middle of another test."""
        deadline = time.monotonic() + PURGE_TIMEOUT
        pending = None
        while time.monotonic() < deadline:
            pending = self.query(
                "SELECT task_path, status FROM django_tasks_database_dbtaskresult"
                " WHERE status IN ('READY', 'RUNNING') AND task_path LIKE %s",
                "%purge%",
            )
            if not pending:
                return
            time.sleep(0.3)
        pytest.fail(f"purge tasks still pending after {PURGE_TIMEOUT} s: {pending}\n{self.logs()}")

    def poll(self, path: str, condition, what: str, **kwargs) -> Response:
        """GET `path` until `condition(response)`, for at most PURGE_TIMEOUT seconds."""
        deadline = time.monotonic() + PURGE_TIMEOUT
        response = None
        while time.monotonic() < deadline:
            response = self.get(path, **kwargs)
            if condition(response):
                return response
            time.sleep(0.3)
        last = response.describe() if response else "no answer"
        pytest.fail(f"{what}: not within {PURGE_TIMEOUT} s (last: {last})\n{self.logs()}")

    def logs(self) -> str:
        return "\n".join(
            f"--- {process.name} ({'running' if process.alive else 'exited'}) ---\n"
            f"{process.log_tail()}"
            for process in self.stack.processes
        )


def start_varnish(stack: Stack, backend_port: int, port: int):
    """Varnish on `port`, chosen before gunicorn and the worker start (they need its URL for the
    purges, and Varnish needs gunicorn's port). Stack.varnish picks its own port unless it takes
    one; until then, hand it ours."""
    if "port" in inspect.signature(stack.varnish).parameters:
        return stack.varnish(backend_port, port=port)
    with mock.patch.object(stack_module, "free_port", lambda: port):
        return stack.varnish(backend_port)


@pytest.fixture(scope="module")
def site():
    try:
        database = Database(prefix="clinic_varnish")
    except StackUnavailable as exc:
        unavailable(str(exc))
    stack = Stack(database)
    try:
        database.prepare()
        varnish_port = free_port()
        purge_url = f"http://127.0.0.1:{varnish_port}"
        gunicorn = stack.gunicorn(workers=2, FRONTEND_CACHE_PURGE_URL=purge_url)
        stack.worker(FRONTEND_CACHE_PURGE_URL=purge_url)
        try:
            varnish = start_varnish(stack, gunicorn.port, varnish_port)
        except StackUnavailable as exc:
            unavailable(str(exc))
        assert varnish.port == varnish_port

        running = Site(database, stack, varnish_port, host="")
        [(hostname, port, root)] = running.query(
            "SELECT s.hostname, s.port, p.url_path FROM wagtailcore_site s"
            " JOIN wagtailcore_page p ON p.id = s.root_page_id WHERE s.is_default_site"
        )
        running.host = hostname if port in (80, 443) else f"{hostname}:{port}"
        rows = running.query(
            "SELECT p.id, p.url_path, p.title FROM wagtailcore_page p"
            " JOIN django_content_type ct ON ct.id = p.content_type_id"
            " WHERE ct.app_label = 'articles' AND ct.model = 'articlepage' AND p.live"
            " ORDER BY p.path"
        )
        running.articles = [
            {"id": pk, "path": "/" + url_path[len(root) :], "title": title}
            for pk, url_path, title in rows
        ]
        assert len(running.articles) >= 4, f"the demo has too few articles: {rows}"
        yield running
    finally:
        stack.stop()
        database.drop()
        shutil.rmtree(stack.workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def editor(site) -> dict[str, str]:
    """The cookies of a superuser logged in through Varnish (sessionid and csrftoken)."""
    username, password = EDITOR
    site.manage(
        "createsuperuser", "--noinput", "--username", username, "--email", "editor@example.org",
        DJANGO_SUPERUSER_PASSWORD=password,
    )  # fmt: skip
    form = site.get("/admin/login/")
    assert form.status == 200, form.describe()
    cookies = form.cookies()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert "csrftoken" in cookies and token, f"no CSRF cookie or token: {form.describe()}"
    answer = site.request(
        "/admin/login/",
        method="POST",
        cookies=cookies,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": token.group(1),
            "next": "/admin/",
        },
    )
    cookies.update(answer.cookies())
    assert answer.status == 302 and "sessionid" in cookies, (
        f"login failed: {answer.describe()} {answer.text[:2000]}\n{site.logs()}"
    )
    return cookies


def fresh(path: str) -> str:
    """`path` with a query string never requested before: a URL that is not in any cache yet
    (pages ignore unknown query parameters)."""
    return f"{path}?fresh={secrets.token_hex(6)}"


# --- Served from the cache ----------------------------------------------------------------------


def test_second_get_of_an_article_is_a_hit_with_the_same_body(site):
    path = fresh(site.articles[0]["path"])

    first = site.get(path)
    second = site.get(path)

    assert first.status == 200, first.describe()
    assert first.cache == "MISS", first.describe()
    assert "s-maxage=" in first.headers.get("Cache-Control", ""), first.describe()
    assert second.cache == "HIT", f"{second.describe()}\n{site.logs()}"
    assert second.body == first.body
    assert site.articles[0]["title"].split(":")[0] in second.text
    # The purge bookkeeping stays inside Varnish.
    assert second.headers.get("x-url-path") is None and second.headers.get("x-host") is None


def test_a_stored_public_handout_is_served_from_the_cache(site):
    path = site.articles[0]["path"] + "handout/?size=large"

    first = site.get(path)
    second = site.get(path)

    assert first.status == 200, first.describe()
    assert second.cache == "HIT", f"{second.describe()}\n{site.logs()}"
    assert second.headers.get("Content-Type") == "application/pdf", second.describe()
    assert second.body.startswith(b"%PDF-")
    assert second.body == first.body


def test_cached_pages_are_compressed_for_clients_that_accept_gzip(site):
    path = fresh(site.articles[0]["path"])
    plain = site.cached(path)

    compressed = site.get(path, headers={"Accept-Encoding": "gzip"})

    assert plain.headers.get("Content-Encoding") is None, plain.describe()
    assert compressed.cache == "HIT", compressed.describe()
    assert compressed.headers.get("Content-Encoding") == "gzip", compressed.describe()
    assert gzip.decompress(compressed.body) == plain.body


def test_other_cookies_neither_prevent_hits_nor_split_the_cache(site):
    path = fresh(site.articles[0]["path"])
    anonymous = site.cached(path)

    with_analytics = site.get(path, cookies={"_ga": "GA1.1.123.456", "consent": "yes"})

    assert with_analytics.cache == "HIT", with_analytics.describe()
    assert with_analytics.body == anonymous.body


def test_stale_while_revalidate_becomes_grace(site):
    varnishlog = shutil.which("varnishlog")
    if varnishlog is None:
        pytest.skip("varnishlog is not installed")
    path = fresh(site.articles[1]["path"])
    response = site.get(path)
    assert response.cache == "MISS", response.describe()
    control = response.headers.get("Cache-Control", "")
    s_maxage = int(re.search(r"s-maxage=(\d+)", control).group(1))
    stale = int(re.search(r"stale-while-revalidate=(\d+)", control).group(1))
    [varnish] = [p for p in site.stack.processes if p.name == "varnish"]
    name = varnish.popen.args[varnish.popen.args.index("-n") + 1]

    # The TTL records of the fetch: "RFC <ttl> <grace> <keep> ..." as computed from the headers,
    # then "VCL ..." if vcl_backend_response changed them. (The test stack runs varnishd with
    # default_grace=0, so a grace can only come from the headers.)
    log = subprocess.run(  # noqa: S603 - fixed argv
        [varnishlog, "-n", name, "-d", "-g", "request", "-i", "TTL",
         "-q", f'ReqURL eq "{path}"'],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    records = re.findall(r"TTL\s+(?:RFC|VCL)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)", log.stdout)
    assert records, f"no TTL record for {path}: {log.stdout}{log.stderr}"
    ttl, grace, _keep = (int(value) for value in records[-1])  # the last word: after the VCL
    assert grace == stale > 0
    assert 0 < ttl <= s_maxage


# --- Publishing reaches visitors ----------------------------------------------------------------


def test_publishing_purges_the_article_and_its_index(site):
    article = site.articles[1]
    site.cached(article["path"])
    site.cached("/articles/")
    new_title = f"Dreams, revised {secrets.token_hex(3)}"

    site.shell(
        "from wagtail.models import Page\n"
        f"page = Page.objects.get(id={article['id']}).specific\n"
        f"page.title = {new_title!r}\n"
        "page.save_revision().publish()\n"
    )

    shown = site.poll(
        article["path"], lambda r: new_title in r.text, f"the new title on {article['path']}"
    )
    assert shown.status == 200 and shown.cache != "HIT", shown.describe()
    site.poll("/articles/", lambda r: new_title in r.text, "the new title on /articles/")
    site.wait_for_purges()
    assert site.cached(article["path"]).text == shown.text  # and it is cached again
    article["title"] = new_title


# --- Never cached -------------------------------------------------------------------------------


def test_search_results_are_never_served_from_the_cache(site):
    responses = [site.get("/search/?q=sleep") for _ in range(3)]

    for response in responses:
        assert response.status == 200, response.describe()
        assert response.cache == "PASS", response.describe()


def test_logged_in_requests_pass_and_never_poison_the_cache(site, editor):
    article = site.articles[3]
    # A page anonymous visitors have in the cache: an editor still gets the site's own answer.
    anonymous_path = fresh(article["path"])
    site.cached(anonymous_path)
    for _ in range(2):
        response = site.get(anonymous_path, cookies=editor)
        assert response.status == 200, response.describe()
        assert response.cache == "PASS", response.describe()
        assert USERBAR in response.text, "the editor did not get the page rendered for them"

    # A page first asked for by an editor: what they saw is not what visitors get next.
    editor_first = fresh(article["path"])
    response = site.get(editor_first, cookies=editor)
    assert response.cache == "PASS" and USERBAR in response.text, response.describe()
    for _ in range(2):
        anonymous = site.get(editor_first)
        assert anonymous.status == 200, anonymous.describe()
        assert USERBAR not in anonymous.text, (
            f"an editor's page was served to a visitor: {anonymous.describe()}"
        )
    assert anonymous.cache == "HIT", anonymous.describe()  # the visitors' own copy

    # A CSRF cookie alone (someone who has seen a form) passes too.
    only_csrf = site.get(anonymous_path, cookies={"csrftoken": editor["csrftoken"]})
    assert only_csrf.cache == "PASS", only_csrf.describe()


def test_the_admin_and_its_previews_are_never_cached(site, editor):
    article = site.articles[3]
    paths = [f"/admin/pages/{article['id']}/edit/preview/", "/admin/", "/admin/login/"]
    for path in paths:
        for cookies in (editor, None):
            responses = [site.get(path, cookies=cookies) for _ in range(2)]
            for response in responses:
                assert response.cache == "PASS", (
                    f"{path} ({'editor' if cookies else 'anonymous'}): {response.describe()}"
                )
                assert "s-maxage" not in response.headers.get("Cache-Control", "")


def test_a_password_protected_page_is_never_cached(site):
    article = site.articles[2]
    site.cached(article["path"])
    site.cached(article["path"] + "handout/")

    site.shell(
        "from wagtail.models import Page, PageViewRestriction\n"
        f"PageViewRestriction.objects.create(page=Page.objects.get(id={article['id']}),"
        " restriction_type=PageViewRestriction.PASSWORD, password='varnish-test')\n"
    )

    # The public copy goes (the worker purges everything); from then on, only the password form.
    site.poll(
        article["path"],
        lambda r: PASSWORD_FORM.search(r.text) is not None,
        f"the password form on {article['path']}",
    )
    site.wait_for_purges()
    for path in (article["path"], article["path"] + "handout/"):
        for _ in range(3):
            response = site.get(path)
            assert response.cache == "PASS", f"{path}: {response.describe()}"
            assert PASSWORD_FORM.search(response.text), f"{path}: {response.describe()}"
            assert "application/pdf" not in response.headers.get("Content-Type", "")
            assert "private" in response.headers.get("Cache-Control", ""), response.describe()


# --- PURGE --------------------------------------------------------------------------------------


def test_purge_removes_every_query_variant_of_the_path_and_nothing_else(site):
    kept = ["/", site.articles[0]["path"]]
    for path in ["/articles/?page=1", "/articles/", *kept]:
        site.cached(path)

    # Another host's purge leaves this host's objects alone.
    site.purge("/articles/", host="other.example.org")
    assert site.get("/articles/?page=1").cache == "HIT"

    answer = site.purge("/articles/")

    assert b"Purged" in answer.body
    for path in ("/articles/?page=1", "/articles/"):
        response = site.get(path)
        assert response.cache == "MISS", f"{path} after PURGE /articles/: {response.describe()}"
        assert response.status == 200
    for path in kept:
        assert site.get(path).cache == "HIT", f"{path} was purged with /articles/"


@pytest.mark.parametrize("query", ["", "?size=large"])
def test_purging_a_handout_removes_all_its_variants(site, query):
    """Wagtail purges each variant URL it knows of; any one of them, or the bare path, forgets
    them all (and the variants it does not know of)."""
    handout = site.articles[0]["path"] + "handout/"
    variants = [handout, handout + "?size=large", handout + "?size=large&unknown=1"]
    for path in variants:
        site.cached(path)

    site.purge(handout + query)

    for path in variants:
        response = site.get(path)
        assert response.cache == "MISS", (
            f"{path} after PURGE {handout}{query}: {response.describe()}"
        )
        assert response.headers.get("Content-Type") == "application/pdf", response.describe()


def test_purge_all_bans_every_object_of_the_host(site):
    paths = ["/", "/articles/?page=1", site.articles[0]["path"] + "handout/"]
    for path in paths:
        site.cached(path)

    site.purge("/", everything=True)

    for path in paths:
        assert site.get(path).cache == "MISS", f"{path} survived PURGE / with X-Purge: all"


def test_other_methods_are_never_cached(site):
    path = site.articles[0]["path"]
    site.cached(path)

    head = site.get(path, method="HEAD")
    post = site.request(path, method="POST", data={"x": "1"})

    assert head.cache == "HIT" and head.body == b"", head.describe()
    assert post.cache == "PASS", post.describe()
    assert post.status == 403, post.describe()  # Django's CSRF check answered, not a cached page


def test_hashed_static_files_are_kept(site):
    home = site.get("/")
    match = re.search(r"/static/clinic/css/site\.[0-9a-f]{12}\.css", home.text)
    assert match, home.describe()
    first = site.get(match.group(0))
    second = site.get(match.group(0))
    assert first.status == 200 and "immutable" in first.headers.get("Cache-Control", "")
    assert second.cache == "HIT", second.describe()
    assert second.body == first.body


# --- Revalidation, ranges and methods (issue 19) -------------------------------------------------


def test_conditional_gets_are_answered_with_304_from_the_cache(site):
    for path in (fresh(site.articles[0]["path"]), site.articles[0]["path"] + "handout/"):
        kept = site.cached(path)
        etag = kept.headers.get("ETag")
        assert etag, kept.describe()
        revalidated = site.get(path, headers={"If-None-Match": etag})
        assert revalidated.status == 304, revalidated.describe()
        assert revalidated.body == b""
        assert revalidated.headers.get("ETag") == etag
        changed = site.get(path, headers={"If-None-Match": '"not-this-one"'})
        assert changed.status == 200 and changed.body == kept.body, changed.describe()


def test_a_handout_answers_ranges_from_the_cache(site):
    path = site.articles[0]["path"] + "handout/"
    whole = site.cached(path).body
    part = site.get(path, headers={"Range": "bytes=0-99"})
    assert part.status == 206, part.describe()
    assert part.body == whole[:100]
    assert part.headers.get("Content-Range") == f"bytes 0-99/{len(whole)}"
    assert site.get(path).headers.get("Accept-Ranges") == "bytes"
    beyond = site.get(path, headers={"Range": f"bytes={len(whole) + 10}-"})
    assert beyond.status == 416, beyond.describe()


def test_trace_is_refused_and_options_has_no_body(site):
    for path in ("/feed/", "/sitemap.xml", "/search/", site.articles[0]["path"]):
        trace = site.request(path, method="TRACE")
        assert trace.status == 405, trace.describe()
        options = site.request(path, method="OPTIONS")
        assert options.status == 200 and options.body == b"", options.describe()
        assert options.headers.get("Allow") == "GET, HEAD, OPTIONS"
