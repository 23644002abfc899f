"""Turn the old website's saved posts (text scrapes or HTML pages) into `ParsedArticle`s.

Pure Python: no Django models here, so the rules can be tested quickly and fuzzed with hypothesis.
Every failure the caller should report is an `ImportFormatError`; anything else is a bug.

Pipeline: bytes → text (`decode_bytes`) → tokens (`text_tokens` / `html_tokens`; site chrome
dropped, one token list per article) → `build_article` (title, date, summary, headings, lists,
references, disclaimer, warnings).
"""

from __future__ import annotations

import datetime
import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass, field

from .citations import ParsedReference, parse_reference


class ImportFormatError(Exception):
    """The input cannot be imported: a one-line, human-readable reason."""


# --------------------------------------------------------------------------------------------------
# Data classes


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


# --------------------------------------------------------------------------------------------------
# Decoding

_CONTROL_OK = {"\n", "\r", "\t", "\f"}


_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)


def detect_wide_encoding(data: bytes) -> tuple[str, str, int] | None:
    """(codec, name, BOM length) when `data` is UTF-16 or UTF-32 text, else None.

    With a byte order mark the mark decides. Without one, UTF-16 is recognised by its NUL pattern:
    text in Latin script (English, Spanish) stored as UTF-16 has a NUL in nearly every high byte
    and almost none in the low bytes (little-endian: odd positions NUL; big-endian: even ones)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return codec, name, len(bom)
    sample = data[:4096]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / len(odd)
    if odd_nul >= 0.7 and even_nul <= 0.02:
        return "utf-16-le", "UTF-16", 0
    if even_nul >= 0.7 and odd_nul <= 0.02:
        return "utf-16-be", "UTF-16", 0
    return None


def _decode_wide(data: bytes, codec: str, name: str, bom: int) -> str:
    unit = 4 if name == "UTF-32" else 2
    order = "little-endian" if codec.endswith("le") else "big-endian"
    body = data[bom:]
    if len(body) % unit:
        raise ImportFormatError(
            f"the file is {name} text ({order}) but is cut off (its length is not a whole number "
            f"of {unit}-byte characters); save it again, preferably as UTF-8"
        )
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        raise ImportFormatError(
            f"the file looks like {name} text ({order}) but is damaged (invalid {name} at byte "
            f"{exc.start + bom}); save it again, preferably as UTF-8"
        ) from None
    if "\x00" in text:
        raise ImportFormatError(
            f"the file looks like {name} text ({order}) but holds NUL characters: "
            "is it really a saved post?"
        )
    odd = sum(1 for ch in text if unicodedata.category(ch) in ("Cn", "Co", "Cs"))
    if odd > 0.01 * len(text):
        raise ImportFormatError(
            f"the file starts like {name} text ({order}) but does not read as text: "
            "is it really a saved post?"
        )
    return text


def decode_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM); UTF-16 (with a BOM, or recognised by its NUL pattern) and UTF-32
    with a BOM, as Windows' "Unicode" text export writes; else Windows-1252 when that gives ordinary
    text; else an error.

    cp1252 is the only fallback because the old site builder's "save as text" on Windows produces it;
    latin-1 is never tried because it decodes *any* bytes and would turn garbage into "text".
    """
    if not data or not data.strip():
        raise ImportFormatError("the file is empty")
    wide = detect_wide_encoding(data)
    if wide is not None:
        text = _decode_wide(data, *wide)
    elif b"\x00" in data:
        raise ImportFormatError("the file is binary (it contains NUL bytes), not text or HTML")
    else:
        text = _decode_narrow(data)
    if _control_ratio(text) > 0.01:
        raise ImportFormatError("the file looks binary (control characters), not text or HTML")
    if not _visible(text):
        raise ImportFormatError("the file is empty (only whitespace)")
    return text


