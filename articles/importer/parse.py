"""Turn the old website's saved posts (text scrapes or HTML pages) into `ParsedArticle`s.

Pure Python: no Django models here, so the rules can be tested quickly and fuzzed with hypothesis.
Every failure the caller should report is an `ImportFormatError`; anything else is a bug.

Pipeline, one module per stage: bytes → text (`decode`) → tokens (`text_tokens` / `html_tokens`;
site chrome dropped by `chrome`, one token list per article) → `structure.build_article` (title,
date, summary, headings, lists, references, disclaimer, warnings; the rules for single lines are in
`lines`) → `parsed.ParsedArticle`. This module holds the entry points.
"""

from __future__ import annotations

import hashlib
import html
import re

from .decode import decode_bytes, detect_wide_encoding
from .html_tokens import html_tokens
from .parsed import ImportFormatError, ParsedArticle, ParsedFile
from .structure import build_article
from .text_tokens import split_articles, text_tokens


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
