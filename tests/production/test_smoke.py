"""The production stack, started for real: gunicorn with production settings (DEBUG off), the task
worker, Redis, on PostgreSQL. Staff log in over HTTP and publish; the worker renders the handout;
two app servers with separate disks share one stored handout; the database and Redis go away and
come back."""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import time

import pytest

from .stack import Client, Stack

pytestmark = pytest.mark.production

ARTICLE = "/articles/leg-cramps/"
PASSWORD = "smoke-" + secrets.token_urlsafe(12)


def shell(database, code: str) -> str:
    return database.manage("shell", "-c", code)


def wait_until(predicate, timeout: float, message: str, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(message)


def stored_rows(database, slug: str) -> list[tuple]:
    """(key, variant, size, created_at, of the live revision?) of the page's stored handouts."""
    return database.rows(
        "SELECT h.key, h.variant, h.size, h.created_at, h.revision_id = p.live_revision_id "
        "FROM handouts_storedhandout h JOIN wagtailcore_page p ON p.id = h.page_id "
        "WHERE p.slug = %s ORDER BY h.id",
        [slug],
    )


@pytest.fixture(scope="module")
def stack(database):
    with Stack(database) as running:
        running.redis_server = running.redis()
        running.env_extra = {
            "REDIS_URL": running.redis_server.redis_url,
            "CACHE_KEY_PREFIX": f"smoke{secrets.token_hex(3)}",
        }
        running.web = running.gunicorn(workers=2)
        running.task_worker = running.worker()
        database.manage(
            "createsuperuser",
            "--noinput",
            "--username",
            "smoke",
            "--email",
            "smoke@example.com",
            env_extra={"DJANGO_SUPERUSER_PASSWORD": PASSWORD},
        )
        yield running


def test_healthz_answers_and_is_never_cached(stack):
    response = Client(stack.web.url()).request("/healthz")
    assert response.status == 200, response.text
    body = json.loads(response.body)
    assert body == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }
    assert "no-store" in response.header("Cache-Control")
    assert "s-maxage" not in response.header("Cache-Control")


def test_debug_is_off_and_errors_are_the_sites_own_pages(stack):
    response = Client(stack.web.url()).request("/no-such-page/")
    assert response.status == 404
    assert "Technical" not in response.text and "DEBUG" not in response.text
    assert "private" in response.header("Cache-Control")


def test_public_pages_may_be_kept_by_shared_caches_admin_never(stack):
    client = Client(stack.web.url())
    page = client.request(ARTICLE)
    assert page.status == 200
    cache_control = page.header("Cache-Control")
    assert "public" in cache_control and "s-maxage=" in cache_control
    assert "stale-while-revalidate=" in cache_control
    assert not page.header("Set-Cookie")
    login = client.request("/admin/login/")
    assert "s-maxage" not in login.header("Cache-Control")
    assert "public" not in login.header("Cache-Control")


def test_staff_publish_over_http_and_the_worker_renders_the_handout(stack, database):
    # A draft article, written by staff and not yet published.
    page_id = shell(
        database,
        "from articles.models import ArticlePage\n"
        "source = ArticlePage.objects.get(slug='leg-cramps')\n"
        "copy = source.copy(update_attrs={'slug': 'smoke-draft', 'title': 'Smoke test: stretching',"
        " 'live': False}, keep_live=False, copy_revisions=False)\n"
        "copy.save_revision()\n"
        "print(copy.id)",
    ).split()[-1]
    client = Client(stack.web.url())
    assert client.request("/articles/smoke-draft/").status == 404
    assert stored_rows(database, "smoke-draft") == []

    logged_in = client.login("smoke", PASSWORD)
    assert logged_in.status == 200 and "/admin/" in logged_in.url, logged_in.text[:500]
    assert client.cookie("sessionid")
    bulk = f"/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/"
    token = client.csrf_token_from(bulk)
    published = client.request(bulk, data={"csrfmiddlewaretoken": token})
    assert published.status == 200, published.text[:500]

    # The worker, a separate process, renders the standard handout after the publish.
    rows = wait_until(
        lambda: stored_rows(database, "smoke-draft"),
        60,
        "the worker did not render the handout:\n" + stack.task_worker.log_tail(),
    )
    assert [(row[1], row[4]) for row in rows] == [("std", True)]

    anonymous = Client(stack.web.url())
    page = anonymous.request("/articles/smoke-draft/")
    assert page.status == 200 and "Smoke test: stretching" in page.text
    handout = anonymous.request("/articles/smoke-draft/handout/")
    assert handout.status == 200 and handout.header("Content-Type") == "application/pdf"
    assert handout.body.startswith(b"%PDF") and len(handout.body) == rows[0][2]
    assert stored_rows(database, "smoke-draft") == rows  # served from the store: nothing rendered


