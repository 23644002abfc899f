"""handouts.pdfua: WeasyPrint's tagged @page margin boxes become pagination artifacts."""

from __future__ import annotations

import io
import re
from unittest import mock

import pikepdf
import pytest

from handouts import pdfua, render

from .pdfs import ReadPdf
from .structtree import walk

PAGES = 3
HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Margins</title>
<style>
@page { size: A6; margin: 2cm 1cm;
  @top-left { content: string(doctitle); }
  @bottom-left { content: element(footer); }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); } }
h1 { string-set: doctitle content(); font-size: 14pt; }
.footer { position: running(footer); }
p { font-size: 11pt; }
ul { list-style: none; padding: 0; }
</style></head><body>
<p class="footer">Clinic · (555) 010-0199</p>
<h1>Running heads</h1>
__BODY__
<ul><li>One</li><li>Two</li></ul>
<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='20' height='20'%3E%3Crect width='20' height='20'/%3E%3C/svg%3E" alt="A black square">
</body></html>"""


def _pages_of_body(pages: int) -> str:
    return "".join(
        f'<p style="break-before: page">Body text of part {n}.</p>' if n else "<p>First part.</p>"
        for n in range(pages)
    )


@pytest.fixture(scope="module")
def weasy_pdf() -> bytes:
    """A PDF/UA-1 file straight from WeasyPrint, before the post-processor."""
    from weasyprint import HTML as WeasyHTML

    html = HTML.replace("__BODY__", _pages_of_body(PAGES))
    return WeasyHTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


@pytest.fixture(scope="module")
def fixed(weasy_pdf) -> bytes:
    return pdfua.mark_margin_boxes_as_artifacts(weasy_pdf)


def test_weasyprint_leaves_the_margin_boxes_unreachable(weasy_pdf):
    """The upstream defect this module exists for (if WeasyPrint fixes it, revisit pdfua)."""
    report = walk(weasy_pdf)
    orphan_pages = {item.page for item in report.orphans}
    assert orphan_pages == set(range(PAGES))
    # title (pages 2–3), footer line and "Page N of M" (every page)
    assert len(report.orphans) >= 2 * PAGES + (PAGES - 1)
    assert report.unclaimed_parent_tree_elements == len(report.orphans)


def test_margin_boxes_become_pagination_artifacts(weasy_pdf, fixed):
    before, after = walk(weasy_pdf), walk(fixed)
    assert after.orphans == []
    assert after.problems() == []
    assert after.counts()["reachable"] == before.counts()["reachable"]
    assert after.counts()["artifact"] == before.counts()["artifact"] + len(before.orphans)
    assert after.unclaimed_parent_tree_elements == 0
    assert after.element_counts == before.element_counts  # the body's tree is untouched
    with pikepdf.open(io.BytesIO(fixed)) as pdf:
        assert pdf.check_pdf_syntax() == []  # qpdf --check
        for page in pdf.pages:
            content = page.obj.Contents.read_bytes()
            assert re.search(rb"/Artifact\s*<<\s*/Type\s*/Pagination\s*>>\s*BDC", content)


def test_the_footer_text_is_still_on_every_page(fixed):
    pages = ReadPdf(fixed).pages
    assert len(pages) == PAGES
    for number, text in enumerate(pages, start=1):
        assert "(555) 010-0199" in text
        assert f"Page {number} of {PAGES}" in text
        if number > 1:
            assert "Running heads" in text


def test_parser_path_gives_the_same_structure(weasy_pdf, fixed):
    parsed = pdfua.mark_margin_boxes_as_artifacts(weasy_pdf, parse=True)
    fast, slow = walk(fixed), walk(parsed)
    assert slow.problems() == []
    assert slow.counts() == fast.counts()
    assert [(i.page, i.mcid, i.kind) for i in slow.items] == [
        (i.page, i.mcid, i.kind) for i in fast.items
    ]


def test_a_stream_with_a_literal_string_takes_the_parser(weasy_pdf):
    with mock.patch.object(
        pdfua, "_rewrite_instructions", wraps=pdfua._rewrite_instructions
    ) as slow:
        pdfua.mark_margin_boxes_as_artifacts(weasy_pdf)
        assert slow.call_count == 0  # WeasyPrint's own streams: the regular expression
    with pikepdf.open(io.BytesIO(weasy_pdf)) as pdf:
        page = pdf.pages[0]
        page.obj.Contents = pdf.make_stream(
            page.obj.Contents.read_bytes() + b"\nBT (/P <</MCID 0>> BDC) Tj ET\n"
        )
        out = io.BytesIO()
        pdf.save(out)
    with mock.patch.object(
        pdfua, "_rewrite_instructions", wraps=pdfua._rewrite_instructions
    ) as slow:
        result = pdfua.mark_margin_boxes_as_artifacts(out.getvalue())
        assert slow.call_count == 1
    with pikepdf.open(io.BytesIO(result)) as pdf:
        assert b"(/P <</MCID 0>> BDC) Tj" in pdf.pages[0].obj.Contents.read_bytes()


def test_it_is_idempotent_and_leaves_untagged_files_alone(weasy_pdf, fixed):
    assert pdfua.mark_margin_boxes_as_artifacts(fixed) == fixed
    from weasyprint import HTML as WeasyHTML

    untagged = WeasyHTML(string="<p>plain</p>").write_pdf()
    assert pdfua.mark_margin_boxes_as_artifacts(untagged) == untagged


def _hand_made_pdf() -> bytes:
    """One page, MCID 0 claimed by an element the tree does not list, MCIDs 1 and 2 by a P that
    it does (one as an integer, one as a marked-content reference): the kept MCIDs must move."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(
        b"/Span <</MCID 0>> BDC BT /F1 9 Tf 10 10 Td <0041> Tj ET EMC\n"
        b"/P <</MCID 1>> BDC BT /F1 9 Tf 10 50 Td <0042> Tj ET EMC\n"
        b"/P <</MCID 2>> BDC BT /F1 9 Tf 10 90 Td <0043> Tj ET EMC\n"
    )
    page.obj.StructParents = 0
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root)
    )
    paragraph = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem,
            S=pikepdf.Name.P,
            P=document,
            Pg=page.obj,
            K=pikepdf.Array([1, pikepdf.Dictionary(Type=pikepdf.Name.MCR, MCID=2, Pg=page.obj)]),
        )
    )
    orphan = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.Span, P=document, Pg=page.obj, K=0
        )
    )
    document.K = pikepdf.Array([paragraph])
    root.K = pikepdf.Array([document])
    root.ParentTree = pdf.make_indirect(
        pikepdf.Dictionary(Nums=pikepdf.Array([0, pikepdf.Array([orphan, paragraph, paragraph])]))
    )
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String("en")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_mcids_after_an_orphan_are_renumbered():
    data = _hand_made_pdf()
    assert [i.kind for i in walk(data).items] == ["orphan", "reachable", "reachable"]
    fixed = pdfua.mark_margin_boxes_as_artifacts(data)
    report = walk(fixed)
    assert [(i.mcid, i.kind) for i in report.items] == [
        (None, "artifact"),
        (0, "reachable"),
        (1, "reachable"),
    ]
    assert report.problems() == []
    with pikepdf.open(io.BytesIO(fixed)) as pdf:
        assert pdf.check_pdf_syntax() == []
        paragraph = pdf.Root.StructTreeRoot.K[0].K[0]
        assert paragraph.K[0] == 0
        assert paragraph.K[1].MCID == 1
        parents = pdf.Root.StructTreeRoot.ParentTree.Nums[1]
        assert len(parents) == 2
        assert all(parent.objgen == paragraph.objgen for parent in parents)
        assert b"/Artifact <</Type /Pagination>> BDC" in pdf.pages[0].obj.Contents.read_bytes()


def test_frame_version_follows_the_post_processor_version():
    render.frame_version.cache_clear()
    try:
        before = render.frame_version()
        render.frame_version.cache_clear()
        with mock.patch.object(pdfua, "VERSION", "something-else"):
            assert render.frame_version() != before
    finally:
        render.frame_version.cache_clear()
