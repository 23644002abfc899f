"""The pathological articles of issue #11: what a handout request costs, before and after the bound.

Standalone (not collected by pytest):

    DJANGO_SETTINGS_MODULE=clinic.settings.test .venv/bin/python tests/benchmarks/pathological.py

Uses DATABASE_URL when set, otherwise a throwaway SQLite file; migrates, loads the demo content and
writes five articles straight through the models (as an import or a script would, bypassing the
editor's save-time limits):

  2mb-paragraph   one paragraph of 2 MB of text
  5000-blocks     5,000 short paragraphs
  huge-image      one image block showing a 12000 × 12000 px PNG
  nested-inline   a paragraph with 240 nested <b> tags
  nested-divs     a paragraph with 140 nested <div>s

and a normal demo article for comparison. Each case runs in its own fresh Python process (so that
one case's memory does not count against the next) which GETs `<article>/handout/` twice through
the Django test client and prints, per request: status, wall time, and the peak RSS of the process
that rendered (the request's own process, and the render child when there is one: handouts.isolation).
A case is abandoned after CASE_TIMEOUT (90) seconds (the "before" 2 MB paragraph takes ~30 s on an
idle machine). WeasyPrint is imported and its fonts loaded before the first request, as in a
server process that has already served one.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings.test")
warnings.filterwarnings("ignore", message="No directory at")

CASE_TIMEOUT = int(os.environ.get("PATHOLOGICAL_CASE_TIMEOUT", "90"))
ALL_CASES = ["normal", "2mb-paragraph", "5000-blocks", "huge-image", "nested-inline", "nested-divs"]
CASES = os.environ.get("PATHOLOGICAL_CASES", ",".join(ALL_CASES)).split(",")
BIG_IMAGE = Path(tempfile.gettempdir()) / "clinic-bench-12000px.png"


def rss_mb() -> float:
    """Peak RSS of this process so far (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def body_for(case: str):
    sentence = "Drink a glass of water and stretch your calves before bed. "
    if case == "2mb-paragraph":
        return [("paragraph", "<p>" + sentence * (2_000_000 // len(sentence)) + "</p>")]
    if case == "5000-blocks":
        return [("paragraph", f"<p>{n}. {sentence}</p>") for n in range(5000)]
    if case == "nested-inline":
        return [("paragraph", "<p>" + "<b>" * 240 + "deep" + "</b>" * 240 + "</p>")]
    if case == "nested-divs":
        return [("paragraph", "<div>" * 140 + "deep" + "</div>" * 140)]
    if case == "huge-image":
        return [("image", {"image": big_image(), "alt_text": "A huge picture", "caption": ""})]
    raise ValueError(case)


def big_image():
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    existing = Image.objects.filter(title="bench 12000px").first()
    if existing:
        return existing
    if not BIG_IMAGE.exists():
        PILImage.new("RGB", (12000, 12000), (243, 239, 228)).save(BIG_IMAGE, format="PNG")
    with BIG_IMAGE.open("rb") as handle:
        return Image.objects.create(
            title="bench 12000px", file=ImageFile(handle, name="bench-12000px.png")
        )


def django_setup() -> None:
    """django.setup(), with the media folder shared by the parent and every case's process (the
    test settings make a new temporary one per process)."""
    import django
    from django.conf import settings

    django.setup()
    settings.MEDIA_ROOT = os.environ["PATHOLOGICAL_MEDIA_ROOT"]


def setup() -> None:
    """Parent: database, demo content and the pathological articles (published)."""
    django_setup()
    from django.core.management import call_command

    from articles.models import ArticleIndexPage, ArticlePage

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    index = ArticleIndexPage.objects.first()
    for case in ALL_CASES[1:]:
        slug = f"bench-{case}"
        if ArticlePage.objects.filter(slug=slug).exists():
            continue
        page = ArticlePage(title=f"Bench {case}", slug=slug, summary="A pathological article.")
        index.add_child(instance=page)
        page.save_revision().publish()
        page.body = body_for(case)
        page.save(clean=False)  # straight through the models: no save-time limits


def run_case(case: str) -> dict:
    """Child: two handout requests for one case; prints one JSON line."""
    django_setup()
    from django.test import Client

    from articles.models import ArticlePage

    if case == "normal":
        page = ArticlePage.objects.live().exclude(slug__startswith="bench-").order_by("path")[0]
    else:
        page = ArticlePage.objects.get(slug=f"bench-{case}")
    url = page.url + "handout/"
    client = Client(raise_request_exception=False)
    # A long-running server process has WeasyPrint imported and its fonts loaded: do that first.
    from handouts import render, weasy

    weasy._resources(render.site_root_url(page.get_site()))
    try:
        from handouts import isolation
    except ImportError:
        isolation = None
    result = {"case": case, "rss_before": rss_mb(), "requests": []}
    for _ in range(2):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        entry = {"status": response.status_code, "seconds": elapsed, "rss": rss_mb()}
        stats = getattr(isolation, "last_stats", None) if isolation else None
        if stats:
            entry["child_rss"] = stats.get("max_rss_mb")
            entry["outcome"] = stats.get("outcome")
            isolation.last_stats = None
        result["requests"].append(entry)
    return result


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        print(json.dumps(run_case(sys.argv[2])), flush=True)
        return
    if not os.environ.get("DATABASE_URL"):
        db = Path(tempfile.mkdtemp(prefix="clinic-pathological-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DB_CONN_MAX_AGE", "600")
    os.environ.setdefault("PATHOLOGICAL_MEDIA_ROOT", tempfile.mkdtemp(prefix="clinic-bench-media-"))
    setup()
    print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}")
    header = f"{'case':15} {'req':>3} {'status':>6} {'time':>9} {'proc peak RSS':>14} {'child peak RSS':>15}  outcome"
    print(header)
    print("-" * len(header), flush=True)
    for case in CASES:
        try:
            done = subprocess.run(
                [sys.executable, __file__, "--case", case],
                capture_output=True,
                text=True,
                timeout=CASE_TIMEOUT,
                env=os.environ,
            )
        except subprocess.TimeoutExpired:
            print(f"{case:15} gave no answer within {CASE_TIMEOUT} s (killed)", flush=True)
            continue
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if not lines:
            print(f"{case:15} crashed: {done.stderr.strip().splitlines()[-1:]}", flush=True)
            continue
        result = json.loads(lines[-1])
        for n, entry in enumerate(result["requests"], 1):
            child = f"{entry['child_rss']:.0f} MB" if entry.get("child_rss") else "-"
            print(
                f"{case:15} {n:3d} {entry['status']:6d} {entry['seconds'] * 1000:7.0f}ms"
                f" {entry['rss']:11.0f} MB {child:>15}  {entry.get('outcome', '')}",
                flush=True,
            )
        print(f"{'':15} (process RSS before the first request: {result['rss_before']:.0f} MB)")


if __name__ == "__main__":
    main()
