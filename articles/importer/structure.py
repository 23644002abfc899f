"""Tokens → a `ParsedArticle`: title, date, summary, headings, lists, references, disclaimer and
warnings."""

from __future__ import annotations

import datetime
import re

from .citations import ParsedReference, parse_reference
from .lines import (
    _DISCLAIMER,
    _REF_PREFIX,
    _REFERENCES,
    _SPLIT_WORD,
    _SPLIT_WORD_OK_BEFORE,
    _UPDATED,
    _bare_heading,
    _bullet_text,
    _colon_heading,
    _ends_sentence,
    _find_toc,
    _first_sentences,
    _is_plain,
    _numbered,
    _parse_date,
    _split_item,
    _words,
    fingerprint,
    working_title,
)
from .parsed import Block, ListItem, ParsedArticle, Token


def build_article(tokens: list[Token], position: int = 1) -> ParsedArticle | None:
    """Recover an article's structure from its tokens. None when there is no article text."""
    warnings: list[str] = []
    tokens = list(tokens)
    last_updated = _take_date(tokens, warnings)
    tokens, references, disclaimer = _lift_back_matter(tokens)
    title, toc = _take_title(tokens)
    tokens, toc_lines, summary, introduction = _take_lead(tokens, toc)
    blocks = _body_blocks(tokens, toc_lines)

    # The article must have some real text; otherwise the chunk is a fragment (chrome, stray line).
    texts = (
        introduction
        + [p for b in blocks for p in b.paragraphs]
        + [p for b in blocks for item in b.items for p in item.paragraphs]
    )
    if not summary and not any(len(_words(t)) >= 8 for t in texts):
        return None
    lead = (
        summary
        if summary
        else (introduction[0] if introduction else next(t for t in texts if len(_words(t)) >= 8))
    )
    summary_derived = not summary
    summary, introduction = _key_points(summary, introduction, texts, warnings)
    title_derived = not title
    if title_derived:
        title = working_title(lead)
        warnings.insert(
            0, "no title in the source: a working title was derived; the page needs a title"
        )
    _warn_about_text(summary, texts, blocks, references, warnings)
    if last_updated is None and not any(w.startswith("could not read the date") for w in warnings):
        warnings.append('no "Updated:" date in the source: last updated is set to the import date')

    return ParsedArticle(
        title=title[:255],
        title_derived=title_derived,
        summary=summary,
        summary_derived=summary_derived,
        introduction=introduction,
        blocks=blocks,
        last_updated=last_updated,
        references=references,
        disclaimer=disclaimer,
        fingerprint=fingerprint(lead),
        position=position,
        warnings=list(dict.fromkeys(warnings)),
    )


def _take_date(tokens: list[Token], warnings: list[str]) -> datetime.date | None:
    """ "Updated: Jun 24, 2023" near the top (the site builder puts it by the title): removed from
    `tokens` and read."""
    for idx, tok in enumerate(tokens[:4]):
        match = _UPDATED.match(tok.text) if tok.kind == "line" else None
        if match and len(tok.text) <= 60:
            last_updated = _parse_date(match.group(1))
            if last_updated is None:
                warnings.append(f'could not read the date "{tok.text}"')
            del tokens[idx]
            return last_updated
    return None


def _lift_back_matter(tokens: list[Token]) -> tuple[list[Token], list[ParsedReference], str]:
    """(body tokens, references, disclaimer): the references and disclaimer lifted out."""
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
    return body_tokens, references, disclaimer


def _take_title(tokens: list[Token]) -> tuple[str, tuple[int, int, set[int]] | None]:
    """(title or "", table of contents of what remains): an explicit <h1>; in text, a short first
    line that reads as a title. The title is removed from `tokens`."""
    title = ""
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
    return title, toc


def _take_lead(
    tokens: list[Token], toc: tuple[int, int, set[int]] | None
) -> tuple[list[Token], set[int], str, list[str]]:
    """(tokens left, indexes of their heading lines, summary, introduction). The table of contents
    is dropped (the site builds its own); its entries mark the headings. Plain lines before it are
    the summary and introduction; without one, a long first line is the introduction."""
    toc_lines = set(toc[2]) if toc else set()
    summary = ""
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
    return tokens, toc_lines, summary, introduction


def _key_points(
    summary: str, introduction: list[str], texts: list[str], warnings: list[str]
) -> tuple[str, list[str]]:
    """(summary, introduction): without a summary in the source, a short opening paragraph becomes
    the key points (moved: no text shown twice), else the first sentences of the text."""
    if summary:
        if _sentence_count(summary) > 4:
            warnings.append(
                f"the summary has {_sentence_count(summary)} sentences; Key points should be two "
                "to four"
            )
        return summary, introduction
    if (
        len(introduction) == 1
        and _sentence_count(introduction[0]) <= 4
        and len(introduction[0]) <= 600
    ):
        return introduction[0], []
    source = next((t for t in texts if len(_words(t)) >= 8), texts[0] if texts else "")
    return _first_sentences(source), introduction


def _warn_about_text(
    summary: str,
    texts: list[str],
    blocks: list[Block],
    references: list[ParsedReference],
    warnings: list[str],
) -> None:
    """Sentences that look cut off, OCR-like split words, references kept as raw text."""
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
