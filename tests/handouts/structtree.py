"""Read a tagged PDF's structure tree back and check it against the pages' marked content.

`walk(pdf_bytes)` follows /StructTreeRoot → /K down through every structure element (kids may be
element dictionaries, marked-content references, bare integer MCIDs or object references), then
scans each page's content stream for marked-content sequences and sorts every sequence into:

- reachable: it has an /MCID that a structure element reachable from the root claims on that page;
- artifact: it is an /Artifact sequence (what a screen reader skips: running headers, rules, …);
- orphan: it has an /MCID no reachable element claims (assistive technology never reaches it).

It also lists PDF/UA structure problems a test can assert on: list (L) children that are not LI
(Caption is allowed first), LI children other than Lbl/LBody, Figures without /Alt, /ParentTree
entries that disagree with the tree, text shown outside any marked content, and catalog entries
PDF/UA needs (/MarkInfo /Marked true, /Lang, /StructTreeRoot).
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field

import pikepdf

TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}
LIST_CHILDREN = {"/LI", "/Caption"}
LIST_ITEM_CHILDREN = {"/Lbl", "/LBody"}


@dataclass
class MarkedItem:
    page: int  # 0-based
    mcid: int | None
    tag: str  # the BDC/BMC tag, e.g. "/P" or "/Artifact"
    kind: str  # "reachable" | "artifact" | "orphan"
    artifact_type: str = ""  # an artifact's /Type, e.g. "/Pagination"


@dataclass
class StructReport:
    items: list[MarkedItem] = field(default_factory=list)
    non_li_list_children: list[str] = field(default_factory=list)
    bad_list_item_children: list[str] = field(default_factory=list)
    figures_without_alt: list[str] = field(default_factory=list)
    parent_tree_mismatches: list[str] = field(default_factory=list)
    untagged_text: list[str] = field(default_factory=list)
    catalog_problems: list[str] = field(default_factory=list)
    element_counts: Counter = field(default_factory=Counter)  # reachable elements by /S
    unclaimed_parent_tree_elements: int = 0  # /ParentTree values not reachable from the root

    def counts(self) -> Counter:
        return Counter(item.kind for item in self.items)

    @property
    def orphans(self) -> list[MarkedItem]:
        return [item for item in self.items if item.kind == "orphan"]

    def problems(self) -> list[str]:
        """Everything a PDF/UA test fails on, as readable lines."""
        found = list(self.catalog_problems)
        found += [
            f"orphan marked content {i.tag} MCID {i.mcid} on page {i.page + 1}"
            for i in self.orphans
        ]
        found += [f"list child that is not LI: {what}" for what in self.non_li_list_children]
        found += [f"list item child not Lbl/LBody: {what}" for what in self.bad_list_item_children]
        found += [f"Figure without Alt: {what}" for what in self.figures_without_alt]
        found += [f"parent tree: {what}" for what in self.parent_tree_mismatches]
        found += [f"text outside marked content: {what}" for what in self.untagged_text]
        return found


def _key(obj) -> tuple:
    """Identity of a PDF object: its object number for indirect objects, else the Python id."""
    if obj.is_indirect:
        return obj.objgen
    return ("direct", id(obj))


def _kids(node) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    if isinstance(kids, pikepdf.Array):
        return list(kids)
    return [kids]


def _number_tree(node, into: dict, depth: int = 0) -> dict:
    """Flatten a number tree (/Nums and /Kids) into {key: value}."""
    if depth > 32:
        return into
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums) - 1, 2):
            into[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []) or []:
        _number_tree(kid, into, depth + 1)
    return into


def _describe(element) -> str:
    text = ""
    for kid in _kids(element):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            text = str(kid.get("/S"))
            break
    return f"{element.get('/S')} (first kid {text or '-'})"


def _walk_tree(pdf: pikepdf.Pdf, report: StructReport):
    """Return ({(page index, mcid): element key}, set of reachable element keys)."""
    page_index = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    claimed: dict[tuple[int, int], tuple] = {}
    reachable: set[tuple] = set()
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return claimed, reachable

    def page_of(node, inherited):
        pg = node.get("/Pg")
        if pg is not None and pg.is_indirect:
            return page_index.get(pg.objgen, inherited)
        return inherited

    stack = [(kid, None, None) for kid in reversed(_kids(root))]
    while stack:
        node, parent, page = stack.pop()
        if isinstance(node, int):  # a bare MCID belongs to the parent element's page
            if parent is not None and page is not None:
                claimed[(page, node)] = _key(parent)
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        node_type = node.get("/Type")
        if node_type == "/MCR" or ("/MCID" in node and "/S" not in node):
            mcr_page = page_of(node, page)
            if parent is not None and mcr_page is not None and "/MCID" in node:
                claimed[(mcr_page, int(node.MCID))] = _key(parent)
            continue
        if node_type == "/OBJR":
            continue
        key = _key(node)
        if key in reachable:  # a cycle or an element listed twice
            continue
        reachable.add(key)
        role = str(node.get("/S"))
        report.element_counts[role] += 1
        kids = _kids(node)
        element_kids = [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
        if role == "/L":
            for kid in element_kids:
                if str(kid.get("/S")) not in LIST_CHILDREN:
                    report.non_li_list_children.append(_describe(kid))
            for kid in kids:
                if isinstance(kid, int) or (
                    isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR"
                ):
                    report.non_li_list_children.append("marked content directly in L")
        elif role == "/LI":
            for kid in element_kids:
                if str(kid.get("/S")) not in LIST_ITEM_CHILDREN:
                    report.bad_list_item_children.append(_describe(kid))
        elif role == "/Figure" and not str(node.get("/Alt", "")).strip():
            report.figures_without_alt.append(_describe(node))
        element_page = page_of(node, page)
        for kid in reversed(kids):
            stack.append((kid, node, element_page))
    return claimed, reachable


def _scan_page(page, page_number: int, claimed: dict, report: StructReport):
    stack: list[tuple[str, int | None]] = []
    properties = page.obj.get("/Resources", {}).get("/Properties", {}) or {}
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            mcid = None
            artifact_type = ""
            if op == "BDC":
                props = operands[1]
                if isinstance(props, pikepdf.Name):
                    props = properties.get(str(props), {})
                if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    mcid = int(props.MCID)
                if isinstance(props, pikepdf.Dictionary) and "/Type" in props:
                    artifact_type = str(props.Type)
            stack.append((tag, mcid))
            if tag == "/Artifact":
                kind = "artifact"
            elif mcid is None:
                continue  # an untagged grouping (e.g. /Span BMC); its text is checked below
            elif (page_number, mcid) in claimed:
                kind = "reachable"
            else:
                kind = "orphan"
            report.items.append(
                MarkedItem(
                    page_number, mcid, tag, kind, artifact_type if kind == "artifact" else ""
                )
            )
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op in TEXT_OPERATORS and not any(
            tag == "/Artifact" or mcid is not None for tag, mcid in stack
        ):
            report.untagged_text.append(f"page {page_number + 1}: {op}")


def _check_parent_tree(pdf: pikepdf.Pdf, claimed: dict, reachable: set, report: StructReport):
    root = pdf.Root.get("/StructTreeRoot")
    tree = root.get("/ParentTree") if root is not None else None
    if tree is None:
        report.parent_tree_mismatches.append("no /ParentTree")
        return
    entries = _number_tree(tree, {})
    unclaimed = set()
    for number, page in enumerate(pdf.pages):
        key = page.obj.get("/StructParents")
        if key is None:
            if any(page_number == number for page_number, _ in claimed):
                report.parent_tree_mismatches.append(f"page {number + 1} has no /StructParents")
            continue
        parents = entries.get(int(key))
        parents = list(parents) if isinstance(parents, pikepdf.Array) else []
        for parent in parents:
            if isinstance(parent, pikepdf.Dictionary) and _key(parent) not in reachable:
                unclaimed.add(_key(parent))
        for (page_number, mcid), owner in claimed.items():
            if page_number != number:
                continue
            parent = parents[mcid] if mcid < len(parents) else None
            if not isinstance(parent, pikepdf.Dictionary) or _key(parent) != owner:
                report.parent_tree_mismatches.append(
                    f"page {number + 1} MCID {mcid} maps to another element (or none)"
                )
    report.unclaimed_parent_tree_elements = len(unclaimed)


def walk(data: bytes) -> StructReport:
    report = StructReport()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        mark_info = root.get("/MarkInfo")
        if mark_info is None or mark_info.get("/Marked") is not True:
            report.catalog_problems.append("/MarkInfo /Marked is not true")
        if not str(root.get("/Lang", "")).strip():
            report.catalog_problems.append("no /Lang")
        if "/StructTreeRoot" not in root:
            report.catalog_problems.append("no /StructTreeRoot")
        claimed, reachable = _walk_tree(pdf, report)
        for number, page in enumerate(pdf.pages):
            _scan_page(page, number, claimed, report)
        _check_parent_tree(pdf, claimed, reachable, report)
        marked = {(item.page, item.mcid) for item in report.items if item.mcid is not None}
        for page_number, mcid in sorted(set(claimed) - marked):
            report.parent_tree_mismatches.append(
                f"page {page_number + 1} MCID {mcid} is claimed but not in the content"
            )
    return report
