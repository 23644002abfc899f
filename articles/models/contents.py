"""An article body's headings, contents list and plain text: derived from the StreamField, never
stored (the reading statistics computed from the plain text are, on save)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import cached_property
from django.utils.html import strip_tags

from articles.models.constants import TOC_MIN_HEADINGS


@dataclass(frozen=True)
class TocEntry:
    text: str
    anchor: str
    level: str
    children: tuple = ()


class ArticleContentsMixin:
    """For ArticlePage: `body` is a StreamField of article blocks; `summary`, `introduction` text."""

    def heading_anchors(self) -> list[tuple[object, str]]:
        """(heading block, unique anchor) for each heading in the body, in order."""
        seen: dict[str, int] = {}
        result = []
        for block in self.body:
            if block.block_type != "heading":
                continue
            base = block.block.get_anchor(block.value)
            count = seen.get(base, 0)
            seen[base] = count + 1
            result.append((block, base if count == 0 else f"{base}-{count + 1}"))
        return result

    def body_with_anchors(self) -> list[tuple[object, str | None]]:
        anchors = {id(block): anchor for block, anchor in self.heading_anchors()}
        return [(block, anchors.get(id(block))) for block in self.body]

    @cached_property
    def table_of_contents(self) -> list[TocEntry]:
        """Sections (h2) with their sub-sections (h3); empty below three headings."""
        headings = self.heading_anchors()
        if len(headings) < TOC_MIN_HEADINGS:
            return []
        entries: list[TocEntry] = []
        for block, anchor in headings:
            entry = TocEntry(text=block.value["text"], anchor=anchor, level=block.value["level"])
            if entry.level == "h3" and entries and entries[-1].level == "h2":
                parent = entries[-1]
                entries[-1] = TocEntry(
                    parent.text, parent.anchor, parent.level, parent.children + (entry,)
                )
            else:
                entries.append(entry)
        return entries

    def plain_text(self) -> str:
        """The article's readable text, for readability scores and search snippets."""
        parts = [self.summary or "", strip_tags(self.introduction or "")]
        for block in self.body:
            parts.append(_block_text(block.block_type, block.value))
        return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _block_text(block_type: str, value) -> str:
    if block_type == "heading":
        return value["text"]
    if block_type == "paragraph":
        return strip_tags(value.source)
    if block_type in ("numbered_list", "bulleted_list"):
        lines = []
        for item in value["items"]:
            title = item.get("title") or ""
            text = strip_tags(item["text"].source) if item.get("text") else ""
            line = f"{title}. {text}" if title and text else (title or text)
            lines.append(line)
        return "\n".join(lines)
    if block_type == "callout":
        return strip_tags(value["text"].source)
    if block_type == "quote":
        return value["text"]
    if block_type == "image":
        return value.get("caption") or ""
    return ""
