"""PDF/UA-1 repair of WeasyPrint's tagged output: page margin boxes become pagination artifacts.

WeasyPrint 70 tags the content of `@page` margin boxes (our running title, the footer line with the
clinic's phone and "Page N of M") as ordinary marked content with an /MCID, and builds structure
elements for it whose /P is the /Document element, but it never lists them in the /Document's
/K (weasyprint/pdf/tags.py: "Build tree for margin boxes but don't link it to main tree … It could
be included in tree as Artifact, but that's only allowed in PDF 2.0"). So that content is tagged
yet unreachable from the structure tree: Matterhorn 01-005/18-001 (upstream Kozea/WeasyPrint#1836).

PDF/UA-1 (PDF 1.7) wants running headers and footers as pagination artifacts. This module, run on
every rendered handout, finds each page's marked-content sequences whose /ParentTree element cannot
be reached from /StructTreeRoot, rewrites them as `/Artifact <</Type /Pagination>> BDC`, drops their
/ParentTree entries (the orphan elements are then unreferenced and not written) and renumbers the
page's remaining MCIDs so that the page's /ParentTree array stays dense and consistent. Their text
is still drawn and extracted (pdftotext, copy/paste), a screen reader just does not read it twice.

pikepdf is imported lazily: this module is imported at Django start-up through handouts.render.
"""

from __future__ import annotations

import io
import re

# Part of render.frame_version(): bump it when this changes what it writes, so stored handouts are
# rendered again.
VERSION = "pagination-artifacts-1"


def _kids(node) -> list:
    import pikepdf

    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _reachable_elements(struct_tree_root) -> set[tuple[int, int]]:
    """Object numbers of every structure element reachable from the root through /K."""
    import pikepdf

    reachable: set[tuple[int, int]] = set()
    stack = _kids(struct_tree_root)
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            continue  # an MCID, a marked-content or object reference
        if node.is_indirect:
            if node.objgen in reachable:
                continue
            reachable.add(node.objgen)
        stack.extend(_kids(node))
    return reachable


def _parent_tree_entries(parent_tree) -> dict[int, object]:
    """{StructParents key: value} of a number tree (flat /Nums as WeasyPrint writes, or /Kids)."""
    entries: dict[int, object] = {}
    stack = [(parent_tree, 0)]
    while stack:
        node, depth = stack.pop()
        nums = node.get("/Nums")
        if nums is not None:
            for i in range(0, len(nums) - 1, 2):
                entries[int(nums[i])] = nums[i + 1]
        if depth < 32:
            stack.extend((kid, depth + 1) for kid in node.get("/Kids", []) or [])
    return entries


def _renumber_kids(element, page_objgen, renumber: dict[int, int]) -> None:
    """Rewrite the MCIDs `element` claims on that page (bare integers and MCR dictionaries)."""
    import pikepdf

    own_page = element.get("/Pg")
    on_page = own_page is not None and own_page.objgen == page_objgen

    def moved(kid):
        if isinstance(kid, int) and not isinstance(kid, bool):
            return renumber.get(kid, kid) if on_page else kid
        if isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid and "/S" not in kid:
            mcr_page = kid.get("/Pg")
            if (mcr_page.objgen == page_objgen) if mcr_page is not None else on_page:
                kid.MCID = renumber.get(int(kid.MCID), int(kid.MCID))
        return kid

    kids = element.get("/K")
    if isinstance(kids, pikepdf.Array):
        element.K = pikepdf.Array([moved(kid) for kid in kids])
    elif kids is not None:
        element.K = moved(kids)


