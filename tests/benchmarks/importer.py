"""Import speed and background work of `manage.py import_articles` on one large generated file.

Standalone (not collected by pytest):

    DJANGO_SETTINGS_MODULE=clinic.settings.test .venv/bin/python tests/benchmarks/importer.py \
        [--articles 1000] [--publish] [--immediate]

Uses DATABASE_URL when set, otherwise a throwaway SQLite file; migrates and loads the demo content,
writes one .txt scrape holding N articles (the old site's shape: title, date, paragraphs, headings,
numbered points, references; articles separated by NBSP-only lines), imports it and prints:
  import time   wall-clock seconds of the command, and per article
  tasks         background tasks enqueued (django-tasks' task_enqueued signal), by task name
  staff write   how long adding one page under the articles index from a second connection waited
                while the import ran (PostgreSQL only; lock_timeout 2 s turns a long wait into "blocked")

Tasks go to django-tasks-db's DatabaseBackend (as in production: queued for the worker, not run);
--immediate runs them in process (ImmediateBackend, as in dev and tests), which includes the
per-page search-index and reference-index work in the import time.
"""

from __future__ import annotations

import argparse
import collections
import os
import tempfile
import threading
import time
from pathlib import Path

import bench_env  # noqa: F401, E402, I001 - the path, settings and database, before Django

TOPICS = [
    "Magnesium",
    "Sleep",
    "Hydration",
    "Posture",
    "Vitamin D",
    "Leg Cramps",
    "Gut Health",
    "Stress",
    "Blood Sugar",
    "Iron",
]
SPACER = "\u00a0\n\u00a0\n\u00a0\n"


def article_text(n: int) -> str:
    topic = TOPICS[n % len(TOPICS)]
    return (
        f"Understanding {topic}, Part {n}\n\n"
        f"Updated: Jun {1 + n % 28}, 2023\n\n"
        f"{topic} matters for everyday health in many ways (note {n}). In functional medicine, "
        f"problems with {topic.lower()} are viewed as signs of underlying imbalances in the body, "
        "and addressing the root causes can improve overall well-being.\n\n"
        f"Root Causes of Poor {topic}:\n\n"
        "1. Diet: What we eat each day shapes how the body absorbs and uses nutrients.\n\n"
        "2. Sleep: Poor sleep changes hormones and makes recovery slower than it should be.\n\n"
        "3. Stress: Long-lasting stress affects digestion, blood sugar and muscle tension.\n\n"
        f"Gentle Ways to Support {topic}:\n\n"
        "Drink water through the day, eat whole foods, move a little every hour and talk to your "
        "provider before starting any supplement, especially if you take other medicines.\n\n"
        "References:\n\n"
        f"Smith, J. (2020). {topic} and health. Journal of Everyday Medicine, 12(3), 201-209.\n"
    )


def write_source(path: Path, count: int) -> None:
    path.write_text(
        "top of page\n\n"
        + SPACER.join(article_text(n) for n in range(count))
        + "\nbottom of page\n",
        encoding="utf-8",
    )


def staff_write_probe(stop: threading.Event, waits: list, index_id: int) -> None:
    """Add a page under the articles index from another connection every 0.5 s during the import."""
    from django.db import OperationalError, connection, transaction

    from articles.models import ArticleIndexPage, ArticlePage

    n = 0
    while not stop.wait(0.5):
        n += 1
        started = time.perf_counter()
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                index = ArticleIndexPage.objects.get(pk=index_id)
                index.add_child(
                    instance=ArticlePage(
                        title=f"Staff {n}", slug=f"staff-probe-{n}", summary="Added by staff."
                    )
                )
            waits.append(time.perf_counter() - started)
        except OperationalError:
            waits.append(None)  # blocked for the whole lock_timeout
        except Exception as exc:  # noqa: BLE001 - report, keep probing
            waits.append(f"{type(exc).__name__}: {str(exc)[:80]}")
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--publish", action="store_true")
    parser.add_argument("--immediate", action="store_true")
    parser.add_argument(
        "--no-probe", action="store_true", help="Do not add staff pages during the import."
    )
    args = parser.parse_args()

    import django
    from django.conf import settings

    if not args.immediate:
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_tasks.signals import task_enqueued

    from articles.models import ArticleIndexPage

    print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}", flush=True)
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)

    enqueued = collections.Counter()

    def count(sender, task_result, **kwargs):
        if threading.current_thread() is threading.main_thread():  # the import, not the probe
            enqueued[task_result.task.name] += 1

    task_enqueued.connect(count, weak=False)

    source = Path(tempfile.mkdtemp(prefix="clinic-bench-import-src-")) / "many.txt"
    write_source(source, args.articles)
    size = source.stat().st_size
    print(f"Source: {args.articles} articles, {size / 1024:.0f} KiB", flush=True)

    waits: list = []
    stop = threading.Event()
    probe = None
    if connection.vendor == "postgresql" and not args.no_probe:
        index = ArticleIndexPage.objects.get(slug="articles")
        probe = threading.Thread(target=staff_write_probe, args=(stop, waits, index.id))
        probe.start()
    flush_time = []
    try:  # after the change: the batch at the end (search and reference index, handouts, purge)
        from clinic.http import bulk

        real_flush = bulk._flush

        def timed_flush(batch):
            started = time.perf_counter()
            real_flush(batch)
            flush_time.append(time.perf_counter() - started)

        bulk._flush = timed_flush
    except ImportError:
        pass
    argv = [str(source)] + (["--publish"] if args.publish else [])
    started = time.perf_counter()
    try:
        call_command("import_articles", *argv, stdout=open(os.devnull, "w"))  # noqa: SIM115
    finally:
        elapsed = time.perf_counter() - started
        stop.set()
        if probe is not None:
            probe.join(30)

    mode = "immediate (run in process)" if args.immediate else "database (queued)"
    print(
        f"Import: {elapsed:.1f} s for {args.articles} articles "
        f"({elapsed / args.articles * 1000:.1f} ms per article), publish={args.publish}, "
        f"tasks {mode}"
    )
    if flush_time:
        print(f"  of which the batch at the end (indexes, handouts, purge): {flush_time[0]:.1f} s")
    print(f"Tasks enqueued: {sum(enqueued.values())} by the import")
    for name, n in enqueued.most_common():
        print(f"  {n:7d}  {name}")
    if probe is not None:
        done = [w for w in waits if isinstance(w, float)]
        blocked = sum(w is None for w in waits)
        errors = [w for w in waits if isinstance(w, str)]
        print(
            f"Staff writes during the import: {len(waits)} tried, {len(done)} done "
            f"(max wait {max(done, default=0) * 1000:.0f} ms), {blocked} blocked > 2 s"
            + (f", {len(errors)} failed: {errors[:3]}" if errors else "")
        )


if __name__ == "__main__":
    main()
