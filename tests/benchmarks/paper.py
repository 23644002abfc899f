"""`make bench` (paper): how many sheets each handout takes against the fewest it could take.

Standalone (not collected by pytest). Uses DATABASE_URL when set, otherwise a throwaway SQLite
file; migrates, loads the demo content and 30 generated articles, then prints, for every demo
article × variant (standard, large print, each location, Spanish) and for the 30 generated articles
cut to 100 … 3,000 words:

  pages    the pages WeasyPrint lays the handout out on
  min      the fewest pages the content could fill: the laid-out content's height (summed over the
           pages, from WeasyPrint's layout boxes: the bottom of the last in-flow box on each page)
           over the usable page height (page height less its margins), rounded up
  over     pages − min
  lowfill  the emptiest page that is not the last, as a fraction of its usable height
  closing  "ALONE" when a page holds nothing but the closing block (disclaimer, contacts, QR code,
           language line)
  draft    pages of the same article printed as a draft (must equal `pages`)

and a summary against the target: the minimum for ≥ 90 %, never more than one over, never a page of
closing block alone, drafts on as many pages as the published handout.
"""

from __future__ import annotations

import os
import time

import bench_env  # noqa: F401, E402, I001 - the path, settings and database, before Django

GENERATED = 30
WORDS_FROM, WORDS_TO = 100, 3000


def _classes(box) -> set:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return set()
    return set((element.get("class") or "").split())


def measure(document) -> dict:
    """Pages, content height, fill of each page and closing-only pages, from the layout boxes."""
    from weasyprint.formatting_structure import boxes

    fills, used_total, closing_only = [], 0.0, []
    usable = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        top = page_box.content_box_y()
        height = page_box.height
        usable.append(height)
        bottom = top
        lines = {"closing": 0, "other": 0}

        def walk(box, in_closing, _lines=lines):
            nonlocal bottom
            if isinstance(box, boxes.MarginBox):
                return
            if getattr(box, "is_running", lambda: False)():
                return
            style = getattr(box, "style", None)
            if style is not None and style["position"] in ("absolute", "fixed"):
                return
            in_closing = in_closing or "closing" in _classes(box)
            if isinstance(box, (boxes.LineBox, boxes.ReplacedBox)) or (
                isinstance(box, boxes.BlockBox) and not box.children
            ):
                if box.height:
                    bottom = max(bottom, box.position_y + box.margin_height())
                    _lines["closing" if in_closing else "other"] += 1
                if isinstance(box, boxes.LineBox):
                    return
            for child in getattr(box, "children", ()):
                walk(child, in_closing)

        for child in page_box.children:
            walk(child, False)
        # Borders and padding of boxes closing on this page (a card's lower padding) count too.
        used = min(height, max(0.0, bottom - top))
        used_total += used
        fills.append(used / height if height else 0)
        if lines["closing"] and not lines["other"]:
            closing_only.append(number)
    minimum, room = 0, 0.0
    while room < used_total - 0.5:  # half a CSS pixel of rounding
        room += usable[min(minimum, len(usable) - 1)]
        minimum += 1
    return {
        "pages": len(document.pages),
        "min": max(1, minimum),
        "content": used_total / usable[-1],
        "lowfill": min(fills[:-1]) if len(fills) > 1 else None,
        "closing_only": closing_only,
    }


EXTRA_CSS = os.environ.get("PAPER_EXTRA_CSS", "")  # try a stylesheet change against the table


def lay_out(html: str, base_url: str):
    from weasyprint import CSS, HTML

    from handouts.fetcher import HandoutURLFetcher
    from handouts.weasy import _resources

    font_config, stylesheet, image_cache = _resources(base_url)
    return HTML(string=html, base_url=base_url, url_fetcher=HandoutURLFetcher(base_url)).render(
        font_config=font_config,
        stylesheets=[
            stylesheet,
            *([CSS(string=EXTRA_CSS, font_config=font_config)] if EXTRA_CSS else []),
        ],
        cache=image_cache,
    )


def row(label: str, variant_label: str, result: dict, draft: int | None) -> str:
    low = f"{result['lowfill']:.0%}" if result["lowfill"] is not None else "-"
    closing = (
        "ALONE p" + ",".join(map(str, result["closing_only"])) if result["closing_only"] else ""
    )
    over = result["pages"] - result["min"]
    drafted = "" if draft is None else str(draft) + ("" if draft == result["pages"] else " ≠")
    return (
        f"{label[:40]:40} {variant_label:10} {result['pages']:5d} {result['min']:4d} {over:+5d}"
        f" {low:>7} {closing:>9} {drafted:>6}"
    )


