"""`make bench` (print desk): the visit packet builder's search with 2,000 articles.

Standalone (not collected by pytest). Uses DATABASE_URL when set, otherwise a throwaway SQLite
file; migrates, loads the demo content and `--articles` generated articles (2,000 by default) with
their search index, then prints, for a few desk queries (a word, a topic chip, an empty query, a
Spanish packet, a hostile query), the matches and the median and p95 time of the builder's search
answer through the whole Django stack (admin client, signed in; N=20), and its queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import bench_env  # noqa: F401, E402, I001 - the path, settings and database, before Django

os.environ.setdefault("DB_CONN_MAX_AGE", "600")

RUNS = int(os.environ.get("BENCH_DESK_RUNS", "20"))
QUERIES = [
    ("word", {"q": "sleep", "language": "en"}),
    ("body word", {"q": "magnesium", "language": "en"}),
    ("two words", {"q": "leg cramps", "language": "en"}),
    ("topic chip", {"q": "", "topic": "sleep", "language": "en"}),
    ("word + topic", {"q": "sleep", "topic": "supplements", "language": "en"}),
    ("empty", {"q": "", "language": "en"}),
    ("Spanish", {"q": "sueño", "language": "es"}),
    ("hostile", {"q": "\"'); DROP TABLE x; -- <b>", "language": "en"}),
]


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    articles = parser.parse_args().articles
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import ArticlePage
    from handouts import desk

    print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}", flush=True)
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    started = time.perf_counter()
    call_command("load_demo_content", verbosity=0, articles=articles)
    print(f"{ArticlePage.objects.count()} articles ({time.perf_counter() - started:.0f} s to load)")
    user = get_user_model().objects.filter(username="bench-desk").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-desk", "b@example.com", "x")
    client = Client()
    client.force_login(user)

    header = f"{'query':14} {'matches':>7} {'median':>9} {'p95':>9} {'queries':>7}"
    print(header)
    print("-" * len(header))
    for label, params in QUERIES:
        found = desk.search(params["q"], params.get("topic", ""), params["language"])
        timings = []
        for _ in range(RUNS):
            t = time.perf_counter()
            response = client.get("/admin/packets/search/", params)
            response.content
            timings.append(time.perf_counter() - t)
            assert response.status_code == 200, (label, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get("/admin/packets/search/", params)
        ordered = sorted(timings)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(
            f"{label:14} {found.total:7d} {statistics.median(timings) * 1000:7.1f}ms"
            f" {p95 * 1000:7.1f}ms {len(queries):7d}",
            flush=True,
        )


if __name__ == "__main__":
    main()
