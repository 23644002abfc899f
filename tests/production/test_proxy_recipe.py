"""The shipped nginx site (clinic/deploy/nginx-site.conf) in front of the real app: it exposes no
private file.

Through nginx, started by the production harness (tests/production/stack.py) with the shipped
configuration (only ports and paths rewritten, TLS dropped), in front of gunicorn with production
settings on a fresh PostgreSQL database with the demo content:

* nothing under /media/ but Wagtail's image renditions is served: original uploads, documents and
  the handout PDFs an older version left under MEDIA_ROOT/handouts/ answer 404, however the path
  is spelled;
* the stored handout of a draft article is served at no URL, and a password-restricted article's
  handout — even one rendered and stored while the article was public — answers Wagtail's password
  form, never the PDF (the password unlocks it for that visitor only, `private`); handouts live in
  a bytea column of the database, never on disk;
* static files are served by nginx with their hashed names, compressed from collectstatic's .gz;
* www. and port 80 redirect to https://clarkwellness.com, methods like PURGE never pass (405).

Only urllib; no timing assertions. Skips without PostgreSQL or nginx, except in CI (CI=true).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from . import stack as harness

pytestmark = pytest.mark.production

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
RESTRICTION_PASSWORD = "proxy-recipe-pw"


def unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"The production stack is required in CI: {reason}")
    pytest.skip(reason)


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes
    url: str

    def header(self, name: str) -> str:
        return {key.lower(): value for key, value in self.headers.items()}.get(name.lower(), "")

    @property
    def content_type(self) -> str:
        return self.header("Content-Type").split(";")[0].strip().lower()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, *, headers: dict | None = None, method: str | None = None,
          follow: bool = True) -> Answer:  # fmt: skip
    """One anonymous request (no cookies kept between calls)."""
    handlers = [] if follow else [NoRedirect()]
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with opener.open(request, timeout=60) as response:
            return Answer(
                response.status, dict(response.headers.items()), response.read(), response.url
            )
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, dict(exc.headers.items()), exc.read(), exc.url)


def shell(database: harness.Database, code: str) -> dict:
    """Run `code` in `manage.py shell` with production settings; it prints one RESULT= JSON line."""
    output = database.manage("shell", "-c", code)
    for line in output.splitlines():
        if line.startswith("RESULT="):
            return json.loads(line[len("RESULT=") :])
    raise AssertionError(f"no RESULT line from manage.py shell:\n{output}")


def rows(database: harness.Database, query: str, params=()) -> list[tuple]:
    import psycopg

    with psycopg.connect(database.url, autocommit=True, connect_timeout=5) as conn:
        return conn.execute(query, params).fetchall()


@dataclass
class Proxy:
    database: harness.Database
    stack: harness.Stack
    gunicorn: harness.Gunicorn
    nginx: harness.Nginx
    media_root: Path
    pages: dict = field(default_factory=dict)
    warm: dict = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.nginx.url(path)

    def logs(self) -> str:
        return "\n".join(
            f"--- {process.name}:\n{process.log_tail(20)}" for process in self.stack.processes
        )


# Articles for (c): a draft-only article whose draft handout is rendered and stored (as the admin's
# "Handout (PDF)" button does), and a live article that will be restricted with a password.
CREATE_DRAFT = """
import json
from articles.models import ArticlePage
from wagtail.models import Site
from handouts import render, store

live = list(ArticlePage.objects.live().order_by("path"))
public, to_restrict = live[0], live[1]
draft = public.copy(
    update_attrs={"slug": "proxy-secret-draft", "title": "Proxy secret draft"},
    keep_live=False,
    copy_revisions=False,
)
draft = ArticlePage.objects.get(pk=draft.pk)
revision = draft.save_revision()
site = Site.objects.get(is_default_site=True)
stored = store.get_or_render(
    revision.as_object(), render.Variant(), site, revision_id=revision.id, is_draft=True
)
print("RESULT=" + json.dumps({
    "public": {"id": public.id, "url": public.url},
    "restricted": {"id": to_restrict.id, "url": to_restrict.url},
    "draft": {"id": draft.id, "url": draft.url, "live": draft.live, "stored": stored.id},
}))
"""

RESTRICT = """
import json
from wagtail.models import Page, PageViewRestriction