def test_two_app_servers_with_separate_disks_share_one_stored_handout(stack, database):
    second = stack.gunicorn(workers=1)
    assert second.media_root != stack.web.media_root
    first_bytes = Client(stack.web.url()).request(ARTICLE + "handout/?size=large")
    assert first_bytes.status == 200 and first_bytes.body.startswith(b"%PDF")
    rows = [row for row in stored_rows(database, "leg-cramps") if row[1] == "large"]
    assert len(rows) == 1
    for _ in range(3):
        again = Client(second.url()).request(ARTICLE + "handout/?size=large")
        assert again.status == 200 and again.body == first_bytes.body
    assert [row for row in stored_rows(database, "leg-cramps") if row[1] == "large"] == rows
    for server in (stack.web, second):
        assert not (server.media_root / "handouts").exists()
    second.process.stop()


def test_static_files_are_compressed_with_hashed_names(stack):
    client = Client(stack.web.url())
    home = client.request("/")
    match = re.search(r"/static/clinic/css/site\.[0-9a-f]{12}\.css", home.text)
    assert match, "the home page does not link a hashed stylesheet"
    css = client.request(match.group(0), headers={"Accept-Encoding": "gzip"})
    assert css.status == 200
    assert css.header("Content-Encoding") == "gzip"
    assert "max-age=315360000" in css.header("Cache-Control")  # whitenoise: immutable, hashed


def test_the_site_keeps_serving_when_redis_goes_away_and_recovers(stack):
    client = Client(stack.web.url())
    client.request(ARTICLE)
    assert client.request(ARTICLE).header("X-Page-Cache") == "hit"
    port = stack.redis_server.port
    stack.redis_server.process.stop()
    for _ in range(3):
        response = client.request(ARTICLE)
        assert response.status == 200 and "Leg cramps" in response.text
        assert response.header("X-Page-Cache") != "hit"
    assert client.request("/healthz").status == 200  # fail-open cache: reads miss, nothing raises
    stack.redis_server = stack.redis(port=port)

    def cached_again():
        client.request(ARTICLE)
        return client.request(ARTICLE).header("X-Page-Cache") == "hit"

    wait_until(cached_again, 30, "the page cache did not come back with Redis")


