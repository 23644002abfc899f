"""`make loadtest`: bounded load on loopback against the production stack, printing numbers.

Standalone (not collected by pytest). Starts a fresh PostgreSQL database with the demo content
(tests/production/stack.py, production settings, DEBUG off), a private Redis, gunicorn
(clinic/deploy/gunicorn.conf.py, 2 × cores + 1 workers) and the task worker, then:

  Phase 1  no HTTP cache: warm-up (every URL once, every article's handout once, so it is stored),
           N mixed requests at 50 concurrent over the site's URL classes, and `wrk` yardsticks
           (static file, article, home, warm handout, search) with their ratio to the static file.
  Phase 2  Varnish (clinic/deploy/varnish.vcl) in front of that gunicorn: the same mixed requests and
           yardsticks through the cache. Skipped with a message when the VCL is missing.
  Phase 2b The home-made layers with and without: a gunicorn per variant (the handout fast path and
           CompiledQuery taken out one by one and together, see tests/benchmarks/layers_wsgi.py),
           `wrk` on the static file and a warm handout, side by side in this run; Varnish in front of
           all layers and of none.
  Phase 3  PostgreSQL restarted (`pg_ctlcluster … restart`) ~20 s into a 60 s run at 10 concurrent:
           errors per second, the time back to 0 errors, whether any process restarted, and whether
           the task worker still renders a handout after a publish. `--outage terminate` instead
           refuses and cuts only this run's database connections for 3 s (no one else's database is
           touched); `--outage none` skips the phase.
  Phase 4  `load_demo_content --articles N` (default 2000), then sequential requests with distinct
           query strings (they all reach Django) for the index, a topic, search, article pages and
           the home page, with the site's page cache on and off (a second gunicorn with
           PAGE_CACHE_ENABLED=0): p50/p95 against the 50 ms target.

--quick: 1,000 requests, 3 s wrk runs, no PostgreSQL restart (unless --outage is given) and no
generated articles (unless --articles is given). Everything started is stopped (process groups) and
the database dropped at the end, also on Ctrl+C or an error. The report is printed and written to
bench-results/loadtest-<time>.txt, the servers' logs to bench-results/loadtest-<time>-logs/.

The load client and wrk run on the same machine as the servers and share their cores; all numbers
are loopback numbers on this machine, for comparing runs and classes, not for capacity planning.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.production.stack import (  # noqa: E402 - after the path is set
    Database,
    Stack,
    StackUnavailable,
    free_port,
    psql,
    wait_http,
    with_database,
)

CORES = os.cpu_count() or 1
SEARCH_WORDS = [
    "cramps",
    "sleep",
    "magnesium",
    "stretch",
    "vitamin",
    "dreams",
    "soreness",
    "insomnia",
]
# Share of each URL class in the mixed run (percent).
WEIGHTS = {
    "home": 12,
    "index": 12,
    "article": 25,
    "location": 10,
    "search": 10,
    "feed": 5,
    "sitemap": 6,
    "handout": 20,
}
TARGET_ARTICLE_VS_STATIC = 0.1
TARGET_HANDOUT_VS_STATIC = 0.5
TARGET_CACHED_ARTICLE_VS_STATIC = 0.8
TARGET_RECOVERY_SECONDS = 10
TARGET_P50_MS = 50
TERMINATE_SECONDS = 3


# --- report ------------------------------------------------------------------------------------


class Report:
    def __init__(self):
        self.lines: list[str] = []

    def __call__(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.extend(text.split("\n"))

    def table(self, header: list[str], rows: list[list], align: str | None = None) -> None:
        cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
        align = align or "l" + "r" * (len(header) - 1)

        def fmt(row):
            return (
                "| "
                + " | ".join(
                    c.ljust(w) if a == "l" else c.rjust(w)
                    for c, w, a in zip(row, widths, align, strict=True)
                )
                + " |"
            )

        self(fmt(cells[0]))
        self("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for row in cells[1:]:
            self(fmt(row))

    def write(self, started: datetime.datetime) -> Path:
        folder = ROOT / "bench-results"
        folder.mkdir(exist_ok=True)
        path = folder / f"loadtest-{started:%Y%m%d-%H%M%S}.txt"
        path.write_text("\n".join(self.lines) + "\n")
        return path


def pct(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return "-" if seconds != seconds else f"{seconds * 1000:.1f}"  # NaN → "-"


def met(ok: bool) -> str:
    return "met" if ok else "MISSED"


class CpuMeter:
    """Machine-wide busy CPU (/proc/stat) and this process's own CPU time over an interval."""

    def __init__(self):
        self.start = self._read()
        self.own = time.process_time()
        self.wall = time.monotonic()
        self.load = os.getloadavg()[0]

    @staticmethod
    def _read() -> tuple[int, int]:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        idle = values[3] + (values[4] if len(values) > 4 else 0)
        return sum(values), idle

    def summary(self) -> str:
        total, idle = self._read()
        dt, di = total - self.start[0], idle - self.start[1]
        wall = time.monotonic() - self.wall
        busy = 100 * (dt - di) / dt if dt else 0
        own = 100 * (time.process_time() - self.own) / wall if wall else 0
        return (
            f"machine CPU busy {busy:.0f}% of {CORES} cores (load average before: "
            f"{self.load:.1f}; other people's processes count too); the load client itself used "
            f"{own:.0f}% of one core (it shares the cores with the servers)"
        )


# --- HTTP client -------------------------------------------------------------------------------


