"""Plain-language findings, sentence by sentence, in English and Spanish.

Each part of an article (key points, introduction, each body block) is analysed on its own and the
result cached by the part's text, its language and the word lists' version: after a one-paragraph
edit only that paragraph is analysed again. Offsets are code points into `Part.text`
(`text[start:end] == finding.words` always); `as_dict` adds UTF-16 offsets for JavaScript and the
sentence split around the words, so that the editor never slices strings itself.

What is flagged, and how reliably:
- hard / very hard sentences: by length and by the language's own formula per sentence (English
  Flesch–Kincaid grade, Spanish Szigriszt-Pazos on the INFLESZ scale);
- words from the word lists (wordlists/ and the clinic's PlainWord snippets), with plainer ones;
- passive voice: English "be" + past participle (regular -ed or an irregular one), leaving out
  participles used as adjectives ("tired", "worried"); Spanish "ser" + participio only. The
  Spanish "se" passive ("se recomienda") reads both as passive and as impersonal: not flagged;
- long noun strings (English): four or more words in a row with no function word, verb, adverb,
  name or number between them;
- numbers patients misread: percentages without "out of" / "de cada", ranges with a dash,
  decimals; abbreviations not spelled out earlier in the article ("Long Form (LF)");
- a part written in another language than the page's: one finding, and no other checks on it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from articles.plain_language.text import Part

# --- thresholds ----------------------------------------------------------------------------------

LIMITS = {
    # language: (hard words, very hard words, minimum words for the formula)
    "en": (20, 30, 10),
    "es": (25, 35, 10),
}
EN_HARD_GRADE, EN_VERY_HARD_GRADE = 10.0, 14.0
ES_HARD_SCORE, ES_VERY_HARD_SCORE = (
    55.0,
    40.0,
)  # INFLESZ: below 55 "somewhat hard", below 40 "very hard"
CACHE_SECONDS = 60 * 60 * 24 * 7

KIND_LABELS = {
    "very_hard_sentence": "Very hard sentence",
    "hard_sentence": "Hard sentence",
    "word": "Plainer word",
    "passive": "Passive voice",
    "noun_string": "Long noun string",
    "number": "Number patients misread",
    "abbreviation": "Abbreviation not spelled out",
    "other_language": "Other language",
}

# --- tokens --------------------------------------------------------------------------------------

WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_ABBREVIATIONS_WITH_DOT = {
    "e.g", "i.e", "dr", "mr", "mrs", "ms", "vs", "etc", "approx", "no", "st", "sr", "sra", "dra",
    "p.ej", "aprox", "núm", "ud", "uds", "fig",
}  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


def sentences_of(text: str) -> list[Sentence]:
    """Sentences with offsets: ended by . ! ? … before a space, or by the end of a line. A full
    stop after a known abbreviation ("e.g.", "Dr.") or inside a number does not end one."""
    result = []
    position = 0
    for line_match in re.finditer(r"[^\n]+", text):
        line_start, line = line_match.start(), line_match.group()
        start = 0
        for end_match in _SENTENCE_END.finditer(line):
            before = line[start : end_match.start()].split()
            last = before[-1].lower().rstrip(".") if before else ""
            if end_match.group().startswith(".") and last in _ABBREVIATIONS_WITH_DOT:
                continue
            result.append(_trimmed(text, line_start + start, line_start + end_match.end()))
            start = end_match.end()
        if line[start:].strip():
            result.append(_trimmed(text, line_start + start, line_start + len(line)))
        position = line_match.end()
    del position
    return [s for s in result if s is not None and WORD_RE.search(text, s.start, s.end)]


def _trimmed(text: str, start: int, end: int) -> Sentence | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end) if end > start else None


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    words: str
    sentence_start: int
    sentence_end: int
    reason: str
    alternatives: tuple[str, ...] = ()
    severity: str = "warning"  # "warning" or "notice"

    def as_dict(self, text: str) -> dict:
        return {
            "kind": self.kind,
            "label": KIND_LABELS.get(self.kind, self.kind),
            "start": self.start,
            "end": self.end,
            "js_start": utf16_offset(text, self.start),
            "js_end": utf16_offset(text, self.end),
            "words": self.words,
            "before": text[self.sentence_start : self.start],
            "after": text[self.end : self.sentence_end],
            "reason": self.reason,
            "alternatives": list(self.alternatives),
            "severity": self.severity,
        }


def utf16_offset(text: str, index: int) -> int:
    """The offset JavaScript strings use (UTF-16 code units): emoji count twice."""
    return index + sum(1 for char in text[:index] if ord(char) > 0xFFFF)


@dataclass(frozen=True)
class Abbreviation:
    token: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    defines: bool  # this occurrence spells it out: "Long Form (LF)" or "LF (long form)"


@dataclass(frozen=True)
class PartResult:
    """One part's analysis (what the cache holds): findings, abbreviations (judged across the
    article) and the counts the checklist needs."""

    findings: tuple[Finding, ...]
    abbreviations: tuple[Abbreviation, ...]
    words: int
    sentences: int
    long_sentences: int
    passive: int
    jargon: int
    other_language: bool
    step_cues: int = 0
    action_sentences: int = 0
    first_sentence: tuple[int, int] | None = None


@dataclass
class PartAnalysis:
    part: Part
    findings: list[Finding] = field(default_factory=list)
    result: PartResult | None = None

    def as_dict(self) -> dict:
        return {
            "key": self.part.key,
            "kind": self.part.kind,
            "label": self.part.label,
            "text": self.part.text,
            "findings": [f.as_dict(self.part.text) for f in self.findings],
        }


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# --- the checks ----------------------------------------------------------------------------------

EN_STOPWORDS = _set(
    "the and of to a in is you your it that for are with on be this or as can at have if not "
    "from will by an do they more when what about we our he she was were"
)
ES_STOPWORDS = _set(
    "el la los las de del y que en es un una por con para se su sus no lo al le más como pero "
    "usted ustedes si muy cuando este esta son está"
)


def _other_language(words: list[str], text: str, language: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 20:
        latin = sum(1 for c in letters if c < "\u0250")
        if latin / len(letters) < 0.5:
            return True  # Hebrew, Arabic, Chinese…: neither English nor Spanish
    if len(words) < 8:
        return False
    lowered = [w.lower() for w in words]
    english = sum(1 for w in lowered if w in EN_STOPWORDS)
    spanish = sum(1 for w in lowered if w in ES_STOPWORDS)
    if language == "en":
        return spanish >= 3 and spanish > 2 * english
    return english >= 3 and english > 2 * spanish


def _syllables(word: str, language: str) -> int:
    if language == "es":
        from articles.readability_es import syllables

        return syllables(word)
    from articles.readability import _syllables as english

    if not word.isascii():
        return max(1, len(re.findall(r"[aeiouyáéíóú]+", word.lower())))
    return english(word.lower())


def _sentence_finding(text, sentence, words, syllables, language) -> Finding | None:
    hard_words, very_hard_words, minimum = LIMITS[language]
    count = len(words)
    reason = ""
    level = None
    if language == "en":
        grade = 0.39 * count + 11.8 * syllables / count - 15.59 if count else 0
        if count > very_hard_words or (count >= minimum and grade >= EN_VERY_HARD_GRADE):
            level = "very_hard_sentence"
        elif count > hard_words or (count >= minimum and grade >= EN_HARD_GRADE):
            level = "hard_sentence"
        reason = f"{count} words, grade {grade:.0f}. Aim for 15 words or fewer and short words: split it or say it more simply."
    else:
        score = 206.835 - 62.3 * syllables / count - count if count else 100
        if count > very_hard_words or (count >= minimum and score < ES_VERY_HARD_SCORE):
            level = "very_hard_sentence"
        elif count > hard_words or (count >= minimum and score < ES_HARD_SCORE):
            level = "hard_sentence"
        reason = f"{count} palabras, INFLESZ {score:.0f}. Aim for 20 words or fewer and an INFLESZ of 55 or more: split it or use shorter words."
    if level is None:
        return None
    return Finding(
        level,
        sentence.start,
        sentence.end,
        text[sentence.start : sentence.end],
        sentence.start,
        sentence.end,
        reason,
        severity="warning" if level == "very_hard_sentence" else "notice",
    )


EN_BE = r"(?:am|is|are|was|were|be|been|being)"
EN_IRREGULAR = _set(
    "done made given taken seen known shown written told said found kept left held brought "
    "bought caught taught thought sold sent spent built put set cut hurt begun broken chosen "
    "driven eaten fallen forgotten forgiven frozen gotten hidden bitten risen shaken spoken "
    "stolen torn worn thrown grown drawn understood paid laid meant lost fed led bound struck "
    "stuck hung shot felt heard sought withdrawn undertaken"
)
EN_ADJECTIVAL = _set(
    "tired worried interested concerned married excited scared bored pleased surprised confused "
    "frightened supposed used tied exhausted relaxed stressed depressed embarrassed ashamed "
    "born red bed need seed speed shed indeed bleed feed breed weed allowed prepared involved "
    "related limited advanced detailed balanced crowded"
)
_EN_PASSIVE = re.compile(
    rf"\b{EN_BE}\s+(?:(?:not|also|often|usually|always|never|then|only|just|still|[a-z]+ly)\s+)?"
    r"([a-z]+)\b",
    re.IGNORECASE,
)
ES_SER = (
    r"(?:es|son|fue|fueron|era|eran|será|serán|sería|serían|sea|sean|fuera|fueran|ser|sido|siendo)"
)
ES_PARTICIPLE = re.compile(r"^[a-záéíóúñ]{3,}(?:ado|ada|ados|adas|ido|ida|idos|idas)$")
ES_IRREGULAR = _set(
    "hecho hecha hechos hechas dicho dicha escrito escrita escritos escritas visto vista puesto "
    "puesta vuelto abierto abierta cubierto cubierta roto rota resuelto resuelta descubierto "
    "prescrito prescrita impreso impresa"
)
ES_NOT_PARTICIPLE = _set(
    "nada cada ensalada entrada almohada madrugada temporada jornada mirada comida bebida vida "
    "salida medida herida partida sonido ruido nido olvido contenido apellido vestido marido "
    "cansado cansada casado casada ocupado ocupada preocupado preocupada adecuado adecuada "
    "delicado delicada privado privada pesado pesada sagrado complicado complicada querido "
    "querida divertido divertida aburrido aburrida parecido parecida elevado elevada exagerado "
    "exagerada atrevido atrevida dormido dormida"
)
_ES_PASSIVE = re.compile(rf"\b{ES_SER}\s+(?:[a-záéíóúñ]+mente\s+)?([a-záéíóúñ]+)\b", re.IGNORECASE)

EN_FUNCTION = EN_STOPWORDS | _set(
    "an am has had does did but so than then there their them these those its my me i us his "
    "her him who which whom whose where why how all any each every some no nor each other such "
    "into onto over under after before during until while because since though although up down "
    "out off again once very too also just only should would could may might must shall get "
    "gets got keep make makes take takes use uses need needs help helps try feel eat drink call "
    "ask see go come tell give stop start know want put check walk sleep wash avoid matter "
    "matters work works mean means cause causes happen happens seem seems become becomes "
    "include includes lead leads depend depends change changes vary varies affect affects "
    "increase increases reduce reduces improve improves lower lowers raise raises last lasts "
    "look looks sound sounds find finds say says think thinks"
)
NOUN_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "ity", "ness", "ure", "ism", "ogy", "ist")


def _noun_strings(text, words_with_spans, sentence_of) -> list[Finding]:
    findings = []
    run: list[tuple[str, int, int]] = []

    def flush():
        if len(run) >= 4 and sum(1 for w, _s, _e in run if w.lower().endswith(NOUN_SUFFIXES)) >= 2:
            start, end = run[0][1], run[-1][2]
            sentence = sentence_of(start)
            findings.append(
                Finding(
                    "noun_string",
                    start,
                    end,
                    text[start:end],
                    sentence.start,
                    sentence.end,
                    f"{len(run)} nouns in a row are hard to untangle: add a verb or 'of', 'for', 'to'.",
                    severity="notice",
                )
            )
        run.clear()

    previous_end = None
    for word, start, end in words_with_spans:
        lower = word.lower()
        gap = text[previous_end:start] if previous_end is not None else " "
        nounish = (
            lower not in EN_FUNCTION
            and not lower.endswith(("ly", "ing", "ed", "'s", "’s"))
            and not (word[0].isupper() and previous_end is not None and gap.strip() == "")
            and len(word) > 2
            and word.isascii()
        )
        if not nounish or (run and gap.strip() != ""):
            flush()
        if nounish:
            run.append((word, start, end))
        previous_end = end
    flush()
    return findings


_PERCENT = {
    "en": re.compile(r"\d+(?:[.,]\d+)?\s?(?:%|percent\b|per cent\b)", re.IGNORECASE),
    "es": re.compile(r"\d+(?:[.,]\d+)?\s?(?:%|por ciento\b)", re.IGNORECASE),
}
_OUT_OF = {
    "en": re.compile(r"\bout of\b|\b\d+\s+in\s+(?:every\s+)?\d+\b", re.IGNORECASE),
    "es": re.compile(r"\bde cada\b", re.IGNORECASE),
}
_RANGE = re.compile(r"(?<![\d\-–—./:])\d+(?:[.,]\d+)?\s?[-–—]\s?\d+(?:[.,]\d+)?(?![\d\-–—]|[.,]\d)")
_DECIMAL = {
    "en": re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.,]*\d)"),
    "es": re.compile(r"(?<![\d.,])\d+[.,]\d{1,2}(?![\d.,]*\d)"),
}
_PHONE = re.compile(r"^\d{3}\s?[-–]\s?\d{4}$")
_YEAR = re.compile(r"^(?:19|20)\d\d\s?[-–—]\s?(?:19|20)?\d\d$")


def _numbers(text, language, sentence_of) -> list[Finding]:
    findings = []
    taken: list[tuple[int, int]] = []

    def add(match, reason):
        start, end = match.start(), match.end()
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        sentence = sentence_of(start)
        findings.append(
            Finding(
                "number", start, end, text[start:end], sentence.start, sentence.end, reason,
                severity="notice",
            )
        )  # fmt: skip

    spanish = language == "es"
    for match in _PERCENT[language].finditer(text):
        sentence = sentence_of(match.start())
        if _OUT_OF[language].search(text, sentence.start, sentence.end):
            continue
        add(
            match,
            "Say it as a count too: 'de cada 10 personas, 3 …'."
            if spanish
            else "Say it as a count too: '3 out of 10 people'.",
        )
    for match in _RANGE.finditer(text):
        if _YEAR.match(match.group()) or _PHONE.match(match.group()):
            continue
        add(
            match,
            "Write the range in words: 'de 4 a 6'."
            if spanish
            else "Write the range in words: 'from 4 to 6'.",
        )
    for match in _DECIMAL[language].finditer(text):
        if spanish and "." in match.group() and len(match.group().split(".")[1]) == 3:
            continue
        add(match, "Decimals are often misread: round it, or say 'half', 'about 2'.")
    return findings


_ABBREVIATION = re.compile(r"(?<![\w])[A-Z][A-Z0-9&]*[A-Z0-9](?:s)?(?![\w])")
_KNOWN_ABBREVIATIONS = {"OK", "TV", "AM", "PM", "ID", "US", "USA", "UK", "EEUU", "EE", "UU", "PDF"}
_ROMAN = re.compile(r"^[IVXLC]+$")


def _is_caps_word(word: str) -> bool:
    word = word.strip(".,!?;:()\"'")
    return len(word) > 1 and word.isalpha() and word.isupper()


def _abbreviations(text, sentence_of) -> list[Abbreviation]:
    found = []
    for match in _ABBREVIATION.finditer(text):
        token = match.group()
        bare = token[:-1] if token.endswith("s") and token[:-1].isupper() else token
        if (
            bare in _KNOWN_ABBREVIATIONS
            or _ROMAN.match(bare)
            or not re.search(r"[A-Z].*[A-Z]|[A-Z]\d|\d[A-Z]", bare)
        ):
            continue
        # a run of capitals ("CALL 911 RIGHT NOW") is shouting, not an abbreviation
        before_words = text[max(0, match.start() - 30) : match.start()].split()
        after_words = text[match.end() : match.end() + 30].split()
        numeric = re.compile(r"^[\d.,:;!?()-]+$")
        before_words = [w for w in before_words if not numeric.match(w)]
        after_words = [w for w in after_words if not numeric.match(w)]
        neighbours = before_words[-1:] + after_words[:1]
        if any(_is_caps_word(w) for w in neighbours):
            continue
        before = text[: match.start()]
        after = text[match.end() :]
        defines = bool(
            re.search(r"\w[^()\n]*\(\s*$", before) and re.match(r"\s*\)", after)
        ) or bool(re.match(r"\s*\(\s*[^\W\d_][^()\n]{2,}\)", after))
        sentence = sentence_of(match.start())
        found.append(
            Abbreviation(bare, match.start(), match.end(), sentence.start, sentence.end, defines)
        )
    return found


STEP_CUES = {
    "en": re.compile(r"\b(?:first|second|then|next|after that|finally|step)\b", re.IGNORECASE),
    "es": re.compile(
        r"\b(?:primero|segundo|luego|después|entonces|por último|finalmente|paso)\b", re.IGNORECASE
    ),
}
ACTION_VERBS = {
    "en": _set(
        "call take ask eat drink walk stop try keep avoid talk see make go use check write get put "
        "set wash tell plan choose limit cut add start bring come sleep turn give"
    ),
    "es": _set(
        "llame tome pregunte coma beba camine pare intente mantenga evite hable vea haga vaya use "
        "revise escriba ponga lave diga planee elija limite agregue empiece traiga venga duerma "
        "apague dé consulte acuda busque"
    ),
}
_YOU_ACTION = {
    "en": re.compile(r"\byou (?:can|should|need to|must)\b", re.IGNORECASE),
    "es": re.compile(r"\b(?:usted )?(?:puede|debe|necesita|tiene que)\s+\w+r\b", re.IGNORECASE),
}


def analyse_part_text(text: str, language: str, lookup) -> PartResult:
    """All findings on one part's text (not cached: see `analyse_part`)."""
    language = language if language in LIMITS else "en"
    sentences = sentences_of(text)
    spans = [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]
    words = [w for w, _s, _e in spans]
    if not sentences or not words:
        return PartResult((), (), 0, 0, 0, 0, 0, False)

    starts = [s.start for s in sentences]

    def sentence_of(offset: int) -> Sentence:
        import bisect

        index = max(0, bisect.bisect_right(starts, offset) - 1)
        return sentences[index]

    if _other_language(words, text, language):
        sentence = _trimmed(text, 0, len(text))
        return PartResult(
            (
                Finding(
                    "other_language",
                    sentence.start,
                    sentence.end,
                    text[sentence.start : sentence.end],
                    sentence.start,
                    sentence.end,
                    "This text does not look like the page's language, so it was not checked. "
                    "Translate it or move it to the right page.",
                ),
            ),
            (),
            len(words),
            len(sentences),
            0,
            0,
            0,
            True,
        )

    findings: list[Finding] = []
    long_sentences = passive = jargon = actions = 0
    span_index = 0
    for sentence in sentences:
        in_sentence = []
        while span_index < len(spans) and spans[span_index][1] < sentence.end:
            if spans[span_index][1] >= sentence.start:
                in_sentence.append(spans[span_index])
            span_index += 1
        if not in_sentence:
            continue
        syllables = sum(_syllables(w, language) for w, _s, _e in in_sentence)
        finding = _sentence_finding(
            text, sentence, [w for w, _s, _e in in_sentence], syllables, language
        )
        if finding:
            findings.append(finding)
            long_sentences += 1
        first = in_sentence[0][0].lower()
        if first in ACTION_VERBS[language] or _YOU_ACTION[language].search(
            text, sentence.start, sentence.end
        ):
            actions += 1

    # words and phrases from the lists
    lowered = [w.lower() for w in words]
    index = 0
    while index < len(spans):
        hit = lookup.match(lowered, index)
        if hit is None:
            index += 1
            continue
        length, entry = hit
        start, end = spans[index][1], spans[index + length - 1][2]
        sentence = sentence_of(start)
        if entry.kind == "clinic":
            reason = entry.note or "On the clinic's list of words to write plainly."
        elif entry.kind == "medical":
            reason = "A medical word many patients do not know."
        else:
            reason = "A formal word or phrase; a plainer one reads faster."
        findings.append(
            Finding(
                "word",
                start,
                end,
                text[start:end],
                sentence.start,
                sentence.end,
                reason,
                entry.plainer,
            )
        )
        jargon += 1
        index += length

    # passive voice
    pattern = _ES_PASSIVE if language == "es" else _EN_PASSIVE
    for match in pattern.finditer(text):
        participle = match.group(1).lower()
        if language == "es":
            is_passive = participle not in ES_NOT_PARTICIPLE and (
                participle in ES_IRREGULAR or bool(ES_PARTICIPLE.match(participle))
            )
        else:
            following = text[match.end() : match.end() + 4].lower()
            is_passive = (
                participle not in EN_ADJECTIVAL
                and (
                    participle in EN_IRREGULAR
                    or (participle.endswith("ed") and len(participle) > 4)
                )
                and not (participle == "used" and following.startswith(" to"))
            )
        if not is_passive:
            continue
        sentence = sentence_of(match.start())
        findings.append(
            Finding(
                "passive",
                match.start(),
                match.end(),
                match.group(),
                sentence.start,
                sentence.end,
                "Pasiva: diga quién hace la acción ('el médico le dará…')."
                if language == "es"
                else "Passive voice: say who does it ('your doctor will check…').",
                severity="notice",
            )
        )
        passive += 1

    if language == "en":
        findings.extend(_noun_strings(text, spans, sentence_of))
    findings.extend(_numbers(text, language, sentence_of))
    findings.sort(key=lambda f: (f.start, -f.end, f.kind))
    return PartResult(
        tuple(findings),
        tuple(_abbreviations(text, sentence_of)),
        len(words),
        len(sentences),
        long_sentences,
        passive,
        jargon,
        False,
        step_cues=len(STEP_CUES[language].findall(text)),
        action_sentences=actions,
        first_sentence=(sentences[0].start, sentences[0].end),
    )


