"""What one line is: headings, list items, dates, sentences, titles and fingerprints, the
table of contents — the rules `structure` applies to tokens."""

from __future__ import annotations

import datetime
import hashlib
import re

from .parsed import Token

_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(.+)$")
_BULLET = re.compile(r"^(?:[•▪◦·]\s*|[-–—*]\s+)(.+)$")
_UPDATED = re.compile(r"^(?:last\s+)?updated(?:\s+on)?\s*:?\s*(.+)$", re.I)
_REFERENCES = re.compile(
    r"^(?:references?|sources?|bibliography|works cited|citations?)\s*:?$", re.I
)
_DISCLAIMER = re.compile(r"^(?:medical\s+)?disclaimer\s*[:.-]\s*(.*)$", re.I)
_REF_PREFIX = re.compile(r"^(?:\[?\d{1,3}[.)\]]\s*|[-–—•*·]\s*)")
_TERMINAL = tuple(".!?:;)\"'”’…]")
_SPLIT_WORD = re.compile(r"(?:^|(?<=\s))([B-HJ-Z]) ([a-z]{3,})\b")
_SPLIT_WORD_OK_BEFORE = {
    "vitamin",
    "type",
    "hepatitis",
    "group",
    "plan",
    "grade",
    "class",
    "phase",
    "stage",
    "part",
    "section",
    "step",
    "level",
    "omega",
    "coenzyme",
}
_SMALL_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "but",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "or",
    "the",
    "to",
    "vs",
    "with",
    "when",
    "your",
    "its",
    "is",
    "are",
    "can",
}


def _norm(text: str) -> str:
    """For comparisons: case-folded, punctuation-insensitive, single spaces."""
    text = text.casefold().replace("’", "'")
    text = re.sub(r"[^\w' ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _words(text: str) -> list[str]:
    return text.split()


def _is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if w.lower() not in _SMALL_WORDS]
    if not words:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.6


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


def _colon_heading(text: str) -> bool:
    """'Root Causes of Leg Cramps:' — a short line ending with a colon (not a lead-in sentence)."""
    if not text.endswith(":") or len(text) > 100:
        return False
    body = text[:-1].strip()
    return (
        bool(body)
        and len(_words(body)) <= 10
        and ". " not in body
        and body[0].isupper()
        and _is_title_case(body)  # "Foods that may help include:" is a lead-in, not a heading
    )


def _bare_heading(text: str) -> bool:
    """A short Title Case line without terminal punctuation."""
    return (
        len(text) <= 100
        and 1 <= len(_words(text)) <= 10
        and text[0].isupper()
        and not _ends_sentence(text)
        and not text.endswith(",")
        and _is_title_case(text)
    )


def _split_item(text: str) -> tuple[str, str]:
    """'Electrolyte Imbalance: Electrolytes like …' → (title, text) when the lead-in is short."""
    match = re.match(r"^([^:]{1,80}):\s+(.+)$", text)
    if match:
        title = match.group(1).strip()
        if len(_words(title)) <= 8 and ". " not in title and title[0].isupper():
            return title, match.group(2).strip()
    return "", text


def _parse_date(text: str) -> datetime.date | None:
    text = re.sub(r"\bSept\b", "Sep", text.strip().rstrip("."))
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    for fmt in (
        "%b %d, %Y",
        "%B %d, %Y",
        "%b %d %Y",
        "%B %d %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%Y-%m-%d",
        "%m/%d/%Y",
    ):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _first_sentences(text: str, *, min_chars: int = 120, max_chars: int = 400) -> str:
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])", text.strip())
    out = ""
    for sentence in sentences:
        candidate = f"{out} {sentence}".strip()
        if out and len(candidate) > max_chars:
            break
        out = candidate
        if len(out) >= min_chars:
            break
    if len(out) > max_chars:
        out = out[:max_chars].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return out


def working_title(text: str, max_words: int = 8) -> str:
    """A working title from the article's opening sentence (or its first clause), at most 8 words."""
    sentence = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0].rstrip(".!?")
    words = _words(sentence)
    if len(words) > max_words:
        clause = re.split(r"[,;:(—–]| - ", sentence, maxsplit=1)[0].strip()
        if 3 <= len(_words(clause)) <= max_words:
            sentence, words = clause, _words(clause)
        else:
            sentence = " ".join(words[:max_words]).rstrip(",;:") + "…"
    title = sentence.strip() or "Untitled article"
    return title[0].upper() + title[1:]


def fingerprint(lead: str) -> str:
    """sha256 of the article's normalised opening text (first 500 characters).

    Stable when the file is renamed, the articles in it are reordered, the scrape picks up
    different site chrome, or the title is fixed in the admin; changes only when the opening text
    itself changes on the old site (then the import makes a new draft, which the report shows)."""
    return hashlib.sha256(("article-v1:" + _norm(lead)[:500]).encode()).hexdigest()


def _find_toc(tokens: list[Token]) -> tuple[int, int, set[int]] | None:
    """A table of contents: the first run of ≥2 bullet lines before any heading, most of whose
    entries reappear later as standalone lines. Returns (start, end, indexes of heading lines)."""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "heading" or (tok.kind == "line" and _colon_heading(tok.text)):
            return None
        entry = _bullet_text(tok)
        if entry is None:
            i += 1
            continue
        start = i
        entries = []
        while i < len(tokens) and _bullet_text(tokens[i]) is not None:
            entries.append(_norm(_bullet_text(tokens[i]).rstrip(":")))
            i += 1
        if len(entries) < 2:
            continue
        later = {}
        for j in range(i, len(tokens)):
            if tokens[j].kind in ("line", "heading") and len(tokens[j].text) <= 150:
                later.setdefault(_norm(tokens[j].text.rstrip(":")), j)
        matched = {later[e] for e in entries if e and e in later}
        if len(matched) >= 2 and len(matched) * 3 >= len(entries) * 2:
            return start, i, matched
    return None


def _bullet_text(tok: Token) -> str | None:
    if tok.kind == "bullet":
        return tok.text
    if tok.kind == "line":
        match = _BULLET.match(tok.text)
        if match:
            return match.group(1).strip()
    return None


def _numbered(tok: Token) -> tuple[int, str] | None:
    if tok.kind == "number":
        return tok.number, tok.text
    if tok.kind == "line":
        match = _NUMBERED.match(tok.text)
        if match:
            return int(match.group(1)), match.group(2).strip()
    return None


def _is_plain(tok: Token) -> bool:
    """A paragraph line: not a heading, list item, references or disclaimer line."""
    return (
        tok.kind == "line"
        and _numbered(tok) is None
        and _bullet_text(tok) is None
        and not _colon_heading(tok.text)
        and not _REFERENCES.match(tok.text)
        and not _DISCLAIMER.match(tok.text)
    )