@dataclass
class Result:
    cls: str
    status: int  # 0: the request failed (connection error, timeout)
    seconds: float
    finished: float  # time.monotonic() at the end
    hit: bool = False
    error: str = ""


class Connection:
    """One keep-alive connection (http.client), reopened when the server closes it (gunicorn's
    sync workers close after every response; Varnish keeps connections open)."""

    def __init__(self, port: int, timeout: float = 30, headers: dict | None = None):
        self.port = port
        self.timeout = timeout
        self.headers = {"Accept-Encoding": "gzip", **(headers or {})}
        self.conn: http.client.HTTPConnection | None = None

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        for attempt in (1, 2):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request("GET", path, headers={**self.headers, **(headers or {})})
                response = self.conn.getresponse()
                body = response.read()
                if response.will_close:
                    self.close()
                return response.status, {k.lower(): v for k, v in response.getheaders()}, body
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 1 and reused:  # the server dropped an idle keep-alive connection
                    continue
                raise
            except Exception:
                self.close()
                raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(Exception):
                self.conn.close()
            self.conn = None


def is_hit(headers: dict) -> bool:
    return headers.get("x-cache") == "HIT" or headers.get("x-page-cache") == "hit"


def timed_get(conn: Connection, cls: str, path: str, headers: dict | None = None) -> Result:
    started = time.monotonic()
    try:
        status, response_headers, _ = conn.get(path, headers)
        end = time.monotonic()
        return Result(cls, status, end - started, end, is_hit(response_headers))
    except Exception as exc:  # noqa: BLE001 - counted as a failed request
        end = time.monotonic()
        return Result(cls, 0, end - started, end, error=type(exc).__name__)


STOP = threading.Event()


def run_load(
    port, plan, concurrency, *, duration=None, headers_for=None
) -> tuple[list[Result], float]:
    """Run `plan` [(class, path), …] with `concurrency` threads (each with one connection): all of
    it, or cycling through it for `duration` seconds. Returns the results and the wall time."""
    results: list[Result] = []
    lock = threading.Lock()
    position = [0]
    started = time.monotonic()
    deadline = started + duration if duration else None

    def next_item():
        with lock:
            i = position[0]
            position[0] += 1
        if deadline is None:
            return plan[i] if i < len(plan) else None
        return plan[i % len(plan)] if time.monotonic() < deadline else None

    def worker():
        conn = Connection(port)
        mine = []
        while not STOP.is_set():
            item = next_item()
            if item is None:
                break
            cls, path = item
            mine.append(timed_get(conn, cls, path, headers_for(cls) if headers_for else None))
        conn.close()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(0.5)  # short joins: Ctrl+C reaches the main thread
    return results, time.monotonic() - started


def summarize(report: Report, results: list[Result], wall: float, hit_label: str) -> dict:
    by_class = defaultdict(list)
    for result in results:
        by_class[result.cls].append(result)
    rows = []
    totals = {"count": 0, "non2xx": 0}
    for cls in list(WEIGHTS) + sorted(set(by_class) - set(WEIGHTS)):
        items = by_class.get(cls)
        if not items:
            continue
        times = [r.seconds for r in items]
        non2xx = sum(1 for r in items if not 200 <= r.status < 300)
        hits = sum(1 for r in items if r.hit)
        rows.append(
            [cls, len(items), f"{len(items) / wall:.0f}", ms(pct(times, 0.5)), ms(pct(times, 0.95)),
             ms(pct(times, 0.99)), non2xx, f"{100 * hits / len(items):.0f}%"]
        )  # fmt: skip
        totals["count"] += len(items)
        totals["non2xx"] += non2xx
    times = [r.seconds for r in results]
    rows.append(
        ["TOTAL", len(results), f"{len(results) / wall:.0f}", ms(pct(times, 0.5)),
         ms(pct(times, 0.95)), ms(pct(times, 0.99)), totals["non2xx"],
         f"{100 * sum(r.hit for r in results) / max(1, len(results)):.0f}%"]
    )  # fmt: skip
    report.table(
        ["class", "count", "req/s", "p50 ms", "p95 ms", "p99 ms", "non-2xx", hit_label], rows
    )
    statuses = Counter(r.status for r in results if not 200 <= r.status < 300)
    errors = Counter(r.error for r in results if r.error)
    if statuses or errors:
        report(f"non-2xx statuses: {dict(statuses)}; client errors: {dict(errors)}")
        bad = Counter((r.cls, r.status) for r in results if not 200 <= r.status < 300)
        report("  by class: " + ", ".join(f"{c} {s}: {n}" for (c, s), n in sorted(bad.items())))
    totals["wall"] = wall
    return totals


# --- wrk ---------------------------------------------------------------------------------------


@dataclass
class WrkResult:
    rps: float
    p50: str = "-"
    p99: str = "-"
    non2xx: int = 0
    socket_errors: str = ""
    raw: str = ""
    served: str = ""


def wrk(url: str, seconds: int, connections: int = 8, threads: int = 2) -> WrkResult:
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
            "-H", "Accept-Encoding: gzip", url]  # fmt: skip
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30, check=False)
    text = out.stdout + out.stderr
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    socket = re.search(r"Socket errors:(.*)", text)
    return WrkResult(
        float(rps.group(1)) if rps else 0.0,
        p50.group(1) if p50 else "-",
        p99.group(1) if p99 else "-",
        int(non2xx.group(1)) if non2xx else 0,
        socket.group(1).strip() if socket else "",
        text,
    )


def boots(web) -> int:
    return web.process.log().count("Booting worker")


