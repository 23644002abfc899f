"""`make bench`: handout and page performance on the demo articles.

Standalone (not collected by pytest). Uses DATABASE_URL when set, otherwise a throwaway SQLite
file; migrates, loads the demo content, then prints per article:
  cold render  median of N=5 in-process renders (render module called directly, store bypassed;
               the first render of the process, which also loads fonts, is shown separately)
  served       warm handout through the whole Django stack (test Client GET, N=60): median, p95
  bytes/pages  of the standard handout
  peak mem     Python heap peak of one render (tracemalloc) and the process's peak RSS
and the article page's HTML throughput (requests/s through the test Client). Then, for each demo
article with a Spanish translation, the Spanish handout's cold render (median of N) beside the
English one's.

`run.py --cold-only` prints only the cold renders (English and Spanish), not the served handouts,
the 5-page cut or the page throughput.

The issue's cold-render target is for a 5-page article, and no demo article is exactly 5 pages, so
the bench also publishes a copy of the longest demo article cut to 5 pages ("bench-5-pages") and
prints its median against the target. Each cold render starts with an empty image cache, so the QR
code and logo are parsed as they would be for a newly published article (in this process: a
render child keeps its own image cache between layouts, as it does on the site). The 5-page cut's
cold render is also timed beside naive WeasyPrint on the same HTML (target <= 1.2 ×).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
import tracemalloc

import bench_env  # noqa: F401, E402, I001 - the path, settings and database, before Django

# Persistent database connections, as in production (CONN_MAX_AGE=60): without them every request
# through the test Client opens a new PostgreSQL connection and the served numbers double.
os.environ.setdefault("DB_CONN_MAX_AGE", "600")

# whitenoise warns that collectstatic has not run; the bench serves no static files.

COLD_RUNS = int(os.environ.get("BENCH_COLD_RUNS", "5"))
SERVED_RUNS = int(os.environ.get("BENCH_SERVED_RUNS", "60"))
PAGE_RUNS = int(os.environ.get("BENCH_PAGE_RUNS", "100"))
TARGET_PAGES = 5
TARGET_COLD = 0.400  # seconds, median cold render of a 5-page article (issue #5)
TARGET_COLD_VS_NAIVE = 1.2  # × naive WeasyPrint on the same HTML (issue #21)
TARGET_SERVED = 0.010  # seconds, median warm handout served through Django


def five_page_article(site, pages):
    """Publish a copy of the longest demo article whose body is cut until its handout is 5 pages."""
    from articles.models import ArticlePage
    from handouts import render

    source = max(pages, key=lambda p: p.word_count)
    copy = source.copy(
        to=source.get_parent(),
        update_attrs={"slug": "bench-5-pages", "title": f"{source.title} (bench cut)"},
        keep_live=True,
    )
    blocks = list(source.body.raw_data)
    for count in range(len(blocks), 0, -1):
        copy.body = blocks[:count]
        copy.save_revision().publish()
        copy = ArticlePage.objects.get(pk=copy.pk)  # fresh: the table of contents is cached
        if render.render_handout(copy, render.Variant(), site).pages <= TARGET_PAGES:
            return copy
    raise SystemExit("could not cut a demo article to 5 pages")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def cold_median(page, site, runs: int = COLD_RUNS):
    """(median seconds of `runs` in-process renders, the last render) with an empty image cache."""
    from handouts import render, weasy

    timings = []
    for _ in range(runs):
        weasy._resources(render.site_root_url(site))[2].clear()  # no parsed QR/logo
        started = time.perf_counter()
        result = render.render_handout(page, render.Variant(), site)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def naive_weasyprint(html: str, base_url: str, *, stylesheet: bool = True) -> bytes:
    """What WeasyPrint's tutorial does: the same HTML (with the handout stylesheet, or with none:
    the browser's defaults), nothing kept from one call to the next (no font configuration, parsed
    stylesheet or image cache), no PDF/UA tagging."""
    from django.templatetags.static import static
    from weasyprint import CSS, HTML

    from handouts import render
    from handouts.fetcher import HandoutURLFetcher

    fetcher = HandoutURLFetcher(base_url)
    stylesheets = (
        [CSS(url=base_url.rstrip("/") + static(render.STYLESHEET), url_fetcher=fetcher)]
        if stylesheet
        else []
    )
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
        stylesheets=stylesheets
    )


def cold_beside_naive(page, site, runs: int = COLD_RUNS) -> None:
    """The site's cold render (HTML, bounded layout in a render child, PDF/UA repair) beside naive
    WeasyPrint on the same HTML in this process, with the handout stylesheet and without one,
    alternated so that a busy machine's drift falls on all three."""
    from handouts import render

    base_url = render.site_root_url(site)
    html = render.render_html(page, render.Variant(), site)
    naive_weasyprint(html, base_url)
    times: dict[str, list[float]] = {"site": [], "naive": [], "bare": []}
    for _ in range(runs):
        for name, work in (
            ("site", lambda: render.render_handout(page, render.Variant(), site)),
            ("naive", lambda: naive_weasyprint(html, base_url)),
            ("bare", lambda: naive_weasyprint(html, base_url, stylesheet=False)),
        ):
            started = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - started)
    ours, naive, bare = (statistics.median(times[name]) for name in ("site", "naive", "bare"))
    print(
        f"\nCold render of {page.slug} beside naive WeasyPrint on the same HTML (median of {runs},"
        f" alternated): {ms(ours).strip()}; naive with the handout stylesheet {ms(naive).strip()}"
        f" = {ours / naive:.2f} × (target <= {TARGET_COLD_VS_NAIVE}:"
        f" {'met' if ours <= TARGET_COLD_VS_NAIVE * naive else 'MISSED'}); naive without a"
        f" stylesheet {ms(bare).strip()} = {ours / bare:.2f} ×",
        flush=True,
    )