def test_database_outage_gives_503_and_the_worker_survives(stack, database):
    worker_pid = stack.task_worker.popen.pid
    admin = database.server.rsplit("/", 1)[0] + "/postgres"
    from .stack import psql

    psql(admin, f'ALTER DATABASE "{database.name}" ALLOW_CONNECTIONS false')
    try:
        psql(
            admin,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "  # noqa: S608 - our own name
            f"WHERE datname = '{database.name}' AND pid <> pg_backend_pid()",
        )
        client = Client(stack.web.url())
        for _ in range(3):
            response = client.request("/search/?q=cramps")
            assert response.status == 503, (response.status, response.text[:300])
            assert response.header("Retry-After") == "5"
            assert "back in a moment" in response.text
        # The worker notices (its poll fails) and keeps retrying instead of exiting.
        wait_until(
            lambda: "Database unavailable" in stack.task_worker.log(),
            30,
            "the worker did not report the outage:\n" + stack.task_worker.log_tail(),
        )
        assert stack.task_worker.alive
    finally:
        psql(admin, f'ALTER DATABASE "{database.name}" ALLOW_CONNECTIONS true')

    client = Client(stack.web.url())
    wait_until(
        lambda: client.request("/search/?q=cramps").status == 200,
        15,
        "the app servers did not recover after the database came back",
    )
    assert stack.task_worker.alive and stack.task_worker.popen.pid == worker_pid
    # The worker works again: a publish after the outage gets its handout rendered.
    shell(
        database,
        "from articles.models import ArticlePage\n"
        "page = ArticlePage.objects.get(slug='muscle-soreness-after-exercise')\n"
        "page.title = 'Muscle soreness after exercise (updated)'\n"
        "page.save_revision().publish()",
    )
    wait_until(
        lambda: any(
            row[1] == "std" and row[4]
            for row in stored_rows(database, "muscle-soreness-after-exercise")
        ),
        90,
        "the worker rendered nothing after the outage:\n" + stack.task_worker.log_tail(),
    )


def descendants(root: int) -> list[tuple[int, str]]:
    """(pid, command line) of every process under `root` (honcho puts each in its own group)."""
    import subprocess

    out = subprocess.run(
        ["ps", "-e", "-o", "pid=,ppid=,args="], capture_output=True, text=True, check=False
    ).stdout
    table = {}
    for line in out.splitlines():
        pid, ppid, args = (
            line.split(None, 2) if len(line.split(None, 2)) == 3 else (*line.split(), "")
        )
        table[int(pid)] = (int(ppid), args)
    found, frontier = [], {root}
    while frontier:
        children = {pid for pid, (ppid, _) in table.items() if ppid in frontier}
        found.extend((pid, table[pid][1]) for pid in children)
        frontier = children
    return found


def test_make_serve_runs_web_worker_and_scheduler_supervised_and_ctrl_c_stops_all(database):
    import os
    import signal
    import subprocess

    from .stack import ROOT, free_port, production_env, wait_http

    port = free_port()
    env = production_env(
        database.url, PORT=port, STATIC_ROOT=database.static_root, WEB_CONCURRENCY=2
    )
    env.pop("BIND", None)
    log = database.static_root / "serve.log"
    with log.open("wb") as out:
        serve = subprocess.Popen(  # noqa: S603
            ["bash", "clinic/deploy/serve.sh"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", timeout=180)
        processes = descendants(serve.pid)
        commands = " | ".join(args for _, args in processes)
        assert "gunicorn" in commands and "run_worker" in commands and "run_scheduler" in commands
        # Supervised: a worker that dies is started again.
        worker_pid = next(
            pid for pid, args in processes if "run_worker" in args and "python" in args.split()[0]
        )
        os.kill(worker_pid, signal.SIGKILL)
        wait_until(
            lambda: any(
                "run_worker" in args and pid != worker_pid and "python" in args.split()[0]
                for pid, args in descendants(serve.pid)
            ),
            30,
            "the worker was not restarted:\n" + log.read_text(errors="replace")[-2000:],
        )
        assert Client(f"http://127.0.0.1:{port}").request("/healthz").status == 200
        # Ctrl+C stops everything.
        children = [pid for pid, _ in descendants(serve.pid)]
        os.kill(serve.pid, signal.SIGINT)
        serve.wait(60)

        def all_gone():
            return not [pid for pid in children if os.path.exists(f"/proc/{pid}")]

        wait_until(all_gone, 30, "processes outlived Ctrl+C")
    finally:
        leftovers = [pid for pid, _ in descendants(serve.pid)]
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait(10)
        for pid in leftovers:  # honcho puts each process in a group of its own
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