def _decode_narrow(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFormatError(
            "the file is not UTF-8 text and not Windows-1252 text either"
        ) from None
    # cp1252 decodes most bytes: accept it only when the result reads like text.
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    if _control_ratio(text) > 0 or letters < 0.8 * len(text):
        raise ImportFormatError("the file is not UTF-8 and does not read as Windows-1252 text")
    return text


def _control_ratio(text: str) -> float:
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _CONTROL_OK)
    return bad / max(len(text), 1)


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def _visible(text: str) -> str:
    return "".join(ch for ch in text if ch not in _INVISIBLE).strip()


def clean_line(text: str) -> str:
    """Unicode spaces → space, invisible characters removed, runs of spaces collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(
        " " if (ch.isspace() or unicodedata.category(ch) == "Cc") else ch
        for ch in text
        if ch not in _INVISIBLE
    )
    return re.sub(r" {2,}", " ", text).strip()


# --------------------------------------------------------------------------------------------------
# Site chrome

_CHROME_EXACT = {
    "top of page",
    "bottom of page",
    "phone",
    "email",
    "e-mail",
    "locations",
    "location",
    "contact",
    "contact us",
    "address",
    "follow us",
    "share",
    "share this post",
    "log in",
    "sign up",
    "menu",
    "skip to content",
    "skip to main content",
    "back to top",
}
_SOCIAL = r"(facebook|instagram|yelp(?: for business)?|twitter|x|linkedin|youtube|tiktok|pinterest)"
_CHROME_PATTERNS = [
    re.compile(r"^[\w\s,.&'’-]{0,60}\blogo\s*\d*$", re.I),  # "Clark Wellness Logo1"
    re.compile(
        r"^(?:phone|tel|call(?: us)?)?[:\s]*\+?1?[\s.-]*\(?\d{3}\)?[\s.-]*\d{3}[\s.-]?\d{4}$", re.I
    ),
    re.compile(r"^(?:email[:\s]*)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+$", re.I),
    re.compile(r"^(?:[•·*▪◦-]\s*)?" + _SOCIAL + r"$", re.I),
    re.compile(r"^(?:©|\(c\)|copyright\b)", re.I),
    re.compile(r"^©?\s*\d{4}\s+.*\b(?:pllc|llc|inc|all rights reserved)\b", re.I),
    re.compile(r"^\d+\s+min(?:ute)?s?\s+read$", re.I),
    # a street address with a state and ZIP code: "113 E Leslie Street. Hamilton, Texas 76531"
    re.compile(
        r"^\d{1,6}\s+[^.!?]{0,80}?(?:\.\s*)?[^.!?]{0,60}\b(?:texas|tx)\b[\s,-]*\d{5}(?:-\d{4})?$",
        re.I,
    ),
]


def is_chrome(line: str) -> bool:
    low = line.lower().strip(" .:")
    if low in _CHROME_EXACT:
        return True
    if len(line) > 160:
        return False
    return any(p.match(line) for p in _CHROME_PATTERNS)


# --------------------------------------------------------------------------------------------------
# Text → tokens


def _is_spacer(raw: str) -> bool:
    """A non-empty line that holds only whitespace (NBSP, spaces, tabs, zero-width characters).
    The site builder writes empty paragraphs as such lines; runs of them separate articles."""
    return raw != "" and not _visible(raw.replace("\xa0", " "))


def split_articles(text: str) -> list[list[str]]:
    """Split a text scrape into articles at runs of blank lines that contain at least two lines
    holding only whitespace characters (e.g. NBSP). Plain empty lines never split: they are the
    ordinary paragraph breaks inside an article."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    chunks: list[list[str]] = [[]]
    run_spacers = 0
    for raw in lines:
        if not _visible(raw):
            run_spacers += _is_spacer(raw)
            continue
        if run_spacers >= 2 and chunks[-1]:
            chunks.append([])
        run_spacers = 0
        chunks[-1].append(raw)
    return [c for c in chunks if c]


def text_tokens(chunk: list[str]) -> list[Token]:
    tokens = []
    for raw in chunk:
        line = clean_line(raw)
        if line and not is_chrome(line):
            tokens.append(Token("line", line))
    return tokens


# --------------------------------------------------------------------------------------------------
# HTML → tokens

_DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "svg",
    "template",
    "iframe",
    "button",
    "select",
    "input",
]
_BLOCK_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "td", "dt", "dd"]


