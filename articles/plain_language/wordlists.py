"""The plain-word lists: the shipped files (wordlists/*.tsv) and the clinic's own PlainWord snippets,
per language, as one lookup. Their version (a hash of the files and of the snippets' last change)
is part of every cached finding's key, so editing a list recomputes the findings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent / "wordlists"
FILES = {
    "en": [("en_medical.tsv", "medical"), ("en_formal.tsv", "formal")],
    "es": [("es_medical.tsv", "medical"), ("es_formal.tsv", "formal")],
}
LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Entry:
    term: str
    plainer: tuple[str, ...]
    kind: str  # "medical", "formal" or "clinic"
    note: str = ""


def _read(path: Path, kind: str) -> list[Entry]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, _, plainer = line.partition("\t")
        alternatives = tuple(p.strip() for p in plainer.split("|") if p.strip())
        entries.append(Entry(term.strip(), alternatives, kind))
    return entries


@lru_cache(maxsize=1)
def files_version() -> str:
    digest = hashlib.sha256()
    for language in LANGUAGES:
        for name, _kind in FILES[language]:
            digest.update((DIRECTORY / name).read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=2)
def shipped_entries(language: str) -> tuple[Entry, ...]:
    return tuple(
        entry for name, kind in FILES.get(language, []) for entry in _read(DIRECTORY / name, kind)
    )


def clinic_version() -> str:
    """Changes whenever a PlainWord is added, edited or deleted (one small query)."""
    from django.db import DatabaseError
    from django.db.models import Count, Max

    from articles.plain_language.models import PlainWord

    try:
        stats = PlainWord.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    except DatabaseError:  # no table yet (before migrate): the shipped lists only
        return "none"
    last = stats["last"].timestamp() if stats["last"] else 0
    return f"{stats['n']}-{last:.6f}"


def version() -> str:
    return f"{files_version()}-{clinic_version()}"


_LOOKUPS: dict[tuple[str, str], Lookup] = {}


def lookup_for(language: str, current_version: str) -> Lookup:
    key = (language, current_version)
    found = _LOOKUPS.get(key)
    if found is None:
        from django.db import DatabaseError

        from articles.plain_language.models import PlainWord

        entries = list(shipped_entries(language))
        try:
            entries += [
                Entry(word.word, tuple(word.alternatives()), "clinic", word.note)
                for word in PlainWord.objects.filter(language=language)
            ]
        except DatabaseError:  # no table yet (before migrate): the shipped lists only
            entries = list(shipped_entries(language))
        found = Lookup(language, entries)
        for old in [k for k in list(_LOOKUPS) if k[0] == language]:
            _LOOKUPS.pop(old, None)  # only the current version is kept, per language
        _LOOKUPS[key] = found
    return found


_ES_VERB_ENDINGS = [
    "o",
    "as",
    "a",
    "amos",
    "áis",
    "an",
    "e",
    "es",
    "emos",
    "éis",
    "en",
    "ado",
    "ada",
    "ados",
    "adas",
    "ando",
    "ido",
    "ida",
    "idos",
    "idas",
    "iendo",
    "é",
    "ó",
    "aba",
    "aban",
    "ía",
    "ían",
    "ará",
    "arán",
    "erá",
    "erán",
    "irá",
    "irán",
    "ar",
    "er",
    "ir",
]


class Lookup:
    """Words and phrases (as lower-case word tuples) → Entry. A later entry (the clinic's own)
    replaces a shipped one with the same words."""

    def __init__(self, language: str, entries: list[Entry]):
        self.language = language
        self.phrases: dict[tuple[str, ...], Entry] = {}
        self.verb_stems: dict[str, Entry] = {}
        for entry in entries:
            words = tuple(entry.term.lower().split())
            if not words:
                continue
            self.phrases[words] = entry
            if language == "es" and len(words) == 1 and words[0][-2:] in ("ar", "er", "ir"):
                stem = words[0][:-2]
                self.verb_stems[stem] = entry
                # spelling changes before e: utilizar → utilice, solicitar, pagar → pague
                for end, changed in (("z", "c"), ("c", "qu"), ("g", "gu")):
                    if stem.endswith(end):
                        self.verb_stems.setdefault(stem[: -len(end)] + changed, entry)
        self.longest = max((len(words) for words in self.phrases), default=1)

    def _single(self, word: str) -> Entry | None:
        found = self.phrases.get((word,))
        if found:
            return found
        for candidate in self._variants(word):
            found = self.phrases.get((candidate,))
            if found:
                return found
        if self.language == "es":
            for ending in _ES_VERB_ENDINGS:
                if word.endswith(ending) and len(word) > len(ending) + 2:
                    found = self.verb_stems.get(word[: -len(ending)])
                    if found:
                        return found
        return None

    def _variants(self, word: str) -> list[str]:
        if self.language == "es":
            out = []
            if word.endswith("es"):
                out.append(word[:-2])
            if word.endswith("s"):
                out.append(word[:-1])
            for form in [word, *out]:
                if form.endswith("a"):
                    out.append(form[:-1] + "o")
            return out
        out = []
        if word.endswith("ies"):
            out.append(word[:-3] + "y")
        for suffix in ("es", "s", "d", "ed"):
            if word.endswith(suffix):
                out.append(word[: -len(suffix)])
        if word.endswith("ing"):
            out += [word[:-3], word[:-3] + "e"]
        return out

    def match(self, words: list[str], index: int) -> tuple[int, Entry] | None:
        """The longest entry starting at words[index]: (number of words, entry)."""
        for length in range(min(self.longest, len(words) - index), 1, -1):
            key = tuple(words[index : index + length - 1]) + (words[index + length - 1],)
            found = self.phrases.get(key)
            if found is None:
                last = words[index + length - 1]
                for candidate in self._variants(last):
                    found = self.phrases.get(key[:-1] + (candidate,))
                    if found:
                        break
            if found:
                return length, found
        found = self._single(words[index])
        return (1, found) if found else None