page = Page.objects.get(pk={page_id})
restriction = PageViewRestriction.objects.create(
    page=page, restriction_type=PageViewRestriction.PASSWORD, password={password!r}
)
print("RESULT=" + json.dumps({{"restriction": restriction.id}}))
"""


@pytest.fixture(scope="module")
def proxy():
    try:
        database = harness.Database(prefix="clinic_proxy")
    except harness.StackUnavailable as exc:
        unavailable(str(exc))
    stack = harness.Stack(database)
    try:
        database.prepare()
        media_root = stack.workdir / "media"
        server = stack.gunicorn(workers=2, media_root=media_root)
        # nginx started as root serves files as its unprivileged worker user (`nobody`): the
        # harness's temporary folders (mkdtemp: 0700) must let it in, as /srv/clinic must let
        # www-data in on a server (docs/deploy.md).
        for folder in (stack.workdir, database.static_root, media_root):
            folder.chmod(0o755)
        try:
            nginx = stack.nginx(server.port, media_root)
        except harness.StackUnavailable as exc:
            unavailable(str(exc))
        proxy = Proxy(database, stack, server, nginx, media_root)
        proxy.pages = shell(database, CREATE_DRAFT)
        # Both live articles' handouts requested anonymously while public: rendered and stored.
        for name in ("public", "restricted"):
            proxy.warm[name] = fetch(proxy.url(proxy.pages[name]["url"] + "handout/"))
        shell(
            database,
            RESTRICT.format(page_id=proxy.pages["restricted"]["id"], password=RESTRICTION_PASSWORD),
        )
        yield proxy
    finally:
        stack.stop()
        database.drop()
        shutil.rmtree(stack.workdir, ignore_errors=True)


def assert_not_served(answer: Answer, secret: bytes, what: str, logs: str = "") -> None:
    assert answer.status in (400, 404), f"{what}: {answer.status} {answer.headers}\n{logs}"
    assert secret not in answer.body, f"{what}: the file's bytes are in the answer"


# --- (a) /media/ serves nothing private --------------------------------------------------------------


PRIVATE_FILES = {
    # A handout PDF where an older version stored them (MEDIA_ROOT/handouts/<page id>/…).
    "handouts/12/secret-draft.pdf": b"%PDF-1.7\n% secret draft handout of page 12\n%%EOF\n",
    # An original upload (Wagtail keeps originals here; pages show renditions).
    "original_images/draft-photo.png": PNG + b"secret original upload",
    # A Wagtail document (served through /documents/<id>/…, which checks collection privacy).
    "documents/x.pdf": b"%PDF-1.7\n% private document\n%%EOF\n",
}


@pytest.fixture
def private_files(proxy):
    written = []
    for relative, content in PRIVATE_FILES.items():
        path = proxy.media_root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    yield PRIVATE_FILES
    for top in {relative.split("/", 1)[0] for relative in PRIVATE_FILES}:
        shutil.rmtree(proxy.media_root / top, ignore_errors=True)


def test_private_media_files_are_404_through_nginx(proxy, private_files):
    for relative, content in private_files.items():
        answer = fetch(proxy.url(f"/media/{relative}"))
        assert answer.status == 404, f"/media/{relative}: {answer.status}\n{proxy.logs()}"
        assert content not in answer.body


@pytest.mark.parametrize(
    "path",
    [
        "/media/images/../original_images/draft-photo.png",
        "/media/images/..%2foriginal_images/draft-photo.png",
        "/media/images%2f..%2foriginal_images/draft-photo.png",
        "/media/images../original_images/draft-photo.png",
        "/media//original_images/draft-photo.png",
        "/media/./original_images/draft-photo.png",
        "/media/%6Friginal_images/draft-photo.png",
        "/MEDIA/original_images/draft-photo.png",
        "/media/images/../handouts/12/secret-draft.pdf",
        "/media/images/..%2f..%2fmedia/documents/x.pdf",
    ],
)
def test_private_media_files_are_not_reachable_by_another_spelling(proxy, private_files, path):
    secret = private_files[
        next(relative for relative in private_files if path.endswith(relative.rsplit("/", 1)[-1]))
    ]
    assert_not_served(fetch(proxy.url(path)), secret, path, proxy.logs())


def test_port_80_only_redirects_to_https(proxy):
    port = getattr(proxy.nginx, "redirect_port", 0)
    if not port:
        pytest.skip("the harness does not move the site's port-80 server (listen 80;) to loopback")
    answer = fetch(f"http://127.0.0.1:{port}/articles/?topic=sleep", follow=False)
    assert answer.status == 301
    assert answer.header("Location") == "https://clarkwellness.com/articles/?topic=sleep"
    for path in ("/media/original_images/draft-photo.png", "/healthz"):
        assert fetch(f"http://127.0.0.1:{port}{path}", follow=False).status == 301
    # Let's Encrypt's HTTP challenge is answered from its webroot, not redirected.
    assert (
        fetch(f"http://127.0.0.1:{port}/.well-known/acme-challenge/x", follow=False).status == 404
    )


def test_the_other_host_name_redirects_to_the_canonical_one(proxy):
    answer = fetch(
        proxy.url("/articles/?topic=sleep"), headers={"Host": "www.clarkwellness.com"}, follow=False
    )
    assert answer.status == 301
    assert answer.header("Location") == "https://clarkwellness.com/articles/?topic=sleep"


def test_methods_other_than_the_sites_never_reach_the_app(proxy):
    answer = fetch(proxy.url("/"), method="PURGE", headers={"X-Purge": "all"})
    assert answer.status == 405


# --- (b) image renditions are served -----------------------------------------------------------------


def test_image_rendition_is_served(proxy):
    name = "images/photo.fill-300x200.format-png.png"
    path = proxy.media_root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PNG)
    answer = fetch(proxy.url(f"/media/{name}"))
    assert answer.status == 200, f"{answer.status}\n{proxy.logs()}"
    assert answer.body == PNG
    assert answer.content_type == "image/png"
    assert answer.header("X-Content-Type-Options") == "nosniff"
    assert "max-age=" in answer.header("Cache-Control")
    assert fetch(proxy.url("/media/images/no-such-rendition.png")).status == 404


# --- (c) stored handouts of drafts and restricted articles --------------------------------------------


def test_handouts_are_stored_in_the_database_not_as_files(proxy):
    columns = dict(
        rows(
            proxy.database,
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = 'handouts_storedhandout'",
        )
    )
    assert columns, "the stored handouts table does not exist"
    assert "file" not in columns
    assert columns.get("pdf") == "bytea"
    # The PDFs rendered so far (the draft's, both warmed public ones) are rows holding the bytes.
    stored = rows(
        proxy.database,
        "SELECT page_id, substring(pdf from 1 for 5) FROM handouts_storedhandout WHERE page_id = ANY(%s)",
        ([proxy.pages[name]["id"] for name in ("public", "restricted", "draft")],),
    )
    assert {page_id for page_id, _ in stored} == {
        proxy.pages[name]["id"] for name in ("public", "restricted", "draft")
    }
    assert all(bytes(head) == b"%PDF-" for _, head in stored)


def test_public_handouts_are_served_and_leave_no_file(proxy):
    assert proxy.warm["public"].status == 200, proxy.logs()
    assert proxy.warm["public"].content_type == "application/pdf"
    assert proxy.warm["public"].body.startswith(b"%PDF-")
    url = proxy.pages["public"]["url"] + "handout/"
    for query in ("", "?size=large"):
        answer = fetch(proxy.url(url + query))
        assert answer.status == 200, f"{url}{query}: {answer.status}\n{proxy.logs()}"
        assert answer.content_type == "application/pdf"
    assert not (proxy.media_root / "handouts").exists()
    on_disk = [path for path in proxy.media_root.rglob("*") if path.suffix.lower() == ".pdf"]
    assert on_disk == []


def test_draft_articles_handout_is_served_at_no_url(proxy):
    draft = proxy.pages["draft"]
    assert draft["live"] is False
    assert draft["url"], "the draft has no URL path to try"
    for path in (
        draft["url"] + "handout/",
        draft["url"] + "handout/?size=large",
        draft["url"] + "handout/?location=waco",
        draft["url"],
        f"/media/handouts/{draft['id']}/proxy-secret-draft.pdf",
        f"/admin/handouts/{draft['id']}/",
    ):
        answer = fetch(proxy.url(path))
        assert answer.content_type != "application/pdf", f"{path} served a PDF"
        assert not answer.body.startswith(b"%PDF"), f"{path} served a PDF"
        if path.startswith("/admin/"):
            # Staff only: the admin's login page, after a redirect.
            assert "/admin/login/" in answer.url, f"{path}: {answer.status} at {answer.url}"
        else:
            assert answer.status == 404, f"{path}: {answer.status}\n{proxy.logs()}"


def test_restricted_articles_handout_answers_the_password_form(proxy):
    restricted = proxy.pages["restricted"]
    # Before the restriction, the handout was public: rendered, stored and served as a PDF.
    assert proxy.warm["restricted"].status == 200, proxy.logs()
    assert proxy.warm["restricted"].content_type == "application/pdf"
    assert rows(
        proxy.database,
        "SELECT count(*) FROM handouts_storedhandout WHERE page_id = %s",
        (restricted["id"],),
    )[0][0]
    for path in (
        restricted["url"] + "handout/",
        restricted["url"] + "handout/?size=large",
        restricted["url"],
    ):
        answer = fetch(proxy.url(path))
        assert answer.content_type != "application/pdf", f"{path} served the PDF"
        assert not answer.body.startswith(b"%PDF"), f"{path} served the PDF"
        # Wagtail answers a password restriction with its form (200, HTML), never cacheable.
        assert answer.status == 200, f"{path}: {answer.status}\n{proxy.logs()}"
        assert answer.content_type == "text/html"
        assert re.search(rb'<input[^>]+type="password"', answer.body), path
        cache_control = answer.header("Cache-Control").lower()
        assert "public" not in cache_control and "private" in cache_control, cache_control


def test_restricted_handout_is_private_once_unlocked(proxy):
    """The form above is the real gate: the password unlocks the PDF for this visitor only, and the
    answer forbids every shared cache to keep it."""
    import http.cookiejar
    from urllib.parse import urlencode

    handout = proxy.url(proxy.pages["restricted"]["url"] + "handout/")
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with opener.open(handout, timeout=60) as response:
        form = response.read()
    action = re.search(rb'<form[^>]+action="([^"]+)"', form)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    return_url = re.search(rb'name="return_url"[^>]*value="([^"]*)"', form)
    assert action and token and return_url, form[:2000]
    body = urlencode(
        {
            "csrfmiddlewaretoken": token.group(1).decode(),
            "password": RESTRICTION_PASSWORD,
            "return_url": return_url.group(1).decode(),
        }
    ).encode()
    with opener.open(proxy.url(action.group(1).decode()), data=body, timeout=60) as response:
        unlocked = Answer(
            response.status, dict(response.headers.items()), response.read(), response.url
        )
    assert unlocked.status == 200
    assert unlocked.content_type == "application/pdf", unlocked.url
    assert unlocked.body.startswith(b"%PDF-")
    cache_control = unlocked.header("Cache-Control").lower()
    assert "private" in cache_control and "public" not in cache_control, cache_control


# --- (d) static files ---------------------------------------------------------------------------------


def test_static_files_are_served_by_nginx_hashed_and_compressed(proxy):
    home = fetch(proxy.url("/"))
    assert home.status == 200, proxy.logs()
    match = re.search(rb'"(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.body)
    assert match, "the home page references no hashed stylesheet"
    path = match.group(1).decode()
    on_disk = proxy.database.static_root / path.removeprefix("/static/")
    original = on_disk.read_bytes()

    answer = fetch(proxy.url(path), headers={"Accept-Encoding": "gzip"})
    assert answer.status == 200, f"{path}: {answer.status}"
    assert answer.content_type == "text/css"
    assert answer.header("Content-Encoding") == "gzip"
    assert "accept-encoding" in answer.header("Vary").lower()
    assert gzip.decompress(answer.body) == original
    precompressed = on_disk.with_name(on_disk.name + ".gz")
    assert precompressed.exists(), "collectstatic wrote no .gz next to the stylesheet"
    assert answer.body == precompressed.read_bytes(), "not collectstatic's .gz (gzip_static)"
    assert "immutable" in answer.header("Cache-Control")
    # Served by nginx itself: Django's responses carry its security headers, nginx's do not.
    assert not answer.header("Referrer-Policy")

    plain = fetch(proxy.url(path))
    assert plain.status == 200
    assert not plain.header("Content-Encoding")
    assert plain.body == original

    assert fetch(proxy.url("/static/no-such-file.css")).status == 404
