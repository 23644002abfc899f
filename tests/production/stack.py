"""The production stack for tests and `make loadtest`: real processes on loopback.

* `Database`: a fresh PostgreSQL database (on the server of DATABASE_URL when that is PostgreSQL,
  else the local one at 127.0.0.1:5432), migrated and loaded with the demo content with production
  settings; dropped at the end.
* `Stack`: processes started with production settings (DEBUG off) against that database —
  gunicorn with clinic/deploy/gunicorn.conf.py, the task worker (`manage.py run_worker`), a private
  Redis, Varnish with clinic/deploy/varnish.vcl, nginx with clinic/deploy/nginx-site.conf — each
  in its own session, logged to a file, stopped by process group at the end.

Nothing here talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"


class StackUnavailable(RuntimeError):
    """A part of the stack (PostgreSQL, a Debian binary) is missing on this machine."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_url() -> str:
    """A PostgreSQL URL of the server to create test databases on."""
    url = os.environ.get("DATABASE_URL", "")
    if url.split("://", 1)[0] in ("postgres", "postgresql", "pgsql"):
        return url
    return os.environ.get("PRODUCTION_TEST_PG", DEFAULT_PG)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def psql(url: str, sql: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        cursor = conn.execute(sql)
        return str(cursor.fetchall()) if cursor.description else ""


def wait_http(url: str, timeout: float = 60, process: Process | None = None, ok=(200,)) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if process is not None and process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited:\n{process.log_tail()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                if response.status in ok:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code in ok:
                return
            last = exc
        except (OSError, urllib.error.URLError) as exc:
            last = exc
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer in {timeout} s: {last}")


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, timeout: float = 15) -> None:
        if self.popen.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(5)


def production_env(database_url: str, **extra) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "REDIS_", "FRONTEND_CACHE_"))
    }
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="clinic.settings.production",
        SECRET_KEY="production-test-" + secrets.token_urlsafe(24),
        ALLOWED_HOSTS="*",
        CSRF_TRUSTED_ORIGINS="http://127.0.0.1,http://localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        # The tests log in as a superuser they just made, without an authenticator app.
        OTP_REQUIRED_FOR_SUPERUSERS="0",
        DATABASE_URL=database_url,
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


class Database:
    """A fresh PostgreSQL database with the demo content, made with production settings."""

    def __init__(self, prefix: str = "clinic_prod"):
        self.server = server_url()
        try:
            psql(with_database(self.server, "postgres"), "SELECT 1")
        except Exception as exc:  # noqa: BLE001
            raise StackUnavailable(f"PostgreSQL is not reachable at {self.server}: {exc}") from exc
        self.name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
        self.url = with_database(self.server, self.name)
        psql(with_database(self.server, "postgres"), f'CREATE DATABASE "{self.name}"')
        self.static_root = Path(tempfile.mkdtemp(prefix="clinic-static-"))

    def manage(self, *args: str, env_extra: dict | None = None, timeout: float = 600) -> str:
        env = production_env(self.url, STATIC_ROOT=self.static_root, **(env_extra or {}))
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout + result.stderr

    def prepare(self, *, demo: bool = True, static: bool = True) -> Database:
        self.manage("migrate", "--noinput")
        if demo:
            self.manage("load_demo_content")
        if static:
            self.manage("collectstatic", "--noinput", "-v", "0")
        return self

    def sql(self, query: str) -> str:
        return psql(self.url, query)

    def rows(self, query: str, params=()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as conn:
            return list(conn.execute(query, params).fetchall())

    def drop(self) -> None:
        with contextlib.suppress(Exception):
            psql(
                with_database(self.server, "postgres"),
                f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)',
            )
        shutil.rmtree(self.static_root, ignore_errors=True)


