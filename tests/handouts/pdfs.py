"""Reading rendered handouts back: text per page, font sizes, metadata, tags."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from pypdf import PdfReader


def squash(text: str) -> str:
    """Whitespace-insensitive text (line breaks and hyphenation differ between renders)."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class ReadPdf:
    data: bytes

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.data))

    @cached_property
    def pages(self) -> list[str]:
        return [squash(page.extract_text() or "") for page in self.reader.pages]

    @cached_property
    def text(self) -> str:
        return " ".join(self.pages)

    @property
    def metadata(self):
        return self.reader.metadata

    @property
    def root(self):
        return self.reader.trailer["/Root"]

    def figure_alts(self) -> list[str]:
        """The /Alt text of every /Figure in the structure tree (what a screen reader says)."""
        alts: list[str] = []

        def visit(node):
            node = node.get_object()
            if hasattr(node, "get"):
                if node.get("/S") == "/Figure":
                    alts.append(str(node.get("/Alt", "")))
                kids = node.get("/K")
                for kid in kids if isinstance(kids, list) else [kids]:
                    if kid is not None and not isinstance(kid.get_object(), int):
                        visit(kid)

        visit(self.root["/StructTreeRoot"])
        return alts

    def raster_images(self) -> list[tuple[int, int, str]]:
        """(width, height, filter) of every raster image XObject in the file."""
        found = {}
        for page in self.reader.pages:
            xobjects = page.get("/Resources", {}).get("/XObject", {}) or {}
            for ref in xobjects.values():
                obj = ref.get_object()
                if obj.get("/Subtype") == "/Image":
                    found[id(obj)] = (
                        int(obj["/Width"]),
                        int(obj["/Height"]),
                        str(obj.get("/Filter")),
                    )
        return list(found.values())

    def font_sizes(self) -> Counter:
        """Effective font size in points (rounded to 0.5) → number of characters set in it."""
        sizes: Counter = Counter()

        def visit(text, cm, tm, font_dict, font_size):
            if text.strip():
                scale = abs(cm[0] * tm[0]) or 1
                sizes[round(font_size * scale * 2) / 2] += len(text.strip())

        for page in self.reader.pages:
            page.extract_text(visitor_text=visit)
        return sizes

    def body_size(self) -> float:
        """The size most characters are set in: the body text."""
        return self.font_sizes().most_common(1)[0][0]
