"""`make bench` (lists): site search, Spanish search, the articles index, topic pages and the print
desk's search with 2,000 articles on PostgreSQL, uncached (issue 21, "Lists": each <= 50 ms).

Standalone (not collected by pytest). Needs DATABASE_URL=postgres://… (skips with a message on
SQLite: the search shape and the planner statistics measured here are PostgreSQL's). Migrates,
loads the demo content and, when they are not there yet, `--articles` generated articles (2,000
by default). Those are written as a bulk import leaves them *before* PostgreSQL learns how big the
tables grew (the generator's own ANALYZE, clinic.http.bulk.refresh_statistics, held back and
autovacuum off on those tables meanwhile), measured, then analyzed as the generator does and
measured again. When the planner already knows the tables' size (the articles were there, and
analyzed), only the second state is measured.

Every request runs with the site's caches cleared (the page cache and remembered results off, as
for a first visitor after a publish), through the whole Django stack (test client); prints the
median, p95 and minimum of N runs (BENCH_LISTS_RUNS, default 9) per kind of page (the minimum
says most on a busy machine), and the database time
of the search query itself (EXPLAIN ANALYZE). Numbers only: nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager
from unittest import mock

import bench_env  # noqa: F401, E402, I001 - the path, settings and database, before Django

RUNS = int(os.environ.get("BENCH_LISTS_RUNS", "9"))
SEARCH_WORDS = ["sleep", "cramps", "magnesium", "stretch", "vitamin", "insomnia"]
SPANISH_WORDS = ["sueño", "calambres", "magnesio"]
ANALYZED = (
    "wagtailcore_page",
    "wagtailcore_revision",
    "wagtailcore_referenceindex",
    "wagtailsearch_indexentry",
    "articles_articlepage",
    "articles_articlepagetopic",
    "articles_articlereference",
    "taggit_tag",
)


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@contextmanager
def autovacuum_off(cursor):
    """Autovacuum's ANALYZE would end the "before ANALYZE" state halfway through."""
    for table in ANALYZED:
        cursor.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = off)")
    try:
        yield
    finally:
        for table in ANALYZED:
            cursor.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled)")


def planner_rows(cursor, table: str) -> float:
    cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
    return cursor.fetchone()[0]


def measure(client, label: str, paths: list[str]) -> list:
    from django.conf import settings
    from django.core.cache import caches

    times = []
    for _run in range(RUNS):
        for path in paths:
            for alias in settings.CACHES:
                caches[alias].clear()
            started = time.perf_counter()
            response = client.get(path)
            response.content
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
    return row(label, times)


def row(label: str, times: list) -> list:
    return [
        label,
        len(times),
        statistics.median(times) * 1000,
        pct(times, 0.95) * 1000,
        min(times) * 1000,
    ]


def measure_desk(label: str, query: str, language: str) -> list:
    from handouts import desk

    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        desk.search(query, "", language)
        times.append(time.perf_counter() - started)
    return row(label, times)


def search_sql_ms(word: str, language: str = "en") -> float:
    """The ranked search query as the backend sends it (up to 500 matches), sent and fetched
    (rows not made into models), median of 5."""
    from django.db import connection
    from wagtail.models import Locale

    from articles.models import ArticlePage
    from clinic.i18n.search import backend_for_language

    locale = Locale.objects.get(language_code=language)
    pages = ArticlePage.objects.live().public().filter(locale=locale)
    results = backend_for_language(language).search(word, pages.only("id"), operator="and")
    sql, params = results[:500].get_queryset().query.sql_with_params()
    times = []
    with connection.cursor() as cursor:
        for _ in range(5):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def report(title: str, client, topics: list[str]) -> None:
    rows = [
        measure(client, "search (one word)", [f"/search/?q={w}" for w in SEARCH_WORDS]),
        measure(client, "search (two words)", ["/search/?q=leg+cramps", "/search/?q=sleep+diet"]),
        measure(client, "search page 3", ["/search/?q=sleep&page=3"]),
        measure(client, "search (Spanish)", [f"/es/search/?q={w}" for w in SPANISH_WORDS]),
        measure(client, "index", ["/articles/"]),
        measure(client, "index ?page=K", [f"/articles/?page={k}" for k in (2, 20, 80)]),
        measure(client, "topic", [f"/articles/?topic={t}" for t in topics]),
        measure(client, "topic ?page=K", [f"/articles/?topic={t}&page=3" for t in topics]),
        measure_desk("desk search (fn)", "sleep", "en"),
        measure_desk("desk search es (fn)", "sueño", "es"),
    ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n{title} (load average {load:.2f}, {os.cpu_count()} cores)")
    header = f"{'page':22} {'n':>4} {'p50':>9} {'p95':>9} {'min':>9}"
    print(header)
    print("-" * len(header))
    for label, n, p50, p95, least in rows:
        print(f"{label:22} {n:4d} {p50:7.1f}ms {p95:7.1f}ms {least:7.1f}ms")
    sql = ", ".join(f"{w} {search_sql_ms(w):.1f} ms" for w in ("sleep", "magnesium"))
    print(f"the search query alone (sent and fetched): {sql}", flush=True)


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    articles = parser.parse_args().articles
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from taggit.models import Tag
    from wagtail.models import Page

    from articles.models import ArticlePage
    from clinic.http import bulk

    if connection.vendor != "postgresql":
        print("lists.py: skipped, needs PostgreSQL (DATABASE_URL=postgres://…).")
        return
    print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}", flush=True)
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    client = Client()
    fresh = ArticlePage.objects.count() < articles
    held_back = None
    with connection.cursor() as cursor, autovacuum_off(cursor):
        if fresh:
            started = time.perf_counter()
            with mock.patch.object(bulk, "refresh_statistics") as held_back:
                call_command("load_demo_content", verbosity=0, articles=articles)
            print(
                f"{ArticlePage.objects.count()} articles "
                f"({time.perf_counter() - started:.0f} s to load)",
                flush=True,
            )
        stale = planner_rows(cursor, "wagtailcore_page") < Page.objects.count() / 2
        topics = list(
            Tag.objects.filter(articles_articlepagetopic_items__isnull=False)
            .distinct()
            .order_by("slug")
            .values_list("slug", flat=True)[:3]
        )
        client.get("/")
        client.get("/search/?q=warmup")
        if stale:
            report("Right after the bulk load, before ANALYZE", client, topics)
            # What the generator asked for (every table it wrote: the articles, their topics
            # and references, the tags), in the order it asked.
            calls = held_back.call_args_list if held_back else []
            for call in calls or [mock.call([ArticlePage])]:
                bulk.refresh_statistics(*call.args, **call.kwargs)
        report("With statistics (as load_demo_content / the importer leave it)", client, topics)


if __name__ == "__main__":
    sys.exit(main())
