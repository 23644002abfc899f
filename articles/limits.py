"""Size limits of an article, checked when it is saved (ArticlePage.clean) and before a handout is
laid out (handouts.isolation.refuse_over_limits).

A clinic article is a few pages: the longest demo article is ~1,800 words in ~40 blocks. The limits
sit far above that and far below what makes a handout slow (issue #11: a 2 MB paragraph took ~30 s
to lay out, 5,000 blocks 6.7 s, a 12000 × 12000 px image 1.27 GB of memory, ~240 nested inline tags
or ~140 nested <div>s a RecursionError inside WeasyPrint). Each number is a setting:

  ARTICLE_MAX_BODY_CHARACTERS   the stored text and markup of the introduction and the body
  ARTICLE_MAX_BLOCK_CHARACTERS  one block (a paragraph, a list, a callout…)
  ARTICLE_MAX_BLOCKS            blocks in the body
  ARTICLE_MAX_NESTING           tags inside tags within one piece of rich text
  ARTICLE_MAX_LIST_ITEMS        items in all the numbered and bulleted lists of the body
  ARTICLE_MAX_REFERENCES        cited sources (the References panel stops adding at this number)
  WAGTAILIMAGES_MAX_IMAGE_PIXELS  Wagtail's own upload limit (width × height), applied here too to
                                  images that reached the library some other way

Not a size, but checked on the same pass: no invisible character that changes the order in which
text reads (bidirectional overrides and marks, clinic.invisible) in the title, the introduction or
any block — what prints must read as it was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from django.conf import settings
from django.core.exceptions import ValidationError

from clinic.invisible import problem as reading_problem

DEFAULTS = {
    "ARTICLE_MAX_BODY_CHARACTERS": 150_000,
    "ARTICLE_MAX_BLOCK_CHARACTERS": 20_000,
    "ARTICLE_MAX_BLOCKS": 300,
    "ARTICLE_MAX_NESTING": 20,
    "ARTICLE_MAX_LIST_ITEMS": 600,
    "ARTICLE_MAX_REFERENCES": 60,
}

# Shown per field; the rest are counted.
MAX_MESSAGES = 5

VOID_ELEMENTS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
# Elements an HTML parser closes when the same element opens again (<p>one<p>two).
SELF_CLOSING_SIBLINGS = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option"})


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def max_image_pixels() -> int:
    return int(getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128_000_000) or 0)


@dataclass(frozen=True)
class Problem:
    field: str  # the form field the editor fixes: "body" or "introduction"
    message: str


class _DepthCounter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.deepest = 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID_ELEMENTS:
            return
        if tag in SELF_CLOSING_SIBLINGS and self.stack and self.stack[-1] == tag:
            self.stack.pop()
        self.stack.append(tag)
        self.deepest = max(self.deepest, len(self.stack))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass


def nesting_depth(html: str) -> int:
    """How many elements deep `html` goes (void elements do not count)."""
    counter = _DepthCounter()
    counter.feed(html)
    counter.close()
    return counter.deepest


def _rich_text_source(value) -> str:
    return getattr(value, "source", value) or ""


def block_texts(block) -> list[tuple[str, bool]]:
    """The stored pieces of one body block: (text, is_html)."""
    value = block.value
    kind = block.block_type
    if kind == "paragraph":
        return [(_rich_text_source(value), True)]
    if kind in ("numbered_list", "bulleted_list"):
        pieces = []
        for item in value.get("items") or []:
            pieces.append((item.get("title") or "", False))
            pieces.append((_rich_text_source(item.get("text")), True))
        return pieces
    if kind == "callout":
        return [(value.get("title") or "", False), (_rich_text_source(value.get("text")), True)]
    if kind == "heading":
        return [(value.get("text") or "", False)]
    if kind == "quote":
        return [(value.get("text") or "", False), (value.get("attribution") or "", False)]
    if kind == "image":
        return [(value.get("alt_text") or "", False), (value.get("caption") or "", False)]
    return []


def _pieces_problems(label: str, pieces, field: str) -> tuple[int, list[Problem]]:
    """(characters, problems) of one block or field."""
    size = sum(len(text) for text, _ in pieces)
    max_block = limit("ARTICLE_MAX_BLOCK_CHARACTERS")
    if size > max_block:
        return size, [
            Problem(
                field,
                f"{label} is {size:,} characters long; the limit is {max_block:,}. "
                "Split it into shorter paragraphs or blocks.",
            )
        ]
    max_depth = limit("ARTICLE_MAX_NESTING")
    for text, is_html in pieces:
        if is_html and text.count("<") > max_depth:  # cannot be deeper than its tag count
            depth = nesting_depth(text)
            if depth > max_depth:
                return size, [
                    Problem(
                        field,
                        f"{label} has formatting nested {depth} levels deep (tags inside tags); "
                        f"the limit is {max_depth}. Paste it again as plain text and reapply the "
                        "bold, italics and links.",
                    )
                ]
    return size, []


def _reading_problems(label: str, pieces, field: str) -> list[Problem]:
    """A problem when a piece holds an invisible character that reorders text (clinic.invisible);
    rich text is read with its character references (&#x202E;) resolved."""
    for text, is_html in pieces:
        message = reading_problem(unescape(text) if is_html else text, label)
        if message:
            return [Problem(field, message)]
    return []


def problems(page) -> list[Problem]:
    """Every limit the article (an ArticlePage, saved or not) goes over; empty when none."""
    found: list[Problem] = []
    total = 0
    found += _reading_problems("the title", [(page.title or "", False)], "title")
    intro = page.introduction or ""
    size, intro_problems = _pieces_problems("The introduction", [(intro, True)], "introduction")
    total += size
    found += intro_problems
    found += _reading_problems("the introduction", [(intro, True)], "introduction")

    body = list(page.body or [])
    max_blocks = limit("ARTICLE_MAX_BLOCKS")
    if len(body) > max_blocks:
        found.append(
            Problem(
                "body",
                f"The body has {len(body):,} blocks; the limit is {max_blocks:,}. Merge short "
                "paragraphs, or split the article into several articles.",
            )
        )
    items = sum(
        len(block.value.get("items") or [])
        for block in body
        if block.block_type in ("numbered_list", "bulleted_list")
    )
    max_items = limit("ARTICLE_MAX_LIST_ITEMS")
    if items > max_items:
        found.append(
            Problem(
                "body",
                f"The lists of the body have {items:,} items in all; the limit is {max_items:,}. "
                "Shorten the lists, or split the article into several articles.",
            )
        )
    max_pixels = max_image_pixels()
    for number, block in enumerate(body, start=1):
        label = f"Block {number} ({block.block.label.lower()})"
        pieces = block_texts(block)
        size, block_problems = _pieces_problems(label, pieces, "body")
        total += size
        found += block_problems
        found += _reading_problems(label[0].lower() + label[1:], pieces, "body")
        if block.block_type == "image" and max_pixels:
            image = block.value.get("image")
            pixels = (image.width or 0) * (image.height or 0) if image else 0
            if pixels > max_pixels:
                found.append(
                    Problem(
                        "body",
                        f"{label} shows '{image.title}', {image.width:,} × {image.height:,} "
                        f"pixels ({pixels / 1e6:.0f} million); the limit is "
                        f"{max_pixels / 1e6:.0f} million. Upload a smaller copy of the picture "
                        "(a few thousand pixels wide is plenty for print).",
                    )
                )
    max_total = limit("ARTICLE_MAX_BODY_CHARACTERS")
    if total > max_total:
        found.append(
            Problem(
                "body",
                f"The introduction and body together are {total:,} characters long; the limit is "
                f"{max_total:,}. Split the article into several articles.",
            )
        )
    return found


def summary(found: list[Problem]) -> str:
    """One line for staff (the handout failure page, logs)."""
    text = " ".join(problem.message for problem in found[:MAX_MESSAGES])
    if len(found) > MAX_MESSAGES:
        text += f" (and {len(found) - MAX_MESSAGES} more)"
    return text


def validate(page) -> None:
    """Raise a ValidationError naming each limit the article goes over, on the field to fix."""
    found = problems(page)
    if not found:
        return
    errors: dict[str, list[str]] = {}
    for problem in found:
        errors.setdefault(problem.field, []).append(problem.message)
    for field, messages in errors.items():
        if len(messages) > MAX_MESSAGES:
            errors[field] = messages[:MAX_MESSAGES] + [
                f"… and {len(messages) - MAX_MESSAGES} more blocks over the limits."
            ]
    raise ValidationError(errors)