def spanish_beside_english(english_cold: dict, pages, site) -> None:
    """The Spanish translations' cold renders beside their English articles'."""
    from articles.models import ArticlePage

    spanish = {
        page.translation_key: page
        for page in ArticlePage.objects.live().filter(
            locale__language_code="es", translation_key__in=[p.translation_key for p in pages]
        )
    }
    header = f"{'article (English | Spanish)':58} {'pages':>9} {'cold en':>10} {'cold es':>10} {'es/en':>6}"
    print(f"\nSpanish handouts, cold render (median of {COLD_RUNS}) beside the English ones")
    print(header)
    print("-" * len(header))
    for page in pages:
        translated = spanish.get(page.translation_key)
        if translated is None or page.slug not in english_cold:
            continue
        en_pages, en_cold = english_cold[page.slug]
        es_cold, result = cold_median(translated, site)
        name = f"{page.slug[:28]} | {translated.slug[:27]}"
        print(
            f"{name:58} {f'{en_pages} | {result.pages}':>9} {ms(en_cold):>10} {ms(es_cold):>10}"
            f" {es_cold / en_cold:6.2f}",
            flush=True,
        )
    if not spanish:
        print("(no demo article has a Spanish translation)")


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cold-only",
        action="store_true",
        help="Only the cold renders (English and Spanish): no served handouts, 5-page cut or page"
        " throughput.",
    )
    cold_only = parser.parse_args().cold_only
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from wagtail.models import Site

    from articles.models import ArticlePage
    from handouts import render

    print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}", flush=True)
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    # The English articles (the Spanish translations are timed beside them, below).
    pages = list(ArticlePage.objects.live().filter(locale__language_code="en").order_by("path"))
    client = Client()
    results = {}

    first = pages[0]
    started = time.perf_counter()
    render.render_handout(first, render.Variant(), site)
    print(
        f"First render in this process (fonts, stylesheet): {ms(time.perf_counter() - started)}\n"
    )

    if cold_only:
        english_cold = {}
        header = f"{'article':38} {'pages':>5} {'bytes':>8} {'cold median':>12}"
        print(header)
        print("-" * len(header))
        for page in pages:
            cold, result = cold_median(page, site)
            english_cold[page.slug] = (result.pages, cold)
            print(f"{page.slug[:38]:38} {result.pages:5d} {len(result.pdf):8d} {ms(cold):>12}")
        cold_beside_naive(max(pages, key=lambda p: p.word_count), site)
        spanish_beside_english(english_cold, pages, site)
        return

    pages.append(five_page_article(site, pages))

    header = f"{'article':38} {'pages':>5} {'bytes':>8} {'cold median':>12} {'served med':>11} {'served p95':>11} {'py peak':>9}"
    print(header)
    print("-" * len(header))
    for page in pages:
        cold, result = cold_median(page, site)
        tracemalloc.start()
        render.render_handout(page, render.Variant(), site)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        url = page.url + "handout/"
        response = client.get(url)  # warm the store
        assert response.status_code == 200, (url, response.status_code)
        response.content
        served = []
        for _ in range(SERVED_RUNS):
            started = time.perf_counter()
            response = client.get(url)
            body = response.content
            served.append(time.perf_counter() - started)
            response.close()
            assert response.status_code == 200 and body.startswith(b"%PDF"), (
                url,
                response.status_code,
            )
        results[page.slug] = (result.pages, cold, statistics.median(served))
        print(
            f"{page.slug[:38]:38} {result.pages:5d} {len(result.pdf):8d} {ms(cold):>12}"
            f" {ms(statistics.median(served)):>11} {ms(percentile(served, 0.95)):>11}"
            f" {peak / 1e6:7.1f} MB",
            flush=True,
        )

    five_pages, cold, _ = results["bench-5-pages"]
    worst_served = max(served for _, _, served in results.values())
    print(
        f"\nTargets: cold render of a {five_pages}-page article {ms(cold).strip()} median"
        f" (target <= {ms(TARGET_COLD).strip()}: {'met' if cold <= TARGET_COLD else 'MISSED'});"
        f" slowest warm served median {ms(worst_served).strip()}"
        f" (target <= {ms(TARGET_SERVED).strip()}: {'met' if worst_served <= TARGET_SERVED else 'MISSED'})"
    )
    cold_beside_naive(pages[-1], site)
    spanish_beside_english({slug: (n, cold) for slug, (n, cold, _) in results.items()}, pages, site)
    print(
        f"Peak RSS of this process (all renders): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    page = max(pages, key=lambda p: p.word_count)
    client.get(page.url)
    started = time.perf_counter()
    for _ in range(PAGE_RUNS):
        response = client.get(page.url)
        assert response.status_code == 200
    elapsed = time.perf_counter() - started
    print(
        f"Article page HTML ({page.slug}): {PAGE_RUNS / elapsed:.0f} req/s, {ms(elapsed / PAGE_RUNS)} per page"
    )


if __name__ == "__main__":
    main()
