"""Reading level and reading time of an article's text.

Flesch–Kincaid grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59.

Word and sentence counts come from textstat. Syllables are counted with Pyphen's en_US hyphenation
dictionary (the fallback textstat itself uses), NOT textstat's `flesch_kincaid_grade`: since textstat
0.7.4 that function loads NLTK's CMU dictionary and, when it is missing, tries to download it from
the internet on every call — which fails on a closed network and must never happen while saving a page.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

WORDS_PER_MINUTE = 200  # a comfortable pace for health information
MIN_WORDS_FOR_GRADE = 10
_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


@dataclass(frozen=True)
class ReadingStats:
    grade: float | None
    minutes: int
    words: int


@lru_cache(maxsize=1)
def _hyphenator():
    from pyphen import Pyphen

    return Pyphen(lang="en_US")


@lru_cache(maxsize=20_000)
def _syllables(word: str) -> int:
    return len(_hyphenator().positions(word)) + 1


def syllable_count(text: str) -> int:
    return sum(_syllables(word.lower()) for word in _WORD_RE.findall(text))


def as_sentences(text: str) -> str:
    """End every line (a heading, a list item, a paragraph) with a full stop if it has none, so that
    headings and list items count as the short sentences they are, not as parts of the next one."""
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        lines.append(line if line[-1] in ".!?:;" else line + ".")
    return "\n".join(lines)


def flesch_kincaid_grade(text: str) -> float | None:
    import textstat

    text = as_sentences(text or "")
    words = textstat.lexicon_count(text, removepunct=True)
    if words < MIN_WORDS_FOR_GRADE:
        return None
    sentences = max(1, textstat.sentence_count(text))
    syllables = syllable_count(text)
    return round(0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59, 1)


def reading_stats(text: str) -> ReadingStats:
    import textstat

    text = (text or "").strip()
    words = textstat.lexicon_count(text, removepunct=True) if text else 0
    grade = flesch_kincaid_grade(text) if words >= MIN_WORDS_FOR_GRADE else None
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
    return ReadingStats(grade=grade, minutes=minutes, words=words)
