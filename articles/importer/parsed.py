"""What the parser makes: tokens, blocks and parsed articles, and the error it reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .citations import ParsedReference


class ImportFormatError(Exception):
    """The input cannot be imported: a one-line, human-readable reason."""


@dataclass
class Token:
    """One unit of source text. Text scrapes give only "line" tokens (classified by heuristics);
    HTML gives explicit kinds from its elements."""

    kind: str  # "line" | "title" | "heading" | "number" | "bullet"
    text: str
    level: str = "h2"  # headings
    number: int = 0  # numbered items


@dataclass
class ListItem:
    title: str
    paragraphs: list[str]


@dataclass
class Block:
    type: str  # "heading" | "paragraph" | "numbered_list" | "bulleted_list"
    text: str = ""  # heading text
    level: str = "h2"
    paragraphs: list[str] = field(default_factory=list)  # paragraph blocks
    items: list[ListItem] = field(default_factory=list)  # list blocks


@dataclass
class ParsedArticle:
    title: str
    title_derived: bool
    summary: str
    summary_derived: bool
    introduction: list[str]
    blocks: list[Block]
    last_updated: datetime.date | None
    references: list[ParsedReference]
    disclaimer: str
    fingerprint: str
    position: int  # 1-based position in its file
    warnings: list[str] = field(default_factory=list)

    @property
    def headings(self) -> list[str]:
        return [b.text for b in self.blocks if b.type == "heading"]

    @property
    def numbered_points(self) -> int:
        return sum(len(b.items) for b in self.blocks if b.type == "numbered_list")

    @property
    def bullet_points(self) -> int:
        return sum(len(b.items) for b in self.blocks if b.type == "bulleted_list")


@dataclass
class ParsedFile:
    articles: list[ParsedArticle]
    notes: list[str] = field(default_factory=list)  # file-level: skipped fragments etc.