def _cache():
    from django.core.cache import cache

    return cache


def analyse_part(part: Part, language: str, version: str, lookup) -> PartResult:
    digest = hashlib.sha256(f"{language}\0{part.text}".encode()).hexdigest()
    key = f"plainlang:{version}:{digest}"
    cache = _cache()
    result = cache.get(key)
    if result is None:
        result = analyse_part_text(part.text, language, lookup)
        cache.set(key, result, CACHE_SECONDS)
    return result


@dataclass
class ArticleAnalysis:
    language: str
    parts: list[PartAnalysis]

    @property
    def findings(self) -> list[Finding]:
        return [f for p in self.parts for f in p.findings]

    def results(self) -> list[PartResult]:
        return [p.result for p in self.parts if p.result is not None]

    @property
    def words(self) -> int:
        return sum(r.words for r in self.results())

    @property
    def sentences(self) -> int:
        return sum(r.sentences for r in self.results())

    def text(self) -> str:
        return "\n\n".join(p.part.text for p in self.parts if p.part.text)

    def reading_level(self) -> dict:
        """The article's level with the formulas the page stores (readability, readability_es)."""
        from articles.readability import as_sentences, flesch_kincaid_grade
        from articles.readability_es import TARGET_SCORE, szigriszt_pazos

        text = self.text()
        if self.language == "es":
            score = szigriszt_pazos(as_sentences(text))
            return {
                "language": "es",
                "ease": score.score,
                "band": score.band,
                "target": TARGET_SCORE,
                "on_target": score.on_target,
            }
        from articles.models.constants import TARGET_READING_GRADE

        grade = flesch_kincaid_grade(text)
        return {
            "language": "en",
            "grade": grade,
            "target": TARGET_READING_GRADE,
            "on_target": grade is not None and grade <= TARGET_READING_GRADE,
        }


