"""Plain text of an article's parts, for the plain-language checks: one `Part` per summary,
introduction and body block, with the text a patient reads (markup removed, entities decoded,
paragraphs and list items on their own lines). Findings' offsets index into `Part.text`."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

_BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "ul", "ol", "br"}


@dataclass(frozen=True)
class Part:
    key: str  # "summary", "introduction" or the body block's id
    kind: str  # "summary", "introduction", "heading", "paragraph", "numbered_list", …
    label: str  # what staff call it: "Key points", "Paragraph 3", …
    text: str


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.pieces.append("\n")

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self.pieces.append("\n")

    def handle_data(self, data):
        self.pieces.append(data)


def html_to_text(html: str) -> str:
    """Rich text → plain text: inline markup (<b>, <a>) leaves words whole; block elements and
    <br> end lines. Blank lines are dropped and each line is stripped."""
    if not html:
        return ""
    parser = _TextParser()
    parser.feed(str(html))
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.pieces).splitlines())
    return "\n".join(line for line in lines if line)


def _rich(value) -> str:
    if value is None:
        return ""
    return html_to_text(getattr(value, "source", value) or "")


def block_text(block_type: str, value) -> str:
    """The text of one body block (StreamField child value)."""
    try:
        if block_type == "heading":
            return " ".join((value.get("text") or "").split())
        if block_type == "paragraph":
            return _rich(value)
        if block_type in ("numbered_list", "bulleted_list"):
            lines = []
            for item in value.get("items") or []:
                title = " ".join((item.get("title") or "").split())
                text = _rich(item.get("text")).replace("\n", " ")
                lines.append(f"{title}. {text}" if title and text else (title or text))
            return "\n".join(line for line in lines if line)
        if block_type == "callout":
            title = " ".join((value.get("title") or "").split())
            text = _rich(value.get("text"))
            return "\n".join(x for x in (title, text) if x)
        if block_type == "quote":
            return "\n".join(
                " ".join(line.split()) for line in (value.get("text") or "").splitlines()
            ).strip()
        if block_type == "image":
            return " ".join((value.get("caption") or "").split())
    except (AttributeError, TypeError):
        return ""
    return ""


_LABELS = {
    "heading": "Heading",
    "paragraph": "Paragraph",
    "numbered_list": "Numbered list",
    "bulleted_list": "Bulleted list",
    "callout": "Callout",
    "quote": "Quote",
    "image": "Image caption",
}


def _lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in str(text).splitlines())
    return "\n".join(line for line in lines if line)


def parts_of(summary: str, introduction: str, body) -> list[Part]:
    """The parts of an article from its field values (a saved page or a posted form)."""
    parts = [
        Part("summary", "summary", "Key points", _lines(summary or "")),
        Part("introduction", "introduction", "Introduction", _rich(introduction)),
    ]
    counts: dict[str, int] = {}
    for index, block in enumerate(body or []):
        counts[block.block_type] = counts.get(block.block_type, 0) + 1
        label = f"{_LABELS.get(block.block_type, block.block_type)} {counts[block.block_type]}"
        parts.append(
            Part(
                str(block.id or f"block-{index}"),
                block.block_type,
                label,
                block_text(block.block_type, block.value),
            )
        )
    return parts


def parts_of_page(page) -> list[Part]:
    return parts_of(page.summary, page.introduction, page.body)