def yardsticks(report: Report, port: int, targets, seconds: int, web) -> dict:
    """wrk on each (name, path); `web`: the gunicorn whose worker boots (max_requests recycling,
    crashes) during each run are counted."""
    results = {}
    rows = []
    for name, path in targets:
        if STOP.is_set():
            break
        probe = Connection(port)
        _, headers, _ = probe.get(path)
        probe.close()
        if "x-cache" in headers:
            served = f"Varnish {headers['x-cache']}"
        elif headers.get("x-page-cache") == "hit":
            served = "page cache (Redis)"
        elif path.startswith("/static/"):
            served = "WhiteNoise"
        else:
            served = "app"
        booted = boots(web)
        result = wrk(f"http://127.0.0.1:{port}{path}", seconds)
        result.served = served
        booted = boots(web) - booted
        results[name] = result
        static = results.get("static file")
        ratio = f"{result.rps / static.rps:.2f}" if static and static.rps else "-"
        errors = str(result.non2xx) + (f" ({result.socket_errors})" if result.socket_errors else "")
        rows.append(
            [name, f"{result.rps:.0f}", ratio, result.p50, result.p99, errors, booted, served]
        )
    report.table(
        [
            "wrk target",
            "req/s",
            "× static",
            "p50",
            "p99",
            "non-2xx",
            "worker boots",
            "served by (probe)",
        ],
        rows,
        "lrrrrrrl",
    )
    return results


# --- the site's URLs ---------------------------------------------------------------------------


@dataclass
class Urls:
    home: str = "/"
    articles: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    static_css: str = ""

    def classes(self) -> dict[str, list[str]]:
        return {
            "home": ["/"],
            "index": ["/articles/", "/articles/?page=2"]
            + [f"/articles/?topic={t}" for t in self.topics],
            "article": self.articles,
            "location": self.locations,
            "search": [f"/search/?q={word}" for word in SEARCH_WORDS],
            "feed": ["/feed/"],
            "sitemap": ["/sitemap.xml"],
            "handout": [url + "handout/" for url in self.articles],
        }


def find_urls(database: Database) -> Urls:
    root = database.rows(
        "SELECT p.url_path FROM wagtailcore_site s JOIN wagtailcore_page p ON p.id = s.root_page_id "
        "WHERE s.is_default_site"
    )[0][0]

    def public(url_path: str) -> str:
        return "/" + url_path[len(root) :]

    pages = database.rows(
        "SELECT p.url_path, ct.model FROM wagtailcore_page p "
        "JOIN django_content_type ct ON ct.id = p.content_type_id "
        "WHERE p.live AND p.url_path LIKE %s ORDER BY p.path",
        [root + "%"],
    )
    urls = Urls()
    urls.articles = [public(u) for u, model in pages if model == "articlepage"]
    urls.locations = [
        public(u) for u, model in pages if model in ("locationindexpage", "locationpage")
    ]
    urls.topics = [
        slug
        for (slug,) in database.rows(
            "SELECT DISTINCT t.slug FROM taggit_tag t "
            "JOIN articles_articlepagetopic x ON x.tag_id = t.id ORDER BY t.slug"
        )
    ]
    return urls


def mixed_plan(urls: Urls, count: int, seed: int = 7) -> list[tuple[str, str]]:
    classes = {cls: paths for cls, paths in urls.classes().items() if paths}
    names = [cls for cls in WEIGHTS if cls in classes]
    rng = random.Random(seed)
    chosen = rng.choices(names, weights=[WEIGHTS[c] for c in names], k=count)
    return [(cls, rng.choice(classes[cls])) for cls in chosen]


def warm_up(report: Report, port: int, urls: Urls) -> list[str]:
    """Every URL once (handouts: rendered and stored by the first GET). Returns the failures."""
    conn = Connection(port, timeout=120)
    failures = []
    started = time.monotonic()
    handout_times = []
    for cls, paths in urls.classes().items():
        for path in paths:
            t = time.monotonic()
            status, headers, body = conn.get(path)
            if cls == "handout":
                handout_times.append(time.monotonic() - t)
                if status == 200 and not body.startswith(b"%PDF"):
                    failures.append(f"{path}: not a PDF")
            if status != 200:
                failures.append(f"{path}: {status}")
    for path in ["/"] + [u + "handout/" for u in urls.articles]:  # stored now: a second GET is warm
        conn.get(path)
    conn.close()
    report(
        f"Warm-up: {sum(len(p) for p in urls.classes().values())} URLs in "
        f"{time.monotonic() - started:.1f} s (first handout GETs render and store: "
        f"{', '.join(f'{t:.1f}' for t in handout_times)} s)"
        + (f"; FAILURES: {failures}" if failures else "; all 200")
    )
    return failures


