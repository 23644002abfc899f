"""`make bench` (part two): visit packets and the print-count report.

Standalone (not collected by pytest). Uses DATABASE_URL when set, otherwise a throwaway SQLite
file; migrates and loads the demo content (plus 60 generated articles for the report), then prints
  * the median cold render (N=5, in process, store bypassed) of each of three demo articles, their
    sum, and the median cold render of the same three as one packet with a cover and a note
    (target: packet <= 1.1 x the sum);
  * the "Handouts printed" report page and its CSV through the whole Django stack with 50,000
    counted prints (one counter row per print: the worst case), median of N=20;
  * one counted print (the upsert), median of N=200.
"""

from __future__ import annotations

import datetime
import itertools
import os
import random
import statistics
import time

import bench_env  # noqa: F401, E402, I001 - the path, settings and database, before Django

os.environ.setdefault("DB_CONN_MAX_AGE", "600")

COLD_RUNS = int(os.environ.get("BENCH_COLD_RUNS", "5"))
REPORT_RUNS = int(os.environ.get("BENCH_REPORT_RUNS", "20"))
PRINTS = int(os.environ.get("BENCH_PRINTS", "50000"))
TARGET_RATIO = 1.1
SLUGS = ["leg-cramps", "waking-between-2-and-4-am", "muscle-soreness-after-exercise"]
NOTE = "Magnesium glycinate 400 mg at bedtime.\nCalf stretch twice a day.\nCall us in 2 weeks."


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def cold(fn, runs=COLD_RUNS):
    from handouts import render
    from handouts.weasy import _resources

    timings = []
    for _ in range(runs):
        _resources(render.site_root_url(fn.site))[2].clear()
        started = time.perf_counter()
        result = fn()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def fill_counters(prints: int) -> int:
    """`prints` counted prints as that many counter rows (count 1 each), spread over 90 days."""
    from django.utils import timezone

    from articles.models import ArticlePage
    from handouts.models import PrintCount

    PrintCount.objects.all().delete()
    ids = list(ArticlePage.objects.live().values_list("id", flat=True))
    today = timezone.localdate()
    combos = itertools.product(
        range(90), ids, [c for c, _ in PrintCount.CHANNELS], ["std", "large"], ["", "waco"]
    )
    combos = list(itertools.islice(combos, prints * 3))
    random.Random(7).shuffle(combos)
    rows = [
        PrintCount(
            article_id=article_id,
            language="en",
            variant=variant,
            location=location,
            channel=channel,
            day=today - datetime.timedelta(days=days),
            count=1,
        )
        for days, article_id, channel, variant, location in combos[:prints]
    ]
    PrintCount.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Sum
    from django.test import Client
    from wagtail.models import Site

    from articles.models import ArticlePage, Practitioner
    from handouts import counts, render
    from handouts.models import PrintCount

    print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}", flush=True)
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0, articles=60, skip_index=True)
    site = Site.objects.get(is_default_site=True)
    pages = [ArticlePage.objects.get(slug=slug) for slug in SLUGS]
    render.render_handout(pages[0], render.Variant(), site)  # fonts, stylesheet

    print(f"\nCold renders (median of {COLD_RUNS}, in process):")
    singles = []
    for page in pages:

        def one(page=page):
            return render.render_handout(page, render.Variant(), site)

        one.site = site
        median, result = cold(one)
        singles.append(median)
        print(f"  {page.slug[:40]:40} {result.pages:3d} pages {ms(median)}")
    total = sum(singles)
    packet = render.Packet(
        pages=tuple(pages),
        practitioner=Practitioner.objects.first(),
        note=NOTE,
        patient_name="Ana",
    )

    def whole():
        return render.render_packet(packet, site)

    whole.site = site
    packet_median, result = cold(whole)
    ratio = packet_median / total
    print(f"  {'sum of the three':40} {'':9} {ms(total)}")
    print(
        f"  {'the three as one packet (cover + note)':40} {result.pages:3d} pages {ms(packet_median)}"
        f"   = {ratio:.2f} x the sum (target <= {TARGET_RATIO}: "
        f"{'met' if ratio <= TARGET_RATIO else 'MISSED'})"
    )

    made = fill_counters(PRINTS)
    counted = PrintCount.objects.aggregate(total=Sum("count"))["total"]
    print(f"\nPrint counters: {made:,} rows, {counted:,} counted prints")
    user = get_user_model().objects.create_superuser("bench-report", "b@example.com", "pw")
    client = Client()
    client.force_login(user)
    for label, url in (
        ("report page", "/admin/reports/handouts-printed/"),
        ("report CSV", "/admin/reports/handouts-printed/?export=csv"),
    ):
        client.get(url)
        timings = []
        for _ in range(REPORT_RUNS):
            started = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200 and body
        timings.sort()
        print(
            f"  {label:12} median {ms(statistics.median(timings))}"
            f"  p95 {ms(timings[int(len(timings) * 0.95) - 1])}  ({len(body):,} bytes)"
        )
    timings = []
    for _ in range(200):
        started = time.perf_counter()
        counts.record([pages[0].id], variant=render.Variant(), channel="packet", language="en")
        timings.append(time.perf_counter() - started)
    print(f"  one counted print (upsert) median {ms(statistics.median(timings))}")


if __name__ == "__main__":
    main()
