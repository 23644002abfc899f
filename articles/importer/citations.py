"""APA citation strings → structured fields, only when the string follows APA closely enough.

Handled: journal articles — `Authors (Year). Title. Source, Volume(Issue), pages. [doi|url] [PMID]`.
Kept raw (with the reason): book chapters and "In StatPearls [Internet]. Publisher." entries (the
reference model has no editor/publisher fields, so splitting them would lose or misplace parts),
anything whose authors, year or tail do not follow APA, and fields that would not fit the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ArticleReference field sizes
_MAX = {
    "authors": 500,
    "year": 20,
    "title": 500,
    "source": 300,
    "volume": 20,
    "issue": 20,
    "pages": 40,
    "doi": 200,
    "pmid": 20,
    "url": 200,
}

_NAME = r"[A-ZÀ-Ý][\w'’ÀÉÈÖÜàáâãäçèéêëíîïñóôõöúûüÿ\- ]*?"
_INITIALS = r"(?:[A-Z]\.(?:[ -]?[A-Z]\.)*)"
_PERSON = rf"{_NAME}, {_INITIALS}"
_AUTHORS = re.compile(
    rf"^(?:{_PERSON}(?:, {_PERSON})*(?:,? (?:&|and) {_PERSON})?(?:, (?:\.\.\.|…) {_PERSON})?"
    rf"|{_PERSON}, et al\.)$"
)
_ORG_AUTHOR = re.compile(r"^[A-Z][\w&'’.\- ]{2,120}$")  # "World Health Organization."
_HEAD = re.compile(
    r"^(?P<authors>[^()]+?)\s*\((?P<year>\d{4}[a-z]?|n\.d\.)(?:, [^)]{1,30})?\)\.\s+(?P<rest>.+)$"
)
_JOURNAL_TAIL = re.compile(
    r"^(?P<title>.+?[.?!])\s+(?P<source>[^,]{2,300}?),\s*(?P<volume>\d{1,6}[A-Za-z]?)"
    r"(?:\s*\((?P<issue>[^()]{1,20})\))?"
    r"(?:,\s*(?P<pages>(?:[A-Za-z]{0,2}\d+[A-Za-z]{0,3})(?:\s*[–—-]\s*[A-Za-z]{0,2}\d+[A-Za-z]{0,3})?))?"
    r"\.?(?:\s+(?P<extra>.*))?$"
)
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)(10\.\d{4,9}/\S+?)\.?$", re.I)
_URL = re.compile(r"^(https?://\S+?)\.?$", re.I)


# The structured fields of articles.models.ArticleReference, in order (plus `raw` for the rest).
STRUCTURED_FIELDS = (
    "authors",
    "year",
    "title",
    "source",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "url",
)


@dataclass
class ParsedReference:
    raw: str
    parsed: bool = False
    note: str = ""  # why it was kept raw
    authors: str = ""
    year: str = ""
    title: str = ""
    source: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""

    def fields(self) -> dict[str, str]:
        """Keyword arguments for ArticleReference: structured, or only `raw`."""
        if not self.parsed:
            return {"raw": self.raw}
        names = STRUCTURED_FIELDS
        return {name: getattr(self, name) for name in names} | {"raw": ""}


def _raw(text: str, note: str) -> ParsedReference:
    return ParsedReference(raw=text, parsed=False, note=note)


def parse_reference(text: str) -> ParsedReference:
    text = re.sub(r"\s+", " ", text).strip()
    head = _HEAD.match(text)
    if not head:
        return _raw(text, "no 'Authors (Year).' opening")
    authors = head.group("authors").strip().rstrip(",")
    if not (_AUTHORS.match(authors) or _ORG_AUTHOR.match(authors)):
        return _raw(text, "authors not in APA form")
    rest = head.group("rest").strip()
    if re.search(r"(?:^|[.?!]\s)In\s", rest):
        return _raw(text, "book chapter form")
    tail = _JOURNAL_TAIL.match(rest)
    if not tail:
        return _raw(text, "not a journal-article citation")
    ref = ParsedReference(
        raw=text,
        parsed=True,
        authors=authors,
        year=head.group("year"),
        title=tail.group("title").strip().rstrip("."),
        source=tail.group("source").strip(),
        volume=tail.group("volume") or "",
        issue=(tail.group("issue") or "").strip(),
        pages=re.sub(r"\s*[-—]\s*|\s*–\s*", "–", tail.group("pages") or ""),
    )
    extra = tail.group("extra") or ""
    if m := re.search(r"\bPMID:?\s*(\d{1,10})\.?", extra, re.I):
        ref.pmid = m.group(1)
        extra = extra[: m.start()] + extra[m.end() :]
    for part in extra.split():
        if m := _DOI.match(part):
            ref.doi = m.group(1)
        elif m := _URL.match(part):
            ref.url = m.group(1)
        else:
            return _raw(text, "unrecognised text after the page numbers")
    if ". " in ref.source and not re.search(r"\b[A-Z][a-z]{0,5}\. ", ref.source):
        return _raw(text, "title and journal could not be told apart")
    for name, limit in _MAX.items():
        if len(getattr(ref, name)) > limit:
            return _raw(text, f"{name} too long")
    if not ref.title or not ref.source:
        return _raw(text, "missing title or journal")
    return ref