# --- processes ---------------------------------------------------------------------------------


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = Path(f"/proc/{entry}/stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


SCAFFOLDING = (
    "Traceback (most recent call last):",
    "During handling of the above exception",
    "The above exception was the direct cause",
)
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(: |$)")


def log_problems(log: str, offset: int = 0) -> list[str]:
    """What a server log says went wrong from `offset` on, counted: each logged message (Django's
    "Internal Server Error: /path", "Service Unavailable: …", warnings, gunicorn's [ERROR] and
    [CRITICAL] lines) and the last exception line of each traceback (the one that was raised)."""
    counted = Counter()
    last_exception = None
    for line in log[offset:].splitlines():
        if not line.strip() or line[0].isspace() or line.startswith(SCAFFOLDING):
            continue
        if EXCEPTION_LINE.match(line):
            last_exception = line
            continue
        if last_exception:
            counted[last_exception[:200]] += 1
            last_exception = None
        if re.match(r"^\[[^\]]*\] \[\d+\] \[(INFO|DEBUG)\]", line) or re.search(
            r"\] (Autorestarting worker|Booting worker)", line
        ):
            continue
        counted[re.sub(r"^\[[^\]]*\] ", "", line)[:200]] += 1
    if last_exception:
        counted[last_exception[:200]] += 1
    return [f"{count}× {line}" for line, count in counted.most_common(12)]


def report_log_problems(report: Report, name: str, log: str, offset: int) -> None:
    problems = log_problems(log, offset)
    if problems:
        report(f"{name} log, warnings/errors in this phase:")
        for line in problems:
            report("    " + line)


# --- phases ------------------------------------------------------------------------------------


def phase_mixed(report, port, urls, count, concurrency, hit_label, web) -> dict:
    plan = mixed_plan(urls, count)
    cpu = CpuMeter()
    booted = boots(web)
    results, wall = run_load(port, plan, concurrency)
    report(
        f"{len(results)} mixed requests, {concurrency} concurrent (threads, one keep-alive "
        f"http.client connection each): {len(results) / wall:.0f} req/s in {wall:.1f} s; "
        f"gunicorn worker boots during the run: {boots(web) - booted}"
    )
    report(cpu.summary())
    return summarize(report, results, wall, hit_label)


def phase_restart(report, args, stack, database, web, task_worker, urls) -> None:
    seconds, restart_at, concurrency = args.outage_seconds, args.outage_at, 10
    admin = with_database(database.server, "postgres")
    if args.outage == "restart":
        version = (
            sorted(os.listdir("/etc/postgresql"))[-1] if os.path.isdir("/etc/postgresql") else None
        )
        if version is None or not shutil.which("pg_ctlcluster"):
            report(
                "SKIPPED: no local PostgreSQL cluster to restart (pg_ctlcluster, /etc/postgresql)."
            )
            return
        if not re.search(r"@(127\.0\.0\.1|localhost):5432/", database.server + "/"):
            report(f"SKIPPED: the database server ({database.server}) is not the local cluster.")
            return
        what = f"`pg_ctlcluster --skip-systemctl-redirect {version} main restart`"
    else:
        what = (
            "a simulated outage of this database only (connections refused and cut for "
            f"{TERMINATE_SECONDS} s; --outage terminate)"
        )
    classes = urls.classes()
    # The same mix as phase 1, plus article pages for a visitor with a CSRF cookie (seen a form):
    # never from the page cache, so they need the database like search and handouts do.
    plan = mixed_plan(urls, 5000, seed=11)
    rng = random.Random(3)
    plan = [
        ("article+cookie", rng.choice(classes["article"])) if i % 5 == 0 else item
        for i, item in enumerate(plan)
    ]

    def headers_for(cls):
        return {"Cookie": "csrftoken=" + "x" * 32} if cls == "article+cookie" else None

    master = web.process.popen.pid
    workers_before = children_of(master)
    worker_pid = task_worker.popen.pid
    log_offset = len(web.process.log())
    worker_log_offset = len(task_worker.log())
    restart = {}

    def do_restart():
        if STOP.wait(restart_at):
            return
        restart["start"] = time.monotonic()
        if args.outage == "restart":
            done = subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                capture_output=True, text=True, timeout=120, check=False, start_new_session=True,
            )  # fmt: skip
            restart["rc"] = done.returncode
            restart["out"] = (done.stdout + done.stderr).strip()
        else:
            name = database.name
            try:
                psql(admin, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
                psql(
                    admin,
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "  # noqa: S608
                    f"WHERE datname = '{name}' AND pid <> pg_backend_pid()",
                )
                STOP.wait(TERMINATE_SECONDS)
            finally:
                psql(admin, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            restart["rc"] = 0
        restart["end"] = time.monotonic()

    report(f"{seconds} s at {concurrency} concurrent against gunicorn; {what} at ~{restart_at} s.")
    restarter = threading.Thread(target=do_restart, daemon=True)
    restarter.start()
    started = time.monotonic()
    results, wall = run_load(web.port, plan, concurrency, duration=seconds, headers_for=headers_for)
    restarter.join(120)
    if "start" not in restart:
        report("The restart did not happen (interrupted).")
        return
    if restart.get("rc"):
        report(f"pg_ctlcluster failed ({restart['rc']}): {restart['out']}")

    per_second = defaultdict(lambda: [0, 0])
    for r in results:
        second = int(r.finished - started)
        per_second[second][0] += 1
        per_second[second][1] += 0 if 200 <= r.status < 300 else 1
    last = max(per_second) if per_second else 0
    r0 = restart["start"] - started
    r_sec = int(r0)
    report(
        f"The outage began at {r0:.1f} s (the command returned after "
        f"{restart['end'] - restart['start']:.1f} s). Requests/errors per second (second: n/err):"
    )
    for row_start in range(0, last + 1, 10):
        report(
            "  "
            + "  ".join(
                f"{s:2d}:{per_second[s][0]}/{per_second[s][1]}"
                for s in range(row_start, min(row_start + 10, last + 1))
            )
        )
    errors_before = sum(per_second[s][1] for s in range(0, r_sec))
    first_error = next((s for s in range(r_sec, last + 1) if per_second[s][1]), None)
    if first_error is None:
        recovered, recovery = r_sec, 0.0
    else:
        recovered = next(
            (s for s in range(first_error, last + 1) if per_second[s][0] and not per_second[s][1]),
            None,
        )
        recovery = (recovered - r0) if recovered is not None else float("inf")
    end_errors = recovered if recovered is not None else last + 1
    during = sum(per_second[s][1] for s in range(r_sec, end_errors))
    after = sum(per_second[s][1] for s in range(end_errors, last + 1))
    statuses = Counter(r.status for r in results if not 200 <= r.status < 300)
    report(
        f"Errors: before the restart {errors_before}; from the restart to recovery {during} "
        f"(statuses {dict(statuses) or '-'}); after recovery {after}. "
        f"Total {len(results)} requests."
    )
    bad = Counter(r.cls for r in results if not 200 <= r.status < 300)
    if bad:
        report("  errors by class: " + ", ".join(f"{c}: {n}" for c, n in bad.most_common()))
    report(
        f"Back to 0 errors {recovery:.1f} s after the restart began "
        f"(first error-free second: {recovered}; target <= {TARGET_RECOVERY_SECONDS} s: "
        f"{met(recovery <= TARGET_RECOVERY_SECONDS and after == 0)})"
    )

    workers_after = children_of(master)
    log = web.process.log()[log_offset:]
    boots = len(re.findall(r"Booting worker", log))
    recycled = len(re.findall(r"Autorestarting worker", log))
    died = re.findall(r".*(?:WORKER TIMEOUT|was sent SIG|exited with code|Worker failed).*", log)
    report(
        f"Processes: gunicorn master {master} {'alive, same PID' if web.process.alive else 'GONE'}; "
        f"task worker {worker_pid} "
        f"{'alive, same PID' if task_worker.alive else 'GONE'}; gunicorn workers "
        f"{'unchanged' if workers_after == workers_before else f'{len(workers_before - workers_after)} replaced'}"
        f" ({boots} booted: {recycled} recycled by max_requests, {len(died)} timed out/killed/crashed)"
    )
    for line in died[:5]:
        report("    " + line.strip())
    report_log_problems(report, "gunicorn", web.process.log(), log_offset)
    report_log_problems(report, "task worker", task_worker.log(), worker_log_offset)

    # The worker still works: publish an article and wait for its handout to be rendered.
    slug = urls.articles[-1].rstrip("/").rsplit("/", 1)[-1]
    published_at = time.monotonic()
    page_id = (
        database.manage(
            "shell",
            "-c",
            "from articles.models import ArticlePage\n"
            f"page = ArticlePage.objects.get(slug={slug!r})\n"
            "page.title = page.title + ' (updated after the restart)'\n"
            "page.save_revision().publish()\n"
            "print('PAGE', page.id)",
            env_extra=stack.env_extra,
        )
        .split("PAGE")[-1]
        .split()[0]
    )
    query = (
        "SELECT count(*) FROM handouts_storedhandout h JOIN wagtailcore_page p ON p.id = h.page_id "
        "WHERE p.id = %s AND h.revision_id = p.live_revision_id AND h.variant = 'std'"
    )
    deadline = time.monotonic() + 90
    rendered = False
    while time.monotonic() < deadline and not STOP.is_set():
        if database.rows(query, [int(page_id)])[0][0]:
            rendered = True
            break
        time.sleep(0.25)
    report(
        f"Worker after the restart: published {slug!r}; its handout "
        + (
            f"was rendered by the worker {time.monotonic() - published_at:.1f} s later "
            "(publish command included): met"
            if rendered
            else "was NOT rendered within 90 s: MISSED\n" + task_worker.log_tail(15)
        )
    )


def phase_articles(report, args, stack, database, web, urls) -> None:
    started = time.monotonic()
    out = database.manage(
        "load_demo_content", "--articles", str(args.articles), env_extra=stack.env_extra
    )
    made = re.search(r"Generated (\d+)", out)
    generated_in = time.monotonic() - started
    # No ANALYZE here: the lists are measured as the site leaves the database right after a bulk
    # load (it refreshes the statistics itself: clinic.http.bulk.refresh_statistics).
    report(
        f"`load_demo_content --articles {args.articles}`: {made.group(1) if made else 0} articles "
        f"generated and indexed in {generated_in:.1f} s."
    )
    count = database.rows(
        "SELECT count(*) FROM articles_articlepage a JOIN wagtailcore_page p ON p.id = a.page_ptr_id "
        "WHERE p.live"
    )[0][0]
    urls = find_urls(database)
    generated = [u for u in urls.articles if re.search(r"-g\d{5}/$", u)]
    topics = [t for t in urls.topics if t != "vitamins"][:4] or urls.topics
    n = args.sequential
    requests = {
        "index ?page=K": [f"/articles/?page={k + 1}" for k in range(n)],
        "topic ?topic=T&page=K": [
            f"/articles/?topic={topics[k % len(topics)]}&page={k // len(topics) + 1}"
            for k in range(n)
        ],
        "search ?q=W&page=K": [
            f"/search/?q={SEARCH_WORDS[k % len(SEARCH_WORDS)]}&page={k // len(SEARCH_WORDS) + 1}"
            for k in range(n)
        ],
        "article (distinct)": (generated or urls.articles)[:n],
        "home ?v=K": [f"/?v={k}" for k in range(n)],
    }
    # Warm-up paths (different query strings, not measured): every gunicorn worker loads its code
    # and templates before the measured requests.
    warm = [
        "/articles/?page=999&w={}",
        f"/articles/?topic={topics[0]}&w={{}}",
        "/search/?q=sleep&w={}",
        "/?w={}",
        (generated or urls.articles)[-1] + "?w={}",
    ]
    no_cache = stack.gunicorn(workers=2, PAGE_CACHE_ENABLED="0")
    rows = []
    try:
        for label, server in (("on", web), ("off", no_cache)):
            conn = Connection(server.port, timeout=60)
            for i in range(12):
                for path in warm:
                    conn.get(path.format(f"{label}{i}"))
            for cls, paths in requests.items():
                times, bad = [], 0
                for path in paths:
                    if STOP.is_set():
                        return
                    result = timed_get(conn, cls, path)
                    times.append(result.seconds)
                    bad += 0 if result.status == 200 else 1
                p50 = pct(times, 0.5)
                rows.append(
                    [cls, label, len(times), ms(p50), ms(pct(times, 0.95)), ms(max(times)), bad,
                     met(p50 <= TARGET_P50_MS / 1000) if cls.split()[0] in ("index", "topic", "search") else ""]
                )  # fmt: skip
            conn.close()
    finally:
        report_log_problems(report, "gunicorn (page cache off)", no_cache.process.log(), 0)
        no_cache.process.stop()
    report(
        f"{count} live articles. Sequential requests (concurrency 1), each URL distinct so each "
        "reaches Django; page cache 'on' = the production gunicorn (the miss renders and stores), "
        "'off' = a second gunicorn with PAGE_CACHE_ENABLED=0:"
    )
    report.table(
        [
            "class",
            "page cache",
            "n",
            "p50 ms",
            "p95 ms",
            "max ms",
            "non-200",
            f"p50 <= {TARGET_P50_MS} ms",
        ],
        rows,
        "llrrrrrl",
    )


def static_via_nginx(report, stack, urls, article_rps, seconds) -> None:
    """The static file from nginx (how production serves /static/: clinic/deploy/nginx-site.conf
    aliases STATIC_ROOT with gzip_static), with a minimal config of our own on 127.0.0.1."""
    binary = "/usr/sbin/nginx"
    if not os.path.exists(binary):
        report("  (nginx is not installed: no nginx yardstick)")
        return
    port = free_port()
    prefix = stack.workdir / f"nginx-static-{port}"
    prefix.mkdir()
    static_root = stack.database.static_root
    os.chmod(static_root, 0o755)  # noqa: S103 - our own temporary copy; nginx workers are www-data
    (prefix / "nginx.conf").write_text(
        f"""worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  server {{
    listen 127.0.0.1:{port};
    location /static/ {{
      alias {static_root}/;
      gzip_static on;
      add_header Cache-Control "public, max-age=315360000, immutable";
    }}
  }}
}}
"""
    )
    process = stack.spawn(
        "nginx-static", [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    )
    try:
        wait_http(f"http://127.0.0.1:{port}{urls.static_css}", timeout=15, process=process)
        result = wrk(f"http://127.0.0.1:{port}{urls.static_css}", seconds)
        ratio = article_rps / result.rps if result.rps else 0
        report(
            f"  static file from nginx (1 worker, gzip_static, as nginx-site.conf serves /static/): "
            f"{result.rps:.0f} req/s, p50 {result.p50}, non-2xx {result.non2xx}; the article page "
            f"through Varnish is {ratio:.2f} × that — {met(ratio >= TARGET_CACHED_ARTICLE_VS_STATIC)}"
            f" (>= {TARGET_CACHED_ARTICLE_VS_STATIC})"
        )
    except Exception as exc:  # noqa: BLE001 - a yardstick, not a phase
        report(f"  (nginx yardstick failed: {str(exc).splitlines()[0][:200]})")
    finally:
        process.stop()


LAYER_VARIANTS = [
    ("all layers", ""),
    ("without CompiledQuery", "compiled"),
    ("without the fast path", "fastpath"),
    ("without both", "fastpath,compiled"),
]


def phase_layers(report, args, stack, urls, workers) -> None:
    """Each variant in its own gunicorn (same workers, Redis, database), one after the other: the
    static file and a warm handout with wrk, then Varnish in front of the first and the last."""
    handout = urls.articles[0] + "handout/"
    rows = []
    for name, without in LAYER_VARIANTS:
        if STOP.is_set():
            return
        web = stack.gunicorn(
            workers=workers, app="tests.benchmarks.layers_wsgi", LOADTEST_WITHOUT=without
        )
        behind = {}
        try:
            Connection(web.port).get(handout)  # stored already (phase 1); warms this gunicorn
            direct = {
                label: wrk(f"http://127.0.0.1:{web.port}{path}", args.wrk_seconds)
                for label, path in (("static", urls.static_css), ("handout", handout))
            }
            if (
                without in ("", LAYER_VARIANTS[-1][1])
                and (ROOT / "clinic/deploy/varnish.vcl").exists()
            ):
                varnish = stack.varnish(web.port)
                try:
                    Connection(varnish.port).get(handout)
                    behind = {
                        label: wrk(f"http://127.0.0.1:{varnish.port}{path}", args.wrk_seconds)
                        for label, path in (("static", urls.static_css), ("handout", handout))
                    }
                finally:
                    varnish.process.stop()
        finally:
            web.process.stop()

        def ratio(results):
            if not results or not results["static"].rps:
                return ["-", "-", "-"]
            static, pdf = results["static"].rps, results["handout"].rps
            return [f"{static:.0f}", f"{pdf:.0f}", f"{pdf / static:.2f}"]

        errors = sum(r.non2xx for r in [*direct.values(), *behind.values()])
        rows.append([name, *ratio(direct), *ratio(behind), errors])
    report(
        f"wrk, {args.wrk_seconds} s each, 8 connections; a fresh gunicorn ({workers} workers) per "
        "variant; the handout was stored in phase 1:"
    )
    report.table(
        [
            "variant",
            "static req/s",
            "handout req/s",
            "× static",
            "Varnish: static",
            "handout",
            "× static",
            "non-2xx",
        ],  # fmt: skip
        rows,
        "lrrrrrrr",
    )


def gunicorn_recycling(max_requests: int | None) -> str:
    """max_requests and its jitter as clinic/deploy/gunicorn.conf.py computes them."""
    import runpy

    saved = os.environ.get("GUNICORN_MAX_REQUESTS")
    try:
        if max_requests:
            os.environ["GUNICORN_MAX_REQUESTS"] = str(max_requests)
        conf = runpy.run_path(str(ROOT / "clinic/deploy/gunicorn.conf.py"))
    except Exception:  # noqa: BLE001 - only for the report
        return "?"
    finally:
        if saved is None:
            os.environ.pop("GUNICORN_MAX_REQUESTS", None)
        else:
            os.environ["GUNICORN_MAX_REQUESTS"] = saved
    return f"{conf.get('max_requests')} + 0…{conf.get('max_requests_jitter')} jitter"


# --- main --------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: fewer requests, no restart"
    )
    parser.add_argument("--articles", type=int, default=None, metavar="N",
                        help="generated articles for phase 4 (default 2000; 0 skips; --quick skips "
                             "unless given)")  # fmt: skip
    parser.add_argument("--requests", type=int, default=None, help="mixed requests per phase")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--wrk-seconds", type=int, default=None)
    parser.add_argument(
        "--outage",
        choices=["restart", "terminate", "none"],
        default=None,
        help="phase 3: restart the local PostgreSQL cluster (default), only cut this database's "
        "connections for a few seconds (touches no one else's database), or skip it (--quick)",
    )
    parser.add_argument("--outage-seconds", type=int, default=60, help="length of the phase 3 run")
    parser.add_argument(
        "--max-requests",
        type=int,
        default=None,
        help="GUNICORN_MAX_REQUESTS for the gunicorn under test (default: the config's; the "
        "report counts worker boots during each run)",
    )
    args = parser.parse_args()
    args.requests = args.requests or (1000 if args.quick else 10_000)
    args.wrk_seconds = args.wrk_seconds or (3 if args.quick else 10)
    if args.articles is None:
        args.articles = 0 if args.quick else 2000
    args.outage = args.outage or ("none" if args.quick else "restart")
    args.outage_at = min(20, args.outage_seconds // 3)
    args.sequential = 20 if args.quick else 50
    if shutil.which("wrk") is None:
        print(
            "wrk is not installed (apt-get install wrk; `make system-deps-prod`).", file=sys.stderr
        )
        return 2

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    report = Report()
    started_at = datetime.datetime.now()
    began = time.monotonic()
    report(f"# make loadtest — {started_at:%Y-%m-%d %H:%M:%S}{' (--quick)' if args.quick else ''}")
    report(
        f"Machine: {CORES} cores; everything on loopback. The load client (Python threads) and wrk "
        "share these cores with gunicorn, Varnish, Redis and PostgreSQL: numbers compare runs and "
        "URL classes, they are not a capacity estimate."
    )
    database = stack = None
    exit_code = 0
    try:
        t = time.monotonic()
        database = Database(prefix="clinic_loadtest")
        database.prepare()
        report(
            f"Database {database.name}: migrated, demo content, collectstatic in {time.monotonic() - t:.0f} s."
        )
        with Stack(database) as stack:
            redis = stack.redis()
            stack.env_extra = {
                "REDIS_URL": redis.redis_url,
                "CACHE_KEY_PREFIX": f"loadtest{secrets.token_hex(3)}",
            }
            workers = 2 * CORES + 1
            extra = {"GUNICORN_MAX_REQUESTS": args.max_requests} if args.max_requests else {}
            web = stack.gunicorn(workers=workers, **extra)
            recycle = gunicorn_recycling(args.max_requests)
            task_worker = stack.worker()
            urls = find_urls(database)
            home = Connection(web.port).get("/")[2].decode("utf-8", "replace")
            css = re.search(r"/static/clinic/css/site\.[0-9a-f]{12}\.css", home)
            urls.static_css = css.group(0) if css else ""
            report(
                f"Stack: gunicorn {workers} sync workers (2 × cores + 1, clinic/deploy/gunicorn.conf.py"
                f", max_requests {recycle}), task worker, private Redis (REDIS_URL: page cache + "
                "Django cache), PostgreSQL 127.0.0.1."
            )
            report(
                f"URLs: {len(urls.articles)} articles, {len(urls.locations)} location pages, topics "
                f"{urls.topics}, search words {SEARCH_WORDS}, static {urls.static_css or 'NOT FOUND'}."
            )
            article = urls.articles[0]
            targets = [
                ("static file", urls.static_css),
                ("article page", article),
                ("home page", "/"),
                ("warm handout", article + "handout/"),
            ]

            report(
                "\n## Phase 1 — gunicorn, no HTTP cache (the site's own page cache in Redis is on)\n"
            )
            offset = len(web.process.log())
            warm_up(report, web.port, urls)
            phase1 = phase_mixed(
                report, web.port, urls, args.requests, args.concurrency, "page-cache hits", web
            )
            report(f"\nwrk yardsticks, {args.wrk_seconds} s each, 8 connections, 2 threads (gunicorn closes "
                   "every connection: sync workers have no keep-alive):")  # fmt: skip
            direct = yardsticks(
                report,
                web.port,
                targets + [("search (never cached)", "/search/?q=sleep")],
                args.wrk_seconds,
                web,
            )
            static, page = direct["static file"].rps, direct["article page"].rps
            handout = direct["warm handout"].rps
            report(
                f"Target: article page through gunicorn >= {TARGET_ARTICLE_VS_STATIC} × static: "
                f"{page / static if static else 0:.2f} × — {met(static > 0 and page >= TARGET_ARTICLE_VS_STATIC * static)}; "
                f"warm handout >= {TARGET_HANDOUT_VS_STATIC} × static: "
                f"{handout / static if static else 0:.2f} × — {met(static > 0 and handout >= TARGET_HANDOUT_VS_STATIC * static)}"
            )
            report_log_problems(report, "gunicorn", web.process.log(), offset)

            report("\n## Phase 2 — Varnish in front of the same gunicorn\n")
            if not (ROOT / "clinic/deploy/varnish.vcl").exists():
                report("SKIPPED: clinic/deploy/varnish.vcl is not there yet.")
            else:
                try:
                    varnish = stack.varnish(web.port)
                except StackUnavailable as exc:
                    varnish = None
                    report(f"SKIPPED: {exc}")
                if varnish is not None:
                    offset = len(web.process.log())
                    phase2 = phase_mixed(
                        report, varnish.port, urls, args.requests, args.concurrency, "HITs", web
                    )
                    report(
                        f"\nwrk yardsticks through Varnish, {args.wrk_seconds} s each, 8 connections:"
                    )
                    cached = yardsticks(report, varnish.port, targets, args.wrk_seconds, web)
                    static, page = cached["static file"].rps, cached["article page"].rps
                    report(
                        f"Target: article page through Varnish >= {TARGET_CACHED_ARTICLE_VS_STATIC} × "
                        f"static through Varnish: {page / static if static else 0:.2f} × — "
                        f"{met(static > 0 and page >= TARGET_CACHED_ARTICLE_VS_STATIC * static)}; "
                        f"non-2xx in the mixed run: {phase2['non2xx']} — {met(phase2['non2xx'] == 0)}"
                    )
                    if cached["static file"].served == "Varnish PASS":
                        report(
                            "NOTE: Varnish passed the static file (the VCL keeps /static/ only "
                            "when it is sent as immutable), so 'static through Varnish' above is "
                            "gunicorn's speed and the ratio flatters the cache."
                        )
                    report(
                        "Production serves /static/ from nginx; the article page through Varnish "
                        "against that:"
                    )
                    static_via_nginx(report, stack, urls, page, args.wrk_seconds)
                    report(
                        f"Phase 1 → 2 mixed throughput: {phase1['count'] / phase1['wall']:.0f} → "
                        f"{phase2['count'] / phase2['wall']:.0f} req/s"
                    )
                    report_log_problems(report, "gunicorn", web.process.log(), offset)
                    varnish.process.stop()

            report("\n## Phase 2b — the home-made layers, with and without\n")
            phase_layers(report, args, stack, urls, workers)

            report("\n## Phase 3 — PostgreSQL restart under load\n")
            if args.outage == "none":
                report("SKIPPED (--quick or --outage none).")
            else:
                phase_restart(report, args, stack, database, web, task_worker, urls)

            report("\n## Phase 4 — many articles, sequential requests that reach Django\n")
            if args.articles <= 0:
                report("SKIPPED (--quick, or --articles 0).")
            else:
                phase_articles(report, args, stack, database, web, urls)
    except KeyboardInterrupt:
        STOP.set()
        report("\nINTERRUPTED — stopping everything.")
        exit_code = 130
    except StackUnavailable as exc:
        report(f"\nThe production stack is not available here: {exc}")
        exit_code = 2
    except Exception as exc:
        STOP.set()
        import traceback

        report("\nFAILED: " + "".join(traceback.format_exception(exc)).rstrip())
        exit_code = 1
    finally:
        STOP.set()
        if database is not None:
            # PostgreSQL may be restarting (Ctrl+C in phase 3): wait for it before dropping.
            admin = with_database(database.server, "postgres")
            for _ in range(60):
                try:
                    psql(admin, "SELECT 1")
                    break
                except Exception:  # noqa: BLE001
                    time.sleep(1)
            database.drop()
            with contextlib.suppress(Exception):
                import psycopg

                with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
                    left = conn.execute(
                        "SELECT 1 FROM pg_database WHERE datname = %s", [database.name]
                    ).fetchall()
                if left:
                    report(f"WARNING: database {database.name} could not be dropped.")
        logs = None
        if stack is not None:
            stack.stop()
            logs = ROOT / "bench-results" / f"loadtest-{started_at:%Y%m%d-%H%M%S}-logs"
            logs.mkdir(parents=True, exist_ok=True)
            for log in stack.workdir.glob("*.log"):
                shutil.copy(log, logs / log.name)
            shutil.rmtree(stack.workdir, ignore_errors=True)
        report(
            f"\nTotal time {time.monotonic() - began:.0f} s. Processes stopped, database dropped."
            + (f" Server logs: {logs.relative_to(ROOT)}/" if logs else "")
        )
        path = report.write(started_at)
        print(f"Report written to {path.relative_to(ROOT)}")
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