def body_of_words(words: int, pool: list, rng) -> list:
    """Blocks from the demo bodies, in a shuffled order, until `words` words (the last paragraph cut)."""
    import copy
    import re

    from articles.demo.blocks import h2, p

    blocks, count = [], 0
    order = pool[:]
    rng.shuffle(order)
    sections = 0
    for block in order * 10:
        if count >= words:
            break
        if block["type"] == "heading" and block["value"].get("level") == "h2":
            sections += 1
        if block["type"] == "paragraph":
            text = re.sub(r"<[^>]+>", "", block["value"])
            left = words - count
            cut = text.split()[:left]
            blocks.append(p(" ".join(cut)))
            count += len(cut)
            continue
        if block["type"] == "heading":
            # Never a heading straight under a heading: the shuffle made empty sections (two or three
            # headings in a row) that no article has, each chain kept with its next line as a unit.
            if blocks and blocks[-1]["type"] == "heading":
                blocks[-1] = copy.deepcopy(block)
            else:
                blocks.append(copy.deepcopy(block))
            continue
        text = re.sub(r"<[^>]+>|\{|\}|\"[a-z_]+\":", " ", str(block["value"]))
        blocks.append(copy.deepcopy(block))
        count += len(text.split()) // 2
    if not any(b["type"] == "heading" for b in blocks):
        blocks.insert(0, h2("What to know"))
    return blocks


def main() -> None:
    import random

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation
    from wagtail.models import Site

    from articles.demo.content import ARTICLES
    from articles.models import ArticleIndexPage, ArticlePage
    from handouts import render
    from locations.models import live_locations

    print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}", flush=True)
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0, articles=GENERATED, skip_index=True)
    site = Site.objects.get(is_default_site=True)
    base_url = render.site_root_url(site)
    locations = live_locations()

    def laid_out(page, variant, *, is_draft=False):
        with translation.override(page.locale.language_code):
            html = render.render_html(page, variant, site, is_draft=is_draft)
        return measure(lay_out(html, base_url))

    header = (
        f"{'article':40} {'variant':10} {'pages':>5} {'min':>4} {'over':>5} {'lowfill':>7}"
        f" {'closing':>9} {'draft':>6}"
    )
    results = []
    started = time.perf_counter()
    print("\nDemo articles × variants")
    print(header)
    print("-" * len(header))
    demo = ArticlePage.objects.live().filter(slug__in=[a["slug"] for a in ARTICLES])
    only_generated = os.environ.get("PAPER_ONLY_GENERATED")
    # The demo's Spanish translations (their own slugs), by translation key.
    keys = demo.filter(locale__language_code="en").values("translation_key")
    spanish = ArticlePage.objects.live().filter(
        locale__language_code="es", translation_key__in=keys
    )
    for page in (
        demo.filter(locale__language_code="en").order_by("path") if not only_generated else []
    ):
        variants = [("standard", render.Variant()), ("large", render.Variant(large_print=True))]
        variants += [(loc.slug, render.Variant(location=loc.slug)) for loc in locations]
        for label, variant in variants:
            result = laid_out(page, variant)
            draft = laid_out(page, variant, is_draft=True)["pages"] if label == "standard" else None
            results.append((result, draft))
            print(row(page.slug, label, result, draft), flush=True)
    for page in spanish.order_by("path") if not only_generated else []:
        result = laid_out(page, render.Variant(language="es"))
        draft = laid_out(page, render.Variant(language="es"), is_draft=True)["pages"]
        results.append((result, draft))
        print(row(page.slug, "spanish", result, draft), flush=True)

    print(f"\n{GENERATED} generated articles, {WORDS_FROM} to {WORDS_TO} words (standard)")
    print(header)
    print("-" * len(header))
    pool = [block for data in ARTICLES for block in data["body"]]
    index = ArticleIndexPage.objects.filter(locale__language_code="en").first()
    generated = list(
        ArticlePage.objects.child_of(index).filter(slug__contains="-g0").order_by("path")
    )[:GENERATED]
    for number, page in enumerate(generated):
        words = WORDS_FROM + round(number * (WORDS_TO - WORDS_FROM) / (GENERATED - 1))
        page = ArticlePage.objects.get(pk=page.pk)  # the table of contents is cached per object
        page.introduction = "<p>What this guide covers, in short.</p>"
        page.body = body_of_words(words, pool, random.Random(number))
        result = laid_out(page, render.Variant())
        draft = laid_out(page, render.Variant(), is_draft=True)["pages"]
        results.append((result, draft))
        print(row(f"{words} words", "standard", result, draft), flush=True)

    total = len(results)
    at_min = sum(1 for r, _ in results if r["pages"] == r["min"])
    worst = max(r["pages"] - r["min"] for r, _ in results)
    alone = sum(1 for r, _ in results if r["closing_only"])
    drafts = [(r, d) for r, d in results if d is not None]
    parity = sum(1 for r, d in drafts if d == r["pages"])
    low = sum(1 for r, _ in results if r["lowfill"] is not None and r["lowfill"] < 0.5)
    print(
        f"\nSummary: {total} handouts; at the minimum {at_min} ({at_min / total:.0%}, target ≥ 90 %);"
        f" most over the minimum {worst:+d} (target ≤ +1); a page of closing block alone in"
        f" {alone} (target 0); a page other than the last under half full in {low};"
        f" draft = published pages in {parity} of {len(drafts)}."
        f" ({time.perf_counter() - started:.0f} s)"
    )


if __name__ == "__main__":
    main()
