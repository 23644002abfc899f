"""A text scrape → one token list per article (site chrome dropped)."""

from __future__ import annotations

from .chrome import is_chrome
from .decode import _visible, clean_line
from .parsed import Token


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