def analyse_parts(parts: list[Part], language: str) -> ArticleAnalysis:
    from articles.plain_language.wordlists import lookup_for, version

    language = language if language in LIMITS else "en"
    current = version()
    lookup = lookup_for(language, current)
    analysed = []
    defined: set[str] = set()
    reported: set[str] = set()
    for part in parts:
        result = analyse_part(part, language, current, lookup)
        findings = list(result.findings)
        covered = [(f.start, f.end) for f in findings if f.kind == "word"]
        for abbreviation in result.abbreviations:
            if abbreviation.defines:
                defined.add(abbreviation.token)
                continue
            if abbreviation.token in defined or abbreviation.token in reported:
                continue
            if any(s <= abbreviation.start and abbreviation.end <= e for s, e in covered):
                continue
            reported.add(abbreviation.token)
            findings.append(
                Finding(
                    "abbreviation",
                    abbreviation.start,
                    abbreviation.end,
                    part.text[abbreviation.start : abbreviation.end],
                    abbreviation.sentence_start,
                    abbreviation.sentence_end,
                    f"Spell it out the first time: 'Long words ({abbreviation.token})'.",
                    severity="notice",
                )
            )
        findings.sort(key=lambda f: (f.start, -f.end, f.kind))
        analysed.append(PartAnalysis(part, findings, result))
    return ArticleAnalysis(language, analysed)


def analyse_page(page) -> ArticleAnalysis:
    from articles.plain_language.text import parts_of_page

    return analyse_parts(parts_of_page(page), page.language_code)


def analyse_text(text: str, language: str) -> ArticleAnalysis:
    """One piece of text on its own (a segment in the translation editor)."""
    from articles.plain_language.text import _lines

    return analyse_parts([Part("text", "paragraph", "Text", _lines(text or ""))], language)
