"""What a handout is, before it is laid out: which variant of an article (large print, a location,
a language), a packet of one or more articles, and the rendered result. Plain data, no Django
templates, no WeasyPrint: imported everywhere a handout is named (views, store, forms, commands)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

MAX_PACKET_ARTICLES = 10
MAX_NAME_CHARS = 60
LANGUAGES = ("en", "es")  # a packet's frame language (its articles keep their own words)


class UnknownLocation(LookupError):
    """?location=<slug> names no live location."""


@dataclass(frozen=True)
class Variant:
    """Which handout: large print or not, and all locations ("") or just one (its slug)."""

    large_print: bool = False
    location: str = ""
    language: str = ""  # the article's; part of the store key ("" and "en": English)

    @property
    def key(self) -> str:
        key = "large" if self.large_print else "std"
        key = f"{key}@{self.location}" if self.location else key
        return f"{key}~{self.language}" if self.language not in ("", "en") else key

    def in_language(self, language: str) -> Variant:
        return dataclasses.replace(self, language=language)

    def filename(self, slug: str) -> str:
        parts = [slug]
        if self.location:
            parts.append(self.location)
        if self.large_print:
            parts.append("large-print")
        return "-".join(parts) + ".pdf"

    @classmethod
    def from_query(cls, query) -> Variant:
        size = (query.get("size") or "").strip().lower()
        return cls(
            large_print=size in ("large", "large-print"),
            location=(query.get("location") or "").strip(),
        )


@dataclass(frozen=True)
class RenderedHandout:
    pdf: bytes
    pages: int


@dataclass(frozen=True)
class Packet:
    """What one print shows: one or more articles (live pages or revision objects) in one frame.

    A single-article handout is a Packet of one article with no cover. More than one article, a
    provider, instructions or a patient's name give the packet a cover. `note` and `patient_name`
    are health information: they live in this object for the request that prints it and nowhere
    else (kept out of its repr, so a traceback or log line never shows them)."""

    pages: tuple
    variant: Variant = Variant()
    language: str = "en"
    practitioner: object = None
    note: str = field(default="", repr=False)
    patient_name: str = field(default="", repr=False)
    drafts: tuple = ()  # per page: print it marked as a draft, without its QR code
    # per page: the date an archived (past approved) version was published, printed "as published
    # on …", without a QR code to a page that may have changed since
    archived: tuple = ()
    # The note is a care collection's default note, verbatim: staff guidance, not patient data.
    note_is_shared: bool = False

    @property
    def has_cover(self) -> bool:
        return len(self.pages) > 1 or self.practitioner is not None or self.is_personal

    @property
    def is_personal(self) -> bool:
        """Holds instructions or a name: printed in the request, never stored."""
        note = bool(self.note.strip()) and not self.note_is_shared
        return note or bool(self.patient_name.strip())

    def is_draft(self, index: int) -> bool:
        return bool(self.drafts[index]) if index < len(self.drafts) else False

    def archived_on(self, index: int):
        return self.archived[index] if index < len(self.archived) else None