def html_tokens(text: str) -> list[Token]:
    """The article of a saved post page as tokens. One article per HTML file."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.find_all(_DROP_TAGS):
        if (
            tag.name in ("header", "footer")
            and tag.find_parent(["article", "main"])
            and tag.find("h1")
        ):
            continue  # an article's own header holds its title
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ["navigation", "banner", "contentinfo"]}):
        tag.decompose()
    container = _article_container(soup)
    if container is None:
        raise ImportFormatError("no article found in the HTML page")
    tokens: list[Token] = []
    seen_h1 = False
    consumed: set[int] = set()
    for el in container.find_all(_BLOCK_TAGS):
        inside = any(id(parent) in consumed for parent in el.parents)
        if el.name != "li":
            if inside or el.find(_BLOCK_TAGS) is not None:
                continue  # read through its inner block elements (or already read)
            line = clean_line(el.get_text(" "))
        else:
            # a point's own text, without the text of a list nested inside it
            own = [s for s in el.find_all(string=True) if s.find_parent("li") is el]
            line = clean_line(" ".join(own))
        consumed.add(id(el))
        if not line or is_chrome(line):
            continue
        if el.name == "h1":
            tokens.append(Token("heading", line, level="h2") if seen_h1 else Token("title", line))
            seen_h1 = True
        elif el.name == "h2":
            tokens.append(Token("heading", line, level="h2"))
        elif el.name in ("h3", "h4", "h5", "h6"):
            tokens.append(Token("heading", line, level="h3"))
        elif el.name == "li":
            parent = el.find_parent(["ol", "ul"])
            if parent is not None and parent.name == "ol":
                siblings = parent.find_all("li", recursive=False)
                number = siblings.index(el) + 1 if el in siblings else 1
                tokens.append(Token("number", line, number=number))
            else:
                tokens.append(Token("bullet", line))
        else:
            tokens.append(Token("line", line))
    if not any(len(t.text.split()) >= 8 for t in tokens if t.kind != "title"):
        raise ImportFormatError("no article found in the HTML page (no paragraph of text)")
    return tokens


def _article_container(soup):
    for finder in (
        lambda: soup.find("article"),
        lambda: soup.find("main"),
        lambda: soup.find(attrs={"role": "main"}),
    ):
        found = finder()
        if found is not None and _text_len(found) > 0:
            return found
    # Readability-style: each paragraph credits its text to its container, half to the next one
    # up, a quarter to the one above; the container with the most credit holds the article.
    scores: dict[int, float] = {}
    elements: dict[int, object] = {}
    for para in soup.find_all(["p", "li", "h1", "h2", "h3"]):
        length = _text_len(para)
        if not length:
            continue
        weight = 1.0
        for ancestor in para.find_parents(["div", "section", "body", "td"]):
            scores[id(ancestor)] = scores.get(id(ancestor), 0) + length * weight
            elements[id(ancestor)] = ancestor
            weight /= 2
            if weight < 0.25:
                break
    if not scores:
        return None
    return elements[max(scores, key=scores.get)]


def _text_len(el) -> int:
    return len(clean_line(el.get_text(" ")))


# --------------------------------------------------------------------------------------------------
# Structure recovery

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


def build_article(tokens: list[Token], position: int = 1) -> ParsedArticle | None:
    """Recover an article's structure from its tokens. None when there is no article text."""
    warnings: list[str] = []
    tokens = list(tokens)

    # Date: "Updated: Jun 24, 2023" near the top (the site builder puts it by the title).
    last_updated = None
    for idx, tok in enumerate(tokens[:4]):
        match = _UPDATED.match(tok.text) if tok.kind == "line" else None
        if match and len(tok.text) <= 60:
            last_updated = _parse_date(match.group(1))
            if last_updated is None:
                warnings.append(f'could not read the date "{tok.text}"')
            del tokens[idx]
            break

    # References and disclaimer are lifted out of the body.
    references: list[ParsedReference] = []
    disclaimer = ""
    body_tokens: list[Token] = []
    in_refs = False
    for tok in tokens:
        dmatch = _DISCLAIMER.match(tok.text) if tok.kind in ("line", "heading") else None
        if dmatch:
            in_refs = False
            if dmatch.group(1).strip():
                disclaimer = (disclaimer + " " + dmatch.group(1).strip()).strip()
            continue
        if tok.kind in ("line", "heading") and _REFERENCES.match(tok.text):
            in_refs = True
            continue
        if in_refs and tok.kind == "heading":
            in_refs = False
        if in_refs:
            raw = _REF_PREFIX.sub("", tok.text, count=1).strip()
            if raw:
                references.append(parse_reference(raw))
            continue
        body_tokens.append(tok)
    tokens = body_tokens

    # Title: an explicit <h1>; in text, a short first line that reads as a title.
    title, title_derived = "", False
    toc = _find_toc(tokens)
    toc_lines = set(toc[2]) if toc else set()
    for idx, tok in enumerate(tokens[:2]):
        if tok.kind == "title":
            title = tok.text
            del tokens[idx]
            break
    if not title and tokens and tokens[0].kind == "line" and len(tokens) > 1:
        first = tokens[0].text
        if (
            _is_plain(tokens[0])
            and 0 not in toc_lines
            and len(first) <= 150
            and len(_words(first)) <= 15
            and not first.endswith((".", ",", ";", ":"))
        ):
            title = first.rstrip("!")
            del tokens[0]
    if title:
        toc = _find_toc(tokens)
        toc_lines = set(toc[2]) if toc else set()

    # The table of contents: dropped (the site builds its own); its entries mark the headings.
    summary, summary_derived = "", False
    introduction: list[str] = []
    if toc:
        start, end, _ = toc
        lead = [t.text for t in tokens[:start] if _is_plain(t)]
        if tokens[:start] and len(lead) == start and lead:
            summary = lead[0]
            introduction = lead[1:]
            tokens = tokens[end:]
            toc_lines = {j - end for j in toc_lines}
        else:
            tokens = tokens[:start] + tokens[end:]
            toc_lines = {j - (end - start) for j in toc_lines}
    elif tokens and _is_plain(tokens[0]) and len(_words(tokens[0].text)) >= 8:
        introduction = [tokens[0].text]
        tokens = tokens[1:]
        toc_lines = {j - 1 for j in toc_lines}

    blocks = _body_blocks(tokens, toc_lines)

    # The article must have some real text; otherwise the chunk is a fragment (chrome, stray line).
    texts = (
        introduction
        + [p for b in blocks for p in b.paragraphs]
        + [p for b in blocks for item in b.items for p in item.paragraphs]
    )
    if not summary and not any(len(_words(t)) >= 8 for t in texts):
        return None

    lead_for_fp = (
        summary
        if summary
        else (introduction[0] if introduction else next(t for t in texts if len(_words(t)) >= 8))
    )
    if not summary:
        summary_derived = True
        if (
            len(introduction) == 1
            and _sentence_count(introduction[0]) <= 4
            and len(introduction[0]) <= 600
        ):
            # A short opening paragraph reads as key points: move it (no text shown twice).
            summary, introduction = introduction[0], []
        else:
            source = next((t for t in texts if len(_words(t)) >= 8), texts[0] if texts else "")
            summary = _first_sentences(source)
    elif _sentence_count(summary) > 4:
        warnings.append(
            f"the summary has {_sentence_count(summary)} sentences; Key points should be two to four"
        )
    if not title:
        title = working_title(lead_for_fp)
        title_derived = True
        warnings.insert(
            0, "no title in the source: a working title was derived; the page needs a title"
        )
    title = title[:255]

    # Warnings: sentences that look cut off, OCR-like split words.
    for text in [summary] + texts:
        if (
            len(_words(text)) >= 6
            and not _ends_sentence(text)
            and not text.endswith(",")
            or len(_words(text)) >= 6
            and text.endswith(",")
        ):
            warnings.append(f'text looks cut off: "…{_tail(text)}"')
    for text in (
        [summary] + texts + [h for h in (b.text for b in blocks) if h] + [r.raw for r in references]
    ):
        for match in _SPLIT_WORD.finditer(text):
            before = text[: match.start()].split()
            if before and before[-1].lower().strip(",.") in _SPLIT_WORD_OK_BEFORE:
                continue
            warnings.append(f'possible split word "{match.group(0)}"')
    for number, ref in enumerate(references, 1):
        if not ref.parsed:
            warnings.append(f"reference {number} kept as raw text ({ref.note}): {ref.raw[:80]}")
    if last_updated is None and not any(w.startswith("could not read the date") for w in warnings):
        warnings.append('no "Updated:" date in the source: last updated is set to the import date')

    return ParsedArticle(
        title=title,
        title_derived=title_derived,
        summary=summary,
        summary_derived=summary_derived,
        introduction=introduction,
        blocks=blocks,
        last_updated=last_updated,
        references=references,
        disclaimer=disclaimer,
        fingerprint=fingerprint(lead_for_fp),
        position=position,
        warnings=list(dict.fromkeys(warnings)),
    )