# How WeasyPrint (pydyf) writes the start of tagged content: `/P\n<</MCID 3>>\nBDC`.
_TAGGED_BDC = re.compile(rb"(/[^\s/<>\[\]()%]+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
# A literal string or an inline image could hold bytes that look like operators: parse those.
# (WeasyPrint writes neither: its text is hex strings in TJ arrays.)
_INLINE_IMAGE = re.compile(rb"(?:^|\s)BI\s")
PAGINATION_ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"


def _rewrite_bytes(content: bytes, mcids: int, orphans: set, renumber: dict) -> bytes | None:
    """Fast path: rewrite the BDC operators in the decoded content stream with one regex.

    Returns None (use the parser) unless the stream is plain WeasyPrint output whose tagged BDCs
    are exactly MCIDs 0 … mcids - 1, each once."""
    if b"(" in content or (b"BI" in content and _INLINE_IMAGE.search(content)):
        return None
    found = []

    def replace(match):
        mcid = int(match.group(2))
        found.append(mcid)
        if mcid in orphans:
            return PAGINATION_ARTIFACT
        if mcid in renumber:
            return match.group(1) + b" <</MCID %d>> BDC" % renumber[mcid]
        return match.group(0)

    rewritten = _TAGGED_BDC.sub(replace, content)
    if sorted(found) != list(range(mcids)):
        return None
    return rewritten


def _rewrite_instructions(page, orphans: set, renumber: dict) -> bytes:
    """Slow path: tokenize the content stream with qpdf and rewrite its BDC operators."""
    import pikepdf

    bdc = pikepdf.Operator("BDC")
    rewritten = []
    for instruction in pikepdf.parse_content_stream(page):
        if (
            isinstance(instruction, pikepdf.ContentStreamInstruction)
            and instruction.operator == bdc
        ):
            tag, properties = instruction.operands[0], instruction.operands[1]
            mcid = (
                int(properties.MCID)
                if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties
                else None
            )
            if mcid in orphans:
                instruction = pikepdf.ContentStreamInstruction(
                    [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)], bdc
                )
            elif mcid in renumber:
                instruction = pikepdf.ContentStreamInstruction(
                    [tag, pikepdf.Dictionary(MCID=renumber[mcid])], bdc
                )
        rewritten.append(instruction)
    return pikepdf.unparse_content_stream(rewritten)


def _rewrite_page(pdf, page, parents: list, reachable: set, *, parse: bool = False):
    """Turn the page's unreachable marked content into pagination artifacts.

    Return the page's new /ParentTree array, or None when nothing on the page was unreachable."""
    import pikepdf

    orphans = {
        mcid
        for mcid, element in enumerate(parents)
        if isinstance(element, pikepdf.Dictionary)
        and element.is_indirect
        and element.objgen not in reachable
    }
    if not orphans:
        return None
    kept = [mcid for mcid in range(len(parents)) if mcid not in orphans]
    renumber = {old: new for new, old in enumerate(kept) if old != new}

    contents = page.obj.get("/Contents")
    content = None
    if not parse and isinstance(contents, pikepdf.Stream):
        content = _rewrite_bytes(contents.read_bytes(), len(parents), orphans, renumber)
    if content is None:
        content = _rewrite_instructions(page, orphans, renumber)
    page.obj.Contents = pdf.make_stream(content)

    if renumber:  # an orphan sat before kept content: move the kept elements' MCIDs down
        seen = set()
        for mcid in kept:
            element = parents[mcid]
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in seen:
                seen.add(element.objgen)
                _renumber_kids(element, page.obj.objgen, renumber)
    return pikepdf.Array([parents[mcid] for mcid in kept])


def mark_margin_boxes_as_artifacts(data: bytes, *, parse: bool = False) -> bytes:
    """Return `data` (a WeasyPrint PDF/UA-1 file) with unreachable tagged content as artifacts.

    A file with no structure tree, or nothing unreachable, is returned unchanged. `parse=True`
    always tokenizes content streams with qpdf instead of the (checked) regular-expression path."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        parent_tree = root.get("/ParentTree") if root is not None else None
        if parent_tree is None:
            return data
        reachable = _reachable_elements(root)
        entries = _parent_tree_entries(parent_tree)
        changed = {}
        for page in pdf.pages:
            key = page.obj.get("/StructParents")
            parents = entries.get(int(key)) if key is not None else None
            if not isinstance(parents, pikepdf.Array):
                continue
            new_parents = _rewrite_page(pdf, page, list(parents), reachable, parse=parse)
            if new_parents is not None:
                changed[int(key)] = new_parents
        if not changed:
            return data
        nums = pikepdf.Array()
        for key in sorted(entries):
            nums.append(key)
            nums.append(changed.get(key, entries[key]))
        root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)
        return out.getvalue()
