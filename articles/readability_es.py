"""Reading ease of Spanish text: the Szigriszt-Pazos perspicuity index, read on the INFLESZ scale.

    Szigriszt-Pazos = 206.835 − 62.3 × (syllables / words) − (words / sentences)

INFLESZ (Barrio-Cantalejo et al., 2008, validated on Spanish health texts for patients) reads the
score in bands: < 40 very hard, 40–55 somewhat hard, 55–65 normal, 65–80 fairly easy, ≥ 80 very
easy; patient materials should reach 55 or more. English grade formulas do not carry over: Spanish
words have more syllables, so Flesch–Kincaid overstates the difficulty of plain Spanish.

Syllables are counted from the spelling, as Spanish allows: one nucleus per group of vowels, split
between two strong vowels (a, e, o, or an accented í/ú: hiatus) and kept together when a weak
vowel (i, u, ü, final y) is unaccented (diphthongs and triphthongs); the u of que/qui/gue/gui is
silent. Nothing is downloaded (textstat's Spanish functions want NLTK and Pyphen dictionaries and
count syllables by hyphenation points, which skip one-letter syllables such as a-gua).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MIN_WORDS = 10
TARGET_SCORE = 55  # INFLESZ "normal" or easier
_WORD_RE = re.compile(r"[a-záéíóúüñ]+", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[.!?…]+")
STRONG = set("aeoáéóíú")  # an accented i/u forms a hiatus: it counts as strong
WEAK = set("iuü")

BANDS = [  # (lower bound, English label, Spanish label)
    (80, "very easy", "muy fácil"),
    (65, "fairly easy", "bastante fácil"),
    (55, "normal", "normal"),
    (40, "somewhat hard", "algo difícil"),
    (float("-inf"), "very hard", "muy difícil"),
]


@dataclass(frozen=True)
class SpanishReadability:
    score: float | None  # Szigriszt-Pazos / INFLESZ, higher is easier
    words: int
    sentences: int
    syllables: int

    @property
    def band(self) -> str:
        return inflesz_band(self.score)

    @property
    def on_target(self) -> bool:
        return self.score is not None and self.score >= TARGET_SCORE


def inflesz_band(score: float | None) -> str:
    if score is None:
        return ""
    return next(label for bound, label, _es in BANDS if score >= bound)


@lru_cache(maxsize=20_000)
def syllables(word: str) -> int:
    """Syllables of one Spanish word, from its spelling."""
    word = word.lower()
    word = re.sub(r"([qg])u([eéií])", r"\1\2", word)  # que, qui, gue, gui: the u is silent
    if word == "y":
        return 1
    word = re.sub(r"y$", "i", word)  # hoy, muy, Uruguay: a final y is a weak vowel
    count = 0
    previous = None  # "strong", "weak" or None (after a consonant)
    for char in word:
        if char in STRONG:
            kind = "strong"
        elif char in WEAK:
            kind = "weak"
        else:
            previous = None
            continue
        if previous is None or (previous == "strong" and kind == "strong"):
            count += 1
        previous = kind
    return max(1, count)


def words_of(text: str) -> list[str]:
    return _WORD_RE.findall(text or "")


def sentence_count(text: str) -> int:
    """Sentences: runs of text ended by . ! ? or … (¿ and ¡ open them, they do not end them)."""
    parts = [part for part in _SENTENCE_END_RE.split(text or "") if words_of(part)]
    return max(1, len(parts))


def szigriszt_pazos(text: str) -> SpanishReadability:
    """The score of `text` (already one sentence per line: see readability.as_sentences)."""
    words = words_of(text)
    sentences = sentence_count(text)
    total = sum(syllables(word) for word in words)
    if len(words) < MIN_WORDS:
        return SpanishReadability(None, len(words), sentences, total)
    score = 206.835 - 62.3 * (total / len(words)) - len(words) / sentences
    return SpanishReadability(round(score, 1), len(words), sentences, total)


def without_untranslated(text: str, untranslated: list[str]) -> str:
    """`text` without the untranslated segments (wagtail-localize leaves their source text in place
    of the translation): the Spanish score counts Spanish words only."""
    if not untranslated:
        return text
    from html import unescape

    from django.utils.html import strip_tags

    needles = sorted(
        {" ".join(unescape(strip_tags(segment)).split()) for segment in untranslated},
        key=len,
        reverse=True,
    )
    lines = []
    for line in text.splitlines():
        line = " ".join(line.split())
        for needle in needles:
            if needle:
                line = line.replace(needle, " ")
        lines.append(" ".join(line.split()))
    return "\n".join(line for line in lines if line)