def _sentence_count(text: str) -> int:
    return len(re.findall(r"[.!?](?=\s+[A-Z0-9\"“(]|\s*$)", text.strip())) or 1


def _tail(text: str, words: int = 6) -> str:
    return " ".join(_words(text)[-words:])


def _body_blocks(tokens: list[Token], toc_lines: set[int]) -> list[Block]:
    blocks: list[Block] = []

    def add_paragraph(text: str):
        if blocks and blocks[-1].type == "paragraph":
            blocks[-1].paragraphs.append(text)
        else:
            blocks.append(Block("paragraph", paragraphs=[text]))

    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.kind == "heading" or tok.kind == "title":
            if tok.text.strip(" :"):
                blocks.append(
                    Block("heading", text=tok.text.rstrip(":").strip()[:150], level=tok.level)
                )
            i += 1
            continue
        if (
            tok.kind == "line"
            and (
                i in toc_lines
                or _colon_heading(tok.text)
                or (
                    _bare_heading(tok.text)
                    and i + 1 < n
                    and _is_plain(tokens[i + 1])
                    and len(_words(tokens[i + 1].text)) >= 8
                )
            )
            and _numbered(tok) is None
            and _bullet_text(tok) is None
        ):
            blocks.append(Block("heading", text=tok.text.rstrip(":").strip()[:150], level="h2"))
            i += 1
            continue
        numbered = _numbered(tok)
        if numbered is not None:
            i = _numbered_list(tokens, i, toc_lines, blocks)
            continue
        bullet = _bullet_text(tok)
        if bullet is not None:
            items = []
            while i < n and _bullet_text(tokens[i]) is not None and i not in toc_lines:
                title, text = _split_item(_bullet_text(tokens[i]))
                items.append(ListItem(title, [text] if text else []))
                i += 1
            if items:
                blocks.append(Block("bulleted_list", items=items))
                continue
            # A bullet line that a table of contents points at: a section heading, not a list
            # (and the loop must move on — found by the property tests as an endless loop).
            blocks.append(Block("heading", text=bullet.rstrip(":").strip()[:150], level="h2"))
            i += 1
            continue
        add_paragraph(tok.text)
        i += 1
    return blocks