@dataclass
class Stack:
    """Processes of the production stack on one database. Use as a context manager."""

    database: Database
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="clinic-stack-")))
    processes: list[Process] = field(default_factory=list)
    env_extra: dict = field(default_factory=dict)

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()
        self.processes.clear()

    def env(self, **extra) -> dict[str, str]:
        return production_env(
            self.database.url, STATIC_ROOT=self.database.static_root, **{**self.env_extra, **extra}
        )

    def spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> Process:
        log_path = self.workdir / f"{name}-{len(self.processes)}.log"
        log = log_path.open("wb")
        popen = subprocess.Popen(  # noqa: S603 - fixed argv
            argv,
            cwd=ROOT,
            env=env if env is not None else self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        process = Process(name, popen, log_path)
        self.processes.append(process)
        return process

    def gunicorn(
        self, *, workers: int = 2, media_root: Path | None = None, app: str = "clinic.wsgi", **env
    ) -> Gunicorn:
        port = free_port()
        media = media_root or (self.workdir / f"media-{port}")
        media.mkdir(parents=True, exist_ok=True)
        process = self.spawn(
            "gunicorn",
            [
                str(Path(PYTHON).parent / "gunicorn"),
                app,
                "-c",
                "clinic/deploy/gunicorn.conf.py",
            ],
            self.env(
                BIND=f"127.0.0.1:{port}",
                WEB_CONCURRENCY=workers,
                MEDIA_ROOT=media,
                GUNICORN_ACCESS_LOG="",
                **env,
            ),
        )
        server = Gunicorn(process, port, media)
        wait_http(server.url("/healthz"), process=process, ok=(200, 503))
        return server

    def worker(self, **env) -> Process:
        return self.spawn(
            "worker",
            [PYTHON, "manage.py", "run_worker", "--queue-name=*", "--interval", "0.2"],
            self.env(**env),
        )

    def redis(self, port: int | None = None) -> Redis:
        binary = shutil.which("redis-server")
        if binary is None:
            raise StackUnavailable("redis-server is not installed (apt-get install redis-server)")
        port = port or free_port()
        process = self.spawn(
            "redis",
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],  # fmt: skip
        )
        server = Redis(process, port)
        server.wait()
        return server

    def varnish(self, backend_port: int, port: int | None = None) -> Varnish:
        binary = "/usr/sbin/varnishd"
        if not os.path.exists(binary):
            raise StackUnavailable("varnishd is not installed (apt-get install varnish)")
        port = port or free_port()
        vcl = (ROOT / "clinic/deploy/varnish.vcl").read_text()
        vcl = vcl.replace('.port = "8000";', f'.port = "{backend_port}";')
        vcl_path = self.workdir / f"varnish-{port}.vcl"
        vcl_path.write_text(vcl)
        name = self.workdir / f"varnish-{port}"
        name.mkdir()
        if os.geteuid() == 0:  # varnishd drops to the varnish user, which must read these
            shutil.chown(name, "varnish", "varnish")
        os.chmod(self.workdir, 0o755)  # noqa: S103
        os.chmod(vcl_path, 0o644)
        process = self.spawn(
            "varnish",
            [
                binary,
                "-F",
                "-n",
                str(name),
                "-a",
                f"127.0.0.1:{port}",
                "-f",
                str(vcl_path),
                "-s",
                "malloc,128m",
                "-T",
                "none",
                "-p",
                "default_ttl=0",
                "-p",
                "default_grace=0",
            ],  # fmt: skip
        )
        server = Varnish(process, port)
        wait_http(server.url("/healthz"), process=process, ok=(200, 503))
        return server

    def nginx(self, backend_port: int, media_root: Path) -> Nginx:
        binary = "/usr/sbin/nginx"
        if not os.path.exists(binary):
            raise StackUnavailable("nginx is not installed (apt-get install nginx-light)")
        port = free_port()
        redirect_port = free_port()
        prefix = self.workdir / f"nginx-{port}"
        (prefix / "logs").mkdir(parents=True)
        if (
            os.geteuid() == 0
        ):  # nginx's workers drop to `nobody`, which must read these (mkdtemp: 0700)
            os.chmod(self.workdir, 0o755)  # noqa: S103
            os.chmod(self.database.static_root, 0o755)  # noqa: S103
            os.chmod(media_root, 0o755)  # noqa: S103
        site = (ROOT / "clinic/deploy/nginx-site.conf").read_text()
        site = (
            site.replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
            .replace("listen [::]:443 ssl;", "")
            .replace("listen 80;", f"listen 127.0.0.1:{redirect_port};")
            .replace("listen [::]:80;", "")
            .replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{backend_port};")
            .replace("/srv/clinic/media/", f"{media_root}/")
            .replace("/srv/clinic/static_collected/", f"{self.database.static_root}/")
        )
        site = "\n".join(line for line in site.splitlines() if "ssl_certificate" not in line)
        conf = prefix / "nginx.conf"
        conf.write_text(
            f"""worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types;
  access_log {prefix}/logs/access.log;
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  {site}
}}
"""
        )
        process = self.spawn("nginx", [binary, "-p", str(prefix), "-c", str(conf)])
        server = Nginx(process, port, redirect_port)
        wait_http(server.url("/healthz"), process=process, ok=(200, 503))
        return server


@dataclass
class Server:
    process: Process
    port: int

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@dataclass
class Gunicorn(Server):
    media_root: Path = Path()


class Redis(Server):
    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def wait(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), 1),
            ):
                return
            time.sleep(0.05)
        raise TimeoutError(f"redis on {self.port} did not start:\n{self.process.log_tail()}")


class Varnish(Server):
    pass


@dataclass
class Nginx(Server):
    redirect_port: int = 0  # the site's port-80 server (redirects to https)


class Client:
    """An HTTP client with a cookie jar (urllib): what a browser keeps between requests."""

    def __init__(self, base: str):
        import http.cookiejar

        self.base = base.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, path: str, *, data: dict | None = None, headers: dict | None = None,
                method: str | None = None) -> Response:  # fmt: skip
        from urllib.parse import urlencode

        body = urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 - loopback
            self.base + path, data=body, headers=headers or {}, method=method
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return Response(
                    response.status, dict(response.headers.items()), response.read(), response.url
                )
        except urllib.error.HTTPError as exc:
            return Response(exc.code, dict(exc.headers.items()), exc.read(), exc.url)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def login(self, username: str, password: str) -> Response:
        import re

        page = self.request("/admin/login/")
        token = (
            re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1).decode()
        )
        return self.request(
            "/admin/login/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token,
                "next": "/admin/",
            },
        )

    def csrf_token_from(self, path: str) -> str:
        import re

        page = self.request(path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert match, f"no CSRF token on {path}: {page.status}"
        return match.group(1).decode()


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    url: str = ""

    def header(self, name: str, default: str = "") -> str:
        lowered = {key.lower(): value for key, value in self.headers.items()}
        return lowered.get(name.lower(), default)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")
