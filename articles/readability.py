"""Reading level and reading time of an article's text (textstat)."""

from __future__ import annotations

import math
from dataclasses import dataclass

WORDS_PER_MINUTE = 200  # a comfortable pace for health information


@dataclass(frozen=True)
class ReadingStats:
    grade: float | None
    minutes: int
    words: int


def reading_stats(text: str) -> ReadingStats:
    import textstat

    text = (text or "").strip()
    words = textstat.lexicon_count(text, removepunct=True) if text else 0
    grade = round(float(textstat.flesch_kincaid_grade(text)), 1) if words >= 10 else None
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
    return ReadingStats(grade=grade, minutes=minutes, words=words)