def _numbered_list(tokens: list[Token], i: int, toc_lines: set[int], blocks: list[Block]) -> int:
    """Numbered points in both shapes: '1. Title: text' on one line, or '1. Title:' alone followed
    by its paragraph. Paragraphs between point N and point N+1 belong to point N."""
    n = len(tokens)
    items: list[ListItem] = []
    last_number = None
    while i < n:
        numbered = _numbered(tokens[i])
        if numbered is None:
            break
        number, text = numbered
        if items and number == 1 and last_number != 0:
            break  # numbering restarts: a new list
        last_number = number
        i += 1
        stripped = text.rstrip()
        title_only = stripped.endswith(":") and len(_words(stripped)) <= 10 and ". " not in stripped
        if not title_only and _bare_heading(stripped) and len(_words(stripped)) <= 8:
            title_only = i < n and _is_plain(tokens[i]) and i not in toc_lines
        if title_only:
            item = ListItem(stripped.rstrip(":").strip()[:150], [])
            if (
                i < n
                and _is_plain(tokens[i])
                and i not in toc_lines
                and not _bare_heading_at(tokens, i, toc_lines)
            ):
                item.paragraphs.append(tokens[i].text)
                i += 1
        else:
            title, rest = _split_item(text)
            item = ListItem(title[:150], [rest])
        # Further paragraphs belong to this point only when the next point follows them.
        j = i
        while (
            j < n
            and _is_plain(tokens[j])
            and j not in toc_lines
            and not _bare_heading_at(tokens, j, toc_lines)
        ):
            j += 1
        if j > i and j < n:
            nxt = _numbered(tokens[j])
            if nxt is not None and nxt[0] == number + 1:
                item.paragraphs.extend(t.text for t in tokens[i:j])
                i = j
        items.append(item)
        if i < n and _numbered(tokens[i]) is None:
            break
    blocks.append(Block("numbered_list", items=items))
    return i


