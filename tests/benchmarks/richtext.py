"""What sanitising rich text costs an article page render (clinic.richtext).

Standalone (not collected by pytest): `DJANGO_SETTINGS_MODULE=clinic.settings.test
.venv/bin/python tests/benchmarks/richtext.py`. Uses DATABASE_URL when set, otherwise a throwaway
SQLite file; migrates, loads the demo content, then renders the longest demo article's page
in process (page.serve + template render, no HTTP cache, no middleware), N rounds of

  unsanitised  the sanitiser replaced by the identity (what the page cost before)
  cold memo    sanitised, the memo emptied before the render (a process's first view)
  warm memo    sanitised, the memo kept (every later view)

taking turns (one of each per round), and prints the median per render, the number of rich-text
values on the page, and the time spent inside the sanitiser per render, cold and warm (measured
directly: on a busy machine the page medians vary by more than the sanitiser costs).
"""

from __future__ import annotations

import os
import statistics
import time
from unittest import mock

import bench_env  # noqa: F401, E402, I001 - the path, settings and database, before Django

RUNS = int(os.environ.get("BENCH_PAGE_RUNS", "200"))


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import RequestFactory
    from wagtail.models import Site

    from articles.models import ArticlePage
    from clinic import richtext
    from clinic.templatetags import richtext_tags

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    page = max(ArticlePage.objects.live(), key=lambda p: p.word_count)
    factory = RequestFactory()

    values: list[str] = []
    real = richtext_tags.sanitise

    def counting(html):
        values.append(html)
        return real(html)

    def render_once() -> float:
        request = factory.get(page.url, HTTP_HOST=site.hostname)
        started = time.perf_counter()
        response = page.serve(request)
        response.render()
        assert response.status_code == 200
        return time.perf_counter() - started

    with mock.patch.object(richtext_tags, "sanitise", counting):
        render_once()

    identity = mock.patch.object(richtext_tags, "sanitise", lambda html: html)
    for _ in range(20):  # warm up templates, queries, site root paths
        render_once()
    # The three modes take turns, so that the machine's load changes hit them alike.
    times: dict[str, list[float]] = {"before": [], "cold": [], "warm": []}
    for _ in range(RUNS):
        with identity:
            times["before"].append(render_once())
        richtext._sanitise_memo.cache_clear()
        times["cold"].append(render_once())
        times["warm"].append(render_once())
    before, cold, warm = (statistics.median(times[k]) * 1000 for k in ("before", "cold", "warm"))

    def sanitiser_ms(clear: bool) -> float:
        spent = []
        for _ in range(50):
            if clear:
                richtext._sanitise_memo.cache_clear()
            started = time.perf_counter()
            for html in values:
                real(html)
            spent.append(time.perf_counter() - started)
        return statistics.median(spent) * 1000

    inside_cold, inside_warm = sanitiser_ms(clear=True), sanitiser_ms(clear=False)

    print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}")
    print(
        f"Article page {page.slug}: {len(values)} rich-text values, "
        f"{sum(map(len, values)):,} characters"
    )
    print(
        f"Median page render over {RUNS}: unsanitised {before:.2f} ms, "
        f"sanitised cold memo {cold:.2f} ms ({cold - before:+.2f}), "
        f"warm memo {warm:.2f} ms ({warm - before:+.2f})"
    )
    print(
        f"Inside the sanitiser per page render: cold memo {inside_cold:.3f} ms "
        f"({inside_cold / len(values) * 1000:.1f} µs a value), warm memo {inside_warm:.3f} ms"
    )


if __name__ == "__main__":
    main()
