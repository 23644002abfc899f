"""PDF/UA-1 read-back of the structure tree: every demo handout, in every variant.

Every marked-content sequence on every page must be either an /Artifact or claimed by a structure
element reachable from /StructTreeRoot (Matterhorn 01-00x / 18-001: the running header and footer
are pagination artifacts), every L holds only LI (09-005), every Figure has /Alt (13-004), and the
/ParentTree agrees with the tree.
"""

from __future__ import annotations

import io
import re
from collections import Counter

import pikepdf
import pytest
from wagtail.models import Site

from handouts import render

from .structtree import walk
from .test_render import _ensure_demo_content

pytestmark = pytest.mark.django_db


def _variants(locations) -> list[render.Variant]:
    variants = [render.Variant(), render.Variant(large_print=True)]
    for location in locations:
        variants.append(render.Variant(location=location.slug))
        variants.append(render.Variant(large_print=True, location=location.slug))
    return variants


@pytest.fixture(scope="module")
def demo_reports(django_db_setup, django_db_blocker):
    """{(slug, variant key): (StructReport, page count, qpdf's syntax problems)} for every live
    demo article in every variant."""
    from articles.models import ArticlePage
    from locations.models import live_locations

    with django_db_blocker.unblock():
        _ensure_demo_content()
        site = Site.objects.get(is_default_site=True)
        pages = list(ArticlePage.objects.live().public().order_by("path"))
        locations = live_locations()
        reports = {}
        for page in pages:
            for variant in _variants(locations):
                handout = render.render_handout(page, variant, site)
                with pikepdf.open(io.BytesIO(handout.pdf)) as pdf:
                    syntax = pdf.check_pdf_syntax()  # qpdf --check
                reports[(page.slug, variant.key)] = (walk(handout.pdf), handout.pages, syntax)
    return reports


def test_the_walk_covers_four_articles_in_six_variants(demo_reports):
    slugs = {slug for slug, _ in demo_reports}
    keys = {key for _, key in demo_reports}
    assert len(slugs) >= 4
    assert {"std", "large"} <= keys
    assert len(keys) >= 6, keys  # two locations, each standard and large print


def test_every_marked_item_is_reachable_or_an_artifact(demo_reports):
    totals = {"reachable": 0, "artifact": 0, "orphan": 0}
    failures = []
    for (slug, key), (report, _pages, _syntax) in sorted(demo_reports.items()):
        for kind, count in report.counts().items():
            totals[kind] += count
        if report.orphans:
            failures.append(f"{slug} [{key}]: {len(report.orphans)} orphan marked items")
    print(f"\nmarked items over {len(demo_reports)} handouts: {totals}")
    assert totals["reachable"] > 1000  # the walk really found the body text
    assert not failures, "\n".join(failures)


def test_no_pdf_ua_structure_problems(demo_reports):
    failures = []
    for (slug, key), (report, _pages, syntax) in sorted(demo_reports.items()):
        # "orphan marked content /Span MCID 30 on page 2" → "orphan marked content /Span MCID # on page #"
        kinds = Counter(re.sub(r"\d+", "#", problem) for problem in report.problems() + syntax)
        failures += [f"{slug} [{key}]: {n} × {kind}" for kind, n in sorted(kinds.items())]
    assert not failures, "\n".join(failures)


def test_every_page_has_its_running_footer_as_pagination_artifacts(demo_reports):
    """The footer ("Clark Wellness · phone", "Page N of M") is drawn on every page as artifacts,
    and no structure element is left over for it in the /ParentTree."""
    for (slug, key), (report, pages, _syntax) in demo_reports.items():
        pagination = Counter(
            item.page for item in report.items if item.artifact_type == "/Pagination"
        )
        assert pagination[0] >= 2, (slug, key)  # footer line, page number
        for page in range(1, pages):
            assert pagination[page] >= 3, (slug, key, page + 1)  # and the running title
        assert report.unclaimed_parent_tree_elements == 0, (slug, key)


def test_lists_and_figures_are_in_the_tree(demo_reports):
    """The contact card's locations list and the QR code are read, as a list and a Figure."""
    for (slug, key), (report, _pages, _syntax) in demo_reports.items():
        assert report.element_counts["/L"] >= 1, (slug, key)
        assert report.element_counts["/LI"] >= 1, (slug, key)
        assert report.element_counts["/Figure"] >= 1, (slug, key)