def _bare_heading_at(tokens: list[Token], i: int, toc_lines: set[int]) -> bool:
    tok = tokens[i]
    return i in toc_lines or (
        _bare_heading(tok.text)
        and i + 1 < len(tokens)
        and _is_plain(tokens[i + 1])
        and len(_words(tokens[i + 1].text)) >= 8
    )


# --------------------------------------------------------------------------------------------------
# Entry points


def parse_text(text: str) -> ParsedFile:
    """A text scrape: one or more articles."""
    articles: list[ParsedArticle] = []
    notes: list[str] = []
    for chunk in split_articles(text):
        tokens = text_tokens(chunk)
        if not tokens:
            continue  # site chrome only (header, footer)
        article = build_article(tokens, position=len(articles) + 1)
        if article is None:
            notes.append(f'skipped a fragment without article text: "{tokens[0].text[:60]}"')
            continue
        articles.append(article)
    if not articles:
        raise ImportFormatError("no article text found in the file")
    _dedupe_fingerprints(articles)
    return ParsedFile(articles, notes)


def parse_html(text: str) -> ParsedFile:
    """A saved post page: one article."""
    if not re.search(r"<\s*(html|body|article|main|div|p|h1)\b", text, re.I):
        raise ImportFormatError("the file does not look like an HTML page")
    article = build_article(html_tokens(text), position=1)
    if article is None:
        raise ImportFormatError("no article found in the HTML page")
    return ParsedFile([article])


def parse_bytes(data: bytes, name: str) -> ParsedFile:
    text = decode_bytes(data)
    if name.lower().endswith((".html", ".htm")):
        parsed = parse_html(text)
    elif name.lower().endswith(".txt"):
        parsed = parse_text(text)
    else:
        raise ImportFormatError("unsupported file type (use .txt or .html)")
    wide = detect_wide_encoding(data)
    if wide is not None:
        order = "little-endian" if wide[0].endswith("le") else "big-endian"
        parsed.notes.insert(0, f"read as {wide[1]} text ({order})")
    return parsed


def _dedupe_fingerprints(articles: list[ParsedArticle]) -> None:
    seen: dict[str, int] = {}
    for article in articles:
        count = seen.get(article.fingerprint, 0)
        seen[article.fingerprint] = count + 1
        if count:
            article.fingerprint = hashlib.sha256(
                f"{article.fingerprint}:{count}".encode()
            ).hexdigest()
            article.warnings.append("another article in this file opens with the same text")


def paragraph_html(text: str) -> str:
    """Plain text → a Wagtail rich-text paragraph (escaped; bare web addresses become links)."""
    escaped = html.escape(text, quote=False)

    def link(match: re.Match) -> str:
        url = match.group(0)
        trail = ""
        while url and url[-1] in ".,;:)":
            trail = url[-1] + trail
            url = url[:-1]
        href = url if url.lower().startswith("http") else "https://" + url
        return f'<a href="{html.escape(href)}">{url}</a>{trail}'

    escaped = re.sub(r"\b(?:https?://|www\.)[^\s<]+", link, escaped)
    return f"<p>{escaped}</p>"
