"""`make lighthouse`: Lighthouse (mobile) scores of the home page, an article and a location, in
English and in Spanish.

What is measured is what patients get: the demo content on a fresh SQLite database, served by
gunicorn with production settings (DEBUG off, whitenoise's compressed, hashed, long-cached static
files, the page cache) on a random loopback port. The demo's Site is given that address, so
canonical links and structured data name it. The article and the location are the first ones the
sitemap lists, so every URL measured was also found the way a search engine finds it.

Lighthouse comes from npm, pinned in tests/lighthouse/package.json and installed in
tests/lighthouse/node_modules (never globally); Chrome is Debian's /usr/bin/chromium. Lighthouse's
default mobile settings (a mid-range phone, simulated slow 4G and a 4× slower CPU) are used.

Prints the four category scores per page, CLS, LCP and TBT, and each audit that did not pass.
Options: --runs N (the median performance run of N is reported), --screenshots DIR (full-page
screenshots 390 px wide, for looking at), --json DIR (keep Lighthouse's reports). Numbers, not a
test: a loaded machine gives slower times; CLS and the other categories do not depend on it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.chromium import CHROMIUM as CHROME  # noqa: E402
from tests.chromium import CHROMIUM_ARGS as CHROME_FLAGS  # noqa: E402
from tests.production.stack import Stack  # noqa: E402

LIGHTHOUSE = ROOT / "tests" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
SKIPPED_MODES = {"informative", "notApplicable", "manual"}


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
        return response.read().decode()


def pages_to_measure(base: str) -> list[tuple[str, str]]:
    """(label, url): the home page and the first article and location in the sitemap, in English
    and in Spanish (the demo's Spanish indexes are /es/articulos/ and /es/clinicas/)."""
    sitemap = re.findall(r"<loc>([^<]+)</loc>", fetch(base + "sitemap.xml"))

    def first(pattern: str) -> str:
        return next(u for u in sitemap if re.search(pattern, u))

    return [
        ("home", base),
        ("article", first(r"/articles/[^/]+/$")),
        ("location", first(r"/locations/[^/]+/$")),
        ("es-home", base + "es/"),
        ("es-article", first(r"/es/articulos/[^/]+/$")),
        ("es-location", first(r"/es/clinicas/[^/]+/$")),
    ]


def run_lighthouse(url: str, out: Path, attempts: int = 3) -> dict:
    """One Lighthouse run; tried again when Chrome's trace comes back broken (NO_NAVSTART and
    the like happen on a loaded machine) — a run that fails three times stops the script."""
    for attempt in range(1, attempts + 1):
        try:
            return lighthouse_once(url, out)
        except LighthouseError as exc:
            if attempt == attempts:
                raise SystemExit(str(exc)) from None
            print(f"  (Lighthouse run {attempt} on {url} failed; again)", flush=True)
    raise AssertionError("unreachable")


class LighthouseError(RuntimeError):
    pass


EXTRA_FLAGS: list[str] = []  # from --cpu-slowdown


def lighthouse_once(url: str, out: Path) -> dict:
    out.unlink(missing_ok=True)
    env = {**os.environ, "CHROME_PATH": CHROME}
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=" + " ".join(CHROME_FLAGS),
            *EXTRA_FLAGS,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0 or not out.exists():
        raise LighthouseError(f"Lighthouse failed on {url}:\n{result.stdout}\n{result.stderr}")
    report = json.loads(out.read_text())
    if report.get("runtimeError"):
        raise LighthouseError(f"Lighthouse failed on {url}: {report['runtimeError']}")
    return report


def summary(report: dict) -> dict:
    audits = report["audits"]
    scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    failing = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if audit["scoreDisplayMode"] in SKIPPED_MODES or audit["score"] is None:
                continue
            if audit["score"] < 1:
                failing.append((category, ref["id"], audit.get("displayValue", ""), ref["weight"]))
    return {
        "scores": scores,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "benchmark": report["environment"].get("benchmarkIndex") or 0,
        "failing": failing,
    }


def screenshot(url: str, path: Path) -> None:
    subprocess.run(
        [
            CHROME,
            *CHROME_FLAGS,
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--window-size=390,2400",
            f"--screenshot={path}",
            url,
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median).")
    parser.add_argument("--screenshots", type=Path, help="Save 390 px screenshots here.")
    parser.add_argument("--json", type=Path, help="Keep Lighthouse's JSON reports here.")
    parser.add_argument(
        "--front",
        choices=["nginx", "gunicorn"],
        default="nginx" if Path("/usr/sbin/nginx").exists() else "gunicorn",
        help="nginx with clinic/deploy/nginx-site.conf in front of gunicorn (as deployed), or "
        "gunicorn alone.",
    )
    parser.add_argument(
        "--cpu-slowdown",
        type=float,
        help="Lighthouse's CPU slowdown multiplier (default 4, for a fast desktop CPU; a loaded "
        "machine whose benchmark index is well under 1000 already is the slow phone).",
    )
    args = parser.parse_args()
    if args.cpu_slowdown:
        EXTRA_FLAGS.append(f"--throttling.cpuSlowdownMultiplier={args.cpu_slowdown}")
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `make lighthouse` (it installs it).")
    if not Path(CHROME).exists():
        raise SystemExit(f"Chromium is required at {CHROME} (apt-get install chromium).")

    tmp = Path(tempfile.mkdtemp(prefix="clinic-lighthouse-"))
    database = SimpleNamespace(url=f"sqlite:///{tmp / 'db.sqlite3'}", static_root=tmp / "static")
    stack = Stack(database=database, workdir=tmp)
    try:
        print("Preparing the demo site (migrate, load_demo_content, collectstatic)…", flush=True)
        env = stack.env(MEDIA_ROOT=str(tmp / "media"))
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        app = stack.gunicorn(workers=2, media_root=tmp / "media")
        front = app
        if args.front == "nginx":  # what patients reach: gzip, static files from disk
            front = stack.nginx(app.port, tmp / "media")
        base = front.url("/")
        manage(env, "load_demo_content", "--site-url", base)
        pages = pages_to_measure(base)
        for _, url in pages:
            fetch(url)  # a first visit fills the page cache, as on a site that is in use
        results = {}
        for label, url in pages:
            runs = []
            for n in range(args.runs):
                report = run_lighthouse(url, tmp / f"{label}-{n}.json")
                if args.json:
                    args.json.mkdir(parents=True, exist_ok=True)
                    shutil.copy(tmp / f"{label}-{n}.json", args.json / f"{label}-{n}.json")
                runs.append(summary(report))
                version = report["lighthouseVersion"]
            runs.sort(key=lambda r: r["scores"]["performance"])
            results[label] = (url, runs[len(runs) // 2], [r["scores"]["performance"] for r in runs])
            if args.screenshots:
                args.screenshots.mkdir(parents=True, exist_ok=True)
                screenshot(url, args.screenshots / f"{label}-390.png")

        via = "nginx → gunicorn" if args.front == "nginx" else "gunicorn"
        print(f"\nLighthouse {version} (mobile, simulated throttling), {base} ({via})")
        header = f"{'page':<11} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'CLS':>6} "
        print(header + f"{'FCP ms':>7} {'LCP ms':>7} {'TBT ms':>7} {'bench':>6}  url")
        for label, (url, best, perfs) in results.items():
            s = best["scores"]
            print(
                f"{label:<11} {s['performance']:>4} {s['accessibility']:>4} "
                f"{s['best-practices']:>4} {s['seo']:>4} {best['cls']:>6.3f} {best['fcp']:>7.0f} "
                f"{best['lcp']:>7.0f} {best['tbt']:>7.0f} {best['benchmark']:>6.0f}  {url}"
                + (f"  (perf runs: {perfs}, median)" if len(perfs) > 1 else "")
            )
        for label, (_, best, _) in results.items():
            if best["failing"]:
                print(f"\nNot passed on {label}:")
                for category, audit_id, value, weight in best["failing"]:
                    print(
                        f"  [{category}] {audit_id}{f' — {value}' if value else ''} (weight {weight})"
                    )
        print(
            "\nbench: Lighthouse's CPU benchmark index of this machine during the run (a fast "
            "desktop ~1500+; under ~1000 it warns that TBT and the performance score suffer)."
        )
        if args.screenshots:
            print(f"Screenshots (390 px wide): {args.screenshots}")
        perf = [best["scores"]["performance"] for _, best, _ in results.values()]
        print(f"\nPerformance median over pages: {statistics.median(perf)}")
    finally:
        stack.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
