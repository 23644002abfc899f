"""`make bench` (part three): the editor's plain-language analysis (issue 22).

Standalone (not collected by pytest). Uses DATABASE_URL when set, otherwise a throwaway SQLite
file; migrates and loads the demo content, then prints, for the longest demo article and for a
generated 3,000-word article, the median time (N runs) of what the editor's endpoint does once it
has read the form: analyse every part, score the checklist and build the JSON —
  * cold: the findings cache empty (every part analysed);
  * after an edit: one paragraph changed, the other parts' findings read from the cache.
Target: after an edit, at most 200 ms for the 3,000-word article.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time

import bench_env  # noqa: F401, E402, I001 - the path, settings and database, before Django

RUNS = int(os.environ.get("BENCH_PLAIN_RUNS", "7"))
TARGET_MS = 200

SENTENCES = [
    "Drink a glass of water with each meal.",
    "Walk for ten minutes after dinner, even on busy days.",
    "Individuals with hypertension should utilize their medication as directed by the physician.",
    "About 30% of adults wake up at night at least once a week.",
    "Your blood pressure is checked at every visit, and the results are sent to your doctor.",
    "If you wake up and cannot get back to sleep after a while, get out of bed and sit somewhere "
    "quiet until you feel sleepy again.",
    "Call us if the pain keeps you awake.",
    "Take 0.5 mg at bedtime, or 1-2 tablets if your doctor says so.",
    "Stretch your calf for 30 seconds before bed.",
    "Pharmacological interventions demonstrate inconsistent efficacy in nocturnal leg cramps.",
]


def generated_parts(words: int, seed: int = 22):
    from articles.plain_language.text import Part

    rng = random.Random(seed)
    parts = [Part("summary", "summary", "Key points", "Leg cramps are common. Most go away fast.")]
    total, number = 0, 0
    while total < words:
        number += 1
        if number % 6 == 1:
            parts.append(Part(f"h{number}", "heading", f"Heading {number}", f"Section {number}"))
            continue
        text = " ".join(rng.choice(SENTENCES) for _ in range(5))
        parts.append(Part(f"p{number}", "paragraph", f"Paragraph {number}", text))
        total += len(text.split())
    return parts


def edited(parts, index: int, run: int):
    from articles.plain_language.text import Part

    part = parts[index]
    parts = list(parts)
    parts[index] = Part(part.key, part.kind, part.label, f"{part.text} Edit number {run}.")
    return parts


def endpoint_work(parts, language: str) -> int:
    from articles.plain_language.analyse import analyse_parts
    from articles.plain_language.views import analysis_json

    return len(json.dumps(analysis_json(analyse_parts(parts, language))))


def measure(label: str, parts, language: str) -> float:
    from django.core.cache import cache

    words = sum(len(p.text.split()) for p in parts)
    paragraph = next(i for i, p in enumerate(parts) if p.kind == "paragraph")
    cold, warm = [], []
    for run in range(RUNS):
        cache.clear()
        started = time.perf_counter()
        size = endpoint_work(parts, language)
        cold.append(time.perf_counter() - started)
        changed = edited(parts, paragraph, run)
        started = time.perf_counter()
        endpoint_work(changed, language)
        warm.append(time.perf_counter() - started)
    cold_ms, warm_ms = statistics.median(cold) * 1000, statistics.median(warm) * 1000
    print(
        f"  {label:<52} {words:>6} words  {len(parts):>4} parts  "
        f"cold {cold_ms:7.1f} ms  after an edit {warm_ms:7.1f} ms  (JSON {size // 1024} KB)"
    )
    return warm_ms


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)

    from articles.models import ArticlePage
    from articles.plain_language.text import parts_of_page

    print(f"Plain-language analysis (median of {RUNS}; cache: {_cache_backend()})")
    longest = ArticlePage.objects.filter(locale__language_code="en").order_by("-word_count").first()
    measure(f"longest demo article ({longest.slug})", parts_of_page(longest), "en")
    spanish = ArticlePage.objects.filter(locale__language_code="es").order_by("-word_count").first()
    if spanish:
        measure(f"longest Spanish demo article ({spanish.slug[:24]})", parts_of_page(spanish), "es")
    warm = measure("generated 3,000-word article", generated_parts(3000), "en")
    verdict = "OK" if warm <= TARGET_MS else "OVER TARGET"
    print(f"  after an edit, target <= {TARGET_MS} ms: {verdict}")


def _cache_backend() -> str:
    from django.conf import settings

    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


if __name__ == "__main__":
    main()
