"""What the bounded layout (handouts.isolation: a render child, reused between layouts) costs a
normal handout.

Standalone (not collected by pytest):

    DJANGO_SETTINGS_MODULE=clinic.settings.test .venv/bin/python tests/benchmarks/isolation_overhead.py

Uses DATABASE_URL when set, otherwise a throwaway SQLite file; migrates and loads the demo content,
then lays out the same HTML (the longest demo article, and a copy cut to 5 pages as in `make bench`)
alternately in this process (`html_to_pdf.unbounded`) and in a child (`html_to_pdf`), N times each,
and prints the medians, the difference, and the child's peak RSS. Alternating keeps a busy
machine's drift out of the comparison. Each layout starts with an empty image cache, as a cold
render does.
"""

from __future__ import annotations

import logging
import os
import statistics
import time

import bench_env  # noqa: F401, E402, I001 - the path, settings and database, before Django

RUNS = int(os.environ.get("BENCH_COLD_RUNS", "7"))


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from wagtail.models import Site

    from articles.models import ArticlePage
    from handouts import isolation, render, weasy

    logging.disable(logging.ERROR)  # WeasyPrint's warnings about anchors cut off with the body
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    base_url = render.site_root_url(site)
    longest = max(ArticlePage.objects.live(), key=lambda p: p.word_count)
    html = render.render_html(longest, render.Variant(), site)
    cases = {f"{longest.slug} (longest demo)": html}
    blocks = list(longest.body.raw_data)
    for count in range(len(blocks), 0, -1):  # cut to 5 pages, as tests/benchmarks/run.py does
        longest.body = blocks[:count]
        cut = render.render_html(longest, render.Variant(), site)
        if render.html_to_pdf.unbounded(cut, base_url).pages <= 5:
            cases["5-page cut"] = cut
            break

    image_cache = weasy._resources(base_url)[2]
    print(
        f"{'document':34} {'pages':>5} {'in process':>11} {'in a child':>11} {'cost':>9} {'child RSS':>10}"
    )
    for name, document in cases.items():
        inline, child, rss = [], [], []
        for _ in range(RUNS):
            image_cache.clear()
            started = time.perf_counter()
            result = render.html_to_pdf.unbounded(document, base_url)
            inline.append(time.perf_counter() - started)
            image_cache.clear()
            started = time.perf_counter()
            render.html_to_pdf(document, base_url)
            child.append(time.perf_counter() - started)
            rss.append(isolation.last_stats["max_rss_mb"])
        a, b = statistics.median(inline), statistics.median(child)
        print(
            f"{name[:34]:34} {result.pages:5d} {a * 1000:8.0f} ms {b * 1000:8.0f} ms"
            f" {(b - a) * 1000:+6.0f} ms {statistics.median(rss):7.0f} MB",
            flush=True,
        )
    # The fork itself, without a layout.
    forks = []
    for _ in range(20):
        started = time.perf_counter()
        isolation.run_bounded(int, "1")
        forks.append(time.perf_counter() - started)
    print(f"fork + pipe + wait of an empty child: median {statistics.median(forks) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
